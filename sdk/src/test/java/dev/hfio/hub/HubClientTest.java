package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.testing.HubFixture;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every HubClient call, over real HTTP against an embedded localhub. */
class HubClientTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture(b -> b.pageSize(3));

  /** A second hub with 64 KiB multipart chunks, for the multipart upload test. */
  @RegisterExtension
  static final HubFixture SMALL_PARTS = new HubFixture(b -> b.multipartChunkSize(64 * 1024));

  static HubClient client;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    client = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private RepoRef repoWithFiles(String prefix, String... pathsAndContents) {
    RepoRef repo = HubFixture.datasetId(prefix);
    client.createRepo(repo).call();
    List<CommitOperation> ops = new ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      ops.add(CommitOperation.add(pathsAndContents[i], utf8(pathsAndContents[i + 1])));
    }
    client.commit(repo).addAll(ops).message("add files").call();
    return repo;
  }

  @Test
  void whoami() {
    WhoAmI me = client.whoami();
    assertThat(me.name()).isEqualTo("dev");
  }

  @Test
  void createRepoExistOkAndDelete() {
    RepoRef repo = HubFixture.datasetId("create");
    String url = client.createRepo(repo).privateRepo().call();
    assertThat(url).endsWith("/datasets/" + repo.id());
    assertThat(client.repoExists(repo)).isTrue();
    assertThat(client.repoInfo(repo, null).isPrivate()).isTrue();
    assertThatThrownBy(() -> client.createRepo(repo).privateRepo().call())
        .isInstanceOf(HubException.class)
        .satisfies(e -> assertThat(((HubException) e).status()).isEqualTo(409));
    client.createRepo(repo).privateRepo().existOk().call(); // existOk
    client.deleteRepo(repo);
    assertThat(client.repoExists(repo)).isFalse();
    client.deleteRepoIfExists(repo); // missingOk
    assertThatThrownBy(() -> client.deleteRepo(repo)).isInstanceOf(RepoNotFoundException.class);
  }

  @Test
  void commitThenInfoTreeAndPathsInfo() {
    RepoRef repo = HubFixture.datasetId("tree");
    client.createRepo(repo).call();
    CommitResult c =
        client
            .commit(repo)
            .add(CommitOperation.add("README.md", utf8("# hi\n")))
            .add(CommitOperation.add("data/a.csv", utf8("x\n1\n")))
            .add(CommitOperation.add("data/b.csv", utf8("x\n2\n")))
            .add(CommitOperation.add("data/sub/c.csv", utf8("x\n3\n")))
            .add(CommitOperation.add("/data/d.csv", utf8("x\n4\n")))
            .message("first")
            .call();
    assertThat(c.commitSha()).matches("[0-9a-f]{40}");
    assertThat(c.commitUrl()).contains(c.commitSha());
    assertThat(c.pullRequestNumber()).isNull();
    assertThat(client.resolveRevision(repo, "main")).isEqualTo(c.commitSha());
    assertThat(client.repoInfo(repo, c.commitSha()).sha()).isEqualTo(c.commitSha());
    assertThat(client.repoInfo(repo, null).siblings()).contains("data/sub/c.csv");

    // root, non-recursive: README, .gitattributes, data/ (page size 3 forces paging)
    List<String> root =
        client.listTree(repo).revision("main").call().stream().map(TreeEntry::path).toList();
    assertThat(root).contains("README.md", "data").doesNotContain("data/a.csv");
    List<TreeEntry> data = client.listTree(repo).revision("main").path("data").call();
    assertThat(data.stream().map(TreeEntry::path))
        .containsExactlyInAnyOrder("data/a.csv", "data/b.csv", "data/d.csv", "data/sub");
    assertThat(data.stream().filter(TreeEntry::isDirectory).map(TreeEntry::path))
        .containsExactly("data/sub");
    List<TreeEntry> all = client.listTree(repo).revision("main").recursive().expand().call();
    assertThat(all.stream().filter(TreeEntry::isFile).map(TreeEntry::path))
        .contains("data/a.csv", "data/sub/c.csv", "README.md");
    TreeEntry a = all.stream().filter(e -> e.path().equals("data/a.csv")).findFirst().orElseThrow();
    assertThat(a.size()).isEqualTo(4);
    assertThat(a.oid()).matches("[0-9a-f]{40}");
    assertThat(a.lastCommit()).isNotNull();
    assertThat(client.listTree(repo).revision("main").path("data/sub").recursive().call())
        .extracting(TreeEntry::path)
        .containsExactly("data/sub/c.csv");

    List<TreeEntry> info =
        client.pathsInfo(repo, "main", List.of("data/b.csv", "missing.txt", "data/a.csv"));
    assertThat(info).extracting(TreeEntry::path).containsExactly("data/b.csv", "data/a.csv");

    assertThatThrownBy(() -> client.listTree(repo).revision("main").path("nope").call())
        .isInstanceOf(EntryNotFoundException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining(repo.id());
  }

  @Test
  void pathsInfoBatchesAbove500() {
    RepoRef repo = repoWithFiles("batch", "f.txt", "x");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1203; i++) {
      many.add("missing/" + i);
    }
    many.add("f.txt");
    HUB.resetCounters();
    assertThat(client.pathsInfo(repo, "main", many))
        .extracting(TreeEntry::path)
        .containsExactly("f.txt");
    assertThat(HUB.counter("api")).isEqualTo(3);
  }

  @Test
  void readsRangesStreamsAndMetadata() throws Exception {
    RepoRef repo = repoWithFiles("read", "dir/f.txt", "0123456789abcdef");
    assertThat(client.readRange(repo, "main", "dir/f.txt", 3, 4)).isEqualTo(utf8("3456"));
    assertThat(client.readRange(repo, "main", "dir/f.txt", 14, 10)).isEqualTo(utf8("ef"));
    assertThat(client.readRange(repo, "main", "dir/f.txt", 16, 4)).isEmpty();
    try (InputStream in = client.openStream(repo, "main", "dir/f.txt", 10)) {
      assertThat(in.readAllBytes()).isEqualTo(utf8("abcdef"));
    }
    assertThat(client.readAllBytes(repo, null, "dir/f.txt")).isEqualTo(utf8("0123456789abcdef"));
    FileMetadata m = client.fileMetadata(repo, "main", "dir/f.txt");
    assertThat(m.size()).isEqualTo(16);
    assertThat(m.commitSha()).isEqualTo(client.resolveRevision(repo, "main"));
    assertThat(m.etag()).isNotBlank();
    assertThatThrownBy(() -> client.fileMetadata(repo, "main", "dir/none.txt"))
        .isInstanceOf(EntryNotFoundException.class);
    assertThatThrownBy(() -> client.readRange(repo, "nobranch", "dir/f.txt", 0, 1))
        .isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("nobranch");
  }

  @Test
  void lfsUploadBasicAndDedup() throws Exception {
    RepoRef repo = HubFixture.datasetId("lfs");
    client.createRepo(repo).call();
    byte[] content = new byte[300_000];
    new Random(1).nextBytes(content);
    Path file = tmp.resolve("x.parquet");
    Files.write(file, content);
    CommitResult c =
        client
            .commit(repo)
            .add(CommitOperation.addFile("data/x.parquet", file))
            .message("lfs")
            .call();
    assertThat(c.commitSha()).matches("[0-9a-f]{40}");
    TreeEntry e = client.pathsInfo(repo, "main", List.of("data/x.parquet")).get(0);
    assertThat(e.lfs()).isNotNull();
    assertThat(e.lfs().sha256()).isEqualTo(LfsUpload.sha256Hex(content));
    assertThat(e.size()).isEqualTo(content.length);
    assertThat(client.readRange(repo, "main", "data/x.parquet", 1000, 10))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 1010));
    // same content again: the batch answer omits actions, nothing is uploaded
    HUB.resetCounters();
    client
        .commit(repo)
        .add(CommitOperation.addUpload("copy.parquet", LfsUpload.of(file)))
        .message("same bytes")
        .call();
    assertThat(HUB.counter("lfs")).isEqualTo(1); // only the batch call
    assertThat(client.readAllBytes(repo, "main", "copy.parquet")).isEqualTo(content);
  }

  @Test
  void lfsMultipartUpload() throws Exception {
    HubClient c =
        SMALL_PARTS.client(SMALL_PARTS.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    RepoRef repo = HubFixture.datasetId("multi");
    c.createRepo(repo).call();
    byte[] content = new byte[300_001];
    new Random(2).nextBytes(content);
    Path file = tmp.resolve("big.bin");
    Files.write(file, content);
    c.commit(repo).add(CommitOperation.addFile("big.bin", file)).message("big").call();
    assertThat(c.readAllBytes(repo, "main", "big.bin")).isEqualTo(content);
    assertThat(SMALL_PARTS.counter("lfs"))
        .isGreaterThanOrEqualTo(1 + 5 + 1); // batch + 5 parts + done
  }

  @Test
  void deleteOpsAndHistory() {
    RepoRef repo = repoWithFiles("del", "a/1.txt", "1", "a/2.txt", "2", "b.txt", "b");
    client.commit(repo).add(CommitOperation.delete("b.txt")).message("rm b").call();
    client.commit(repo).add(CommitOperation.deleteFolder("a/")).message("rm a").call();
    List<String> files =
        client.listTree(repo).revision("main").recursive().call().stream()
            .filter(TreeEntry::isFile)
            .map(TreeEntry::path)
            .toList();
    assertThat(files).doesNotContain("b.txt", "a/1.txt", "a/2.txt");
    List<CommitInfo> history = client.listCommits(repo, "main");
    assertThat(history).extracting(CommitInfo::title).startsWith("rm a", "rm b", "add files");
    assertThat(history.size()).isGreaterThanOrEqualTo(4); // + initial commit
  }

  @Test
  void staleParentCommitIsAConflict() {
    RepoRef repo = repoWithFiles("conflict", "a.txt", "1");
    String head = client.resolveRevision(repo, "main");
    client
        .commit(repo)
        .add(CommitOperation.add("b.txt", utf8("2")))
        .message("ok")
        .parentCommit(head)
        .call();
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .add(CommitOperation.add("c.txt", utf8("3")))
                    .message("stale")
                    .parentCommit(head)
                    .call())
        .isInstanceOf(CommitConflictException.class)
        .hasMessageContaining(repo.id())
        .hasMessageContaining("main")
        .hasMessageContaining("retry");
  }

  @Test
  void branchesTagsAndRefs() {
    RepoRef repo = repoWithFiles("refs", "a.txt", "1");
    String head = client.resolveRevision(repo, "main");
    client.createBranch(repo, "feature/x", null);
    client.createBranchIfAbsent(repo, "feature/x", null);
    client.createTag(repo, "v1", "main", "first");
    GitRefs refs = client.listRefs(repo);
    assertThat(refs.branches()).extracting(GitRef::name).contains("main", "feature/x");
    assertThat(refs.tags()).extracting(GitRef::targetCommit).containsExactly(head);
    assertThat(client.resolveRevision(repo, "feature/x")).isEqualTo(head);
    assertThat(client.resolveRevision(repo, "v1")).isEqualTo(head);
    client
        .commit(repo)
        .branch("feature/x")
        .add(CommitOperation.add("b.txt", utf8("2")))
        .message("on branch")
        .call();
    assertThat(client.readAllBytes(repo, "feature/x", "b.txt")).isEqualTo(utf8("2"));
    assertThat(HfPath.parse("hf://datasets/" + repo.id() + "@feature%2Fx/b.txt").revision())
        .isEqualTo("feature/x");
    client.deleteTag(repo, "v1");
    client.deleteBranch(repo, "feature/x");
    refs = client.listRefs(repo);
    assertThat(refs.branches()).extracting(GitRef::name).containsExactly("main");
    assertThat(refs.tags()).isEmpty();
    assertThatThrownBy(() -> client.resolveRevision(repo, "feature/x"))
        .isInstanceOf(RevisionNotFoundException.class);
  }

  @Test
  void pullRequestCommitAndMerge() {
    RepoRef repo = repoWithFiles("pr", "a.txt", "1");
    CommitResult pr =
        client
            .commit(repo)
            .add(CommitOperation.add("p.txt", utf8("pr")))
            .message("proposal")
            .createPr()
            .call();
    assertThat(pr.pullRequestNumber()).isNotNull();
    assertThat(pr.pullRequestUrl()).endsWith("/discussions/" + pr.pullRequestNumber());
    assertThat(client.readAllBytes(repo, pr.pullRequestRevision(), "p.txt")).isEqualTo(utf8("pr"));
    assertThatThrownBy(() -> client.readAllBytes(repo, "main", "p.txt"))
        .isInstanceOf(EntryNotFoundException.class);
    client.mergePullRequest(repo, pr.pullRequestNumber(), "lgtm");
    assertThat(client.readAllBytes(repo, "main", "p.txt")).isEqualTo(utf8("pr"));

    PullRequest opened = client.createPullRequest(repo, "empty pr", "desc");
    assertThat(opened.number()).isGreaterThan(pr.pullRequestNumber());
    assertThat(opened.revision()).isEqualTo("refs/pr/" + opened.number());
    assertThat(client.listRefsWithPullRequests(repo).pullRequests())
        .extracting(GitRef::ref)
        .contains(opened.revision());
  }

  @Test
  void typedErrorsNameWhatFailed() {
    RepoRef missing = RepoRef.dataset("dev/does-not-exist");
    assertThatThrownBy(() -> client.repoInfo(missing, null))
        .isInstanceOf(RepoNotFoundException.class)
        .hasMessageContaining("dev/does-not-exist")
        .satisfies(
            e -> {
              HubException h = (HubException) e;
              assertThat(h.status()).isEqualTo(404);
              assertThat(h.errorCode()).isEqualTo("RepoNotFound");
              assertThat(h.repo()).isEqualTo(missing);
            });
    RepoRef repo = repoWithFiles("errs", "a.txt", "1");
    assertThatThrownBy(() -> client.repoInfo(repo, "nope"))
        .isInstanceOf(RevisionNotFoundException.class)
        .hasMessageContaining("'nope'");
    HubClient anonymous = HubClient.builder().endpoint(HUB.url()).token(null).build();
    assertThatThrownBy(anonymous::whoami)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("HF_TOKEN");
    HubClient bad =
        HubClient.builder().endpoint(HUB.url()).token("hf_not_a_valid_token_000000").build();
    assertThatThrownBy(bad::whoami)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageNotContaining("hf_not_a_valid_token_000000");
    HubClient reader = HubClient.builder().endpoint(HUB.url()).token(HUB.readToken()).build();
    assertThatThrownBy(
            () ->
                reader
                    .commit(repo)
                    .add(CommitOperation.add("x.txt", utf8("x")))
                    .message("no rights")
                    .call())
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining(repo.id());
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .add(CommitOperation.delete("ghost.txt"))
                    .message("rm ghost")
                    .call())
        .isInstanceOf(EntryNotFoundException.class);
  }

  @Test
  void iteratorsAreLazyAndPaged() {
    RepoRef repo = HubFixture.datasetId("paged");
    client.createRepo(repo).call();
    List<CommitOperation> ops = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ops.add(CommitOperation.add("f" + i + ".txt", utf8("" + i)));
    }
    client.commit(repo).addAll(ops).message("ten").call();
    HUB.resetCounters();
    var it = client.listTree(repo).revision("main").iterate();
    assertThat(it.next()).isNotNull();
    assertThat(HUB.counter("api")).isEqualTo(1);
    List<String> rest = new ArrayList<>();
    it.forEachRemaining(e -> rest.add(e.path()));
    assertThat(rest).hasSize(10); // 11 entries incl. .gitattributes, minus the first
    assertThat(HUB.counter("api")).isEqualTo(4); // ceil(11 / 3)
    assertThat(rest.stream().collect(Collectors.toSet())).hasSize(10);
  }

  @Test
  void parquetConversionRefAndAlias() {
    RepoRef repo = repoWithFiles("convert", "data.csv", "a\n1\n");
    client.createBranch(repo, "refs/convert/parquet", null);
    client
        .commit(repo)
        .branch("refs/convert/parquet")
        .add(CommitOperation.add("default/train/0000.parquet", utf8("PAR1-not-really")))
        .message("convert")
        .call();
    HfPath p = HfPath.parse("hf://datasets/" + repo.id() + "@~parquet/default/train/0000.parquet");
    assertThat(client.readAllBytes(p.repo(), p.revision(), p.path()))
        .isEqualTo(utf8("PAR1-not-really"));
    assertThat(client.listTree(p.repo()).revision(p.revision()).path("default").recursive().call())
        .extracting(TreeEntry::path)
        .contains("default/train/0000.parquet");
    assertThat(client.resolveRevision(repo, "~parquet"))
        .isEqualTo(client.resolveRevision(repo, "refs/convert/parquet"));
    assertThat(client.listRefs(repo).converts())
        .extracting(GitRef::ref)
        .containsExactly("refs/convert/parquet");
  }

  @Test
  void uploadLfsFromAStreamThenCommitPointer() throws Exception {
    RepoRef repo = HubFixture.datasetId("spool");
    client.createRepo(repo).call();
    byte[] data = new byte[123_457];
    new Random(5).nextBytes(data);
    LfsUpload up = LfsUpload.spool(new java.io.ByteArrayInputStream(data), tmp);
    assertThat(up.size()).isEqualTo(data.length);
    assertThat(up.sha256()).isEqualTo(LfsUpload.sha256Hex(data));
    assertThat(up.sample()).hasSize(512);
    client.uploadLfs(repo).revision("main").add(up).call();
    CommitResult r =
        client
            .commit(repo)
            .add(CommitOperation.addLfs("shards/a.bin", up.sha256(), up.size()))
            .message("pointer only")
            .call();
    assertThat(r.commitSha()).matches("[0-9a-f]{40}");
    assertThat(client.readAllBytes(repo, "main", "shards/a.bin")).isEqualTo(data);
    TreeEntry e = client.pathsInfo(repo, "main", List.of("shards/a.bin")).get(0);
    assertThat(e.etag()).isEqualTo(up.sha256());
    assertThat(client.fileMetadata(HfPath.of(repo, "main", "shards/a.bin")).etag())
        .isEqualTo(up.sha256());
  }

  @Test
  void preuploadEchoesPathsWithModes() {
    RepoRef repo = repoWithFiles("pre", "a.txt", "1");
    var d =
        client
            .preupload(repo)
            .revision("main")
            .add(
                new PreuploadFile(
                    "x/train-00000-of-00001.parquet", 2000, new byte[] {'P', 'A', 'R', '1'}))
            .add(new PreuploadFile("notes.txt", 10, utf8("hello text")))
            .call();
    assertThat(d.keySet()).containsExactly("x/train-00000-of-00001.parquet", "notes.txt");
    assertThat(d.get("x/train-00000-of-00001.parquet").mode()).isEqualTo(UploadMode.LFS);
    assertThat(d.get("notes.txt").mode()).isEqualTo(UploadMode.REGULAR);
    assertThat(d.get("notes.txt").shouldIgnore()).isFalse();
  }

  @Test
  void privateRepoIsInvisibleWithoutTokenAndTheMessageSaysWhatToDo() {
    RepoRef repo = HubFixture.datasetId("private");
    client.createRepo(repo).privateRepo().call();
    client.commit(repo).add(CommitOperation.add("a.txt", utf8("secret"))).message("a").call();
    HubClient anonymous = HubClient.builder().endpoint(HUB.url()).token(null).build();
    assertThatThrownBy(() -> anonymous.readAllBytes(repo, "main", "a.txt"))
        .isInstanceOf(RepoNotFoundException.class)
        .hasMessageContaining(repo.id())
        .hasMessageContaining("set HF_TOKEN or --hfToken")
        .satisfies(
            e ->
                assertThat(((HubException) e).status())
                    .isEqualTo(401)); // the Hub answers anonymous 401
    assertThat(anonymous.repoExists(repo)).isFalse();
    HubClient reader = HubClient.builder().endpoint(HUB.url()).token(HUB.readToken()).build();
    assertThat(reader.readAllBytes(repo, "main", "a.txt")).isEqualTo(utf8("secret"));
  }
}
