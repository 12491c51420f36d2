package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.InvalidHfPathException;
import dev.hfio.hub.RepoNotFoundException;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.hub.RevisionNotFoundException;
import dev.hfio.hub.TreeEntry;
import dev.hfio.testing.HubFixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.CreateOptions.StandardCreateOptions;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MatchResult.Status;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every method of the hf:// FileSystem over real HTTP against an embedded localhub. */
class HfFileSystemTest {
  @RegisterExtension
  static final HubFixture HUB = new HubFixture(b -> b.pageSize(7).lfsThresholdBytes(10_000));

  static HfFileSystem fs;
  static HubClient client;
  static final byte[] BIG = new byte[40_000]; // above the hub's LFS threshold below

  @BeforeAll
  static void start() throws Exception {
    fs = fs(HUB.writeToken());
    client = HUB.client();
    new Random(7).nextBytes(BIG);
  }

  @BeforeEach
  void install() {
    HUB.options(HUB.writeToken());
  }

  private static List<String> ids(MatchResult r) throws IOException {
    return r.metadata().stream().map(m -> m.resourceId().toString()).collect(Collectors.toList());
  }

  private static String read(ResourceId id) throws IOException {
    try (ReadableByteChannel ch = FileSystems.open(id)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 20);
      while (ch.read(b) >= 0) {
        if (!b.hasRemaining()) {
          break;
        }
      }
      b.flip();
      return StandardCharsets.UTF_8.decode(b).toString();
    }
  }

  /** An hf:// FileSystem on the hub with {@code token}, no retries, 1 MiB read-ahead. */
  private static HfFileSystem fs(String token) {
    return new HfFileSystem(HUB.config(token, RetryPolicy.NONE), 1 << 20);
  }

  /** Reads until {@code b} is full (or end of file). */
  private static void fill(ReadableByteChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining() && ch.read(b) >= 0) {
      // keep reading
    }
  }

  private static String sha(RepoRef repo) {
    return client.resolveRevision(repo, "main");
  }

  @Test
  void matchesGlobsWithOneListingAndPinsTheCommit() throws Exception {
    RepoRef repo =
        HUB.newDataset(
            "glob",
            "train/a.parquet",
            "A",
            "train/b.parquet",
            "BB",
            "train/sub/c.parquet",
            "CCC",
            "test/d.parquet",
            "D",
            "train/notes.txt",
            "n",
            "x1.csv",
            "1",
            "x2.csv",
            "2",
            "xa.csv",
            "a");
    String sha = sha(repo);
    String r = HubFixture.root(repo);
    HUB.resetCounters();
    List<MatchResult> res =
        FileSystems.match(
            List.of(
                r + "/train/*.parquet",
                r + "/**/*.parquet",
                r + "/x?.csv",
                r + "/x[0-9].csv",
                r + "/train/**"));
    assertThat(ids(res.get(0)))
        .containsExactly(r + "@" + sha + "/train/a.parquet", r + "@" + sha + "/train/b.parquet");
    assertThat(ids(res.get(1)))
        .containsExactlyInAnyOrder(
            r + "@" + sha + "/train/a.parquet",
            r + "@" + sha + "/train/b.parquet",
            r + "@" + sha + "/train/sub/c.parquet",
            r + "@" + sha + "/test/d.parquet");
    assertThat(ids(res.get(2)))
        .containsExactly(
            r + "@" + sha + "/x1.csv", r + "@" + sha + "/x2.csv", r + "@" + sha + "/xa.csv");
    assertThat(ids(res.get(3)))
        .containsExactly(r + "@" + sha + "/x1.csv", r + "@" + sha + "/x2.csv");
    assertThat(ids(res.get(4))).hasSize(4);
    Metadata b = res.get(0).metadata().get(1);
    assertThat(b.sizeBytes()).isEqualTo(2);
    assertThat(b.isReadSeekEfficient()).isTrue();
    assertThat(b.checksum())
        .matches("[0-9a-f]{40}|[0-9a-f]{64}"); // blob sha1, or sha256 for LFS (.parquet)
    // one revision resolution for the five specs; listings: train (flat), root (recursive), root
    // (flat),
    // train (recursive) = 4, each fitting in 7-entry pages except the recursive root one (2 pages)
    assertThat(HUB.routeCount("/revision"))
        .as(HUB.hub().admin().counters().toString())
        .isEqualTo(1);
    long listingCalls = HUB.routeCount("/tree");
    assertThat(listingCalls).isBetween(4L, 6L);
    // open after match: no HEAD (size from the listing), one ranged GET
    HUB.resetCounters();
    assertThat(read(b.resourceId())).isEqualTo("BB");
    assertThat(HUB.counter("api")).isZero();
    assertThat(HUB.counter("resolve")).isEqualTo(1);
    // the pinned id keeps reading the old snapshot after a new commit
    client
        .commit(repo)
        .add(
            new CommitOperation.AddBytes(
                "train/b.parquet", "changed".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .message("change b")
        .call();
    assertThat(read(b.resourceId())).isEqualTo("BB");
    assertThat(read(FileSystems.matchNewResource(r + "/train/b.parquet", false)))
        .isEqualTo("changed");
  }

  @Test
  void literalSpecsShareOnePathsInfoCallAndKeepOrder() throws Exception {
    RepoRef repo =
        HUB.newDataset("lit", "data/a.txt", "aaa", "data/deep/b.txt", "b", "README.md", "hi");
    String sha = sha(repo);
    String r = HubFixture.root(repo);
    HUB.resetCounters();
    List<MatchResult> res =
        FileSystems.match(
            List.of(
                r + "/README.md",
                r + "/data",
                r + "/missing.txt",
                r + "/data/",
                r + "/data/a.txt",
                r,
                r + "/README.md/"));
    assertThat(ids(res.get(0))).containsExactly(r + "@" + sha + "/README.md");
    assertThat(res.get(0).metadata().get(0).sizeBytes()).isEqualTo(2);
    assertThat(res.get(0).metadata().get(0).lastModifiedMillis()).isPositive();
    assertThat(ids(res.get(1))).containsExactly(r + "@" + sha + "/data/");
    assertThat(res.get(1).metadata().get(0).resourceId().isDirectory()).isTrue();
    assertThat(res.get(2).status()).isEqualTo(Status.NOT_FOUND);
    assertThatThrownBy(() -> res.get(2).metadata())
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("missing.txt")
        .hasMessageContaining(sha);
    assertThat(ids(res.get(3))).containsExactly(r + "@" + sha + "/data/");
    assertThat(ids(res.get(4))).containsExactly(r + "@" + sha + "/data/a.txt");
    assertThat(ids(res.get(5))).containsExactly(r + "@" + sha + "/");
    assertThat(res.get(6).status()).isEqualTo(Status.NOT_FOUND);
    assertThatThrownBy(() -> res.get(6).metadata()).hasMessageContaining("it is a file");
    assertThat(HUB.counter("api"))
        .as(HUB.hub().admin().counters().toString())
        .isEqualTo(2); // repo-info + paths-info
  }

  @Test
  void explicitShaNeedsNoResolution() throws Exception {
    RepoRef repo = HUB.newDataset("sha", "f.txt", "x");
    String sha = sha(repo);
    HUB.resetCounters();
    MatchResult m = fs.match(List.of(HubFixture.root(repo) + "@" + sha + "/f.txt")).get(0);
    assertThat(m.metadata().get(0).sizeBytes()).isEqualTo(1);
    assertThat(HUB.routeCount("/revision")).isZero();
  }

  @Test
  void badInputGivesTypedResultsAndErrors() throws Exception {
    RepoRef repo = HUB.newDataset("bad", "f.txt", "x");
    String r = HubFixture.root(repo);
    List<MatchResult> res =
        fs.match(
            List.of(
                "hf://datasets/dev/no-such-repo/f.txt",
                r + "@nope/f.txt",
                r + "/dir/*.txt",
                r + "/*.parquet",
                "hf://datasets/dev/no-such-repo/*.txt"));
    assertThat(res.get(0).status()).isEqualTo(Status.NOT_FOUND);
    assertThatThrownBy(() -> res.get(0).metadata())
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("dev/no-such-repo")
        .hasMessageContaining("HF_TOKEN")
        .hasCauseInstanceOf(RepoNotFoundException.class);
    assertThatThrownBy(() -> res.get(1).metadata())
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("nope")
        .hasCauseInstanceOf(RevisionNotFoundException.class);
    assertThatThrownBy(() -> res.get(2).metadata())
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("No files match");
    assertThat(res.get(3).status()).isEqualTo(Status.NOT_FOUND);
    assertThat(res.get(4).status()).isEqualTo(Status.NOT_FOUND);
    // EmptyMatchTreatment is applied by FileSystems on our NOT_FOUND
    assertThat(FileSystems.match(r + "/*.parquet", EmptyMatchTreatment.ALLOW).metadata()).isEmpty();
    assertThatThrownBy(
            () -> FileSystems.match(r + "/*.parquet", EmptyMatchTreatment.DISALLOW).metadata())
        .isInstanceOf(IOException.class);
    assertThat(
            FileSystems.match(r + "/*.parquet", EmptyMatchTreatment.ALLOW_IF_WILDCARD).metadata())
        .isEmpty();
    // malformed strings
    assertThatThrownBy(() -> fs.match(List.of("hf://datasets/onlyname")))
        .isInstanceOf(InvalidHfPathException.class)
        .hasMessageContaining("namespace/name");
    assertThatThrownBy(() -> fs.match(List.of("hf://dataset/a/b/x")))
        .isInstanceOf(InvalidHfPathException.class);
    assertThatThrownBy(() -> fs.match(List.of(r + "/a/**x/*.txt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid glob");
  }

  @Test
  void serverErrorsAreRetriedPerOptionsElseReportedAsError() throws Exception {
    RepoRef repo = HUB.newDataset("faults", "f.txt", "x");
    String spec = HubFixture.root(repo) + "/*.txt";
    HUB.hub()
        .admin()
        .inject(dev.hfio.localhub.Fault.on(dev.hfio.localhub.RouteClass.API).status(503).times(1));
    MatchResult failed = fs.match(List.of(spec)).get(0); // RetryPolicy.NONE
    assertThat(failed.status()).isEqualTo(Status.ERROR);
    assertThatThrownBy(failed::metadata)
        .isInstanceOf(HfFileSystemException.class)
        .hasMessageContaining(repo.id())
        .hasCauseInstanceOf(dev.hfio.hub.HubException.class);
    HfOptions o = HUB.options(HUB.writeToken());
    o.setHfMaxAttempts(3);
    HfFileSystem retrying =
        new HfFileSystem(
            HfOptions.hubConfig(o)
                .withRetryPolicy(
                    HfOptions.hubConfig(o)
                        .retryPolicy()
                        .withBackoff(
                            java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(20))),
            1 << 20);
    HUB.hub()
        .admin()
        .inject(dev.hfio.localhub.Fault.on(dev.hfio.localhub.RouteClass.API).status(503).times(2));
    assertThat(ids(retrying.match(List.of(spec)).get(0))).hasSize(1);
    HUB.hub().admin().clearFaults();
  }

  @Test
  void privateRepoNeedsAToken() throws Exception {
    RepoRef repo = HubFixture.datasetId("private");
    client.createRepo(repo).privateRepo().call();
    client
        .commit(repo)
        .add(
            new CommitOperation.AddBytes(
                "f.txt", "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .message("add")
        .call();
    String spec = HubFixture.root(repo) + "/f.txt";
    MatchResult anonymous = fs(null).match(List.of(spec)).get(0);
    assertThat(anonymous.status()).isEqualTo(Status.NOT_FOUND);
    assertThatThrownBy(anonymous::metadata)
        .hasMessageContaining("--hfToken")
        .hasMessageContaining(repo.id());
    String wrong = "hf_wrongwrongwrongwrongwrongwrong";
    MatchResult bad = fs(wrong).match(List.of(spec)).get(0);
    assertThat(bad.status()).isIn(Status.ERROR, Status.NOT_FOUND);
    assertThatThrownBy(bad::metadata)
        .isInstanceOf(IOException.class)
        .hasMessageNotContaining(wrong)
        .hasMessageContaining(repo.id());
    assertThat(fs.match(List.of(spec)).get(0).metadata()).hasSize(1);
    assertThat(read(fs.match(List.of(spec)).get(0).metadata().get(0).resourceId()))
        .isEqualTo("secret");
  }

  @Test
  void openSeeksAndReportsMissingFiles() throws Exception {
    RepoRef repo = HUB.newDataset("open", "f.txt", "0123456789");
    ResourceId id = FileSystems.matchNewResource(HubFixture.root(repo) + "/f.txt", false);
    try (SeekableByteChannel ch = (SeekableByteChannel) FileSystems.open(id)) {
      assertThat(ch.size()).isEqualTo(10);
      ch.position(6);
      ByteBuffer b = ByteBuffer.allocate(3);
      assertThat(ch.read(b)).isEqualTo(3);
      assertThat(new String(b.array(), StandardCharsets.UTF_8)).isEqualTo("678");
    }
    ResourceId missing = FileSystems.matchNewResource(HubFixture.root(repo) + "/nope.txt", false);
    assertThatThrownBy(() -> read(missing))
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("nope.txt")
        .hasCauseInstanceOf(EntryNotFoundException.class);
    assertThatThrownBy(
            () ->
                FileSystems.open(FileSystems.matchNewResource(HubFixture.root(repo) + "/d", true)))
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("directory");
  }

  @Test
  void footerAndBigReadsFetchNoMoreThanAsked() throws Exception {
    byte[] content = new byte[600_000];
    new Random(3).nextBytes(content);
    RepoRef repo = HUB.newDataset("ranges");
    client.commit(repo).add(new CommitOperation.AddBytes("f.bin", content)).message("f").call();
    Metadata m = FileSystems.match(HubFixture.root(repo) + "/f.bin").metadata().get(0);
    HUB.resetCounters();
    HfFileSystem smallReadAhead =
        new HfFileSystem(HUB.config(HUB.writeToken(), RetryPolicy.NONE), 128 * 1024);
    try (SeekableByteChannel ch =
        (SeekableByteChannel) smallReadAhead.open((HfResourceId) m.resourceId())) {
      ch.position(content.length - 8); // a Parquet reader's first move: footer length + magic
      ByteBuffer b = ByteBuffer.allocate(8);
      ch.read(b);
      assertThat(b.array())
          .isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 8, content.length));
      ch.position(content.length - 5000); // the footer itself: already fetched
      ByteBuffer f = ByteBuffer.allocate(4992);
      ch.read(f);
      assertThat(HUB.awaitCounter("bytesServed", HfReadChannel.TAIL)).isEqualTo(HfReadChannel.TAIL);
      ch.position(100_000); // a whole column chunk, bigger than the read-ahead: fetched exactly
      ByteBuffer chunk = ByteBuffer.allocate(300_000);
      fill(ch, chunk);
      assertThat(chunk.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 100_000, 400_000));
      assertThat(ch.position()).isEqualTo(400_000);
      assertThat(HUB.awaitCounter("bytesServed", HfReadChannel.TAIL + 300_000))
          .isEqualTo(HfReadChannel.TAIL + 300_000);
      // continuing sequentially with another big read: also exact (this used to go through the 128
      // KiB
      // read-ahead and fetch 28 KiB more than asked)
      ByteBuffer next = ByteBuffer.allocate(100_000);
      fill(ch, next);
      long served = HfReadChannel.TAIL + 400_000;
      assertThat(HUB.awaitCounter("bytesServed", served)).isEqualTo(served);
      ch.position(0); // a small read after a seek: a 64 KiB minimum, not the read-ahead
      ByteBuffer small = ByteBuffer.allocate(1000);
      ch.read(small);
      assertThat(small.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 0, 1000));
      served += HfReadChannel.BIG_READ;
      assertThat(HUB.awaitCounter("bytesServed", served)).isEqualTo(served);
      ByteBuffer rest =
          ByteBuffer.allocate(100_000 - 1000); // small reads continuing it: served from that buffer
      while (rest.hasRemaining()) {
        rest.limit(Math.min(rest.capacity(), rest.position() + 8192));
        assertThat(ch.read(rest)).isPositive();
        rest.limit(rest.capacity());
      }
      assertThat(rest.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 100_000));
      served += 128 * 1024; // then the first sequential miss (at 64 KiB) reads ahead 128 KiB
      assertThat(HUB.awaitCounter("bytesServed", served)).isEqualTo(served);
    }
    // CDN mode: f.bin is LFS; the first GET resolves (302), the channel then reads the CDN URL
    // directly
    assertThat(HUB.counter("resolve")).isEqualTo(1);
    assertThat(HUB.counter("cdn")).isEqualTo(5);
    assertThat(HUB.counter("api")).isZero();
  }

  @Test
  void createCommitsOneFileOnClose() throws Exception {
    RepoRef repo = HUB.newDataset("create");
    ResourceId small =
        FileSystems.matchNewResource(HubFixture.root(repo) + "/out/small.txt", false);
    ResourceId big = FileSystems.matchNewResource(HubFixture.root(repo) + "/out/big.bin", false);
    HUB.resetCounters();
    try (WritableByteChannel ch =
        FileSystems.create(
            small, StandardCreateOptions.builder().setMimeType("text/plain").build())) {
      ch.write(ByteBuffer.wrap("hello ".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      ch.write(ByteBuffer.wrap("world".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(client.pathsInfo(repo, "main", List.of("out/small.txt")))
          .isEmpty(); // not before close
    }
    assertThat(HUB.counter("commit")).isEqualTo(1);
    assertThat(read(small)).isEqualTo("hello world");
    try (WritableByteChannel ch =
        FileSystems.create(big, StandardCreateOptions.builder().setMimeType("b").build())) {
      ch.write(ByteBuffer.wrap(BIG));
    }
    TreeEntry e = client.pathsInfo(repo, "main", List.of("out/big.bin")).get(0);
    assertThat(e.lfs()).isNotNull();
    assertThat(client.readAllBytes(repo, "main", "out/big.bin")).isEqualTo(BIG);
    assertThat(HUB.counter("commit")).isEqualTo(2);
  }

  @Test
  void writesWithoutWriteTokenFailWithTypedErrors() throws Exception {
    RepoRef repo = HUB.newDataset("ro", "a.txt", "a");
    HfResourceId target = HfResourceId.parse(HubFixture.root(repo) + "/b.txt");
    HfResourceId a = HfResourceId.parse(HubFixture.root(repo) + "/a.txt");
    HfFileSystem anonymous = fs(null);
    assertThatThrownBy(
            () ->
                anonymous.create(target, StandardCreateOptions.builder().setMimeType("x").build()))
        .isInstanceOf(HfTokenRequiredException.class)
        .hasMessageContaining("--hfToken")
        .hasMessageContaining("HF_TOKEN");
    assertThatThrownBy(() -> anonymous.delete(List.of(a)))
        .isInstanceOf(HfTokenRequiredException.class);
    assertThatThrownBy(() -> anonymous.copy(List.of(a), List.of(target)))
        .isInstanceOf(HfTokenRequiredException.class);
    HfFileSystem readOnly = fs(HUB.readToken());
    WritableByteChannel ch =
        readOnly.create(target, StandardCreateOptions.builder().setMimeType("x").build());
    ch.write(ByteBuffer.wrap("b".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThatThrownBy(ch::close)
        .isInstanceOf(HfTokenRequiredException.class)
        .hasMessageContaining("--hfToken")
        .hasMessageNotContaining(HUB.readToken());
    assertThatThrownBy(() -> readOnly.delete(List.of(a)))
        .isInstanceOf(HfTokenRequiredException.class)
        .hasMessageNotContaining(HUB.readToken());
    assertThat(client.pathsInfo(repo, "main", List.of("a.txt", "b.txt"))).hasSize(1);
    String sha = sha(repo);
    assertThatThrownBy(
            () ->
                fs.create(
                    HfResourceId.parse(HubFixture.root(repo) + "@" + sha + "/c.txt"),
                    StandardCreateOptions.builder().setMimeType("x").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("branch");
  }

  @Test
  void copyIsOneCommitAndCopiesLfsByOid() throws Exception {
    RepoRef repo = HUB.newDataset("copy", "a.txt", "alpha", "b.txt", "beta");
    client.commit(repo).add(new CommitOperation.AddBytes("big.bin", BIG)).message("big").call();
    String r = HubFixture.root(repo);
    List<ResourceId> srcs = new ArrayList<>();
    List<ResourceId> dsts = new ArrayList<>();
    for (String n : List.of("a.txt", "b.txt", "big.bin")) {
      srcs.add(FileSystems.matchNewResource(r + "/" + n, false));
      dsts.add(FileSystems.matchNewResource(r + "/copies/" + n, false));
    }
    HUB.resetCounters();
    FileSystems.copy(srcs, dsts);
    assertThat(HUB.counter("commit")).isEqualTo(1);
    assertThat(HUB.counter("lfs")).isZero(); // LFS content not uploaded again
    assertThat(read(dsts.get(0))).isEqualTo("alpha");
    assertThat(read(dsts.get(1))).isEqualTo("beta");
    assertThat(client.readAllBytes(repo, "main", "copies/big.bin")).isEqualTo(BIG);
    assertThat(read(srcs.get(0))).isEqualTo("alpha");
    // missing source: nothing committed
    HUB.resetCounters();
    assertThatThrownBy(
            () ->
                fs.copy(
                    List.of(HfResourceId.parse(r + "/a.txt"), HfResourceId.parse(r + "/zz.txt")),
                    List.of(HfResourceId.parse(r + "/c1.txt"), HfResourceId.parse(r + "/c2.txt"))))
        .isInstanceOf(HfFileNotFoundException.class)
        .hasMessageContaining("zz.txt");
    assertThat(HUB.counter("commit")).isZero();
    // across repos the LFS content is uploaded again
    RepoRef other = HUB.newDataset("copy-dst");
    fs.copy(
        List.of(HfResourceId.parse(r + "/big.bin")),
        List.of(HfResourceId.parse(HubFixture.root(other) + "/big.bin")));
    assertThat(client.readAllBytes(other, "main", "big.bin")).isEqualTo(BIG);
  }

  @Test
  void renameIsOneCommitAndRefusesMoveOptions() throws Exception {
    RepoRef repo = HUB.newDataset("rename", "tmp/a.txt", "alpha", "tmp/b.txt", "beta");
    client.commit(repo).add(new CommitOperation.AddBytes("tmp/big.bin", BIG)).message("big").call();
    String r = HubFixture.root(repo);
    List<HfResourceId> srcs = new ArrayList<>();
    List<HfResourceId> dsts = new ArrayList<>();
    for (String n : List.of("a.txt", "b.txt", "big.bin")) {
      srcs.add(HfResourceId.parse(r + "/tmp/" + n));
      dsts.add(HfResourceId.parse(r + "/final/" + n));
    }
    assertThatThrownBy(() -> fs.rename(srcs, dsts, StandardMoveOptions.IGNORE_MISSING_FILES))
        .isInstanceOf(UnsupportedOperationException.class);
    HUB.resetCounters();
    fs.rename(srcs, dsts);
    assertThat(HUB.counter("commit")).isEqualTo(1);
    assertThat(HUB.counter("lfs")).isZero();
    List<String> files =
        client.listTree(repo).revision("main").recursive().call().stream()
            .filter(TreeEntry::isFile)
            .map(TreeEntry::path)
            .collect(Collectors.toList());
    assertThat(files)
        .containsExactlyInAnyOrder("final/a.txt", "final/b.txt", "final/big.bin", ".gitattributes");
    assertThat(client.readAllBytes(repo, "main", "final/big.bin")).isEqualTo(BIG);
    // FileSystems falls back to match + plain rename when options are given
    ResourceId gone = FileSystems.matchNewResource(r + "/tmp/a.txt", false);
    ResourceId again = FileSystems.matchNewResource(r + "/final/a.txt", false);
    ResourceId moved = FileSystems.matchNewResource(r + "/moved/a.txt", false);
    FileSystems.rename(
        List.of(gone, again),
        List.of(FileSystems.matchNewResource(r + "/x.txt", false), moved),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    assertThat(read(moved)).isEqualTo("alpha");
  }

  @Test
  void deleteIsOneCommitForFilesAndFolders() throws Exception {
    RepoRef repo =
        HUB.newDataset(
            "delete",
            "a.txt",
            "a",
            "b.txt",
            "b",
            "dir/c.txt",
            "c",
            "dir/sub/d.txt",
            "d",
            "keep.txt",
            "k");
    String r = HubFixture.root(repo);
    HUB.resetCounters();
    fs.delete(
        List.of(
            HfResourceId.parse(r + "/a.txt"),
            HfResourceId.parse(r + "/b.txt"),
            HfResourceId.parse(r + "/dir/")));
    assertThat(HUB.counter("commit")).isEqualTo(1);
    List<String> files =
        client.listTree(repo).revision("main").recursive().call().stream()
            .filter(TreeEntry::isFile)
            .map(TreeEntry::path)
            .collect(Collectors.toList());
    assertThat(files).containsExactlyInAnyOrder("keep.txt", ".gitattributes");
    assertThatThrownBy(() -> fs.delete(List.of(HfResourceId.parse(r + "/"))))
        .isInstanceOf(IllegalArgumentException.class);
    // a missing file is reported with a typed error; FileSystems' IGNORE_MISSING_FILES filters it
    // first
    assertThatThrownBy(() -> fs.delete(List.of(HfResourceId.parse(r + "/nope.txt"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope.txt");
    FileSystems.delete(
        List.of(FileSystems.matchNewResource(r + "/nope.txt", false)),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    // IGNORE_MISSING_FILES re-matches, so existing ids arrive pinned to the head sha: deleted on
    // that branch
    FileSystems.delete(
        List.of(FileSystems.matchNewResource(r + "/keep.txt", false)),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    assertThat(client.pathsInfo(repo, "main", List.of("keep.txt"))).isEmpty();
  }

  @Test
  void deletingAnIdPinnedToAnOldCommitIsRefused() throws Exception {
    RepoRef repo = HUB.newDataset("stale", "a.txt", "a", "b.txt", "b");
    Metadata m = FileSystems.match(HubFixture.root(repo) + "/a.txt").metadata().get(0);
    client.commit(repo).add(new CommitOperation.Delete("b.txt")).message("move on").call();
    assertThatThrownBy(() -> fs.delete(List.of((HfResourceId) m.resourceId())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no longer the head");
    assertThat(client.pathsInfo(repo, "main", List.of("a.txt"))).hasSize(1);
  }
}
