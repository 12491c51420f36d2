package dev.hfio;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One poll of a watched read ({@code HfIO.read().watchForNewCommits(...)}), run by Beam's {@link
 * Watch}: one request for the branch head ({@link HubClient#revisionHead}); only when the head
 * moved, one paged listing of the watched folder at the new commit. Returns every selected Parquet
 * file of the head keyed by path and blob id (Watch emits each key once and remembers the keys in
 * its restriction, so a checkpointed runner neither repeats nor skips files), pinned to the commit
 * it was seen at and stamped with that commit's time; the watermark follows commit times. The last
 * (head, files) answer is kept JVM-wide per watch, so an unchanged head costs exactly one request.
 */
final class CommitPollFn extends Watch.Growth.PollFn<String, KV<String, ShardDescriptor>> {
  private static final long serialVersionUID = 1L;

  private final HubClientConfig hub;
  private final RepoRef repo;
  private final String revision;
  private final WatchedFiles files;
  private final Set<String> skip;

  private final Counter polls = Metrics.counter(ReadShardFn.NAMESPACE, "polls");
  private final Counter listings = Metrics.counter(ReadShardFn.NAMESPACE, "listings");

  /** This watch (one pipeline construction), the key of its cached head across instances. */
  private final String id = UUID.randomUUID().toString();

  /**
   * The last head seen and its files, per watch, JVM-wide: runners such as the DirectRunner resume
   * Watch's checkpoints on other DoFn instances, so a per-instance cache would list an unchanged
   * head again. A few watches at most are kept (least recently polled dropped).
   */
  private static final Map<String, Head> HEADS =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
              return size() > MAX_CACHED_WATCHES;
            }
          });

  private static final int MAX_CACHED_WATCHES = 64;

  /** A head, the files selected at it and the watermark after it. */
  private record Head(
      String sha, List<TimestampedValue<KV<String, ShardDescriptor>>> files, Instant watermark) {}

  /**
   * @param revision the branch (or other ref) to poll
   * @param skip keys ({@link WatchedFiles#key}) of file versions never to emit (the start commit's)
   */
  CommitPollFn(
      HubClientConfig hub, RepoRef repo, String revision, WatchedFiles files, Set<String> skip) {
    this.hub = hub;
    this.repo = repo;
    this.revision = revision;
    this.files = files;
    this.skip = Set.copyOf(skip);
  }

  @Override
  public Watch.Growth.PollResult<KV<String, ShardDescriptor>> apply(String element, Context c) {
    HubClient client = hub.client();
    RepoInfo head = client.revisionHead(repo, revision);
    polls.inc();
    Head last = HEADS.get(id);
    if (last == null || !head.sha().equals(last.sha())) {
      Instant time = commitTime(head, last == null ? null : last.watermark());
      List<TimestampedValue<KV<String, ShardDescriptor>>> out = new ArrayList<>();
      for (TreeEntry e : files.select(files.list(client, repo, head.sha()))) {
        String key = WatchedFiles.key(e);
        if (!skip.contains(key)) {
          ShardDescriptor d = new ShardDescriptor(repo, head.sha(), e.path(), e.size(), null);
          out.add(TimestampedValue.of(KV.of(key, d), time));
        }
      }
      listings.inc();
      last = new Head(head.sha(), List.copyOf(out), time);
      HEADS.put(id, last);
    }
    return Watch.Growth.PollResult.incomplete(last.files()).withWatermark(last.watermark());
  }

  /**
   * The head commit's time, never before the watermark already reported (so no file is late); the
   * last watermark when the Hub gives no date.
   */
  private static Instant commitTime(RepoInfo head, @Nullable Instant watermark) {
    Instant floor = watermark == null ? BoundedWindow.TIMESTAMP_MIN_VALUE : watermark;
    if (head.lastModified() == null) {
      return floor;
    }
    Instant t;
    try {
      t = Instant.parse(head.lastModified());
    } catch (IllegalArgumentException e) {
      return floor;
    }
    return t.isBefore(floor) ? floor : t;
  }

  @Override
  public String toString() {
    return "CommitPollFn{" + repo + "@" + revision + ", " + files + "}";
  }
}
