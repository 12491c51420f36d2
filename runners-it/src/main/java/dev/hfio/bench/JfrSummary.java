package dev.hfio.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profiled child spent its CPU: JFR execution samples grouped by the leaf method (hot code)
 * and by the first frame in HfIO/Beam-IO code on the stack (which of our calls led there).
 */
final class JfrSummary {
  private JfrSummary() {}

  record Profile(
      long samples, Map<String, Long> leaf, Map<String, Long> ours, Map<String, Long> areas) {}

  /** Coarse area of a sample, from its leaf frame's class (first matching prefix wins). */
  private static final String[][] AREAS = {
    {"org.xerial.snappy", "snappy (de)compression"},
    {"org.iq80.snappy", "snappy (de)compression"},
    {"sun.security.provider", "sha256"},
    {"org.apache.parquet.column", "parquet column encode/decode"},
    {"org.apache.parquet.io", "parquet record assembly"},
    {"org.apache.parquet.avro", "parquet-avro conversion"},
    {"org.apache.parquet", "parquet other"},
    {"shaded.parquet", "parquet other"},
    {"org.apache.avro", "avro"},
    {"okhttp3", "http client"},
    {"okio", "http client"},
    {"org.eclipse.jetty", "localhub (jetty)"},
    {"dev.hfio.localhub", "localhub"},
    {"org.eclipse.jgit", "localhub (jgit)"},
    {"dev.hfio", "hfio code"},
    {"org.apache.beam.runners", "beam runner"},
    {"org.apache.beam.sdk.coders", "beam coders"},
    {"org.apache.beam.sdk.schemas", "beam schemas/rows"},
    {"org.apache.beam.sdk.values", "beam schemas/rows"},
    {"org.apache.beam", "beam sdk other"},
    {"org.apache.flink", "flink"},
    {"java.util.zip", "class loading / jar"},
    {"jdk.internal.loader", "class loading / jar"},
    {"java.io.ObjectOutputStream", "java serialization"},
    {"java.io.ObjectInputStream", "java serialization"},
    {"java.io.ObjectStream", "java serialization"},
    {"java.lang.String", "strings"},
    {"java.", "jdk other"},
    {"jdk.", "jdk other"},
    {"sun.", "jdk other"}
  };

  private static String area(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String cls = f.getMethod().getType().getName();
      if (cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")) {
        // attribute JDK leaf frames to the first non-JDK caller unless they are
        // loading/serialization/hashing
        for (String[] a : AREAS) {
          if (cls.startsWith(a[0]) && !a[1].equals("jdk other") && !a[1].equals("strings")) {
            return a[1];
          }
        }
        continue;
      }
      for (String[] a : AREAS) {
        if (cls.startsWith(a[0])) {
          return a[1];
        }
      }
      return "other: " + cls.substring(0, Math.max(0, cls.lastIndexOf('.')));
    }
    return "jdk only";
  }

  static Profile read(Path jfr, int top) throws IOException {
    Map<String, Long> leaf = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
    Map<String, Long> areas = new HashMap<>();
    long n = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      n++;
      List<RecordedFrame> frames = st.getFrames();
      leaf.merge(name(frames.get(0)), 1L, Long::sum);
      areas.merge(area(frames), 1L, Long::sum);
      for (RecordedFrame f : frames) {
        String cls = f.getMethod().getType().getName();
        if (cls.startsWith("dev.hfio.") && !cls.startsWith("dev.hfio.bench.")) {
          ours.merge(name(f), 1L, Long::sum);
          break;
        }
      }
    }
    return new Profile(n, topOf(leaf, top), topOf(ours, top), topOf(areas, top));
  }

  private static String name(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static Map<String, Long> topOf(Map<String, Long> m, int top) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(top)
        .forEach(en -> out.put(en.getKey(), en.getValue()));
    return out;
  }
}
