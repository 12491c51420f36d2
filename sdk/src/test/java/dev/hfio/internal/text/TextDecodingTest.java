package dev.hfio.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The pure decoding pieces of JSON, CSV and text reads (no HTTP). */
class TextDecodingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void lineReaderKeepsStartOffsetsAndDropsCarriageReturns() throws Exception {
    byte[] data = "ab\r\n\nc\nlast".getBytes(StandardCharsets.UTF_8);
    LineReader r = new LineReader(new ByteArrayInputStream(data, 3, data.length - 3), 3);
    // a reader entering mid-file at offset 3 (inside "ab\r\n") skips through the first \n
    r.skipLine();
    assertThat(r.position()).isEqualTo(4);
    List<String> lines = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    while (r.next() >= 0) {
      lines.add(r.text());
      starts.add(r.lineStart());
    }
    assertThat(lines).containsExactly("", "c", "last");
    assertThat(starts).containsExactly(4L, 5L, 7L);
    assertThat(r.position()).isEqualTo(data.length);
  }

  @Test
  void csvParserHandlesQuotesDoubledQuotesAndQuotedLineBreaks() throws Exception {
    String csv = "a,b\n\"x, \"\"y\"\"\",2\n\n\"multi\nline\",3\nplain\"quote,4\n";
    CsvParser p =
        new CsvParser(
            new LineReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), 0),
            ',',
            '"');
    assertThat(p.next()).containsExactly("a", "b");
    assertThat(p.next()).containsExactly("x, \"y\"", "2");
    assertThat(p.next()).isEmpty(); // blank line
    assertThat(p.next()).containsExactly("multi\nline", "3");
    assertThat(p.recordLines()).isEqualTo(2);
    assertThat(p.recordLine()).isEqualTo(3); // 0-based: the 4th line
    assertThat(p.next()).containsExactly("plain\"quote", "4");
    assertThat(p.next()).isNull();
    CsvParser open =
        new CsvParser(
            new LineReader(new ByteArrayInputStream("\"never closed\n1\n".getBytes()), 0),
            ',',
            '"');
    assertThatThrownBy(open::next)
        .isInstanceOf(RecordException.class)
        .hasMessageContaining("not closed");
  }

  @Test
  void csvInferenceFollowsPandas() {
    List<String> names = CsvInference.columnNames(List.of("i", "f", "b", "s", "", "i", "gap", "i"));
    assertThat(names).containsExactly("i", "f", "b", "s", "Unnamed: 4", "i.1", "gap", "i.2");
    List<List<String>> rows =
        List.of(
            List.of("1", "1", "True", "x", "", "7", "1", ""),
            List.of("2", "2.5", "false", "NA", "", "8", "", ""),
            List.of("-3", "1e3", "TRUE", "3", "null", "+9", "3", ""));
    Schema s = CsvInference.infer(names, rows);
    assertThat(s.getFields().stream().map(f -> f.getType().getTypeName().toString()).toList())
        .containsExactly(
            "INT64", "DOUBLE", "BOOLEAN", "STRING", "DOUBLE", "INT64", "DOUBLE", "DOUBLE");
    assertThat(s.getFields()).allMatch(f -> f.getType().getNullable());
  }

  @Test
  void jsonInferenceWidensMergesAndEncodesMixedTypes() throws Exception {
    Schema s =
        JsonInference.infer(
            List.of(
                json("{\"a\": 1, \"o\": {\"x\": 1}, \"l\": [1], \"m\": \"s\", \"n\": null}"),
                json("{\"a\": 2.5, \"o\": {\"y\": true}, \"l\": [], \"m\": 3, \"z\": [[\"q\"]]}")));
    Schema o =
        Schema.builder()
            .addNullableField("x", FieldType.INT64)
            .addNullableField("y", FieldType.BOOLEAN)
            .build();
    Schema expected =
        Schema.builder()
            .addNullableField("a", FieldType.DOUBLE)
            .addNullableField("o", FieldType.row(o))
            .addNullableField("l", FieldType.array(FieldType.INT64.withNullable(true)))
            .addNullableField("m", FieldType.STRING)
            .addNullableField("n", FieldType.STRING)
            .addNullableField(
                "z",
                FieldType.array(
                    FieldType.array(FieldType.STRING.withNullable(true)).withNullable(true)))
            .build();
    assertThat(s).isEqualTo(expected);
    Row r = Decoders.json(s, json("{\"a\": 4, \"m\": {\"k\": [1]}, \"o\": {\"x\": \"12\"}}"));
    assertThat(r.getDouble("a")).isEqualTo(4.0);
    assertThat(r.getString("m")).isEqualTo("{\"k\":[1]}"); // mixed types: the JSON text
    assertThat(r.getRow("o").getInt64("x")).isEqualTo(12L); // numbers in strings are cast
    assertThat((Object) r.getValue("l")).isNull();
    assertThatThrownBy(() -> Decoders.json(s, json("{\"o\": {\"x\": 1.5}}")))
        .isInstanceOf(RecordException.class)
        .hasMessageContaining("field 'o.x'");
    assertThatThrownBy(() -> Decoders.json(s, json("[1]")))
        .isInstanceOf(RecordException.class)
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void formatsAndCompressionFromPaths() throws Exception {
    assertThat(FileCompression.of("a/train.jsonl.gz")).isEqualTo(FileCompression.GZIP);
    assertThat(FileCompression.of("a/train.csv.zst")).isEqualTo(FileCompression.ZSTD);
    assertThat(FileCompression.of("a/train.txt.bz2")).isEqualTo(FileCompression.BZIP2);
    assertThat(FileCompression.of("a/train.txt")).isEqualTo(FileCompression.NONE);
    assertThat(FileCompression.unsupportedSuffix("train.jsonl.xz")).contains(".xz");
    assertThat(FileCompression.unsupportedSuffix("train.jsonl")).isEmpty();
    assertThatThrownBy(() -> Utf8.decode(new byte[] {(byte) 0xff, 'a'}, 2))
        .isInstanceOf(RecordException.class)
        .hasMessageContaining("UTF-8");
  }
}
