package dev.hfio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.DatasetCardException;
import dev.hfio.dataset.DatasetLayoutException;
import dev.hfio.dataset.MalformedRecordException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.Features;
import dev.hfio.internal.dataset.FileFormat;
import dev.hfio.internal.dataset.RepoFile;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.internal.text.CsvInference;
import dev.hfio.internal.text.Decoders;
import dev.hfio.internal.text.FileCompression;
import dev.hfio.internal.text.JsonInference;
import dev.hfio.internal.text.RecordException;
import dev.hfio.internal.text.TextFormat;
import dev.hfio.internal.text.TextSample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a JSON Lines/JSON, CSV/TSV or text read once {@link ReadPlanner} has pinned the commit and
 * selected the files: reads the head ({@link TextSample#SAMPLE_BYTES}) of at most {@link
 * ReadPlanner#FOOTER_SAMPLE} files with one ranged request each (as many requests as a Parquet read
 * spends on footers), and takes the schema from {@code withSchema}, else the card's {@code
 * dataset_info.features} or the config's {@code features} ({@code Features#declared}), else infers
 * it from the sampled rows ({@link JsonInference}, {@link CsvInference}; text is one {@code text}
 * column).
 */
final class TextReadPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(TextReadPlanner.class);

  private TextReadPlanner() {}

  /**
   * The card's view of the selected config: its builder parameters and features (both optional).
   */
  record CardView(Map<String, Object> params, Map<String, Object> features) {
    static final CardView NONE = new CardView(Map.of(), Map.of());
  }

  static ReadPlan plan(
      HubClient client,
      RepoRef repo,
      String revision,
      String sha,
      List<RepoFile> files,
      FileFormat fileFormat,
      CardView card,
      ReadPlanner.Request request,
      boolean tolerant) {
    String where = repo + "@" + revision + " (commit " + sha + ")";
    TextFormat format =
        TextFormat.of(fileFormat, card.params())
            .orElseThrow(() -> new IllegalStateException("not a text format: " + fileFormat));
    List<String> ignored = format.ignoredParams(card.params());
    if (!ignored.isEmpty()) {
      LOG.warn(
          "HfIO.read of {}: the card's config parameters {} are not applied by HfIO's {} reader",
          where,
          ignored,
          fileFormat.module());
    }
    if (request.filter() != null) {
      throw new IllegalArgumentException(
          "HfIO.read(): withFilter applies to Parquet files (it skips row groups by their"
              + " statistics); "
              + where
              + " holds "
              + fileFormat
              + " files: filter the rows with Filter.by(...) after the read");
    }
    for (RepoFile f : files) {
      Optional<String> bad = FileCompression.unsupportedSuffix(f.path());
      if (bad.isPresent()) {
        throw new DatasetLayoutException(
            "HfIO.read(): '"
                + f.path()
                + "' in "
                + where
                + " is compressed as "
                + bad.get()
                + ", which HfIO does not decode (it reads .gz, .zst and .bz2); re-upload it with"
                + " one of those, or read the Parquet export (revision '~parquet')");
      }
    }

    int toRead = Math.min(files.size(), ReadPlanner.FOOTER_SAMPLE);
    List<TextSample> samples =
        sample(client, repo, sha, files.subList(0, toRead), format, where, tolerant);

    Schema full = schema(request, format, card, samples, files, where);
    Decoders.check(full);
    Schema output =
        request.columns() == null ? full : ParquetSchemas.project(full, request.columns());

    List<TextShard> shards = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      RepoFile f = files.get(i);
      TextSample s = i < samples.size() ? samples.get(i) : null;
      Boolean lines = null;
      if (format.kind() == TextFormat.Kind.JSON) {
        lines =
            format.field() != null
                ? Boolean.FALSE
                : s != null ? Boolean.valueOf(s.jsonLines) : lineExtension(f.path());
      }
      shards.add(
          new TextShard(
              repo,
              sha,
              f.path(),
              f.size(),
              FileCompression.of(f.path()),
              lines,
              s != null && s.csvMultiline));
    }
    return new ReadPlan(repo, revision, sha, format, shards, full, output);
  }

  /** {@code .jsonl}/{@code .ndjson} files are JSON Lines; a {@code .json} is unknown unsampled. */
  private static @Nullable Boolean lineExtension(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    FileCompression c = FileCompression.of(p);
    p = p.substring(0, p.length() - c.suffix().length());
    return p.endsWith(".jsonl") || p.endsWith(".ndjson") ? Boolean.TRUE : null;
  }

  private static Schema schema(
      ReadPlanner.Request request,
      TextFormat format,
      CardView card,
      List<TextSample> samples,
      List<RepoFile> files,
      String where) {
    if (request.schema() != null) {
      Schema given = request.schema();
      if (format.kind() == TextFormat.Kind.TEXT
          && (given.getFieldCount() != 1
              || given.getField(0).getType().getTypeName() != Schema.TypeName.STRING)) {
        throw new IllegalArgumentException(
            "HfIO.read(): "
                + where
                + " holds text files (one string per line), but withSchema gives "
                + given
                + "; give a schema of exactly one STRING field, or none (column 'text')");
      }
      return given;
    }
    if (!card.features().isEmpty()) {
      Optional<Schema> s = fromFeatures(card.features(), format, where);
      if (s.isPresent()) {
        return s.get();
      }
    }
    switch (format.kind()) {
      case TEXT:
        return Schema.builder().addStringField("text").build();
      case JSON:
        {
          List<JsonNode> rows = new ArrayList<>();
          samples.forEach(s -> rows.addAll(s.json));
          if (rows.isEmpty()) {
            throw noRows(files, where);
          }
          return JsonInference.infer(rows);
        }
      default:
        {
          LinkedHashSet<String> union = new LinkedHashSet<>();
          for (TextSample s : samples) {
            if (s.csvHeader != null) {
              union.addAll(CsvInference.columnNames(s.csvHeader));
            }
          }
          if (union.isEmpty()) {
            throw noRows(files, where);
          }
          List<String> names = new ArrayList<>(union);
          List<List<String>> rows = new ArrayList<>();
          for (TextSample s : samples) {
            if (s.csvHeader == null) {
              continue;
            }
            List<String> own = CsvInference.columnNames(s.csvHeader);
            for (List<String> r : s.csvRows) {
              List<String> mapped = new ArrayList<>(names.size());
              for (String n : names) {
                int i = own.indexOf(n);
                mapped.add(i >= 0 && i < r.size() ? r.get(i) : null);
              }
              rows.add(mapped);
            }
          }
          return CsvInference.infer(names, rows);
        }
    }
  }

  /**
   * The schema the card's features declare, if the reader decodes every type of it (a text read
   * needs exactly one string feature); else empty (logged), and the schema is inferred.
   */
  private static Optional<Schema> fromFeatures(
      Map<String, Object> features, TextFormat format, String where) {
    try {
      Schema s = Features.fromDict(features);
      Decoders.check(s);
      if (format.kind() == TextFormat.Kind.TEXT
          && (s.getFieldCount() != 1
              || s.getField(0).getType().getTypeName() != Schema.TypeName.STRING)) {
        throw new IllegalArgumentException("a text read needs exactly one string feature");
      }
      return Optional.of(s);
    } catch (DatasetCardException | IllegalArgumentException e) {
      LOG.info(
          "HfIO.read of {}: the card's features are not used for {} files ({}); inferring the"
              + " schema from the first rows",
          where,
          format.kind(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private static DataFilesNotFoundException noRows(List<RepoFile> files, String where) {
    return new DataFilesNotFoundException(
        "HfIO.read(): the first "
            + Math.min(files.size(), ReadPlanner.FOOTER_SAMPLE)
            + " file(s) of "
            + where
            + " (from "
            + files.get(0).path()
            + ") hold no row to infer the schema from; pass withSchema(...)");
  }

  /** Reads and samples the heads of {@code files}, several at once; failures name the file. */
  private static List<TextSample> sample(
      HubClient client,
      RepoRef repo,
      String sha,
      List<RepoFile> files,
      TextFormat format,
      String where,
      boolean tolerant) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, files.size())));
    try {
      List<Future<TextSample>> fs = new ArrayList<>();
      for (RepoFile f : files) {
        fs.add(
            pool.submit(
                () -> {
                  long size = f.size() >= 0 ? f.size() : -1;
                  int want =
                      (int)
                          (size < 0
                              ? TextSample.SAMPLE_BYTES
                              : Math.min(size, TextSample.SAMPLE_BYTES));
                  byte[] head =
                      want == 0 ? new byte[0] : client.readRange(repo, sha, f.path(), 0, want);
                  boolean whole = size >= 0 && head.length >= size;
                  try {
                    return TextSample.of(
                        format, FileCompression.of(f.path()), head, whole, tolerant);
                  } catch (RecordException e) {
                    throw new MalformedRecordException(
                        "hf://"
                            + repo.type().plural()
                            + "/"
                            + repo.id()
                            + "@"
                            + sha
                            + "/"
                            + f.path()
                            + " line "
                            + e.line()
                            + ": "
                            + e.getMessage()
                            + " (found while sampling rows at planning); fix the line, or read"
                            + " with withErrorHandler(...) to skip bad records",
                        f.path(),
                        e.line(),
                        e);
                  }
                }));
      }
      List<TextSample> out = new ArrayList<>();
      for (Future<TextSample> f : fs) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sampling the files of " + where, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new dev.hfio.errors.HfIOException(
          "Cannot sample the files of " + where + " (" + c.getClass().getSimpleName() + ")",
          c instanceof java.io.IOException io ? io : new java.io.IOException(c));
    } finally {
      pool.shutdownNow();
    }
  }
}
