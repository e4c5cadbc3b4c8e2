package dev.bosun.workflows;

import java.util.Locale;

/**
 * Bosun's enums travel as their labels (histories, search attributes, the CLI's JSON): "timed-out", not
 * TIMED_OUT. An enum's label is its name in kebab case; its {@code toString()} returns it and carries
 * {@code @JsonValue}, which Jackson uses both ways.
 */
public final class Labels {

  /** An enum whose JSON and text is its label. */
  public interface Labelled {
    default String label() {
      return toString();
    }
  }

  private Labels() {}

  /** TIMED_OUT → "timed-out". */
  public static String of(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static <E extends Enum<E> & Labelled> E fromLabel(Class<E> type, String label) {
    for (E e : type.getEnumConstants()) {
      if (e.label().equals(label)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + label + "'");
  }
}
