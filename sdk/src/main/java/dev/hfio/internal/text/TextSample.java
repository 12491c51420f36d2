package dev.hfio.internal.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The rows at the start of one file, read at planning from its first {@link #SAMPLE_BYTES} bytes
 * (one ranged request), to infer the schema: at most {@link #MAX_ROWS} rows, the last partial line
 * or record dropped when the head is not the whole file. Also tells how the file is laid out: a
 * {@code .json} file whose first character is {@code [} (or that is read under a {@code field}) is
 * one JSON document, otherwise JSON Lines; a CSV file with a quoted line break in the sample is
 * flagged, so it is read as one unit.
 */
public final class TextSample {
  /** Bytes of each sampled file read at planning (compressed bytes for compressed files). */
  public static final int SAMPLE_BYTES = 1 << 20;

  /** Rows of one file used for inference, at most (pandas' chunk of {@code datasets}' csv). */
  public static final int MAX_ROWS = 10_000;

  /** JSON objects sampled (JSON Lines lines or document elements). */
  public final List<JsonNode> json = new ArrayList<>();

  /** For JSON: true for JSON Lines, false for one document. */
  public boolean jsonLines = true;

  /** For CSV: the header record (raw), or null for an empty file. */
  public @Nullable List<String> csvHeader;

  public final List<List<String>> csvRows = new ArrayList<>();

  /** For CSV: a sampled record spans several lines (a quoted field holds a line break). */
  public boolean csvMultiline;

  private TextSample() {}

  /**
   * Samples {@code head}, the first bytes of a file (the whole file when {@code whole}).
   *
   * @param tolerant skip undecodable sampled records instead of failing
   * @throws RecordException for the first undecodable sampled record (not tolerant), with its line
   */
  public static TextSample of(
      TextFormat format, FileCompression compression, byte[] head, boolean whole, boolean tolerant)
      throws RecordException {
    byte[] data = decompress(compression, head, whole);
    boolean complete = whole;
    if (!complete && data.length == 0) {
      return new TextSample();
    }
    if (!complete) {
      int cut = lastNewline(data);
      data = java.util.Arrays.copyOf(data, cut < 0 ? 0 : cut + 1);
    }
    TextSample s = new TextSample();
    try {
      switch (format.kind()) {
        case JSON -> s.json(format, data, whole, tolerant);
        case CSV -> s.csv(format, data, whole, tolerant);
        case TEXT -> {}
      }
    } catch (IOException e) {
      throw new RecordException("cannot read the sample: " + e, e);
    }
    return s;
  }

  private void json(TextFormat format, byte[] data, boolean whole, boolean tolerant)
      throws IOException, RecordException {
    int first = 0;
    while (first < data.length && Character.isWhitespace(data[first])) {
      first++;
    }
    jsonLines = format.field() == null && (first >= data.length || data[first] != '[');
    if (!jsonLines) {
      sampleDocument(format, data, whole, tolerant);
      return;
    }
    LineReader lines = new LineReader(new ByteArrayInputStream(data), 0);
    long n = 0;
    while (json.size() < MAX_ROWS && lines.next() >= 0) {
      n++;
      String text = Utf8.decode(lines.bytes(), lines.length()).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JsonDocument.MAPPER.readTree(text);
        if (!node.isObject()) {
          throw new RecordException("expected a JSON object, got " + Decoders.kind(node));
        }
        json.add(node);
      } catch (JsonProcessingException | RecordException e) {
        if (!tolerant) {
          throw e instanceof RecordException r
              ? r.at(n)
              : new RecordException(
                  "invalid JSON: " + ((JsonProcessingException) e).getOriginalMessage(), n, e);
        }
      }
    }
  }

  private void sampleDocument(TextFormat format, byte[] data, boolean whole, boolean tolerant)
      throws IOException, RecordException {
    // a truncated head ends the document early: parse until it breaks
    JsonDocument doc = null;
    try {
      doc = new JsonDocument(new ByteArrayInputStream(data), format.field());
      JsonNode n;
      while (json.size() < MAX_ROWS && (n = doc.next()) != null) {
        json.add(n);
      }
    } catch (RecordException e) {
      if (whole && !tolerant) {
        throw e.at(doc == null ? 1 : doc.line());
      }
    }
  }

  private void csv(TextFormat format, byte[] data, boolean whole, boolean tolerant)
      throws IOException, RecordException {
    CsvParser p =
        new CsvParser(
            new LineReader(new ByteArrayInputStream(data), 0), format.separator(), format.quote());
    try {
      List<String> r;
      while (csvRows.size() < MAX_ROWS && (r = p.next()) != null) {
        csvMultiline |= p.recordLines() > 1;
        if (r.isEmpty()) {
          continue;
        }
        if (csvHeader == null) {
          csvHeader = r;
        } else if (r.size() > csvHeader.size()) {
          if (!tolerant) {
            throw new RecordException(
                "expected " + csvHeader.size() + " fields (the header's), saw " + r.size(),
                p.recordLine() + 1,
                null);
          }
        } else {
          csvRows.add(r);
        }
      }
    } catch (RecordException e) {
      // an unclosed quote at the end of a truncated head is the cut, not an error
      if (whole && !tolerant) {
        throw e.at(p.recordLine() + 1);
      }
      csvMultiline = true;
    }
  }

  private static int lastNewline(byte[] data) {
    for (int i = data.length - 1; i >= 0; i--) {
      if (data[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The decompressed bytes of {@code head}; a truncated compressed head yields what it holds. */
  private static byte[] decompress(FileCompression c, byte[] head, boolean whole)
      throws RecordException {
    if (c == FileCompression.NONE) {
      return head;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = c.open(new ByteArrayInputStream(head))) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0 && out.size() < 16 * SAMPLE_BYTES) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      if (whole) {
        throw new RecordException("the file is not valid " + c.name() + " data: " + e, e);
      }
    }
    return out.toByteArray();
  }
}
