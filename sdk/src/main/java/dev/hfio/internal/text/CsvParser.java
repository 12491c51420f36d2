package dev.hfio.internal.text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records from a {@link LineReader} with the dialect {@code pandas.read_csv} uses by
 * default: one separator character, a quote character, a doubled quote inside quotes is one quote,
 * text after a closing quote is kept, a quoted field may hold line breaks (the record then spans
 * several lines); a blank line is an empty record, which callers skip as pandas does.
 */
public final class CsvParser {
  private final char sep;
  private final char quote;
  private final LineReader lines;
  private long linesRead;
  private long recordLine;
  private long recordStart = -1;
  private int recordLines;

  public CsvParser(LineReader lines, char sep, char quote) {
    this.lines = lines;
    this.sep = sep;
    this.quote = quote;
  }

  /** Lines read so far (blank ones included). */
  public long linesRead() {
    return linesRead;
  }

  /** The 0-based index, among the lines read, of the first line of the last record. */
  public long recordLine() {
    return recordLine;
  }

  /** The byte offset where the last record starts. */
  public long recordStart() {
    return recordStart;
  }

  /** How many lines the last record spans (more than 1 when a quoted field holds a line break). */
  public int recordLines() {
    return recordLines;
  }

  /**
   * The next record's fields, an empty list for a blank line (pandas skips those), or null at the
   * end of the stream.
   *
   * @throws RecordException when a quoted field is still open at the end of the stream, or the line
   *     is not UTF-8
   */
  public List<String> next() throws IOException, RecordException {
    if (lines.next() < 0) {
      return null;
    }
    recordLine = linesRead++;
    recordStart = lines.lineStart();
    recordLines = 1;
    String text = Utf8.decode(lines.bytes(), lines.length());
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStart = true;
    int i = 0;
    while (true) {
      if (i >= text.length()) {
        if (!quoted) {
          break;
        }
        // a line break inside quotes: the record goes on on the next line
        if (lines.next() < 0) {
          throw new RecordException(
              "a quoted field opened on this line is not closed before the end of the file");
        }
        linesRead++;
        recordLines++;
        field.append('\n');
        text = Utf8.decode(lines.bytes(), lines.length());
        i = 0;
        continue;
      }
      char c = text.charAt(i);
      if (quoted) {
        if (c == quote) {
          if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
            field.append(quote);
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        field.append(c);
        i++;
        continue;
      }
      if (c == sep) {
        fields.add(field.toString());
        field.setLength(0);
        fieldStart = true;
        i++;
        continue;
      }
      if (c == quote && fieldStart) {
        quoted = true;
        fieldStart = false;
        i++;
        continue;
      }
      field.append(c);
      fieldStart = false;
      i++;
    }
    fields.add(field.toString());
    return fields;
  }
}
