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
 * Where a profiled child spent its CPU: JFR execution samples grouped by the leaf method (hot code) and by the first
 * frame in HfIO/Beam-IO code on the stack (which of our calls led there).
 */
final class JfrSummary {
  private JfrSummary() {}

  record Profile(long samples, Map<String, Long> leaf, Map<String, Long> ours) {}

  static Profile read(Path jfr, int top) throws IOException {
    Map<String, Long> leaf = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
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
      for (RecordedFrame f : frames) {
        String cls = f.getMethod().getType().getName();
        if (cls.startsWith("dev.hfio.") && !cls.startsWith("dev.hfio.bench.")) {
          ours.merge(name(f), 1L, Long::sum);
          break;
        }
      }
    }
    return new Profile(n, topOf(leaf, top), topOf(ours, top));
  }

  private static String name(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static Map<String, Long> topOf(Map<String, Long> m, int top) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
        .forEach(en -> out.put(en.getKey(), en.getValue()));
    return out;
  }
}
