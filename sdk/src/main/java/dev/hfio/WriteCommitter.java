package dev.hfio;

import dev.hfio.hub.CommitCommand;
import dev.hfio.hub.CommitConflictException;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.CommitResult;
import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubException;
import dev.hfio.hub.PullRequest;
import dev.hfio.hub.RateLimitedException;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.ServerException;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.dataset.Features;
import dev.hfio.internal.dataset.PushToHubLayout;
import dev.hfio.internal.dataset.PushedSplit;
import dev.hfio.internal.dataset.SplitStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalize step of a write: names the uploaded shards ({@code -00000-of-0000N}, ordered by
 * sha256 so every retry names them alike), and publishes adds, deletes and the README card in one
 * commit guarded by {@code parentCommit}. A conflict (412/409) re-reads the head and rebuilds
 * deletes and card, then retries with jittered backoff; nothing is re-uploaded. Beyond {@code
 * maxOperationsPerCommit} operations on the default branch it stages chunks on a pull request (the
 * first chunk pinned to the head the deletes and card were computed from) and merges it once: the
 * Hub squash-merges, so the branch gains exactly one commit whose message is the PR title and
 * description. If the branch moved before the merge (409), the whole staged publish is redone on a
 * fresh PR. A staged publish that fails or is refused after its PR was opened closes that PR with a
 * comment saying why, so no stale PR is left behind.
 *
 * <p>Idempotent: the commit description (and so the PR description, and so the squash commit)
 * carries {@code hfio-write-id: <id>}; a finalize that finds its id in the branch's recent history
 * returns that commit instead of committing again (also after an ambiguous 5xx/reset).
 */
final class WriteCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(WriteCommitter.class);
  static final String WRITE_ID_KEY = "hfio-write-id: ";
  static final int MAX_ATTEMPTS = 12;
  static final int HISTORY_SCAN = 100;

  private final WriteSettings s;
  private final HubClient client;
  private final WriteTarget t;
  private final RepoRef repo;

  /** The title of the commit being made (set by {@link #commit}). */
  private String summary;

  WriteCommitter(WriteSettings settings, HubClient client) {
    this.s = settings;
    this.client = client;
    this.t = settings.target;
    this.repo = settings.target.repo();
    this.summary = settings.summary();
  }

  WriteResult commit(String writeId, List<ShardResult> shardsIn) {
    List<ShardResult> shards = new ArrayList<>(shardsIn);
    shards.sort(Comparator.comparing(ShardResult::sha256).thenComparing(ShardResult::tempId));
    long rows = shards.stream().mapToLong(ShardResult::rows).sum();
    long bytes = shards.stream().mapToLong(ShardResult::size).sum();
    List<Part> parts = parts(shards, s.mode == WriteMode.APPEND ? writeId.substring(0, 8) : null);
    List<String> paths = new ArrayList<>();
    parts.forEach(part -> paths.addAll(part.paths()));
    summary = summary(parts);
    if (!s.createPr) {
      Optional<CommitInfo> prior = findWrite(writeId);
      if (prior.isPresent()) {
        LOG.info(
            "Write {} to {} already committed as {}; not committing again",
            writeId,
            t.describe(),
            prior.get().id());
        return result(writeId, prior.get().id(), null, paths, rows, bytes);
      }
    }
    if (shards.isEmpty()) {
      LOG.info("Write {} to {}: the input was empty, nothing to commit", writeId, t.describe());
      return result(writeId, null, null, paths, 0, 0);
    }
    String description =
        WRITE_ID_KEY
            + writeId
            + "\n\n"
            + shards.size()
            + " Parquet file(s), "
            + rows
            + " rows, "
            + bytes
            + " bytes, written by HfIO (Apache Beam).";
    RuntimeException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      String head = client.resolveRevision(repo, t.branch());
      Map<String, TreeEntry> files =
          WritePreflight.listDirectory(client, repo, head, t.directory());
      if (s.mode == WriteMode.ERROR_IF_EXISTS) {
        for (Part part : parts) {
          List<String> existing = part.target().existingDataFiles(files.keySet());
          if (!existing.isEmpty()) {
            throw WritePreflight.alreadyExists(part.target(), existing);
          }
        }
      }
      List<CommitOperation> ops = new ArrayList<>();
      for (Part part : parts) {
        for (int i = 0; i < part.shards().size(); i++) {
          ShardResult shard = part.shards().get(i);
          ops.add(CommitOperation.addLfs(part.paths().get(i), shard.sha256(), shard.size()));
        }
      }
      List<List<String>> deletes = new ArrayList<>();
      for (Part part : parts) {
        List<String> d =
            s.mode == WriteMode.OVERWRITE
                ? part.target().filesToReplace(files.keySet(), part.paths())
                : List.of();
        deletes.add(d);
        d.forEach(path -> ops.add(CommitOperation.delete(path)));
      }
      if (parts.get(0).target().isSplit()) {
        ops.add(
            CommitOperation.add(
                "README.md", card(head, files, parts, deletes).getBytes(StandardCharsets.UTF_8)));
      }
      try {
        CommitResult r =
            ops.size() > s.maxOperationsPerCommit && canStage()
                ? staged(writeId, ops, description, head)
                : single(ops, description, head);
        LOG.info(
            "Write {} committed {} file(s), {} rows to {} as {}",
            writeId,
            shards.size(),
            rows,
            t.describe(),
            r.commitSha());
        return result(writeId, r.commitSha(), r.pullRequestUrl(), paths, rows, bytes);
      } catch (CommitConflictException e) {
        last = e;
        LOG.info(
            "Commit of write {} to {} conflicted (attempt {}): re-reading the head",
            writeId,
            t.describe(),
            attempt);
      } catch (ServerException | RateLimitedException e) {
        // ambiguous: the commit may have landed before the failure reached us
        last = e;
        if (!s.createPr) {
          Optional<CommitInfo> landed = findWrite(writeId);
          if (landed.isPresent()) {
            return result(writeId, landed.get().id(), null, paths, rows, bytes);
          }
        }
        LOG.warn(
            "Commit of write {} to {} failed (attempt {}): {}",
            writeId,
            t.describe(),
            attempt,
            e.getMessage());
      } catch (HubException e) {
        if (e.status() != 409) {
          throw e;
        }
        last = e; // merge of a staged pull request refused: the branch moved, redo it on a fresh PR
        LOG.info(
            "Merge of the pull request of write {} to {} was refused (attempt {}): {}; re-staging on the new"
                + " head",
            writeId,
            t.describe(),
            attempt,
            e.getMessage());
      }
      backoff(attempt);
    }
    throw new HfIO.WriteException(
        "Gave up committing write "
            + writeId
            + " to "
            + t.describe()
            + " after "
            + MAX_ATTEMPTS
            + " attempts; the shards are uploaded, re-run the pipeline to retry",
        last);
  }

  private boolean canStage() {
    // the Hub opens pull requests against the default branch only
    if (!t.isDefaultBranch()) {
      LOG.warn(
          "{}: operations exceed maxOperationsPerCommit={} but pull requests can only target main; committing"
              + " to '{}' in one commit",
          t.describe(),
          s.maxOperationsPerCommit,
          t.branch());
      return false;
    }
    return true;
  }

  private CommitResult single(List<CommitOperation> ops, String description, String head) {
    CommitCommand c =
        client
            .commit(repo)
            .branch(t.branch())
            .addAll(ops)
            .message(summary)
            .description(description);
    return (s.createPr ? c.createPr() : c.parentCommit(head)).call();
  }

  /**
   * Chunks committed to a pull request (adds first, deletes and card last), then one merge unless
   * createPr. The first chunk is pinned to {@code head} (412 if the PR was opened on a newer head),
   * later ones to the previous chunk, so the PR holds exactly the tree computed from {@code head};
   * the merge then refuses (409) if the branch moved since.
   */
  private CommitResult staged(
      String writeId, List<CommitOperation> ops, String description, String head) {
    PullRequest pr = client.createPullRequest(repo, summary, description);
    boolean merging = false;
    try {
      CommitResult lastChunk = stageChunks(pr, ops, description, head);
      if (s.createPr) {
        return new CommitResult(
            lastChunk.commitSha(), lastChunk.commitUrl(), pr.url(), pr.number());
      }
      merging = true;
      client.mergePullRequest(repo, pr.number(), null);
    } catch (RuntimeException e) {
      // an ambiguous merge failure may have merged: then there is nothing to close
      boolean ambiguous = e instanceof ServerException || e instanceof RateLimitedException;
      if (!(merging && ambiguous && findWrite(writeId).isPresent())) {
        abandon(writeId, pr, e);
      }
      throw e;
    }
    // the squash commit carries the write id (PR description); find it rather than trusting a
    // re-read head
    String merged =
        findWrite(writeId)
            .map(CommitInfo::id)
            .orElseThrow(
                () ->
                    new HfIO.WriteException(
                        "Pull request #"
                            + pr.number()
                            + " of write "
                            + writeId
                            + " was merged into "
                            + t.describe()
                            + " but no"
                            + " commit carrying '"
                            + WRITE_ID_KEY
                            + writeId
                            + "' is in its last "
                            + HISTORY_SCAN
                            + " commits; check"
                            + " the branch history"));
    return new CommitResult(merged, commitUrl(merged), null, null);
  }

  private CommitResult stageChunks(
      PullRequest pr, List<CommitOperation> ops, String description, String head) {
    int chunks = (ops.size() + s.maxOperationsPerCommit - 1) / s.maxOperationsPerCommit;
    CommitResult lastChunk = null;
    String parent = head;
    for (int c = 0; c < chunks; c++) {
      List<CommitOperation> part =
          ops.subList(
              c * s.maxOperationsPerCommit,
              Math.min(ops.size(), (c + 1) * s.maxOperationsPerCommit));
      String partTitle = summary + String.format(" (part %05d-of-%05d)", c, chunks);
      lastChunk =
          client
              .commit(repo)
              .branch(pr.revision())
              .addAll(part)
              .message(partTitle)
              .description(description)
              .parentCommit(parent)
              .call();
      parent = lastChunk.commitSha();
    }
    return lastChunk;
  }

  /**
   * Closes the pull request of a staged publish that failed or was refused before its merge, with a
   * comment saying why in the user's terms (never the Hub's answer or a stack trace), so no stale
   * pull request is left open. A failure to close is attached to {@code cause}, never thrown in its
   * place.
   */
  private void abandon(String writeId, PullRequest pr, RuntimeException cause) {
    try {
      client.closePullRequest(repo, pr.number(), abandonComment(writeId, cause));
      LOG.info(
          "Closed pull request #{} of write {} to {}: its staged publish did not complete",
          pr.number(),
          writeId,
          t.describe());
    } catch (RuntimeException closeFailure) {
      cause.addSuppressed(closeFailure);
      LOG.warn(
          "Could not close pull request #{} of write {} to {} after its staged publish failed; close"
              + " it by hand",
          pr.number(),
          writeId,
          t.describe());
    }
  }

  /** Why a staged publish was given up, for the pull request's closing comment. */
  String abandonComment(String writeId, RuntimeException cause) {
    String why;
    if (cause instanceof CommitConflictException
        || (cause instanceof HubException h && h.status() == 409)) {
      why =
          "'"
              + t.branch()
              + "' changed while the files were being staged, so this pull request can no longer"
              + " be merged as computed";
    } else if (cause instanceof RateLimitedException) {
      why = "the Hub's rate limit was reached while the files were being staged";
    } else if (cause instanceof ServerException) {
      why = "the Hub failed while the files were being staged";
    } else if (cause instanceof HubException h) {
      why = "the Hub refused a step of the publish (HTTP " + h.status() + ")";
    } else {
      why = "the publish failed on the writer's side";
    }
    return "Closed by HfIO: write "
        + writeId
        + " gave up this pull request because "
        + why
        + ". Nothing from it was merged into '"
        + t.branch()
        + "'; if the write is retried it opens a new pull request.";
  }

  private String card(
      String head, Map<String, TreeEntry> files, List<Part> parts, List<List<String>> deletes) {
    DatasetCard card;
    try {
      card =
          DatasetCard.parse(
              new String(client.readAllBytes(repo, head, "README.md"), StandardCharsets.UTF_8));
    } catch (EntryNotFoundException e) {
      card = DatasetCard.empty();
    }
    // every type has its features now; APPEND leaves dataset_info out (its counts are not exact)
    Optional<List<Map<String, Object>>> features =
        s.mode == WriteMode.OVERWRITE ? Optional.of(Features.toYaml(s.schema)) : Optional.empty();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      WriteTarget pt = part.target();
      PushedSplit push =
          PushedSplit.of(pt.configName(), pt.split())
              .withDataDir(pt.directory())
              .withLegacySplits(PushToHubLayout.legacySplits(files.keySet()));
      if (features.isPresent()) {
        // counts are exact; num_bytes is the uncompressed size (the footers' row-group
        // total_byte_size), download_size the Parquet bytes, as datasets means them
        long deletedBytes = deletes.get(i).stream().mapToLong(d -> files.get(d).size()).sum();
        push =
            push.withStats(
                new SplitStats(
                    features.get(),
                    part.rows(),
                    part.uncompressedBytes(),
                    part.bytes(),
                    deletedBytes));
      }
      card = card.withPushedSplit(push);
    }
    return card.withDefaultBody(repo.id()).render();
  }

  /**
   * The write's shards by target, each with its final paths: one part for the write's target, or
   * one per split (in name order) when the write routes rows by split.
   */
  private List<Part> parts(List<ShardResult> shards, String uniqueSuffix) {
    Map<String, List<ShardResult>> bySplit = new TreeMap<>();
    for (ShardResult r : shards) {
      bySplit.computeIfAbsent(s.routing == null ? "" : r.split(), k -> new ArrayList<>()).add(r);
    }
    if (bySplit.isEmpty()) {
      bySplit.put("", List.of());
    }
    List<Part> out = new ArrayList<>();
    for (Map.Entry<String, List<ShardResult>> e : bySplit.entrySet()) {
      WriteTarget pt =
          s.routing == null || e.getKey().isEmpty() // empty input: no split at all
              ? t
              : WriteTarget.ofSplit(repo, t.revision(), s.routing.configName(), e.getKey());
      List<ShardResult> ps = e.getValue();
      out.add(
          new Part(
              pt,
              ps,
              ps.isEmpty() ? List.of() : pt.shardPaths(ps.size(), uniqueSuffix),
              ps.stream().mapToLong(ShardResult::rows).sum(),
              ps.stream().mapToLong(ShardResult::size).sum(),
              ps.stream().mapToLong(ShardResult::uncompressedBytes).sum()));
    }
    return out;
  }

  /** The commit title: the user's, else the settings' default, naming the splits when routed. */
  private String summary(List<Part> parts) {
    if (s.commitMessage != null || s.routing == null) {
      return s.summary();
    }
    List<String> names = new ArrayList<>();
    parts.forEach(part -> names.add("'" + part.target().split() + "'"));
    return parts.get(0).target().split() == null
        ? s.summary()
        : "Upload split"
            + (names.size() > 1 ? "s " : " ")
            + String.join(", ", names)
            + " with HfIO";
  }

  /** The shards of one target of the write, their final paths and totals. */
  private record Part(
      WriteTarget target,
      List<ShardResult> shards,
      List<String> paths,
      long rows,
      long bytes,
      long uncompressedBytes) {}

  /**
   * The newest commit of the branch (within the last {@value #HISTORY_SCAN}) that carries {@code
   * writeId}.
   */
  Optional<CommitInfo> findWrite(String writeId) {
    String needle = WRITE_ID_KEY + writeId;
    Iterator<CommitInfo> it;
    try {
      it = client.iterateCommits(repo, t.branch());
      for (int i = 0; i < HISTORY_SCAN && it.hasNext(); i++) {
        CommitInfo c = it.next();
        if ((c.message() != null && c.message().contains(needle))
            || (c.title() != null && c.title().contains(needle))) {
          return Optional.of(c);
        }
      }
    } catch (dev.hfio.hub.RevisionNotFoundException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private String commitUrl(String sha) {
    return s.hubConfig.endpoint() + "/" + repo.type().plural() + "/" + repo.id() + "/commit/" + sha;
  }

  private WriteResult result(
      String writeId, String sha, String prUrl, List<String> paths, long rows, long bytes) {
    return WriteResult.of(
        repo.id(),
        t.branch(),
        writeId,
        sha,
        sha == null ? null : commitUrl(sha),
        prUrl,
        paths,
        rows,
        bytes);
  }

  static void backoff(int attempt) {
    long base = attempt <= 3 ? 100L * attempt : Math.min(5_000L, 250L << Math.min(attempt - 3, 5));
    long sleep = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HfIO.WriteException("Interrupted while retrying a commit", e);
    }
  }
}
