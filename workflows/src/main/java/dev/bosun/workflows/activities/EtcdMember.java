package dev.bosun.workflows.activities;

import java.util.List;

/**
 * One etcd member as {@code etcdctl member list -w json} lists it, with its health from
 * {@code etcdctl endpoint health --cluster -w json}.
 *
 * @param name the member's name (kubeadm names it after the node); empty for a member added but never started
 * @param id the member ID in hex, as etcdctl's table shows it
 * @param clientUrls its client URLs (empty for a member never started)
 * @param learner a learner (non-voting) member: it does not count towards quorum
 * @param healthy one of its client URLs answered healthy
 * @param error why it is not healthy (etcdctl's error, or "no client URL: never started"), null when healthy
 */
public record EtcdMember(
    String name,
    String id,
    List<String> clientUrls,
    boolean learner,
    boolean healthy,
    String error) {}
