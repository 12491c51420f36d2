package dev.hfio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.dataset.MalformedRecordException;
import dev.hfio.internal.text.CsvInference;
import dev.hfio.internal.text.CsvParser;
import dev.hfio.internal.text.Decoders;
import dev.hfio.internal.text.FileCompression;
import dev.hfio.internal.text.JsonDocument;
import dev.hfio.internal.text.LineReader;
import dev.hfio.internal.text.RecordException;
import dev.hfio.internal.text.TextFormat;
import dev.hfio.internal.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.BadRecordRouter;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splittable DoFn reading one JSON Lines, JSON, CSV/TSV or text file per element. A compressed
 * file, a JSON document, a CSV file with quoted line breaks in its sampled head, and any file of at
 * most the split size is one unit (restriction {@code [0, 1)}), streamed from its start. A larger
 * uncompressed line file is a range of byte offsets, split initially into pieces of the split size;
 * a piece owns the lines (records) that start inside it: it opens the file one byte before its
 * start, skips through the first line break, and claims each line's start offset, so a line
 * crossing a boundary is read by the piece it starts in and by no other. A CSV record with a quoted
 * line break in such a file cannot be realigned and fails the read. Line numbers in failures are
 * exact: a piece that starts mid-file counts the line breaks before its failing record (one more
 * read, only on failure).
 */
final class ReadTextFn extends DoFn<TextShard, Row> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ReadSettings settings;
  private final TextFormat format;
  private final Schema fileSchema;
  private final boolean badRecords;

  private final Counter rows = Metrics.counter(ReadShardFn.NAMESPACE, "rows");
  private final Counter bytes = Metrics.counter(ReadShardFn.NAMESPACE, "bytes");
  private final Counter initialSplits = Metrics.counter(ReadShardFn.NAMESPACE, "initialSplits");
  private final Counter failed = Metrics.counter(ReadShardFn.NAMESPACE, "badRecords");

  ReadTextFn(ReadSettings settings, TextFormat format, Schema fileSchema, boolean badRecords) {
    this.settings = settings;
    this.format = format;
    this.fileSchema = fileSchema;
    this.badRecords = badRecords;
    Decoders.check(fileSchema);
  }

  /** Reads {@code files}; bad records go to {@code handler} when given, else fail the pipeline. */
  static PCollection<Row> applyTo(
      PCollection<TextShard> files,
      ReadSettings settings,
      TextFormat format,
      Schema fileSchema,
      @Nullable ErrorHandler<BadRecord, ?> handler) {
    TupleTagList additional =
        handler == null ? TupleTagList.empty() : TupleTagList.of(BadRecordRouter.BAD_RECORD_TAG);
    PCollectionTuple out =
        files.apply(
            "ReadRecords",
            ParDo.of(new ReadTextFn(settings, format, fileSchema, handler != null))
                .withOutputTags(ReadShardFn.ROWS, additional));
    if (handler != null) {
      handler.addErrorCollection(
          out.get(BadRecordRouter.BAD_RECORD_TAG)
              .setCoder(BadRecord.getCoder(files.getPipeline())));
    }
    return out.get(ReadShardFn.ROWS).setRowSchema(settings.outputSchema);
  }

  static SerializableCoder<TextShard> coder() {
    return SerializableCoder.of(TextShard.class);
  }

  /** Whether {@code s} is read as one unit rather than by byte ranges. */
  boolean isWhole(TextShard s) {
    return s.compression() != FileCompression.NONE
        || s.size() < 0
        || s.size() <= settings.splitBytes
        || (format.kind() == TextFormat.Kind.JSON && !Boolean.TRUE.equals(s.jsonLines()))
        || s.csvMultiline();
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element TextShard s) {
    return isWhole(s) ? new OffsetRange(0, 1) : new OffsetRange(0, s.size());
  }

  @SplitRestriction
  public void splitRestriction(
      @Element TextShard s, @Restriction OffsetRange range, OutputReceiver<OffsetRange> out) {
    if (isWhole(s)) {
      initialSplits.inc();
      out.output(range);
      return;
    }
    for (long from = range.getFrom(); from < range.getTo(); from += settings.splitBytes) {
      initialSplits.inc();
      out.output(new OffsetRange(from, Math.min(range.getTo(), from + settings.splitBytes)));
    }
  }

  @GetSize
  public double size(@Element TextShard s, @Restriction OffsetRange range) {
    return isWhole(s) ? Math.max(1, s.size()) : range.getTo() - range.getFrom();
  }

  @GetRestrictionCoder
  public OffsetRange.Coder restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public void process(
      @Element TextShard s, RestrictionTracker<OffsetRange, Long> tracker, MultiOutputReceiver out)
      throws IOException {
    Emitter emit = new Emitter(s, out);
    if (isWhole(s)) {
      if (!tracker.tryClaim(tracker.currentRestriction().getFrom())) {
        return;
      }
      try (InputStream in = s.compression().open(open(s, 0))) {
        readWhole(in, emit);
      }
    } else {
      readRange(s, tracker, emit);
    }
  }

  private InputStream open(TextShard s, long offset) {
    return settings.hub.client().openStream(s.repo(), s.sha(), s.path(), offset);
  }

  /** Streams a whole (decompressed) file, counting lines. */
  private void readWhole(InputStream in, Emitter emit) throws IOException {
    if (format.kind() == TextFormat.Kind.JSON && format.field() == null) {
      java.io.PushbackInputStream peek = new java.io.PushbackInputStream(in, 1 << 12);
      byte[] head = new byte[1 << 12];
      int n = peek.readNBytes(head, 0, head.length);
      int i = 0;
      while (i < n && Character.isWhitespace(head[i])) {
        i++;
      }
      peek.unread(head, 0, n);
      if (i < n && head[i] == '[') {
        readDocument(peek, emit);
        return;
      }
      in = peek;
    } else if (format.kind() == TextFormat.Kind.JSON) {
      readDocument(in, emit);
      return;
    }
    LineReader lines = new LineReader(in, 0);
    if (format.kind() == TextFormat.Kind.CSV) {
      CsvParser p = new CsvParser(lines, format.separator(), format.quote());
      CsvColumns index = null;
      while (true) {
        List<String> r;
        try {
          r = p.next();
        } catch (RecordException e) {
          emit.failure(e.at(p.recordLine() + 1), null);
          return; // an unclosed quote consumed the rest of the file
        }
        if (r == null) {
          break;
        }
        if (r.isEmpty()) {
          continue;
        }
        if (index == null) {
          index = columnIndex(r, emit.shard);
          continue;
        }
        long line = p.recordLine() + 1;
        emit.csv(index, r, () -> line);
      }
      bytes.inc(lines.position());
      return;
    }
    long line = 0;
    while (lines.next() >= 0) {
      line++;
      emit.line(lines, line);
    }
    bytes.inc(lines.position());
  }

  private void readDocument(InputStream in, Emitter emit) throws IOException {
    JsonDocument doc;
    try {
      doc = new JsonDocument(in, format.field());
    } catch (RecordException e) {
      emit.failure(e.at(1), null);
      return;
    }
    try (doc) {
      while (true) {
        ObjectNode o;
        try {
          o = doc.next();
        } catch (RecordException e) {
          emit.failure(e.at(doc.line()), null); // the parser cannot go on after a syntax error
          return;
        }
        if (o == null) {
          return;
        }
        emit.json(o, doc.line(), o.toString());
      }
    }
  }

  /** Reads the lines (records) that start in the tracker's byte range. */
  private void readRange(TextShard s, RestrictionTracker<OffsetRange, Long> tracker, Emitter emit)
      throws IOException {
    long from = tracker.currentRestriction().getFrom();
    CsvColumns index = null;
    if (format.kind() == TextFormat.Kind.CSV && from > 0) {
      index = columnIndex(header(s), s);
    }
    long lineBase = from == 0 ? 0 : -1; // lines before the stream start; -1: unknown yet
    emit.lineBase = lineBase;
    long start = from == 0 ? 0 : from - 1;
    try (InputStream in = open(s, start)) {
      LineReader lines = new LineReader(in, start);
      if (from > 0) {
        lines.skipLine();
      }
      long begin = lines.position();
      CsvParser p =
          format.kind() == TextFormat.Kind.CSV
              ? new CsvParser(lines, format.separator(), format.quote())
              : null;
      long relLine = 0;
      while (tracker.tryClaim(lines.position())) {
        if (p != null) {
          List<String> r;
          try {
            r = p.next();
          } catch (RecordException e) {
            emit.failure(e.at(emit.lineOf(p.recordStart(), p.recordLine())), null);
            return;
          }
          if (r == null) {
            break;
          }
          if (p.recordLines() > 1) {
            throw new MalformedRecordException(
                emit.where()
                    + " line "
                    + emit.lineOf(p.recordStart(), p.recordLine())
                    + ": a quoted CSV field holds a line break in a file read in byte ranges"
                    + " (its first "
                    + dev.hfio.internal.text.TextSample.SAMPLE_BYTES
                    + " bytes had none), so the pieces cannot be realigned; re-upload it without"
                    + " line breaks inside quoted fields, compressed (read as one unit) or as"
                    + " JSON Lines/Parquet",
                s.path(),
                emit.lineOf(p.recordStart(), p.recordLine()));
          }
          if (r.isEmpty()) {
            continue;
          }
          if (index == null) {
            index = columnIndex(r, s); // the header: the record at offset 0
            continue;
          }
          long recordStart = p.recordStart();
          long recordLine = p.recordLine();
          emit.csv(index, r, () -> emit.lineOf(recordStart, recordLine));
        } else {
          if (lines.next() < 0) {
            break;
          }
          emit.relLine = relLine++;
          emit.recordStart = lines.lineStart();
          emit.line(lines, 0);
        }
      }
      bytes.inc(lines.position() - begin);
    }
  }

  /** The header record of a CSV file (read from its start for a piece that starts later). */
  private List<String> header(TextShard s) throws IOException {
    try (InputStream in = open(s, 0)) {
      CsvParser p = new CsvParser(new LineReader(in, 0), format.separator(), format.quote());
      List<String> r;
      try {
        while ((r = p.next()) != null) {
          if (!r.isEmpty()) {
            return r;
          }
        }
      } catch (RecordException e) {
        throw new MalformedRecordException(
            s.location() + " line 1: the CSV header cannot be read: " + e.getMessage(),
            s.path(),
            1,
            e);
      }
      return List.of();
    }
  }

  /**
   * A CSV file's header: for each schema field its column (-1: absent, read as null), and width.
   */
  private record CsvColumns(int[] index, int width) {}

  /** The columns of {@code header} for the schema's fields. */
  private CsvColumns columnIndex(List<String> header, TextShard s) {
    List<String> names = CsvInference.columnNames(header);
    int[] index = new int[fileSchema.getFieldCount()];
    for (int i = 0; i < index.length; i++) {
      Schema.Field f = fileSchema.getField(i);
      index[i] = names.indexOf(f.getName());
      if (index[i] < 0 && !f.getType().getNullable()) {
        throw new MalformedRecordException(
            s.location()
                + " line 1: the CSV header "
                + names
                + " has no column '"
                + f.getName()
                + "', which is non-nullable in the read's schema; fix the file or make the field"
                + " nullable",
            s.path(),
            1);
      }
    }
    return new CsvColumns(index, names.size());
  }

  /** Decodes records of one file and sends rows or failures on. */
  private final class Emitter {
    final TextShard shard;
    final MultiOutputReceiver out;
    final int[] projection;
    final Schema outputSchema = settings.outputSchema;

    /** For byte-range pieces: the stream's line base (-1 until counted) and the current line. */
    long lineBase;

    long relLine;
    long recordStart;

    Emitter(TextShard shard, MultiOutputReceiver out) {
      this.shard = shard;
      this.out = out;
      if (settings.columns == null) {
        projection = null;
      } else {
        projection = new int[outputSchema.getFieldCount()];
        for (int i = 0; i < projection.length; i++) {
          projection[i] = fileSchema.indexOf(outputSchema.getField(i).getName());
        }
      }
    }

    String where() {
      return shard.location();
    }

    /**
     * The 1-based line number of the record at byte {@code offset}, the {@code rel}-th line
     * (0-based) of this stream.
     */
    long lineOf(long offset, long rel) {
      if (lineBase >= 0) {
        return lineBase + rel + 1;
      }
      return countLinesBefore(offset) + 1;
    }

    private long countLinesBefore(long offset) {
      long count = 0;
      try (InputStream in = open(shard, 0)) {
        byte[] buf = new byte[1 << 16];
        long left = offset;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              count++;
            }
          }
          left -= n;
        }
      } catch (IOException e) {
        return -1; // unknown: the message then says line 0
      }
      return count;
    }

    /** One line of a JSON Lines or text file; {@code line} is 0 when to be computed. */
    void line(LineReader lines, long line) {
      String text;
      try {
        text = Utf8.decode(lines.bytes(), lines.length());
      } catch (RecordException e) {
        failure(e.at(line > 0 ? line : lineOf(recordStart, relLine)), null);
        return;
      }
      if (format.kind() == TextFormat.Kind.TEXT) {
        emit(Row.withSchema(fileSchema).addValue(text).build());
        return;
      }
      String json = text.strip();
      if (json.isEmpty()) {
        return;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        failure(
            new RecordException("invalid JSON: " + e.getOriginalMessage(), e)
                .at(line > 0 ? line : lineOf(recordStart, relLine)),
            text);
        return;
      }
      if (line > 0) {
        json(node, line, text);
      } else {
        try {
          emit(Decoders.json(fileSchema, node));
        } catch (RecordException e) {
          failure(e.at(lineOf(recordStart, relLine)), text);
        }
      }
    }

    void json(JsonNode node, long line, String raw) {
      try {
        emit(Decoders.json(fileSchema, node));
      } catch (RecordException e) {
        failure(e.at(line), raw);
      }
    }

    /** One CSV record; {@code line} is computed only when the record fails. */
    void csv(CsvColumns cols, List<String> fields, java.util.function.LongSupplier line) {
      if (fields.size() > cols.width()) {
        String raw = String.join(String.valueOf(format.separator()), fields);
        failure(
            new RecordException(
                    "expected " + cols.width() + " fields (the header's), saw " + fields.size())
                .at(line.getAsLong()),
            raw);
        return;
      }
      try {
        emit(Decoders.csv(fileSchema, cols.index(), fields));
      } catch (RecordException e) {
        failure(e.at(line.getAsLong()), String.join(String.valueOf(format.separator()), fields));
      }
    }

    void emit(Row row) {
      rows.inc();
      if (projection == null) {
        out.get(ReadShardFn.ROWS).output(row);
        return;
      }
      List<Object> values = new ArrayList<>(projection.length);
      for (int i : projection) {
        values.add(row.getValue(i));
      }
      out.get(ReadShardFn.ROWS).output(Row.withSchema(outputSchema).attachValues(values));
    }

    void failure(RecordException e, @Nullable String raw) {
      String message =
          where()
              + " line "
              + e.line()
              + ": "
              + e.getMessage()
              + "; fix the line, or read with withErrorHandler(...) to skip bad records";
      MalformedRecordException m = new MalformedRecordException(message, shard.path(), e.line(), e);
      if (!badRecords) {
        throw m;
      }
      failed.inc();
      out.get(BadRecordRouter.BAD_RECORD_TAG)
          .output(
              BadRecords.of(
                  BadRecords.context(
                      "repo",
                      shard.repo().id(),
                      "revision",
                      shard.sha(),
                      "path",
                      shard.path(),
                      "line",
                      e.line()),
                  raw,
                  raw == null ? null : StringUtf8Coder.of(),
                  m,
                  "Record not read (" + message + "); the rest of the read went on"));
    }
  }
}
