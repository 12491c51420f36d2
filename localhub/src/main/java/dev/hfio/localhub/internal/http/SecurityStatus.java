package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.storage.TreeEntry;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code securityFileStatus} of an expanded tree or paths-info file entry, in the Hub's shape
 * (huggingface_hub reads {@code status}, {@code avScan} and {@code pickleImportScan}). localhub
 * scans nothing: every file reports {@code safe} with no virus found, and pickle-capable files an
 * empty, innocuous import list.
 */
final class SecurityStatus {
  private SecurityStatus() {}

  /** Extensions whose files the Hub runs its pickle import scan on. */
  private static final Set<String> PICKLE =
      Set.of("pkl", "pickle", "bin", "pt", "pth", "ckpt", "joblib", "dat", "data", "npy", "npz");

  /** Adds {@code securityFileStatus} to a file entry (directories have none). */
  static void put(ObjectNode entry, TreeEntry e) {
    if (e.directory()) {
      return;
    }
    ObjectNode s = entry.putObject("securityFileStatus");
    s.put("status", "safe");
    ObjectNode av = s.putObject("avScan");
    av.put("virusFound", false);
    av.putNull("virusNames");
    String name = e.path().toLowerCase(Locale.ROOT);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    if (name.lastIndexOf('.') >= 0 && PICKLE.contains(ext)) {
      ObjectNode p = s.putObject("pickleImportScan");
      p.put("highestSafetyLevel", "innocuous");
      p.putArray("imports");
    } else {
      s.putNull("pickleImportScan");
    }
  }
}
