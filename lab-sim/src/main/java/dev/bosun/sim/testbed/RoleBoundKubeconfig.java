package dev.bosun.sim.testbed;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kubeconfig bound to a ClusterRole instead of {@code system:masters}: the role from a YAML file (Bosun's is
 * deploy/kubernetes/bosun-clusterrole.yaml), a ServiceAccount in kube-system bound to it, and a short-lived token of
 * that account from the TokenRequest API — what an operator following docs/security.md gives the worker.
 */
public final class RoleBoundKubeconfig {

  private static final Pattern CA_DATA = Pattern.compile("certificate-authority-data: (\\S+)");

  private RoleBoundKubeconfig() {}

  /**
   * Creates (or replaces) ClusterRole, ServiceAccount and binding, all named {@code name}, on {@code cp}, and
   * returns the kubeconfig's text (server, CA data, a one-hour token).
   */
  public static String create(KubeControlPlane cp, Path clusterRoleYaml, String name)
      throws IOException {
    try (KubernetesClient admin = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(cp.adminKubeconfig()))
        .build()) {
      ClusterRole role;
      try (InputStream in = Files.newInputStream(clusterRoleYaml)) {
        role = admin.rbac().clusterRoles().load(in).item();
      }
      role.getMetadata().setName(name);
      role.getMetadata().setResourceVersion(null);
      admin.rbac().clusterRoles().resource(role).createOr(r -> r.update());
      admin
          .serviceAccounts()
          .inNamespace("kube-system")
          .resource(new ServiceAccountBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace("kube-system")
              .endMetadata()
              .build())
          .createOr(r -> r.update());
      admin
          .rbac()
          .clusterRoleBindings()
          .resource(new ClusterRoleBindingBuilder()
              .withNewMetadata()
              .withName(name)
              .endMetadata()
              .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", name)
              .addNewSubject()
              .withKind("ServiceAccount")
              .withName(name)
              .withNamespace("kube-system")
              .endSubject()
              .build())
          .createOr(r -> r.update());
      TokenRequest token = admin
          .serviceAccounts()
          .inNamespace("kube-system")
          .withName(name)
          .tokenRequest(new TokenRequestBuilder()
              .withNewSpec()
              .withExpirationSeconds(3600L)
              .endSpec()
              .build());
      Matcher ca = CA_DATA.matcher(cp.adminKubeconfig());
      if (!ca.find()) {
        throw new IllegalStateException("the admin kubeconfig has no certificate-authority-data");
      }
      return "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: "
          + ca.group(1) + "\n    server: " + cp.apiUrl() + "\n  name: testbed\n"
          + "contexts:\n- context:\n    cluster: testbed\n    user: " + name + "\n  name: " + name
          + "@testbed\ncurrent-context: " + name + "@testbed\nusers:\n- name: " + name
          + "\n  user:\n"
          + "    token: " + token.getStatus().getToken() + "\n";
    }
  }
}
