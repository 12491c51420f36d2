package dev.hfio.localhub.internal.storage;

import java.util.List;
import java.util.Locale;

/**
 * The {@code .gitattributes} written by the initial commit, and its extension rule, which preupload falls back to
 * when neither the request nor the revision carries a {@code .gitattributes}: the binary extensions the Hub routes
 * through LFS.
 */
public final class GitAttributes {
  private GitAttributes() {}

  public static final List<String> LFS_EXTENSIONS = List.of("7z", "arrow", "bin", "bz2", "ckpt", "ftz", "gz", "h5",
      "joblib", "lz4", "mds", "mlmodel", "model", "msgpack", "npy", "npz", "onnx", "ot", "parquet", "pb", "pickle",
      "pkl", "pt", "pth", "rar", "safetensors", "tar", "tflite", "tgz", "wasm", "xz", "zip", "zst", "mp3", "wav",
      "flac", "ogg", "jpg", "jpeg", "png", "webp", "mp4");

  public static String initialContent() {
    StringBuilder sb = new StringBuilder();
    for (String ext : LFS_EXTENSIONS) {
      sb.append("*.").append(ext).append(" filter=lfs diff=lfs merge=lfs -text\n");
    }
    sb.append("*tfevents* filter=lfs diff=lfs merge=lfs -text\n");
    return sb.toString();
  }

  /** True when the file name has one of the LFS extensions. */
  public static boolean lfsByName(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.contains("tfevents")) {
      return true;
    }
    int dot = p.lastIndexOf('.');
    return dot >= 0 && LFS_EXTENSIONS.contains(p.substring(dot + 1));
  }
}
