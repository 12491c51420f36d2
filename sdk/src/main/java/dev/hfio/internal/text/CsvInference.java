package dev.hfio.internal.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * CSV header names and column types as {@code pandas.read_csv} (which {@code datasets}' csv builder
 * calls) infers them from sampled rows: a column of integers is {@code INT64}, but {@code DOUBLE}
 * when a sampled value is missing (pandas has no integer null) or a fraction; {@code True}/{@code
 * False} (any of pandas' spellings) is {@code BOOLEAN}; anything else {@code STRING}; a column with
 * no value in the sample is {@code DOUBLE} (pandas' all-NaN column). Empty fields and pandas'
 * default NA strings ({@code NA}, {@code null}, {@code NaN}, {@code N/A}, ...) are null in every
 * column. Every field is nullable. Duplicate header names get pandas' {@code .1}, {@code .2}
 * suffixes, empty ones {@code Unnamed: i}.
 */
public final class CsvInference {
  private CsvInference() {}

  /** pandas' default {@code na_values} (keep_default_na=True). */
  static final Set<String> NA =
      Set.of(
          "",
          "#N/A",
          "#N/A N/A",
          "#NA",
          "-1.#IND",
          "-1.#QNAN",
          "-NaN",
          "-nan",
          "1.#IND",
          "1.#QNAN",
          "<NA>",
          "N/A",
          "NA",
          "NULL",
          "NaN",
          "None",
          "n/a",
          "nan",
          "null");

  static final Set<String> TRUE = Set.of("True", "TRUE", "true");
  static final Set<String> FALSE = Set.of("False", "FALSE", "false");

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(?i:inf|infinity)");

  /** Whether {@code s} is null in a CSV column. */
  public static boolean isNa(String s) {
    return s == null || NA.contains(s);
  }

  static boolean isInteger(String s) {
    if (!INTEGER.matcher(s).matches()) {
      return false;
    }
    try {
      Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isDecimal(String s) {
    return DECIMAL.matcher(s).matches();
  }

  /** The column names of a header record, with pandas' renaming of empty and repeated names. */
  public static List<String> columnNames(List<String> header) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> counts = new HashMap<>();
    Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).isEmpty() ? "Unnamed: " + i : header.get(i);
      String unique = name;
      int n = counts.getOrDefault(name, 0);
      while (used.contains(unique)) {
        n++;
        unique = name + "." + n;
      }
      counts.put(name, n);
      used.add(unique);
      out.add(unique);
    }
    return out;
  }

  /** The schema of {@code rows} (records after the header) under {@code names}. */
  public static Schema infer(List<String> names, List<List<String>> rows) {
    Schema.Builder b = Schema.builder();
    for (int c = 0; c < names.size(); c++) {
      boolean any = false;
      boolean missing = false;
      boolean ints = true;
      boolean decimals = true;
      boolean bools = true;
      for (List<String> r : rows) {
        String v = c < r.size() ? r.get(c) : null;
        if (isNa(v)) {
          missing = true;
          continue;
        }
        any = true;
        ints &= isInteger(v);
        decimals &= isDecimal(v);
        bools &= TRUE.contains(v) || FALSE.contains(v);
      }
      FieldType t;
      if (!any) {
        t = FieldType.DOUBLE;
      } else if (ints) {
        t = missing ? FieldType.DOUBLE : FieldType.INT64;
      } else if (decimals) {
        t = FieldType.DOUBLE;
      } else if (bools) {
        t = FieldType.BOOLEAN;
      } else {
        t = FieldType.STRING;
      }
      b.addField(Schema.Field.of(names.get(c), t.withNullable(true)));
    }
    return b.build();
  }
}
