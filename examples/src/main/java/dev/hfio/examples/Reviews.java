package dev.hfio.examples;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * A small, deterministic text-classification dataset (id, text, label) for the examples, so a run
 * needs no download and its result can be checked exactly.
 */
public final class Reviews {
  /** id INT64, text STRING, label INT32 (1 positive, 0 negative). */
  public static final Schema SCHEMA =
      Schema.builder().addInt64Field("id").addStringField("text").addInt32Field("label").build();

  /** The splits the quickstart writes, in order. */
  public static final List<String> SPLITS = List.of("train", "validation", "test");

  private static final String[] GOOD = {
    "a delightful", "an unforgettable", "a moving", "a clever", "a warm"
  };
  private static final String[] BAD = {
    "a tedious", "a forgettable", "a clumsy", "a hollow", "an overlong"
  };
  private static final String[] THING = {
    "film", "story", "performance", "soundtrack", "ending", "script"
  };
  private static final String[] TAIL = {
    "that stays with you.",
    "from start to finish.",
    "and nothing more.",
    "despite a slow middle.",
    "I would watch again.",
    "with great actors."
  };

  private Reviews() {}

  /** {@code n} rows with ids 0..n-1; text and label are pure functions of the id. */
  public static List<Row> generate(int n) {
    List<Row> rows = new ArrayList<>(n);
    for (long id = 0; id < n; id++) {
      boolean positive = (id * 7 + 3) % 5 >= 2;
      String adjective = positive ? GOOD[(int) (id % GOOD.length)] : BAD[(int) (id % BAD.length)];
      String text =
          "Review "
              + id
              + ": "
              + adjective
              + " "
              + THING[(int) (id % THING.length)]
              + " "
              + TAIL[(int) ((id / 3) % TAIL.length)];
      rows.add(Row.withSchema(SCHEMA).addValues(id, text, positive ? 1 : 0).build());
    }
    return rows;
  }

  /** The split of a row: 80% train, 10% validation, 10% test, by id. */
  public static String splitOf(Row row) {
    long bucket = row.getInt64("id") % 10;
    return bucket < 8 ? "train" : bucket == 8 ? "validation" : "test";
  }

  /** The rows of one split, in id order. */
  public static List<Row> split(List<Row> rows, String split) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (splitOf(r).equals(split)) {
        out.add(r);
      }
    }
    return out;
  }
}
