package dev.hfio.localhub.internal.storage;

import dev.hfio.localhub.internal.lfs.LfsStore;
import dev.hfio.localhub.internal.lfs.LfsTickets;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collector for LFS storage: frees expired tickets (and their multipart parts), deletes
 * stale temp uploads and part directories, and deletes stored objects that no repo's visibility set
 * names (a deleted repo's set goes with its git dir). Runs on start and periodically, and on demand
 * through {@code HubAdmin.gc()} / {@code POST /admin/gc}.
 *
 * <p>Why it never deletes an object about to be used: uploads mark the oid in their repo's set and
 * store the object under the read side of the store's GC lock, while the object phase here (read
 * every set, delete the rest) holds the write side; and a commit may only reference an oid already
 * in its repo's set. Temp files are only deleted when no live ticket owns them and they were not
 * written to for {@code tmpGraceMillis} (all of them on start).
 */
public final class LfsCollector {
  private static final Logger LOG = LoggerFactory.getLogger(LfsCollector.class);
  private final RepoStore repos;
  private final LfsStore lfs;
  private final LfsTickets tickets;
  private final long tmpGraceMillis;

  public LfsCollector(RepoStore repos, LfsStore lfs, LfsTickets tickets, long tmpGraceMillis) {
    this.repos = repos;
    this.lfs = lfs;
    this.tickets = tickets;
    this.tmpGraceMillis = tmpGraceMillis;
  }

  /**
   * One full collection; {@code startup} deletes every temp entry (no upload can be in flight
   * before the server listens). Returns what was removed: {@code tickets, tempEntries, objects,
   * objectBytes}.
   */
  public synchronized Map<String, Long> collect(boolean startup) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("tickets", (long) tickets.sweep());
    long temp = 0;
    try {
      temp = lfs.deleteStaleTemp(tickets.livePartDirs(), startup ? 0 : tmpGraceMillis);
    } catch (IOException | RuntimeException e) {
      LOG.warn("LFS collector: could not clean the temp directory", e);
    }
    out.put("tempEntries", temp);
    long[] objects = {0, 0};
    lfs.gcLock().writeLock().lock();
    try {
      Set<String> keep = new HashSet<>();
      for (RepoType type : RepoType.values()) {
        for (RepoKey k : repos.list(type)) {
          HubRepo r = repos.find(k);
          if (r != null) {
            keep.addAll(r.lfsVisibleSnapshot());
          }
        }
      }
      objects = lfs.deleteObjectsExcept(keep);
    } catch (IOException | RuntimeException e) {
      // a repo that cannot be read might reference anything: delete no object this round
      LOG.warn("LFS collector: skipped deleting objects", e);
    } finally {
      lfs.gcLock().writeLock().unlock();
    }
    out.put("objects", objects[0]);
    out.put("objectBytes", objects[1]);
    if (objects[0] + temp > 0) {
      LOG.info("LFS collector removed {}", out);
    }
    return out;
  }
}
