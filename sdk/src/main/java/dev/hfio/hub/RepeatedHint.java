package dev.hfio.hub;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes from a server's error message the sentences that give the same advice as HfIO's own hint,
 * so an error says it once: a sentence is the same advice when its first clause (up to the first
 * {@code , ; .}) equals the hint's first clause, ignoring case (localhub's "Check the repo id and
 * type, and that your token can read it." and HfIO's "Check the repo id and type; if it is private,
 * ...").
 */
final class RepeatedHint {
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

  private RepeatedHint() {}

  static String strip(String serverMessage, String hint) {
    if (serverMessage == null || hint == null) {
      return serverMessage;
    }
    String lead = leadClause(hint);
    if (lead.isEmpty()) {
      return serverMessage;
    }
    StringBuilder out = new StringBuilder();
    for (String sentence : SENTENCE_END.split(serverMessage.strip())) {
      if (leadClause(sentence).equals(lead)) {
        continue;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(sentence);
    }
    return out.toString();
  }

  private static String leadClause(String s) {
    String t = s.strip();
    int end = t.length();
    for (char c : new char[] {',', ';', '.'}) {
      int i = t.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return t.substring(0, end).strip().toLowerCase(Locale.ROOT);
  }
}
