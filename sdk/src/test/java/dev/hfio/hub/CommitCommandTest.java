package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.testing.HubFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JGit-style commands of {@link HubClient}: argument and combination checks, and commits over
 * real HTTP.
 */
class CommitCommandTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static HubClient client;
  @TempDir Path tmp;

  @BeforeAll
  static void client() {
    client = HubClient.builder().endpoint(HUB.url()).token(HUB.writeToken()).build();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> files(RepoRef repo) {
    return client.listTree(repo).recursive().call().stream()
        .filter(TreeEntry::isFile)
        .map(TreeEntry::path)
        .filter(p -> !p.equals(".gitattributes"))
        .sorted()
        .toList();
  }

  @Test
  void settersRejectBadArgumentsNamingTheRepo() {
    RepoRef repo = RepoRef.dataset("dev/never-created");
    CommitCommand c = client.commit(repo);
    assertThatThrownBy(() -> c.branch(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(repo.id());
    assertThatThrownBy(() -> c.message(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message");
    assertThatThrownBy(() -> c.parentCommit("abc123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("abc123")
        .hasMessageContaining("40-hex");
    assertThatThrownBy(() -> c.parentCommit(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.delete("../escape.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../escape.txt");
    assertThatThrownBy(() -> c.addBytes(".git/config", utf8("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".git/");
    assertThatThrownBy(() -> c.addFile("a.bin", tmp.resolve("missing.bin")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.bin");
    assertThatThrownBy(() -> c.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.description(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> client.listTree(repo).revision(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.listTree(repo).path("a/../b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> client.uploadLfs(repo).add(new LfsUpload(tmp, "not-a-sha", 1, new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256");
  }

  @Test
  void callChecksTheCombinationBeforeAnyRequest() {
    RepoRef repo = HubFixture.datasetId("combo");
    HUB.hub().admin().resetCounters();
    assertThatThrownBy(() -> client.commit(repo).addBytes("a.txt", utf8("a")).call())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("message(..)")
        .hasMessageContaining(repo.id());
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .branch("refs/pr/1")
                    .createPr()
                    .addBytes("a.txt", utf8("a"))
                    .message("m")
                    .call())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refs/pr/1");
    assertThat(HUB.hub().admin().counters().values().stream().mapToLong(Long::longValue).sum())
        .isZero();
  }

  @Test
  void commitOfAddsAndDeletesThroughTheCommand() throws Exception {
    RepoRef repo = HubFixture.datasetId("cmd");
    client.createRepo(repo).call();
    byte[] big = new byte[200_000];
    new Random(7).nextBytes(big);
    Path local = Files.write(tmp.resolve("big.bin"), big);
    CommitResult first =
        client
            .commit(repo)
            .addBytes("/keep.txt", utf8("keep"))
            .addBytes("old/a.txt", utf8("a"))
            .addBytes("old/b.txt", utf8("b"))
            .addFile("data/big.bin", local)
            .addBytes("gone.txt", utf8("x"))
            .message("first")
            .description("several adds")
            .call();
    assertThat(first.commitSha()).matches("[0-9a-f]{40}");
    assertThat(files(repo))
        .containsExactly("data/big.bin", "gone.txt", "keep.txt", "old/a.txt", "old/b.txt");
    assertThat(client.pathsInfo(repo, "main", List.of("data/big.bin")).get(0).lfs()).isNotNull();

    CommitResult second =
        client
            .commit(repo)
            .branch("main")
            .delete("gone.txt")
            .deleteFolder("old/")
            .addBytes("new.txt", utf8("n"))
            .parentCommit(first.commitSha())
            .message("second")
            .call();
    assertThat(files(repo)).containsExactly("data/big.bin", "keep.txt", "new.txt");
    assertThat(client.readAllBytes(repo, "main", "data/big.bin")).isEqualTo(big);
    assertThat(client.listCommits(repo, "main"))
        .extracting(CommitInfo::id)
        .startsWith(second.commitSha(), first.commitSha());
  }

  @Test
  void staleParentCommitIsACommitConflictAndChangesNothing() {
    RepoRef repo = HubFixture.datasetId("stale");
    client.createRepo(repo).call();
    String base =
        client.commit(repo).addBytes("a.txt", utf8("1")).message("base").call().commitSha();
    String moved =
        client
            .commit(repo)
            .addBytes("b.txt", utf8("2"))
            .parentCommit(base)
            .message("moves main")
            .call()
            .commitSha();
    CommitCommand stale =
        client
            .commit(repo)
            .addBytes("c.txt", utf8("3"))
            .delete("a.txt")
            .parentCommit(base)
            .message("stale");
    assertThatThrownBy(stale::call)
        .isInstanceOf(CommitConflictException.class)
        .hasMessageContaining(repo.id())
        .hasMessageContaining("main");
    assertThat(client.resolveRevision(repo, "main")).isEqualTo(moved);
    assertThat(files(repo)).containsExactly("a.txt", "b.txt");
    assertThatThrownBy(stale::call)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");
  }

  @Test
  void createPrCommitsToANewPullRequestAndLeavesTheBranch() {
    RepoRef repo = HubFixture.datasetId("pr");
    client.createRepo(repo).privateRepo().existOk().call();
    String head =
        client.commit(repo).addBytes("a.txt", utf8("1")).message("base").call().commitSha();
    CommitResult pr =
        client.commit(repo).addBytes("p.txt", utf8("p")).message("proposal").createPr().call();
    assertThat(pr.pullRequestRevision()).isEqualTo("refs/pr/" + pr.pullRequestNumber());
    assertThat(client.resolveRevision(repo, "main")).isEqualTo(head);
    assertThat(client.listTree(repo).revision(pr.pullRequestRevision()).call())
        .extracting(TreeEntry::path)
        .contains("p.txt");
    assertThat(client.repoInfo(repo, null).isPrivate()).isTrue();
  }
}
