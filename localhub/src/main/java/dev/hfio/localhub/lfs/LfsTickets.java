package dev.hfio.localhub.lfs;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random one-time tickets embedded in LFS upload/verify/download URLs, so those URLs authorise themselves (clients send
 * no Authorization header to them). Tickets live in memory; after a restart clients simply ask the batch API again.
 */
public final class LfsTickets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

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
    public final String oid;
    public final long size;
    public final long chunkSize;
    public final int partCount;
    public final Map<Integer, String> partEtags = new ConcurrentHashMap<>();
    public volatile Path partsDir;

    Ticket(String id, Kind kind, String oid, long size, long chunkSize, int partCount) {
      this.id = id;
      this.kind = kind;
      this.oid = oid;
      this.size = size;
      this.chunkSize = chunkSize;
      this.partCount = partCount;
    }
  }

  public Ticket issue(Kind kind, String oid, long size, long chunkSize, int partCount) {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    Ticket t = new Ticket(id, kind, oid, size, chunkSize, partCount);
    tickets.put(id, t);
    return t;
  }

  public Ticket get(String id) {
    return tickets.get(id);
  }

  public void consume(String id) {
    tickets.remove(id);
  }
}
