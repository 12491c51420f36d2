package dev.hfio.hub;

import static dev.hfio.hub.HubRequests.checkArg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfio.errors.HfIOException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;

/**
 * One atomic commit, built like a JGit command: exists so a commit reads as what it changes rather
 * than as a positional argument list.
 *
 * <pre>{@code
 * CommitResult r = client.commit(repo).branch("main")
 *     .addFile("data/train.parquet", localFile).delete("old.csv")
 *     .parentCommit(sha).message("Add train").call();
 * }</pre>
 *
 * <p>{@link #call()} runs the steps of huggingface_hub's {@code create_commit}: preupload decides
 * inline vs LFS for each added file, LFS content is hashed once and uploaded, then one NDJSON
 * commit is posted. The commit POST is not retried unless the connection could not be opened or the
 * Hub answered 429 (both mean nothing happened). A stale {@link #parentCommit} gives {@link
 * CommitConflictException}. A command is used once; setters validate their argument ({@link
 * IllegalArgumentException}), {@code call()} checks the combination ({@link
 * IllegalStateException}).
 */
public final class CommitCommand {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CommitCommand.class);

  private final HubClient client;
  private final HubHttp http;
  private final RepoRef repo;
  private String branch = "main";
  private final List<CommitOperation> operations = new ArrayList<>();
  private String parentCommit;
  private String message;
  private String description = "";
  private boolean createPr;
  private boolean called;

  CommitCommand(HubClient client, HubHttp http, RepoRef repo) {
    this.client = client;
    this.http = http;
    this.repo = Objects.requireNonNull(repo, "repo");
  }

  /**
   * The branch to commit to (default main); also {@code refs/pr/N} to add to an open pull request.
   */
  public CommitCommand branch(String branch) {
    checkArg(
        branch != null && !branch.isBlank(), "commit to %s: the branch must not be empty", repo);
    this.branch = branch;
    return this;
  }

  /**
   * Adds one operation; its path is normalised like huggingface_hub does ('..', .git/ and empty are
   * refused).
   */
  public CommitCommand add(CommitOperation operation) {
    Objects.requireNonNull(operation, "operation");
    checkArg(operation.path() != null, "commit to %s: an operation has no path", repo);
    operations.add(RepoPaths.normalize(operation));
    return this;
  }

  /** Adds several operations, in order. */
  public CommitCommand addAll(Collection<? extends CommitOperation> more) {
    Objects.requireNonNull(more, "operations").forEach(this::add);
    return this;
  }

  /** Adds or replaces {@code path} with in-memory content. */
  public CommitCommand addBytes(String path, byte[] content) {
    return add(CommitOperation.add(path, content));
  }

  /** Adds or replaces {@code path} with a local file (hashed only if it must go through LFS). */
  public CommitCommand addFile(String path, Path source) {
    checkArg(
        source != null && Files.isRegularFile(source),
        "commit to %s: '%s' is not a readable local file",
        repo,
        source);
    return add(CommitOperation.addFile(path, source));
  }

  /** Deletes one file. */
  public CommitCommand delete(String path) {
    return add(CommitOperation.delete(path));
  }

  /** Deletes a folder and everything under it. */
  public CommitCommand deleteFolder(String path) {
    return add(CommitOperation.deleteFolder(path));
  }

  /**
   * The commit the branch must still point to (a full 40-hex sha): if it moved, the Hub refuses the
   * commit and {@link #call()} throws {@link CommitConflictException}.
   */
  public CommitCommand parentCommit(String sha) {
    checkArg(
        sha != null && sha.matches("[0-9a-f]{40}"),
        "commit to %s: parentCommit must be a full 40-hex lowercase commit sha, got '%s'",
        repo,
        sha);
    this.parentCommit = sha;
    return this;
  }

  /** The commit title (required). */
  public CommitCommand message(String message) {
    checkArg(
        message != null && !message.isBlank(), "commit to %s: the message must not be empty", repo);
    this.message = message;
    return this;
  }

  /** The commit description (default empty). */
  public CommitCommand description(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return this;
  }

  /**
   * Opens a pull request against {@link #branch} holding this commit instead of committing to the
   * branch.
   */
  public CommitCommand createPr() {
    this.createPr = true;
    return this;
  }

  /**
   * Uploads what must go through LFS, posts the commit, and returns the new commit (and pull
   * request).
   */
  public CommitResult call() {
    checkState();
    called = true;
    List<Path> temps = new ArrayList<>();
    try {
      Map<String, PreuploadFile> announced = announce();
      Map<String, UploadDecision> decisions = preupload(announced);
      Map<String, LfsUpload> lfs = stageLfs(announced, decisions, temps);
      uploadLfs(lfs);
      return post(payload(decisions, lfs));
    } catch (IOException e) {
      throw new HfIOException(
          "Cannot read local content to commit to " + repo + " revision '" + branch + "'", e);
    } finally {
      deleteTemps(temps);
    }
  }

  private void checkState() {
    if (called) {
      throw new IllegalStateException(
          "commit to " + repo + ": this command was already called; build a new one");
    }
    if (message == null) {
      throw new IllegalStateException(
          "commit to "
              + repo
              + " revision '"
              + branch
              + "': no message; call"
              + " message(..) before call()");
    }
    if (createPr && branch.startsWith("refs/pr/")) {
      throw new IllegalStateException(
          "commit to "
              + repo
              + ": createPr() opens a new pull request; it cannot be"
              + " combined with branch '"
              + branch
              + "' (commit to the pull request's revision without createPr())");
    }
  }

  /** Step 1: the added files, as preupload wants to see them (path, size, first bytes). */
  private Map<String, PreuploadFile> announce() throws IOException {
    Map<String, PreuploadFile> out = new java.util.LinkedHashMap<>();
    for (CommitOperation op : operations) {
      if (op instanceof CommitOperation.AddBytes a) {
        out.put(a.path(), new PreuploadFile(a.path(), a.content().length, a.content()));
      } else if (op instanceof CommitOperation.AddFile a) {
        out.put(a.path(), new PreuploadFile(a.path(), Files.size(a.source()), sample(a.source())));
      } else if (op instanceof CommitOperation.AddUpload a) {
        out.put(a.path(), new PreuploadFile(a.path(), a.upload().size(), a.upload().sample()));
      }
    }
    return out;
  }

  /** Step 2: the Hub's decision per added file (LFS or inline, git-ignored or not). */
  private Map<String, UploadDecision> preupload(Map<String, PreuploadFile> announced) {
    if (announced.isEmpty()) {
      return Map.of();
    }
    PreuploadCommand p = client.preupload(repo).revision(branch).addAll(announced.values());
    return (createPr ? p.createPr() : p).call();
  }

  /**
   * Step 3: the non-empty files that go through LFS, hashed once (in-memory content is spooled to a
   * temp file).
   */
  private Map<String, LfsUpload> stageLfs(
      Map<String, PreuploadFile> announced, Map<String, UploadDecision> decisions, List<Path> temps)
      throws IOException {
    Map<String, LfsUpload> lfs = new HashMap<>();
    for (CommitOperation op : operations) {
      UploadDecision d = decisions.get(op.path());
      PreuploadFile f = announced.get(op.path());
      if (d == null || d.mode() != UploadMode.LFS || f == null || f.size() == 0) {
        continue;
      }
      if (op instanceof CommitOperation.AddBytes a) {
        Path tmp = Files.createTempFile("hfio-commit-", ".bin");
        temps.add(tmp);
        Files.write(tmp, a.content());
        lfs.put(
            a.path(),
            LfsUpload.prehashed(tmp, LfsUpload.sha256Hex(a.content()), a.content().length));
      } else if (op instanceof CommitOperation.AddFile a) {
        lfs.put(a.path(), LfsUpload.of(a.source()));
      } else if (op instanceof CommitOperation.AddUpload a) {
        lfs.put(a.path(), a.upload());
      }
    }
    return lfs;
  }

  /** Step 4: LFS batch, uploads and verify. */
  private void uploadLfs(Map<String, LfsUpload> lfs) {
    if (!lfs.isEmpty()) {
      UploadLfsCommand u = client.uploadLfs(repo).revision(branch).addAll(lfs.values());
      (createPr ? u.createPr() : u).call();
    }
  }

  /**
   * Step 5: the NDJSON body (header, then one line per operation; git-ignored files are left out).
   */
  private byte[] payload(Map<String, UploadDecision> decisions, Map<String, LfsUpload> lfs)
      throws IOException {
    CommitPayload nd = new CommitPayload(message, description, parentCommit);
    for (CommitOperation op : operations) {
      UploadDecision d = decisions.get(op.path());
      if (d != null && d.shouldIgnore()) {
        LOG.info("Skipping {}: ignored by the repo's .gitignore", op.path());
        continue;
      }
      LfsUpload l = lfs.get(op.path());
      if (l != null) {
        nd.lfsFile(op.path(), l.sha256(), l.size());
      } else if (op instanceof CommitOperation.AddLfs a) {
        nd.lfsFile(a.path(), a.sha256(), a.size());
      } else if (op instanceof CommitOperation.AddBytes a) {
        nd.file(a.path(), a.content());
      } else if (op instanceof CommitOperation.AddFile a) {
        nd.file(a.path(), Files.readAllBytes(a.source()));
      } else if (op instanceof CommitOperation.AddUpload a) {
        nd.file(a.path(), Files.readAllBytes(a.upload().source()));
      } else if (op instanceof CommitOperation.Delete a) {
        nd.deletedFile(a.path());
      } else if (op instanceof CommitOperation.DeleteFolder a) {
        nd.deletedFolder(a.path());
      }
    }
    return nd.toByteArray();
  }

  /** Step 6: the commit POST (never blindly re-sent). */
  private CommitResult post(byte[] ndjson) {
    HttpUrl.Builder u = http.api(repo).addPathSegment("commit").addPathSegment(branch);
    if (createPr) {
      u.addQueryParameter("create_pr", "1");
    }
    ErrorContext ctx =
        ErrorContext.of(
            "commit '" + message + "'",
            repo,
            branch,
            operations.size() == 1 ? operations.get(0).path() : null);
    JsonNode n =
        http.call(
                HubRequests.post(u.build(), RequestBody.create(ndjson, HubRequests.NDJSON_TYPE)),
                HubHttp.Kind.COMMIT,
                ctx)
            .json();
    String prUrl = n.path("pullRequestUrl").asText(null);
    return new CommitResult(
        n.path("commitOid").asText(null),
        n.path("commitUrl").asText(null),
        prUrl,
        CommitResult.prNumber(prUrl));
  }

  private static byte[] sample(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes(LfsUpload.SAMPLE);
    }
  }

  private static void deleteTemps(List<Path> temps) {
    for (Path t : temps) {
      try {
        Files.deleteIfExists(t);
      } catch (IOException ignored) {
        // best effort cleanup of our own temp file
      }
    }
  }
}
