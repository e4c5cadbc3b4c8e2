package dev.bosun.workflows.activities;

import java.util.List;
import java.util.Map;

/**
 * What a node's OS reports.
 *
 * @param packageManager apt, dnf, yum, apk or unknown (only apt is supported for upgrades)
 * @param kubeadmVersion {@code kubeadm version -o short}, e.g. v1.30.6 (null if kubeadm is absent)
 * @param packages installed versions of kubeadm, kubelet, kubectl (e.g. "1.30.6-1.1")
 * @param held packages on hold ({@code apt-mark showhold})
 * @param repositoryMinor the pkgs.k8s.io minor the apt source points at, e.g. v1.30 (null if none)
 * @param kubeletActive {@code systemctl is-active kubelet} said "active"
 */
public record HostFacts(
    String node,
    String hostname,
    String architecture,
    String packageManager,
    String kubeadmVersion,
    Map<String, String> packages,
    List<String> held,
    String repositoryMinor,
    boolean kubeletActive) {}
