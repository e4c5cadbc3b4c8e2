package dev.bosun.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bosun.cli.ExitCodes;
import dev.bosun.cli.inventory.InventoryLoader;
import dev.bosun.cli.inventory.InventoryOption;
import dev.bosun.cli.inventory.InventoryResult;
import dev.bosun.cli.inventory.Problem;
import dev.bosun.workflows.model.Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check an inventory file against every rule and list every problem with its line:column.",
      "Nothing is contacted: this is what every other command does first."
    },
    footer = {
      "",
      "Examples:",
      "  bosun validate -i examples/lab.yaml",
      "  bosun validate -i lab.yaml --output json | jq .errors",
      "",
      "Exit codes: 0 valid (warnings may be printed), 2 invalid."
    })
public final class ValidateCommand implements Callable<Integer> {

  public enum Output {
    text,
    json
  }

  @Spec
  CommandSpec spec;

  @Mixin
  InventoryOption inventoryOption;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public Integer call() throws Exception {
    Path inventory = inventoryOption.file();
    InventoryResult result = new InventoryLoader().load(inventory);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output == Output.json) {
      out.println(json(result));
    } else if (result.valid()) {
      out.println(summary(result));
      result.renderedWarnings().forEach(w -> err.println("warning: " + w));
    } else {
      result.renderedErrors().forEach(err::println);
      result.renderedWarnings().forEach(w -> err.println("warning: " + w));
      int n = result.errors().size();
      err.println(spec.qualifiedName() + ": " + inventory + " is invalid (" + n
          + (n == 1 ? " problem)" : " problems)"));
    }
    out.flush();
    err.flush();
    return result.valid() ? ExitCodes.DONE : ExitCodes.BAD_INPUT;
  }

  /** {@code lab.yaml: valid: cluster lab1, Kubernetes v1.30.6, 3 control planes + 5 workers, no warnings}. */
  static String summary(InventoryResult result) {
    Inventory inv = result.inventory();
    int w = result.warnings().size();
    return result.file() + ": valid: cluster " + inv.cluster()
        + ", Kubernetes " + inv.kubernetes().version()
        + ", " + count(inv.controlPlanes().size(), "control plane") + " + "
        + count(inv.workers().size(), "worker")
        + ", " + (w == 0 ? "no warnings" : count(w, "warning"));
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String json(InventoryResult result) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("file", result.file().toString());
    doc.put("valid", result.valid());
    Inventory inv = result.inventory();
    if (inv != null) {
      doc.put("cluster", inv.cluster());
      doc.put("version", inv.kubernetes().version());
      doc.put("controlPlanes", inv.controlPlanes().size());
      doc.put("workers", inv.workers().size());
    }
    doc.put("errors", problems(result.errors(), result));
    doc.put("warnings", problems(result.warnings(), result));
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  private static List<Map<String, Object>> problems(List<Problem> list, InventoryResult result) {
    return list.stream()
        .map(p -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("path", p.path());
          m.put("value", p.value());
          m.put("rule", p.rule());
          m.put("line", p.line());
          m.put("column", p.column());
          m.put("message", p.render(result.file().toString()));
          return m;
        })
        .toList();
  }
}
