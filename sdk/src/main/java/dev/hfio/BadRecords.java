package dev.hfio;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Builds the {@link BadRecord}s HfIO sends to a user's error handler. The record is a JSON object
 * naming where the failure is (repo, revision or branch, path, row group or field); the failure
 * holds the exception's type and our own message (shortened), and a stack trace of class and method
 * names only: never a token, a response body or a message a library wrote.
 */
final class BadRecords {
  private BadRecords() {}

  /**
   * A bad record whose record is {@code context} as JSON (also its encoded form, UTF-8) plus, when
   * given, the element itself encoded with {@code coder}.
   */
  static <T> BadRecord of(
      Map<String, Object> context,
      @Nullable T element,
      @Nullable Coder<T> coder,
      Exception e,
      String description) {
    BadRecord.Record.Builder record = BadRecord.Record.builder().addHumanReadableJson(context);
    try {
      if (element != null && coder != null) {
        record.addCoderAndEncodedRecord(coder, element);
      } else {
        String json = record.build().getHumanReadableJsonRecord();
        record.addCoderAndEncodedRecord(StringUtf8Coder.of(), json);
      }
    } catch (RuntimeException encodingFailed) {
      // the context alone still says what failed
    }
    return BadRecord.builder()
        .setRecord(record.build())
        .setFailure(
            BadRecord.Failure.builder()
                .setException(RowFailures.reason(e))
                .setExceptionStacktrace(frames(e))
                .setDescription(description)
                .build())
        .build();
  }

  /** An ordered JSON object of the given key/value pairs (nulls skipped). */
  static Map<String, Object> context(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
      }
    }
    return m;
  }

  /** Exception types and frames of {@code e} and its causes, without their messages. */
  static String frames(Throwable e) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (Throwable t = e; t != null && depth < 5; t = t.getCause(), depth++) {
      b.append(depth == 0 ? "" : "Caused by: ").append(t.getClass().getName()).append('\n');
      StackTraceElement[] st = t.getStackTrace();
      for (int i = 0; i < Math.min(st.length, 20); i++) {
        b.append("\tat ").append(st[i]).append('\n');
      }
    }
    return b.toString();
  }
}
