package dev.bosun.sim.host;

/**
 * The kubelet's files kubeadm writes on every node: /var/lib/kubelet/config.yaml (from the kubelet-config ConfigMap)
 * and /var/lib/kubelet/kubeadm-flags.env. The lab's nodes carry two local settings an operator added by hand
 * ({@code maxPods}, {@code systemReserved}); kubeadm 1.30.0 dropped such settings on upgrade (kubeadm#3049), which the
 * {@code loseKubeletSettings} fault reproduces.
 */
public final class KubeletFiles {

  public static final String CONFIG = "/var/lib/kubelet/config.yaml";
  public static final String FLAGS = "/var/lib/kubelet/kubeadm-flags.env";
  /** Where kubeadm upgrade backs up config.yaml before rewriting it. */
  public static final String CONFIG_BACKUP =
      "/etc/kubernetes/tmp/kubeadm-kubelet-config/config.yaml";

  private KubeletFiles() {}

  /** The KubeletConfiguration kubeadm writes from the cluster's kubelet-config ConfigMap. */
  public static String clusterConfig() {
    return """
        apiVersion: kubelet.config.k8s.io/v1beta1
        authentication:
          anonymous:
            enabled: false
          webhook:
            cacheTTL: 0s
            enabled: true
          x509:
            clientCAFile: /etc/kubernetes/pki/ca.crt
        authorization:
          mode: Webhook
          webhook:
            cacheAuthorizedTTL: 0s
            cacheUnauthorizedTTL: 0s
        cgroupDriver: systemd
        clusterDNS:
        - 10.96.0.10
        clusterDomain: cluster.local
        containerRuntimeEndpoint: ""
        cpuManagerReconcilePeriod: 0s
        evictionPressureTransitionPeriod: 0s
        fileCheckFrequency: 0s
        healthzBindAddress: 127.0.0.1
        healthzPort: 10248
        httpCheckFrequency: 0s
        imageMaximumGCAge: 0s
        imageMinimumGCAge: 0s
        kind: KubeletConfiguration
        logging:
          flushFrequency: 0
          options:
            json:
              infoBufferSize: "0"
          verbosity: 0
        memorySwap: {}
        nodeStatusReportFrequency: 0s
        nodeStatusUpdateFrequency: 0s
        rotateCertificates: true
        runtimeRequestTimeout: 0s
        shutdownGracePeriod: 0s
        shutdownGracePeriodCriticalPods: 0s
        staticPodPath: /etc/kubernetes/manifests
        streamingConnectionIdleTimeout: 0s
        syncFrequency: 0s
        volumeStatsAggPeriod: 0s
        """;
  }

  /** The node's file: the cluster's, plus the local settings an operator added on this node. */
  public static String localConfig() {
    return clusterConfig()
        .replace("memorySwap: {}\n", "maxPods: 150\nmemorySwap: {}\n")
        .replace(
            "syncFrequency: 0s\n",
            "syncFrequency: 0s\nsystemReserved:\n  cpu: 500m\n  memory: 512Mi\n");
  }

  /** kubeadm-flags.env: the pause image follows the minor (3.9 up to v1.30, 3.10 from v1.31). */
  public static String flags(Version v) {
    String pause = v.minor() >= 31 ? "3.10" : "3.9";
    return "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"
        + " --pod-infra-container-image=registry.k8s.io/pause:" + pause + "\"\n";
  }
}
