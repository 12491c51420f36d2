package dev.hfio.fs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.testing.HubFixture;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files whose names hold any reserved URL character (or non-ASCII) round-trip through commit,
 * listing, paths-info, download (whole, stream, range, metadata) and hf:// reads, as regular and as
 * LFS files. One table, every failure reported.
 */
class ReservedCharacterPathsTest {
  static final List<String> CHARS =
      List.of(
          "[", "]", "#", "?", "%", "%41", "+", " ", ";", ",", "&", "=", "@", ":", "é", "日本", "'",
          "!", "$", "(", ")", "*", "~");
  @RegisterExtension static final HubFixture HUB = new HubFixture(b -> b.lfsThresholdBytes(10_000));

  static HubClient client;
  static RepoRef repo;
  static final Map<String, byte[]> FILES = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    client = HUB.client();
    repo = HubFixture.datasetId("reserved");
    client.createRepo(repo).call();
    Random rnd = new Random(13);
    int i = 0;
    for (String c : CHARS) {
      FILES.put("small/a" + c + "b" + i + ".txt", ("small " + c).getBytes(UTF_8));
      byte[] big = new byte[20_000];
      rnd.nextBytes(big);
      FILES.put("dir" + c + "x/big" + c + i + ".bin", big);
      i++;
    }
    List<CommitOperation> ops = new ArrayList<>();
    FILES.forEach((p, b) -> ops.add(new CommitOperation.AddBytes(p, b)));
    client.commit(repo).addAll(ops).message("reserved names").call();
    HUB.options(HUB.writeToken());
  }

  private static byte[] readHf(String path) throws Exception {
    ResourceId id = FileSystems.matchNewResource("hf://datasets/" + repo.id() + "/" + path, false);
    try (ReadableByteChannel ch = FileSystems.open(id);
        InputStream in = Channels.newInputStream(ch)) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyReservedCharacterWorksEverywhere() {
    SoftAssertions soft = new SoftAssertions();
    List<String> listed =
        client.listTree(repo).revision("main").recursive().call().stream()
            .filter(TreeEntry::isFile)
            .map(TreeEntry::path)
            .filter(p -> !p.equals(".gitattributes"))
            .collect(Collectors.toList());
    soft.assertThat(listed).as("list").containsExactlyInAnyOrderElementsOf(FILES.keySet());
    List<String> info =
        client.pathsInfo(repo, "main", FILES.keySet()).stream()
            .map(TreeEntry::path)
            .collect(Collectors.toList());
    soft.assertThat(info).as("paths-info").containsExactlyInAnyOrderElementsOf(FILES.keySet());
    for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
      String p = f.getKey();
      byte[] want = f.getValue();
      String dir = p.substring(0, p.lastIndexOf('/'));
      soft.assertThatCode(
              () -> {
                List<String> inDir =
                    client.listTree(repo).revision("main").path(dir).call().stream()
                        .map(TreeEntry::path)
                        .collect(Collectors.toList());
                if (!inDir.contains(p)) {
                  throw new AssertionError("not listed in its folder: " + inDir);
                }
              })
          .as("listTree folder " + dir)
          .doesNotThrowAnyException();
      soft.assertThatCode(
              () -> {
                if (!Arrays.equals(client.readAllBytes(repo, "main", p), want)) {
                  throw new AssertionError("wrong bytes");
                }
              })
          .as("readAllBytes " + p)
          .doesNotThrowAnyException();
      soft.assertThatCode(
              () -> {
                try (InputStream in = client.openStream(repo, "main", p)) {
                  if (!Arrays.equals(in.readAllBytes(), want)) {
                    throw new AssertionError("wrong bytes");
                  }
                }
              })
          .as("openStream " + p)
          .doesNotThrowAnyException();
      soft.assertThatCode(
              () -> {
                byte[] r = client.readRange(repo, "main", p, 2, 5);
                if (!Arrays.equals(r, Arrays.copyOfRange(want, 2, 7))) {
                  throw new AssertionError("wrong range");
                }
              })
          .as("readRange " + p)
          .doesNotThrowAnyException();
      soft.assertThatCode(
              () -> {
                long size = client.fileMetadata(repo, "main", p).size();
                if (size != want.length) {
                  throw new AssertionError("size " + size);
                }
              })
          .as("fileMetadata " + p)
          .doesNotThrowAnyException();
      soft.assertThatCode(
              () -> {
                if (!Arrays.equals(readHf(p), want)) {
                  throw new AssertionError("wrong bytes");
                }
              })
          .as("hf:// open " + p)
          .doesNotThrowAnyException();
      if (p.matches(".*[\\[\\]?*{}].*")) {
        continue; // glob characters: a match spec is a glob, so these names are matched by their
        // wildcard
      }
      soft.assertThatCode(
              () -> {
                MatchResult m = FileSystems.match("hf://datasets/" + repo.id() + "/" + p);
                if (m.metadata().size() != 1 || m.metadata().get(0).sizeBytes() != want.length) {
                  throw new AssertionError("match " + m.metadata());
                }
              })
          .as("hf:// match " + p)
          .doesNotThrowAnyException();
    }
    soft.assertAll();
  }
}
