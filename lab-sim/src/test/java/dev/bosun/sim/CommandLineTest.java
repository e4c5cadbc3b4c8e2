package dev.bosun.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.sim.shell.CommandLine;
import dev.bosun.sim.shell.ShellSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated shell's parser on Bosun's exact command shapes. */
class CommandLineTest {

  @Test
  void testParsesTheRepositorySwitchCommand() throws Exception {
    List<CommandLine.Step> steps = CommandLine.parse(
        "echo 'deb [signed-by=/etc/apt/keyrings/k.gpg] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /'"
            + " | sudo -n tee /etc/apt/sources.list.d/kubernetes.list > /dev/null && sudo -n apt-get update -q");
    assertThat(steps).hasSize(2);
    assertThat(steps.get(0).pipeline()).hasSize(2);
    assertThat(steps.get(0).pipeline().get(0).words())
        .containsExactly(
            "echo",
            "deb [signed-by=/etc/apt/keyrings/k.gpg] https://pkgs.k8s.io/core:/stable:/v1.31/deb/ /");
    assertThat(steps.get(0).pipeline().get(1).stdoutTo()).isEqualTo("/dev/null");
    assertThat(steps.get(1).connector()).isEqualTo("&&");
    assertThat(steps.get(1).pipeline().get(0).words())
        .containsExactly("sudo", "-n", "apt-get", "update", "-q");
  }

  @Test
  void testRedirectsQuotesAndEscapes() throws Exception {
    CommandLine.Simple s = CommandLine.parse("a \"x \\\"y\\\"\" 'it''s' b\\ c 2>&1")
        .get(0)
        .pipeline()
        .get(0);
    assertThat(s.words()).containsExactly("a", "x \"y\"", "its", "b c");
    assertThat(s.stderrToStdout()).isTrue();
    CommandLine.Simple quoted2 =
        CommandLine.parse("echo '2'>/tmp/x").get(0).pipeline().get(0);
    assertThat(quoted2.words()).containsExactly("echo", "2");
    assertThat(quoted2.stdoutTo()).isEqualTo("/tmp/x");
    assertThat(CommandLine.parse("false || true").get(1).connector()).isEqualTo("||");
  }

  @Test
  void testRejectsWhatBashRejects() {
    assertThatThrownBy(() -> CommandLine.parse("a &&")).isInstanceOf(ShellSyntaxException.class);
    assertThatThrownBy(() -> CommandLine.parse("| b")).isInstanceOf(ShellSyntaxException.class);
    assertThatThrownBy(() -> CommandLine.parse("a ; b")).isInstanceOf(ShellSyntaxException.class);
    assertThatThrownBy(() -> CommandLine.parse("echo > ")).isInstanceOf(ShellSyntaxException.class);
  }
}
