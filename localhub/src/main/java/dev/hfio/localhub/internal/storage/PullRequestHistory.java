package dev.hfio.localhub.internal.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * What a pull request changes, read from git: its own commits (the {@code commit} events of the
 * Hub's discussion details) and the unified diff of its head against its base ({@code ?diff=1}).
 * Both are bounded, so a PR with a huge history or huge files costs at most {@link #MAX_COMMITS}
 * commits and {@link #MAX_DIFF_BYTES} bytes of diff; files above {@link #MAX_DIFF_FILE_BYTES} are
 * shown as binary (a line diff's cost grows super-linearly with file size) and no further file is
 * diffed after {@link #MAX_DIFF_NANOS}.
 */
public final class PullRequestHistory {
  /** Most commit events listed per pull request. */
  public static final int MAX_COMMITS = 1_000;

  /** Largest diff answered; a longer one is cut and ends with a note saying so. */
  public static final int MAX_DIFF_BYTES = 1 << 20;

  /**
   * Files above this size are not line-diffed (a diff of two large files costs time super-linear in
   * their size).
   */
  public static final int MAX_DIFF_FILE_BYTES = 64 << 10;

  /** Time after which no further file is diffed (the diff so far is answered, marked as cut). */
  public static final long MAX_DIFF_NANOS = 2_000_000_000L;

  private PullRequestHistory() {}

  /**
   * The commits of {@code prHead} not reachable from {@code baseHead}, oldest first, at most {@link
   * #MAX_COMMITS}.
   */
  public static List<RevCommit> commits(Repository git, ObjectId prHead, ObjectId baseHead) {
    List<RevCommit> out = new ArrayList<>();
    if (prHead == null) {
      return out;
    }
    try (RevWalk rw = new RevWalk(git)) {
      rw.markStart(rw.parseCommit(prHead));
      if (baseHead != null) {
        rw.markUninteresting(rw.parseCommit(baseHead));
      }
      for (RevCommit c : rw) {
        if (out.size() >= MAX_COMMITS) {
          break;
        }
        out.add(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /**
   * The unified diff from the merge base of {@code prHead} and {@code baseHead} (or the base head
   * when there is none) to {@code prHead}; binary files show as "Binary files differ".
   */
  public static String diff(Repository git, ObjectId prHead, ObjectId baseHead) {
    if (prHead == null) {
      return "";
    }
    Bounded out = new Bounded();
    try (RevWalk rw = new RevWalk(git);
        DiffFormatter f = new DiffFormatter(out)) {
      RevCommit head = rw.parseCommit(prHead);
      ObjectId from = null;
      if (baseHead != null) {
        RevCommit base = rw.parseCommit(baseHead);
        rw.setRevFilter(RevFilter.MERGE_BASE);
        rw.markStart(head);
        rw.markStart(base);
        RevCommit mb = rw.next();
        from = (mb != null ? mb : base).getTree().getId();
        rw.reset();
      }
      f.setRepository(git);
      f.setBinaryFileThreshold(
          MAX_DIFF_FILE_BYTES); // larger files: "Binary files differ", no line diff computed
      f.format(from == null ? null : rw.parseTree(from), head.getTree());
      f.flush();
    } catch (Bounded.Full full) {
      // cut: note appended below
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String s = out.buf.toString(StandardCharsets.UTF_8);
    return out.full
        ? s
            + "\n[diff truncated: larger than "
            + MAX_DIFF_BYTES
            + " bytes or "
            + MAX_DIFF_NANOS / 1_000_000_000L
            + " s to compute]\n"
        : s;
  }

  /**
   * Collects at most {@link #MAX_DIFF_BYTES} and stops the formatter then, or once its time is up.
   */
  private static final class Bounded extends OutputStream {
    final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    final long deadline = System.nanoTime() + MAX_DIFF_NANOS;
    boolean full;

    static final class Full extends IOException {
      Full() {
        super("diff limit reached", null);
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int room = MAX_DIFF_BYTES - buf.size();
      if (len > room || System.nanoTime() - deadline > 0) {
        buf.write(b, off, Math.max(0, Math.min(len, room)));
        full = true;
        throw new Full();
      }
      buf.write(b, off, len);
    }
  }
}
