package dev.bosun.workflows.activities;

import java.util.Map;

/**
 * What kubeadm and the packages may touch on a node, read before and after its upgrade: per file, its settings as
 * flattened keys ({@code maxPods}, {@code systemReserved.cpu}, {@code --pod-infra-container-image},
 * {@code spec.containers[kube-apiserver].command.--secure-port}, {@code plugins."io.containerd.grpc.v1.cri".sandbox_image})
 * and values. Image tags and kubeadm's own annotations are left out (an upgrade changes them by design); values of
 * secret-looking keys are {@code <hidden>}, never the value.
 *
 * @param files path → key → value; a file that does not exist is absent
 */
public record NodeConfigFingerprint(String node, Map<String, Map<String, String>> files) {

  public static final String HIDDEN = "<hidden>";
}
