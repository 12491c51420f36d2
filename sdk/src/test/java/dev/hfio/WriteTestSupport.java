package dev.hfio;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowGroupReader;
import dev.hfio.localhub.LocalHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Test helpers: rows to write, and reading back what landed on localhub through the Parquet engine.
 */
final class WriteTestSupport {
  private WriteTestSupport() {}

  private static final AtomicInteger REPOS = new AtomicInteger();

  static final Schema SCHEMA =
      Schema.builder().addInt64Field("id").addStringField("name").addDoubleField("score").build();

  static List<Row> rows(long from, long count) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < from + count; i++) {
      out.add(Row.withSchema(SCHEMA).addValues(i, "name-" + i, i * 0.5).build());
    }
    return out;
  }

  static HubClientConfig config(LocalHub hub, String token) {
    return new HubClientConfig(
        hub.url(),
        token,
        RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
  }

  static HubClient client(LocalHub hub) {
    return config(hub, hub.writeToken()).client();
  }

  static RepoRef newRepo(HubClient client, String prefix) {
    RepoRef r = RepoRef.dataset("dev/" + prefix + "-" + REPOS.incrementAndGet());
    client.createRepo(r).call();
    return r;
  }

  /** Files (recursive) at the head of {@code rev}, sorted. */
  static List<String> files(HubClient c, RepoRef repo, String rev) {
    return c.listTree(repo).revision(rev).recursive().call().stream()
        .filter(TreeEntry::isFile)
        .map(TreeEntry::path)
        .sorted()
        .collect(Collectors.toList());
  }

  static List<CommitInfo> commits(HubClient c, RepoRef repo, String rev) {
    return c.listCommits(repo, rev);
  }

  /**
   * Every row of every {@code .parquet} file whose path starts with {@code prefix}, as (id, name,
   * score), by id.
   */
  static List<List<Object>> readBack(HubClient c, RepoRef repo, String rev, String prefix)
      throws IOException {
    List<List<Object>> out = new ArrayList<>();
    for (String f : files(c, repo, rev)) {
      if (!f.startsWith(prefix) || !f.endsWith(".parquet")) {
        continue;
      }
      out.addAll(readFile(c, repo, rev, f));
    }
    out.sort(Comparator.comparing(r -> (Long) r.get(0)));
    return out;
  }

  static List<List<Object>> readFile(HubClient c, RepoRef repo, String rev, String path)
      throws IOException {
    Path tmp = Files.createTempFile("hfio-readback-", ".parquet");
    try {
      Files.write(tmp, c.readAllBytes(repo, rev, path));
      List<List<Object>> out = new ArrayList<>();
      try (LocalFileRangeSource src = new LocalFileRangeSource(tmp)) {
        ParquetFooter footer = ParquetFooter.read(src);
        try (RowGroupReader reader = RowGroupReader.builder(src, footer).build()) {
          for (int g = 0; g < footer.rowGroupCount(); g++) {
            reader.readRowGroup(g, r -> out.add(new ArrayList<>(r.getValues())));
          }
        }
      }
      return out;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static List<List<Object>> expected(long from, long count) {
    return rows(from, count).stream()
        .map(r -> (List<Object>) new ArrayList<>(r.getValues()))
        .collect(Collectors.toList());
  }
}
