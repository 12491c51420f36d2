package dev.hfio;

import dev.hfio.errors.HfIOException;
import dev.hfio.hub.AuthenticationException;
import dev.hfio.hub.CreateRepoCommand;
import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RevisionNotFoundException;
import dev.hfio.hub.TreeEntry;
import dev.hfio.hub.WhoAmI;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.ParquetSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * Checks run before any worker uploads (once per write in each worker JVM, see {@link #ensure}): a
 * write token, the repo (created when asked), the branch (created when missing), and the mode
 * against what the target already holds (ERROR_IF_EXISTS: nothing there; APPEND: the same schema as
 * an existing shard's footer). Failing here means nothing was uploaded and nothing committed.
 */
final class WritePreflight {
  private WritePreflight() {}

  /** Writes whose checks passed in this JVM, by {@link WriteSettings#writeKey}. */
  private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

  /** One lock per write key, so the threads of one worker run its checks once. */
  private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

  /** More keys than this (a JVM serving many writes) are forgotten, which only costs a re-check. */
  private static final int MAX_KEYS = 10_000;

  /**
   * Runs {@link #check} once per write in this JVM: the shard writers call it before their first
   * row, so no worker uploads before the checks pass without waiting for a side input (on Flink a
   * side input keeps the writer out of its producer's operator chain). The checks are idempotent
   * (the repo and branch are created only when absent), so each worker JVM running them is safe; a
   * failure is not remembered, so a retried bundle checks again.
   */
  static void ensure(WriteSettings s, HubClient client) {
    if (PASSED.contains(s.writeKey)) {
      return;
    }
    synchronized (LOCKS.computeIfAbsent(s.writeKey, k -> new Object())) {
      if (PASSED.contains(s.writeKey)) {
        return;
      }
      check(s, client);
      if (PASSED.size() >= MAX_KEYS) {
        PASSED.clear();
        LOCKS.clear();
      }
      PASSED.add(s.writeKey);
    }
  }

  static void check(WriteSettings s, HubClient client) {
    WriteTarget t = s.target;
    if (!s.hubConfig.hasToken()) {
      throw new HfIO.WriteException(
          "No Hugging Face token to write "
              + t.describe()
              + ": pass --hfToken=hf_... "
              + "(HfOptions), set the HF_TOKEN environment variable, or call withToken(...); it needs write access");
    }
    WhoAmI who;
    try {
      who = client.whoami();
    } catch (AuthenticationException e) {
      throw new HfIO.WriteException(
          "The Hugging Face token was rejected by "
              + s.hubConfig.endpoint()
              + " while preparing to write "
              + t.describe()
              + ": check --hfToken / HF_TOKEN",
          e);
    }
    if ("read".equalsIgnoreCase(who.tokenRole())) {
      throw new HfIO.WriteException(
          "The token of user '"
              + who.name()
              + "' is read-only and cannot write "
              + t.describe()
              + ": pass a token with write access via --hfToken or HF_TOKEN");
    }
    RepoRef repo = t.repo();
    if (!client.repoExists(repo)) {
      if (s.createRepo == null) {
        throw new HfIO.WriteException(
            "Dataset repo '"
                + repo.id()
                + "' does not exist at "
                + s.hubConfig.endpoint()
                + " (or the token cannot see it): create it on the Hub, or call withCreateRepo(Visibility.PRIVATE)"
                + " or withCreateRepo(Visibility.PUBLIC) to let the write create it");
      }
      CreateRepoCommand create = client.createRepo(repo).existOk();
      (s.createRepo == Visibility.PRIVATE ? create.privateRepo() : create).call();
    }
    if (!t.isDefaultBranch()) {
      try {
        client.resolveRevision(repo, t.branch());
      } catch (RevisionNotFoundException e) {
        client.createBranchIfAbsent(repo, t.branch(), null);
      }
    }
    if (s.mode == WriteMode.OVERWRITE) {
      return;
    }
    String head = client.resolveRevision(repo, t.branch());
    Map<String, TreeEntry> files = listDirectory(client, repo, head, t.directory());
    List<String> existing = t.existingDataFiles(files.keySet());
    if (existing.isEmpty()) {
      return;
    }
    if (s.mode == WriteMode.ERROR_IF_EXISTS) {
      if (s.routing != null) {
        // the splits are known once the rows are written: the commit checks each written split
        return;
      }
      throw alreadyExists(t, existing);
    }
    String first = existing.stream().sorted().findFirst().orElseThrow();
    checkSameSchema(s, client, head, files.get(first));
  }

  static HfIO.WriteException alreadyExists(WriteTarget t, List<String> existing) {
    return new HfIO.WriteException(
        t.describe()
            + " already has "
            + existing.size()
            + " data file(s), e.g. '"
            + existing.get(0)
            + "', and the mode is ERROR_IF_EXISTS: use withMode(WriteMode.OVERWRITE) or APPEND,"
            + " or write elsewhere");
  }

  /**
   * Files (not folders) directly under {@code dir} at {@code commit}, by path; empty if the folder
   * is missing.
   */
  static Map<String, TreeEntry> listDirectory(
      HubClient client, RepoRef repo, String commit, String dir) {
    Map<String, TreeEntry> out = new TreeMap<>();
    try {
      for (TreeEntry e : client.listTree(repo).revision(commit).path(dir).call()) {
        if (e.isFile()) {
          out.put(e.path(), e);
        }
      }
    } catch (EntryNotFoundException e) {
      return out;
    }
    return out;
  }

  private static void checkSameSchema(
      WriteSettings s, HubClient client, String head, TreeEntry existing) {
    Schema theirs;
    try (HubRangeSource src =
        new HubRangeSource(client, s.target.repo(), head, existing.path(), existing.size())) {
      theirs = ParquetFooter.read(src).beamSchema();
    } catch (IOException e) {
      throw new HfIOException(
          "Cannot read the Parquet footer of '"
              + existing.path()
              + "' in "
              + s.target.describe()
              + " to check the APPEND schema",
          e);
    }
    Schema ours = ParquetSchemas.toBeamSchema(ParquetSchemas.toParquetSchema(s.schema));
    List<String> diffs = new ArrayList<>();
    sameFields("", ours, theirs, diffs);
    if (!diffs.isEmpty()) {
      throw new HfIO.WriteException(
          "Cannot APPEND to "
              + s.target.describe()
              + ": the rows' schema differs from '"
              + existing.path()
              + "' ("
              + String.join("; ", diffs)
              + ").\n  rows:     "
              + ours
              + "\n  existing: "
              + theirs
              + "\nWrite the same columns and types, or use withMode(WriteMode.OVERWRITE)");
    }
  }

  /**
   * Compares names and types in order; nullability is ignored (pyarrow writes every column
   * optional).
   */
  static void sameFields(String prefix, Schema a, Schema b, List<String> diffs) {
    if (a.getFieldCount() != b.getFieldCount()) {
      diffs.add(
          prefix
              + "field count "
              + a.getFieldCount()
              + " vs "
              + b.getFieldCount()
              + " ("
              + a.getFieldNames()
              + " vs "
              + b.getFieldNames()
              + ")");
      return;
    }
    for (int i = 0; i < a.getFieldCount(); i++) {
      Schema.Field fa = a.getField(i);
      Schema.Field fb = b.getField(i);
      if (!fa.getName().equals(fb.getName())) {
        diffs.add(prefix + "field " + i + " is '" + fa.getName() + "' vs '" + fb.getName() + "'");
      } else {
        sameType(prefix + fa.getName(), fa.getType(), fb.getType(), diffs);
      }
    }
  }

  private static void sameType(String name, FieldType a, FieldType b, List<String> diffs) {
    if (a.getTypeName() != b.getTypeName()) {
      diffs.add("'" + name + "' is " + a.getTypeName() + " vs " + b.getTypeName());
      return;
    }
    switch (a.getTypeName()) {
      case ROW -> sameFields(name + ".", a.getRowSchema(), b.getRowSchema(), diffs);
      case ARRAY, ITERABLE ->
          sameType(name + "[]", a.getCollectionElementType(), b.getCollectionElementType(), diffs);
      case MAP -> {
        sameType(name + ".key", a.getMapKeyType(), b.getMapKeyType(), diffs);
        sameType(name + ".value", a.getMapValueType(), b.getMapValueType(), diffs);
      }
      case LOGICAL_TYPE -> {
        if (!a.getLogicalType().getIdentifier().equals(b.getLogicalType().getIdentifier())) {
          diffs.add(
              "'"
                  + name
                  + "' is "
                  + a.getLogicalType().getIdentifier()
                  + " vs "
                  + b.getLogicalType().getIdentifier());
        }
      }
      default -> {}
    }
  }
}
