package dev.hfio;

/**
 * Reads and writes Hugging Face Hub datasets as Beam {@code PCollection<Row>}s.
 *
 * <pre>{@code
 * PCollection<Row> train = p.apply(HfIO.read().from("hf://datasets/username/my_dataset/train"));
 * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset").withSplit("train"));
 * }</pre>
 *
 * <p>Reads are planned once (listing, split resolution, schema from the Parquet footers) and pinned to one commit;
 * they split below the file by Parquet row groups. Writes upload Parquet shards from the workers and publish
 * everything in one atomic commit.
 */
public final class HfIO {
  private HfIO() {}

  // ===== BEGIN READ SECTION (owned by the read work; keep edits inside) =====
  // ===== END READ SECTION =====

  // ===== BEGIN WRITE SECTION (owned by the write work; keep edits inside) =====
  // ===== END WRITE SECTION =====
}
