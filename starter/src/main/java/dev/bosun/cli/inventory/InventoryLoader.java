package dev.bosun.cli.inventory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way every entry point reads an inventory file: size check, YAML parse with positions, every
 * rule checked (all problems at once), then the immutable {@link dev.bosun.workflows.model.Inventory}
 * with defaults. Nothing else runs before this has said the file is valid.
 */
public final class InventoryLoader {

  /** Larger files are refused before parsing: an inventory is a page, not a data set. */
  public static final long MAX_BYTES = 1024 * 1024;

  private final Path home;

  /** {@code ~} in file references means {@code home}. */
  public InventoryLoader(Path home) {
    this.home = home;
  }

  public InventoryLoader() {
    this(Path.of(System.getProperty("user.home")));
  }

  public InventoryResult load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      if (!Files.isRegularFile(absolute)) {
        return fileProblem(
            file, Files.exists(absolute) ? "is not a regular file" : "does not exist");
      }
      long size = Files.size(absolute);
      if (size > MAX_BYTES) {
        return fileProblem(
            file, "is too large (" + size + " bytes): an inventory file must be at most 1 MiB");
      }
      text = StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(absolute)))
          .toString();
    } catch (CharacterCodingException e) {
      return fileProblem(file, "is not UTF-8 text (is it a binary file?)");
    } catch (IOException e) {
      return fileProblem(file, "cannot be read: " + e.getMessage());
    }
    return parse(file, text, absolute.getParent());
  }

  /** Validates YAML text; relative file references resolve against {@code baseDir}. */
  public InventoryResult parse(Path file, String text, Path baseDir) {
    LocatedTree tree;
    try {
      tree = LocatedTree.parse(text);
    } catch (LocatedTree.SyntaxProblem e) {
      Problem p = new Problem(
          "", null, e.getMessage(), e.position().line(), e.position().column());
      return new InventoryResult(file, null, List.of(p), List.of());
    }
    if (tree.root() == null) {
      return fileProblem(
          file,
          "is empty: an inventory needs at least cluster, kubernetes, ssh and nodes (see docs/inventory.md)");
    }
    InventoryValidator validator = new InventoryValidator(tree, new FileRefs(baseDir, home));
    var inventory = validator.validate();
    Problems problems = validator.problems();
    return new InventoryResult(
        file,
        problems.errors().isEmpty() ? inventory : null,
        problems.errors(),
        problems.warnings());
  }

  private static InventoryResult fileProblem(Path file, String rule) {
    return new InventoryResult(file, null, List.of(new Problem("", null, rule, 0, 0)), List.of());
  }
}
