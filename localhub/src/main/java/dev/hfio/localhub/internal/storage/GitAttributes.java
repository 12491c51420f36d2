package dev.hfio.localhub.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code .gitattributes} the Hub writes into the initial commit of a new repo (datasets get the
 * longer template with audio, image and video types; models and Spaces the shorter one), kept
 * verbatim as data files next to this class. Preupload falls back to the same rules when neither
 * the request nor the revision carries a {@code .gitattributes}, so a file is LFS here exactly when
 * it would be on the Hub.
 */
public final class GitAttributes {
  private GitAttributes() {}

  private static final String MODEL = load("gitattributes-model.txt");
  private static final String DATASET = load("gitattributes-dataset.txt");
  private static final LfsPatterns MODEL_RULES = LfsPatterns.parse(MODEL);
  private static final LfsPatterns DATASET_RULES = LfsPatterns.parse(DATASET);

  /** The text of the initial {@code .gitattributes} of a new repo of this type. */
  public static String initialContent(RepoType type) {
    return type == RepoType.DATASET ? DATASET : MODEL;
  }

  /** The initial {@code .gitattributes} of a model repo. */
  public static String initialContent() {
    return MODEL;
  }

  /** The initial {@code .gitattributes} rules of this repo type, as preupload evaluates them. */
  public static LfsPatterns initialRules(RepoType type) {
    return type == RepoType.DATASET ? DATASET_RULES : MODEL_RULES;
  }

  /**
   * True when a repo of this type with only its initial {@code .gitattributes} would route the path
   * through LFS.
   */
  public static boolean lfsByName(RepoType type, String path) {
    return initialRules(type).isLfs(path);
  }

  private static String load(String name) {
    try (InputStream in = GitAttributes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
