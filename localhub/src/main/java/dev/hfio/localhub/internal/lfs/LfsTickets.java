package dev.hfio.localhub.internal.lfs;

import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.RepoKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Random tickets embedded in LFS upload/verify/download URLs, so those URLs authorise themselves
 * (clients send no Authorization header to them). A ticket is bound to one repo (by its key and its
 * unique {@code _id}, so a deleted and recreated repo does not inherit it), one oid and one kind,
 * and expires like a presigned URL. Tickets live in memory, at most {@link
 * LfsLimits#maxTicketsPerRepo()} per repo; expired ones are freed (with their multipart parts) when
 * met and by {@link #sweep()}. After a restart clients simply ask the batch API again.
 */
public final class LfsTickets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perRepo = new ConcurrentHashMap<>();

  /**
   * Reusable download ticket per (repo _id, oid): repeated download batches do not pile up tickets.
   */
  private final Map<String, String> downloads = new ConcurrentHashMap<>();

  private final LfsLimits limits;
  private final LongSupplier clock;

  public LfsTickets(LfsLimits limits) {
    this(limits, System::currentTimeMillis);
  }

  LfsTickets(LfsLimits limits, LongSupplier clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public LfsLimits limits() {
    return limits;
  }

  /** What a ticket allows. */
  public enum Kind {
    UPLOAD,
    MULTIPART,
    VERIFY,
    DOWNLOAD
  }

  /** State of one ticket; multipart tickets collect part ETags. */
  public static final class Ticket {
    public final String id;
    public final Kind kind;

    /** Repo id as {@code type ns/name}, plus the repo's unique {@code _id}. */
    public final RepoKey repoKey;

    public final String repoUid;
    public final String oid;
    public final long size;
    public final long chunkSize;
    public final int partCount;
    public final Map<Integer, String> partEtags = new ConcurrentHashMap<>();
    public volatile Path partsDir;

    /** Issued only because the repo was public: dies when the repo turns private. */
    public volatile boolean publicOnly;

    volatile long expiresAt;

    Ticket(
        String id,
        Kind kind,
        RepoKey repoKey,
        String repoUid,
        String oid,
        long size,
        long chunkSize,
        int partCount,
        long expiresAt) {
      this.id = id;
      this.kind = kind;
      this.repoKey = repoKey;
      this.repoUid = repoUid;
      this.oid = oid;
      this.size = size;
      this.chunkSize = chunkSize;
      this.partCount = partCount;
      this.expiresAt = expiresAt;
    }
  }

  /**
   * Issues a ticket for {@code repoUid} (the repo's unique id; {@code repoKey} only for messages).
   * 429 {@code TooManyLfsTickets} when the repo already holds the maximum number of live tickets.
   */
  public Ticket issue(
      Kind kind,
      RepoKey repoKey,
      String repoUid,
      String oid,
      long size,
      long chunkSize,
      int partCount) {
    return issue(kind, repoKey, repoUid, oid, size, chunkSize, partCount, false);
  }

  /**
   * As above; {@code publicOnly} marks a download ticket given to a reader who may read the repo
   * only while public.
   */
  public Ticket issue(
      Kind kind,
      RepoKey repoKey,
      String repoUid,
      String oid,
      long size,
      long chunkSize,
      int partCount,
      boolean publicOnly) {
    long now = clock.getAsLong();
    String dlKey = repoUid + ":" + oid + ":" + publicOnly;
    if (kind == Kind.DOWNLOAD) {
      String known = downloads.get(dlKey);
      Ticket t = known == null ? null : tickets.get(known);
      if (t != null && t.expiresAt - now > limits.ticketTtl().toMillis() / 2) {
        return t;
      }
    }
    AtomicInteger n = perRepo.computeIfAbsent(repoUid, k -> new AtomicInteger());
    if (n.get() >= limits.maxTicketsPerRepo()) {
      sweep();
    }
    if (n.incrementAndGet() > limits.maxTicketsPerRepo()) {
      n.decrementAndGet();
      long retry = Math.max(1, limits.ticketTtl().toSeconds());
      throw new HubError(
              429,
              "TooManyLfsTickets",
              "Too many outstanding LFS transfer URLs for "
                  + repoKey.id()
                  + " (limit "
                  + limits.maxTicketsPerRepo()
                  + "); finish or abandon some transfers and ask the batch API again later")
          .with("retryAfterSeconds", retry);
    }
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    Ticket t =
        new Ticket(
            id,
            kind,
            repoKey,
            repoUid,
            oid,
            size,
            chunkSize,
            partCount,
            now + limits.ticketTtl().toMillis());
    t.publicOnly = publicOnly;
    tickets.put(id, t);
    if (kind == Kind.DOWNLOAD) {
      downloads.put(dlKey, id);
    }
    return t;
  }

  /**
   * The live ticket {@code id} of this kind. Unknown, already used or of another kind: 404 {@code
   * LfsTicketNotFound}; expired: 403 {@code LfsTicketExpired} (like an expired presigned URL), and
   * the ticket is freed.
   */
  public Ticket get(String id, Kind kind) {
    Ticket t = id == null ? null : tickets.get(id);
    if (t == null || t.kind != kind) {
      throw new HubError(
          404, "LfsTicketNotFound", "Unknown or already used LFS URL; ask the batch API again");
    }
    if (clock.getAsLong() >= t.expiresAt) {
      free(t);
      throw new HubError(
          403, "LfsTicketExpired", "This LFS URL has expired; ask the batch API again");
    }
    return t;
  }

  /**
   * Pushes a multipart upload's deadline to a full lifetime from now (each part PUT is progress).
   */
  public void renew(Ticket t) {
    t.expiresAt = clock.getAsLong() + limits.ticketTtl().toMillis();
  }

  /** Removes a used ticket (its multipart parts are the caller's to delete). */
  public void consume(Ticket t) {
    remove(t);
  }

  /** Removes a ticket if it is the caller who takes it out of the map. */
  private boolean remove(Ticket t) {
    if (!tickets.remove(t.id, t)) {
      return false;
    }
    AtomicInteger n = perRepo.get(t.repoUid);
    if (n != null) {
      n.decrementAndGet();
    }
    if (t.kind == Kind.DOWNLOAD) {
      downloads.remove(t.repoUid + ":" + t.oid + ":" + t.publicOnly, t.id);
    }
    return true;
  }

  private void free(Ticket t) {
    if (remove(t) && t.partsDir != null) {
      try {
        LfsStore.deleteTree(t.partsDir);
      } catch (IOException e) {
        // the collector deletes stale part directories later
      }
    }
  }

  /** Frees every expired ticket and its multipart parts; returns how many were freed. */
  public int sweep() {
    long now = clock.getAsLong();
    int freed = 0;
    for (Ticket t : tickets.values()) {
      if (now >= t.expiresAt) {
        free(t);
        freed++;
      }
    }
    perRepo.values().removeIf(n -> n.get() <= 0);
    return freed;
  }

  /** Part directories of live multipart tickets (the collector must keep them). */
  public Set<Path> livePartDirs() {
    Set<Path> out = new HashSet<>();
    for (Ticket t : tickets.values()) {
      if (t.partsDir != null) {
        out.add(t.partsDir);
      }
    }
    return out;
  }
}
