package dev.hfio.localhub.internal.http;

import java.util.List;

/**
 * Splits raw URL segments into a revision and a repo path. A %2F-encoded first segment is the whole
 * revision; a raw {@code refs/pr/N}, {@code refs/convert/x}, {@code refs/heads/x} or {@code
 * refs/tags/x} is matched before the path.
 */
record RevPath(String revision, String path) {
  static RevPath split(List<String> raw) {
    if (raw.isEmpty()) {
      return new RevPath("main", "");
    }
    String first = Exchange.decode(raw.get(0));
    int pathStart = 1;
    String rev = first;
    if (first.equals("refs") && raw.size() >= 3) {
      String kind = Exchange.decode(raw.get(1));
      if (kind.equals("pr")
          || kind.equals("convert")
          || kind.equals("heads")
          || kind.equals("tags")) {
        rev = "refs/" + kind + "/" + Exchange.decode(raw.get(2));
        pathStart = 3;
      }
    }
    return new RevPath(rev, join(raw.subList(pathStart, raw.size())));
  }

  /** Decodes every segment and joins with '/', so both raw and %2F-encoded paths work. */
  static String join(List<String> raw) {
    StringBuilder sb = new StringBuilder();
    for (String s : raw) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(Exchange.decode(s));
    }
    return sb.toString();
  }
}
