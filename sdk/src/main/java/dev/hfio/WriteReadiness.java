package dev.hfio;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RevisionNotFoundException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether a write's target exists yet (the repo, and its branch if not the default), so a shard
 * writer never uploads before the {@linkplain PreflightFn preflight} created them. The shard
 * writers used to wait for the preflight through a side input; on Flink a side input breaks
 * operator chaining, so every row was encoded and decoded with the RowCoder between the rows'
 * producer and the writer (22% of the CPU of the bench's Flink write). Now the preflight marks its
 * target ready in its JVM; a writer in that JVM waits briefly for the mark, and a writer elsewhere
 * (a cluster worker) checks the Hub itself, once per JVM and target. Internal.
 */
final class WriteReadiness {
  private enum State {
    CHECKING,
    READY,
    FAILED
  }

  private static final Map<String, State> STATES = new ConcurrentHashMap<>();

  /** How long a writer waits for a preflight of its own JVM to start before asking the Hub. */
  static final long LOCAL_WAIT_MILLIS = 2_000;

  /** How long a writer waits for the target to appear on the Hub before it fails. */
  static final long HUB_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private static final long POLL_MILLIS = 1_000;

  private WriteReadiness() {}

  /** Failure messages of preflights of this JVM, by key: shown by the writers that stop. */
  private static final Map<String, String> FAILURES = new ConcurrentHashMap<>();

  /** One write's expansion: the verdict of one pipeline's preflight is never another's. */
  private static String key(WriteSettings s) {
    return s.expansionId;
  }

  private static void mark(WriteSettings s, State state) {
    synchronized (STATES) {
      STATES.put(key(s), state);
      STATES.notifyAll();
    }
  }

  /** The preflight of this JVM started: its writers wait for its verdict. */
  static void markChecking(WriteSettings s) {
    mark(s, State.CHECKING);
  }

  /** The preflight checked (and if asked, created) the target: writers of this JVM may upload. */
  static void markReady(WriteSettings s) {
    mark(s, State.READY);
  }

  /**
   * The preflight failed: writers of this JVM fail instead of uploading, repeating the failure's
   * message when it is one of HfIO's own (written for users), a generic one otherwise.
   */
  static void markFailed(WriteSettings s, RuntimeException failure) {
    if (failure instanceof dev.hfio.errors.HfException && failure.getMessage() != null) {
      FAILURES.put(key(s), failure.getMessage());
    }
    mark(s, State.FAILED);
  }

  /**
   * Returns once the target exists: at once when this JVM's preflight passed; after its verdict
   * when it is running here; otherwise (a worker that did not run it) once the Hub shows the
   * target. Throws a {@link HfIO.WriteException} if the preflight here failed or the target never
   * appears.
   */
  static void await(WriteSettings s, HubClient client) throws InterruptedIOException {
    String key = key(s);
    if (STATES.get(key) == State.READY) {
      return;
    }
    try {
      long started = System.nanoTime();
      long local = TimeUnit.MILLISECONDS.toNanos(LOCAL_WAIT_MILLIS);
      long hub = TimeUnit.MILLISECONDS.toNanos(HUB_WAIT_MILLIS);
      synchronized (STATES) {
        while (true) {
          State st = STATES.get(key);
          long waited = System.nanoTime() - started;
          if (st == State.READY) {
            return;
          }
          if (st == State.FAILED) {
            throw new HfIO.WriteException(
                FAILURES.getOrDefault(
                    key,
                    "Not uploading to "
                        + s.target.describe()
                        + ": the write's preflight check failed (its error says why);"
                        + " nothing of this write was committed"));
          }
          long left = (st == State.CHECKING ? hub : local) - waited;
          if (left <= 0) {
            if (st == State.CHECKING) {
              throw timedOut(s);
            }
            break; // no preflight here: a worker of a cluster, ask the Hub
          }
          TimeUnit.NANOSECONDS.timedWait(STATES, left);
        }
      }
      long deadline = started + hub;
      while (STATES.get(key) != State.READY) {
        if (exists(s, client)) {
          STATES.putIfAbsent(key, State.READY);
          return;
        }
        if (System.nanoTime() - deadline > 0) {
          throw timedOut(s);
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted while waiting for " + s.target.describe() + " to exist");
    }
  }

  private static HfIO.WriteException timedOut(WriteSettings s) {
    return new HfIO.WriteException(
        "The write's target "
            + s.target.describe()
            + " did not appear within "
            + TimeUnit.MILLISECONDS.toMinutes(HUB_WAIT_MILLIS)
            + " minutes of the first shard being ready to upload: the write's preflight step"
            + " creates it (withCreateRepo) or fails the job; check that step's error");
  }

  private static boolean exists(WriteSettings s, HubClient client) {
    RepoRef repo = s.target.repo();
    if (!client.repoExists(repo)) {
      return false;
    }
    if (s.target.isDefaultBranch()) {
      return true;
    }
    try {
      client.resolveRevision(repo, s.target.branch());
      return true;
    } catch (RevisionNotFoundException e) {
      return false; // the preflight has not created the branch yet
    }
  }
}
