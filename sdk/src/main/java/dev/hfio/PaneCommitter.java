package dev.hfio;

import dev.hfio.hub.CommitCommand;
import dev.hfio.hub.CommitConflictException;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.CommitResult;
import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RateLimitedException;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RevisionNotFoundException;
import dev.hfio.hub.ServerException;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.dataset.PushToHubLayout;
import dev.hfio.internal.dataset.PushedSplit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit step of a streaming write: publishes the shards of one or more ready panes as one
 * APPEND commit (more than one only when the panes' files exceed {@code maxOperationsPerCommit}).
 * Each pane's files are named with its id ({@code {split}-00000-of-0000N-<paneId>.parquet}), and
 * the commit description lists every pane id on its own line ({@value #PANE_ID_KEY}{@code <id>}).
 * Before committing it scans the branch's last {@value #HISTORY_SCAN} commits (one page on the Hub)
 * for those lines and leaves out panes already there, so a replayed commit step (a retried bundle,
 * a lost commit response) commits nothing twice.
 *
 * <p>Card policy in the split layout: the {@code configs} entry of the split is added when missing
 * and {@code dataset_info} of the config is dropped (as for a bounded APPEND: appended counts are
 * not exact); the README is only part of a commit when that changes it, so a steady stream of
 * commits does not rewrite it. Only a commit that changes the card is pinned to the head it read
 * ({@code parentCommit}); plain file additions cannot conflict with anything.
 */
final class PaneCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(PaneCommitter.class);
  static final String PANE_ID_KEY = "HfIO-Pane-Id: ";
  static final int HISTORY_SCAN = 50;

  private final WriteSettings s;
  private final HubClient client;
  private final WriteTarget t;
  private final RepoRef repo;

  PaneCommitter(WriteSettings settings, HubClient client) {
    this.s = settings;
    this.client = client;
    this.t = settings.target;
    this.repo = settings.target.repo();
  }

  /**
   * Commits {@code panes} (in order), normally as one commit; returns one result per commit made or
   * found already made (a replay).
   */
  List<WriteResult> commit(String writeId, List<PaneShards> panes) {
    List<WriteResult> out = new ArrayList<>();
    for (List<PaneShards> group : groups(panes)) {
      out.add(commitGroup(writeId, group));
    }
    return out;
  }

  /** Consecutive panes whose operations (files, plus the README) fit one commit. */
  private List<List<PaneShards>> groups(List<PaneShards> panes) {
    List<List<PaneShards>> out = new ArrayList<>();
    List<PaneShards> current = new ArrayList<>();
    int ops = t.isSplit() ? 1 : 0;
    for (PaneShards p : panes) {
      int n = p.shards().size();
      if (!current.isEmpty() && ops + n > s.maxOperationsPerCommit) {
        out.add(current);
        current = new ArrayList<>();
        ops = t.isSplit() ? 1 : 0;
      }
      if (current.isEmpty() && ops + n > s.maxOperationsPerCommit) {
        LOG.warn(
            "{}: pane {} has {} files, more than maxOperationsPerCommit={}; committing them in one"
                + " commit (use withNumShards to bound the files of a pane)",
            t.describe(),
            p.paneId(),
            n,
            s.maxOperationsPerCommit);
      }
      current.add(p);
      ops += n;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private WriteResult commitGroup(String writeId, List<PaneShards> group) {
    Map<String, String> landed = committedPanes(group);
    List<PaneShards> pending = new ArrayList<>();
    for (PaneShards p : group) {
      if (!landed.containsKey(p.paneId())) {
        pending.add(p);
      }
    }
    if (pending.isEmpty()) {
      String sha = landed.get(group.get(0).paneId());
      LOG.info(
          "Pane(s) {} of write {} to {} already committed as {}; not committing again",
          ids(group),
          writeId,
          t.describe(),
          sha);
      return result(writeId, sha, group);
    }
    if (pending.size() < group.size()) {
      LOG.info(
          "Pane(s) of write {} to {} already committed are left out: {}",
          writeId,
          t.describe(),
          landed.keySet());
    }
    List<CommitOperation> adds = new ArrayList<>();
    for (PaneShards p : pending) {
      List<String> paths = paths(p);
      List<ShardResult> shards = sorted(p);
      for (int i = 0; i < shards.size(); i++) {
        ViewerLimits.check(s, paths.get(i), shards.get(i));
        adds.add(
            CommitOperation.addLfs(paths.get(i), shards.get(i).sha256(), shards.get(i).size()));
      }
    }
    String description = description(writeId, pending);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= WriteCommitter.MAX_ATTEMPTS; attempt++) {
      List<CommitOperation> ops = new ArrayList<>(adds);
      String parent = null;
      if (t.isSplit()) {
        Optional<String> card = updatedCard(t.branch());
        if (card.isPresent()) {
          // the card changes: compute it again from a pinned head and guard the commit with it
          parent = client.resolveRevision(repo, t.branch());
          card = updatedCard(parent);
          card.ifPresent(
              text ->
                  ops.add(CommitOperation.add("README.md", text.getBytes(StandardCharsets.UTF_8))));
        }
      }
      try {
        CommitCommand c =
            client
                .commit(repo)
                .branch(t.branch())
                .addAll(ops)
                .message(s.summary())
                .description(description);
        CommitResult r = (parent == null ? c : c.parentCommit(parent)).call();
        LOG.info(
            "Write {} committed pane(s) {} ({} rows) to {} as {}",
            writeId,
            ids(pending),
            pending.stream().mapToLong(PaneShards::rows).sum(),
            t.describe(),
            r.commitSha());
        return result(writeId, r.commitSha(), pending);
      } catch (CommitConflictException e) {
        last = e;
        LOG.info(
            "Commit of pane(s) {} to {} conflicted (attempt {}): re-reading the card",
            ids(pending),
            t.describe(),
            attempt);
      } catch (ServerException | RateLimitedException e) {
        // ambiguous: the commit may have landed before the failure reached us
        last = e;
        Map<String, String> now = committedPanes(pending);
        if (now.keySet().containsAll(ids(pending))) {
          return result(writeId, now.get(pending.get(0).paneId()), pending);
        }
        LOG.warn(
            "Commit of pane(s) {} to {} failed (attempt {}): {}",
            ids(pending),
            t.describe(),
            attempt,
            e.getMessage());
      }
      WriteCommitter.backoff(attempt);
    }
    throw new HfIO.WriteException(
        "Gave up committing pane(s) "
            + ids(pending)
            + " of write "
            + writeId
            + " to "
            + t.describe()
            + " after "
            + WriteCommitter.MAX_ATTEMPTS
            + " attempts; their shards are uploaded, restart the pipeline from its last checkpoint"
            + " to retry",
        last);
  }

  /** The description: one pane id line per pane, the write id, then a summary. */
  static String description(String writeId, List<PaneShards> panes) {
    StringBuilder b = new StringBuilder();
    for (PaneShards p : panes) {
      b.append(PANE_ID_KEY).append(p.paneId()).append('\n');
    }
    b.append(WriteCommitter.WRITE_ID_KEY).append(writeId).append("\n\n");
    long rows = panes.stream().mapToLong(PaneShards::rows).sum();
    long bytes = panes.stream().mapToLong(PaneShards::bytes).sum();
    int files = panes.stream().mapToInt(p -> p.shards().size()).sum();
    b.append(files)
        .append(" Parquet file(s), ")
        .append(rows)
        .append(" rows, ")
        .append(bytes)
        .append(" bytes from ")
        .append(panes.size())
        .append(" pane(s), appended by a streaming HfIO write (Apache Beam).");
    return b.toString();
  }

  /**
   * Pane ids of {@code panes} found in the branch's last {@value #HISTORY_SCAN} commits, with the
   * commit that holds each.
   */
  Map<String, String> committedPanes(List<PaneShards> panes) {
    Set<String> wanted = new LinkedHashSet<>(ids(panes));
    Map<String, String> found = new HashMap<>();
    Iterator<CommitInfo> it;
    try {
      it = client.iterateCommits(repo, t.branch());
      for (int i = 0; i < HISTORY_SCAN && it.hasNext() && found.size() < wanted.size(); i++) {
        CommitInfo c = it.next();
        for (String id : paneIdsOf(c)) {
          if (wanted.contains(id)) {
            found.putIfAbsent(id, c.id());
          }
        }
      }
    } catch (RevisionNotFoundException e) {
      return found;
    }
    return found;
  }

  /** The pane ids a commit's message lists. */
  static List<String> paneIdsOf(CommitInfo c) {
    List<String> out = new ArrayList<>();
    for (String text : new String[] {c.title(), c.message()}) {
      if (text == null) {
        continue;
      }
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.startsWith(PANE_ID_KEY)) {
          out.add(l.substring(PANE_ID_KEY.length()).strip());
        }
      }
    }
    return out;
  }

  /**
   * The card at {@code revision} with the split's {@code configs} entry (and without the config's
   * {@code dataset_info}), or empty when the card already is that.
   */
  private Optional<String> updatedCard(String revision) {
    String text;
    try {
      text = new String(client.readAllBytes(repo, revision, "README.md"), StandardCharsets.UTF_8);
    } catch (EntryNotFoundException e) {
      text = null;
    }
    DatasetCard card = text == null ? DatasetCard.empty() : DatasetCard.parse(text);
    PushedSplit push = PushedSplit.of(t.configName(), t.split()).withDataDir(t.directory());
    if (card.configs().isEmpty()) {
      // only a card without configs looks at the files (shards of older pushes name the splits)
      push =
          push.withLegacySplits(
              PushToHubLayout.legacySplits(
                  WritePreflight.listDirectory(client, repo, revision, t.directory()).keySet()));
    }
    String updated = card.withPushedSplit(push).withDefaultBody(repo.id()).render();
    return updated.equals(text) ? Optional.empty() : Optional.of(updated);
  }

  private List<String> paths(PaneShards p) {
    return t.shardPaths(p.shards().size(), p.paneId());
  }

  private static List<ShardResult> sorted(PaneShards p) {
    List<ShardResult> shards = new ArrayList<>(p.shards());
    shards.sort(Comparator.comparing(ShardResult::sha256).thenComparing(ShardResult::tempId));
    return shards;
  }

  private static List<String> ids(List<PaneShards> panes) {
    return panes.stream().map(PaneShards::paneId).toList();
  }

  private WriteResult result(String writeId, String sha, List<PaneShards> panes) {
    List<String> files = new ArrayList<>();
    panes.forEach(p -> files.addAll(paths(p)));
    return WriteResult.of(
        repo.id(),
        t.branch(),
        writeId,
        sha,
        s.hubConfig.endpoint() + "/" + repo.type().plural() + "/" + repo.id() + "/commit/" + sha,
        null,
        files,
        panes.stream().mapToLong(PaneShards::rows).sum(),
        panes.stream().mapToLong(PaneShards::bytes).sum(),
        ids(panes));
  }
}
