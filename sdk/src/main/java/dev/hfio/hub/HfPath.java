package dev.hfio.hub;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code hf://} location: a repository, an optional revision and a path inside the repository.
 * Follows the grammar of huggingface_hub's HfFileSystem: {@code
 * hf://[datasets/|spaces/|models/]ns/name[@rev][/path]}.
 *
 * <ul>
 *   <li>No type segment means a model repository; the type must be plural ({@code datasets}, not
 *       {@code dataset}).
 *   <li>{@code @} is a revision marker only right after {@code ns/name}; deeper in the path it is a
 *       literal character.
 *   <li>The special refs {@code refs/pr/N} and {@code refs/convert/NAME} may be written with raw
 *       slashes; any other revision ends at the first {@code /} and is percent-decoded ({@code
 *       feature%2Ffoo}).
 *   <li>{@code @~parquet} is kept verbatim (the Hub resolves it as an alias of {@code
 *       refs/convert/parquet}).
 * </ul>
 *
 * <p>{@link #toString()} renders the canonical form; {@code parse(p.toString()).equals(p)} always
 * holds.
 */
public final class HfPath implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String SCHEME = "hf";
  private static final String PREFIX = "hf://";
  private static final Pattern SPECIAL_REF =
      Pattern.compile("^refs/(?:pr/\\d+|convert/[\\w.-]+)(?=/|$)");

  private final RepoRef repo;
  private final String revision; // null = default branch
  private final String path; // "" = repo root; no leading slash

  private HfPath(RepoRef repo, String revision, String path) {
    this.repo = repo;
    this.revision = revision;
    this.path = path;
  }

  /**
   * Builds a path from parts; {@code revision} may be null (default branch), {@code path} may be
   * empty.
   */
  public static HfPath of(RepoRef repo, String revision, String path) {
    Objects.requireNonNull(repo, "repo");
    String p = path == null ? "" : stripLeadingSlashes(path);
    if (revision != null && revision.isEmpty()) {
      throw new InvalidHfPathException(render(repo, revision, p), "empty revision");
    }
    validatePath(render(repo, revision, p), p);
    return new HfPath(repo, revision, p);
  }

  /**
   * The root of a dataset repository from a bare repo id such as {@code "ns/name"} (or an hf://
   * path).
   */
  public static HfPath ofDataset(String repoIdOrPath) {
    if (repoIdOrPath.startsWith(PREFIX)) {
      HfPath p = parse(repoIdOrPath);
      if (p.repo.type() != RepoType.DATASET) {
        throw new InvalidHfPathException(
            repoIdOrPath, "not a dataset path (it must start with hf://datasets/)");
      }
      return p;
    }
    return parse(PREFIX + "datasets/" + repoIdOrPath);
  }

  /** True if {@code s} starts with {@code hf://}. */
  public static boolean isHfPath(String s) {
    return s != null && s.startsWith(PREFIX);
  }

  /**
   * Parses an {@code hf://} path; throws {@link InvalidHfPathException} naming the input and the
   * expected form.
   */
  public static HfPath parse(String input) {
    if (input == null) {
      throw new InvalidHfPathException("null", "no path given");
    }
    if (!input.startsWith(PREFIX)) {
      throw new InvalidHfPathException(input, "it does not start with hf://");
    }
    String body = input.substring(PREFIX.length());
    RepoType type = RepoType.MODEL;
    int firstSlash = body.indexOf('/');
    String first = firstSlash < 0 ? body : body.substring(0, firstSlash);
    String rest = body;
    switch (first) {
      case "datasets", "spaces", "models" -> {
        type = RepoType.fromName(first);
        rest = firstSlash < 0 ? "" : body.substring(firstSlash + 1);
      }
      case "dataset", "space", "model" ->
          throw new InvalidHfPathException(
              input,
              "the repo type must be plural: use '" + first + "s/' instead of '" + first + "/'");
      case "kernels", "buckets" ->
          throw new InvalidHfPathException(input, "'" + first + "' repos are not supported");
      default -> {} // no type segment: a model id starts right here
    }
    if (rest.isEmpty()) {
      throw new InvalidHfPathException(input, "no repository id");
    }
    int nsEnd = rest.indexOf('/');
    if (nsEnd < 0) {
      throw new InvalidHfPathException(input, "the repository id must be 'namespace/name'");
    }
    String namespace = rest.substring(0, nsEnd);
    String afterNs = rest.substring(nsEnd + 1);
    int nameEnd = indexOfAny(afterNs, '@', '/');
    String name = nameEnd < 0 ? afterNs : afterNs.substring(0, nameEnd);
    String id = namespace + "/" + name;
    if (!RepoRef.isValidId(id)) {
      throw new InvalidHfPathException(
          input, "'" + id + "' is not a valid 'namespace/name' repository id");
    }
    RepoRef repo = new RepoRef(type, id);
    String tail = nameEnd < 0 ? "" : afterNs.substring(nameEnd);
    String revision = null;
    if (tail.startsWith("@")) {
      String revAndPath = tail.substring(1);
      Matcher m = SPECIAL_REF.matcher(revAndPath);
      String rawRev;
      if (m.find()) {
        rawRev = m.group();
      } else {
        int slash = revAndPath.indexOf('/');
        rawRev = slash < 0 ? revAndPath : revAndPath.substring(0, slash);
      }
      if (rawRev.isEmpty()) {
        throw new InvalidHfPathException(input, "empty revision after '@'");
      }
      revision = percentDecode(input, rawRev);
      tail = revAndPath.substring(rawRev.length());
    }
    String path = "";
    if (!tail.isEmpty()) {
      if (!tail.startsWith("/")) {
        throw new InvalidHfPathException(
            input, "unexpected '" + tail + "' after the repository id");
      }
      path = tail.substring(1);
    }
    validatePath(input, path);
    return new HfPath(repo, revision, path);
  }

  private static void validatePath(String input, String path) {
    if (path.isEmpty()) {
      return;
    }
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty()) {
        throw new InvalidHfPathException(input, "empty path segment ('//')");
      }
      if (seg.equals(".") || seg.equals("..")) {
        throw new InvalidHfPathException(input, "'.' and '..' path segments are not allowed");
      }
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }

  private static String stripLeadingSlashes(String p) {
    int i = 0;
    while (i < p.length() && p.charAt(i) == '/') {
      i++;
    }
    return p.substring(i);
  }

  private static String percentDecode(String input, String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new InvalidHfPathException(input, "bad percent-escape in revision '" + s + "'");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new InvalidHfPathException(input, "bad percent-escape in revision '" + s + "'");
        }
        out.write(hi * 16 + lo);
        i += 3;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i++;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Renders a revision for an hf:// path: special refs verbatim, others with '%' and '/' escaped.
   */
  static String formatRevision(String revision) {
    if (SPECIAL_REF.matcher(revision).matches()) {
      return revision;
    }
    return revision.replace("%", "%25").replace("/", "%2F");
  }

  private static String render(RepoRef repo, String revision, String path) {
    StringBuilder sb = new StringBuilder(PREFIX);
    if (repo.type() != RepoType.MODEL) {
      sb.append(repo.type().plural()).append('/');
    }
    sb.append(repo.id());
    if (revision != null) {
      sb.append('@').append(formatRevision(revision));
    }
    if (!path.isEmpty()) {
      sb.append('/').append(path);
    }
    return sb.toString();
  }

  public RepoRef repo() {
    return repo;
  }

  /** The revision as written (decoded), or null for the default branch. */
  public String revision() {
    return revision;
  }

  /** The revision, or {@code "main"} when none was given. */
  public String revisionOrDefault() {
    return revision == null ? "main" : revision;
  }

  /**
   * Path inside the repository without a leading slash; {@code ""} for the root. May end with '/'.
   */
  public String path() {
    return path;
  }

  public boolean isRoot() {
    return path.isEmpty();
  }

  /** This location at another revision (null = default branch). */
  public HfPath withRevision(String newRevision) {
    return of(repo, newRevision, path);
  }

  /** This location with another path inside the same repo and revision. */
  public HfPath withPath(String newPath) {
    return of(repo, revision, newPath);
  }

  /** A child of this path: {@code resolve("a/b.parquet")}. */
  public HfPath resolve(String relative) {
    String rel = stripLeadingSlashes(relative);
    if (path.isEmpty()) {
      return of(repo, revision, rel);
    }
    return of(repo, revision, path.endsWith("/") ? path + rel : path + "/" + rel);
  }

  /** The parent directory, or null at the repository root. */
  public HfPath parent() {
    if (path.isEmpty()) {
      return null;
    }
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int slash = p.lastIndexOf('/');
    return new HfPath(repo, revision, slash < 0 ? "" : p.substring(0, slash + 1));
  }

  /** Last path segment ({@code ""} at the root). */
  public String fileName() {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HfPath other
        && repo.equals(other.repo)
        && Objects.equals(revision, other.revision)
        && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(repo, revision, path);
  }

  /** The canonical {@code hf://} form. */
  @Override
  public String toString() {
    return render(repo, revision, path);
  }
}
