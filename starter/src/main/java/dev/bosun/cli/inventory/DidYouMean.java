package dev.bosun.cli.inventory;

import java.util.Collection;
import java.util.Optional;

/** The closest known key to a misspelt one (Levenshtein distance, case-insensitive). */
final class DidYouMean {

  private DidYouMean() {}

  static Optional<String> closest(String unknown, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(unknown.toLowerCase(), k.toLowerCase());
      // A third of the longer name: long keys (maxUnavailable) get room for a dropped syllable
      // (maxUnavial).
      if (d <= Math.max(2, Math.max(unknown.length(), k.length()) / 3) && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
