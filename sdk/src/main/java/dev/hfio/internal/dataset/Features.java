package dev.hfio.internal.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.dataset.DatasetCardException;
import dev.hfio.dataset.HfFeatures;
import dev.hfio.internal.parquet.ParquetDtypes;
import dev.hfio.internal.parquet.ParquetSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Beam schemas ↔ {@code datasets} features, in the three forms {@code datasets} uses: the {@code
 * Features.to_dict()} dict (the Parquet footer's {@code huggingface} key holds {@code {"info":
 * {"features": <dict>}}}), the card's YAML list ({@code dataset_info.features}), and Beam schemas.
 * Checked against huggingface/datasets b7cb10b0 (5.0.1): {@code features/features.py} ({@code
 * Value}, {@code ClassLabel}, {@code List}, {@code _to_yaml_list}, {@code _from_yaml_list}, {@code
 * generate_from_dict}), {@code utils/py_utils.py} ({@code asdict}: fields equal to their default
 * are left out), {@code arrow_writer.py} ({@code _build_metadata}).
 *
 * <p>Beam → features (what HfIO writes): a leaf is {@code Value(dtype)} with the dtype of the
 * Parquet leaf actually written ({@link ParquetDtypes}); an {@link EnumerationType} whose values
 * are 0..n-1 is {@code ClassLabel(names)} (stored as the int64 index; another enumeration is a
 * {@code string}); {@link HfFeatures.Image}/{@link HfFeatures.Audio} are {@code Image}/{@code
 * Audio}; a row is a dict; an array is {@code List(feature)} (the {@code _type: List} form {@code
 * datasets} 4 and 5 write); a map, which {@code datasets} has no feature for, is declared as what
 * its Parquet storage is, {@code List({"key": k, "value": v})}.
 *
 * <p>Features → Beam ({@link #fromDict}/{@link #fromYaml}, for data without a Parquet schema): all
 * fields nullable (as {@code datasets} makes them); the Parquet field options of {@link
 * ParquetSchemas} record what Beam types cannot say (unsigned widths, time units, local timestamps,
 * decimal precision), so writing the rows back gives the same dtypes. {@code large_string}/{@code
 * string_view} read as STRING and {@code large_binary}/{@code binary_view} as BYTES (HfIO writes no
 * {@code ARROW:schema} blob, so they are written back as {@code string} / {@code binary}); a time
 * zone other than UTC reads as an instant (Parquet keeps only UTC); {@code null} reads as a
 * nullable STRING; {@code Video}, {@code Pdf} and the other media types as a plain {@code
 * bytes}/{@code path} row; {@code Json} as STRING.
 *
 * <p>Reading Parquet ({@link #annotate}): a declared feature changes a column's type only where its
 * storage equals the file's (as {@code Features.from_arrow_schema} does): {@code ClassLabel} over
 * INT64 → enumeration, {@code Image}/{@code Audio} over a {@code bytes}/{@code path} row → the
 * {@link HfFeatures} types, recursively in lists and rows.
 */
public final class Features {
  /** The Parquet key-value metadata key {@code datasets} stores its features under. */
  public static final String FOOTER_KEY = "huggingface";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TIMESTAMP =
      Pattern.compile("timestamp\\[(s|ms|us|ns)(?:, tz=([^\\]]+))?\\]");
  private static final Pattern DECIMAL = Pattern.compile("decimal(128|256)\\((\\d+), ?(-?\\d+)\\)");
  private static final Pattern FIXED_BINARY = Pattern.compile("fixed_size_binary\\[(\\d+)\\]");
  private static final Pattern TIME = Pattern.compile("time(32|64)\\[(s|ms|us|ns)\\]");
  private static final Pattern DURATION = Pattern.compile("duration\\[(s|ms|us|ns)\\]");

  /** Media features whose storage is {@code struct<bytes, path>} and that HfIO has no type for. */
  private static final List<String> PLAIN_MEDIA = List.of("Video", "Pdf", "Nifti", "Mesh");

  private Features() {}

  // ------------------------------------------------------------------ Beam -> features

  /** {@code Features.to_dict()} of the columns HfIO writes for {@code schema}, in column order. */
  public static LinkedHashMap<String, Object> toDict(Schema schema) {
    MessageType parquet = ParquetSchemas.toParquetSchema(schema);
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Field f = schema.getField(i);
      out.put(f.getName(), feature(f.getType(), parquet.getType(i)));
    }
    return out;
  }

  /**
   * The footer's {@code huggingface} value for {@code schema}: {@code {"info": {"features": ...}}},
   * as Python's {@code json.dumps} writes it.
   */
  public static String footerJson(Schema schema) {
    LinkedHashMap<String, Object> info = new LinkedHashMap<>();
    info.put("features", toDict(schema));
    LinkedHashMap<String, Object> meta = new LinkedHashMap<>();
    meta.put("info", info);
    return PyJson.dumps(meta);
  }

  /** The card's {@code dataset_info.features} list for {@code schema}. */
  public static List<Map<String, Object>> toYaml(Schema schema) {
    return yamlList(toDict(schema));
  }

  /** The dotted paths of the leaves of media columns (written without dictionary encoding). */
  public static List<String> mediaColumns(Schema schema) {
    List<String> out = new ArrayList<>();
    for (Field f : schema.getFields()) {
      if (isMedia(f.getType())) {
        out.add(f.getName() + ".bytes");
        out.add(f.getName() + ".path");
      }
    }
    return out;
  }

  private static Object feature(FieldType t, Type p) {
    switch (t.getTypeName()) {
      case ROW:
        {
          GroupType g = p.asGroupType();
          LinkedHashMap<String, Object> m = new LinkedHashMap<>();
          Schema s = t.getRowSchema();
          for (int i = 0; i < s.getFieldCount(); i++) {
            m.put(s.getField(i).getName(), feature(s.getField(i).getType(), g.getType(i)));
          }
          return m;
        }
      case ARRAY:
      case ITERABLE:
        {
          Type element = p.asGroupType().getType(0).asGroupType().getType(0);
          return list(feature(t.getCollectionElementType(), element));
        }
      case MAP:
        {
          GroupType kv = p.asGroupType().getType(0).asGroupType();
          LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
          entry.put("key", feature(t.getMapKeyType(), kv.getType(0)));
          entry.put("value", feature(t.getMapValueType(), kv.getType(1)));
          return list(entry);
        }
      case LOGICAL_TYPE:
        {
          Schema.LogicalType<?, ?> lt = t.getLogicalType();
          if (lt instanceof HfFeatures.Image) {
            return typed("Image");
          }
          if (lt instanceof HfFeatures.Audio a) {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            if (a.samplingRate() > 0) {
              m.put("sampling_rate", a.samplingRate());
            }
            m.put("_type", "Audio");
            return m;
          }
          if (lt instanceof EnumerationType e
              && p.isPrimitive()
              && p.asPrimitiveType().getPrimitiveTypeName()
                  == org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64) {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < e.getValues().size(); i++) {
              names.add(e.toString(e.valueOf(i)));
            }
            m.put("names", names);
            m.put("_type", "ClassLabel");
            return m;
          }
          if (!p.isPrimitive()) {
            return feature(lt.getBaseType(), p);
          }
          return value(ParquetDtypes.dtype(p.asPrimitiveType()));
        }
      default:
        return value(ParquetDtypes.dtype(p.asPrimitiveType()));
    }
  }

  private static LinkedHashMap<String, Object> value(String dtype) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("dtype", dtype);
    m.put("_type", "Value");
    return m;
  }

  private static LinkedHashMap<String, Object> list(Object feature) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("feature", feature);
    m.put("_type", "List");
    return m;
  }

  private static LinkedHashMap<String, Object> typed(String type) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("_type", type);
    return m;
  }

  // ------------------------------------------------------------------ dict <-> YAML list

  /** The YAML list form of a features dict ({@code Features._to_yaml_list}). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> yamlList(Map<String, ?> dict) {
    Map<String, Object> struct = toYamlInner(dict);
    return (List<Map<String, Object>>) struct.get("struct");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toYamlInner(Object obj) {
    if (obj instanceof List<?> l) {
      return simplify(single("list", simplify(toYamlInner(l.get(0)))));
    }
    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) obj);
    Object type = m.remove("_type");
    if (type == null) {
      List<Object> fields = new ArrayList<>();
      for (Map.Entry<String, Object> e : m.entrySet()) {
        LinkedHashMap<String, Object> f = new LinkedHashMap<>();
        f.put("name", e.getKey());
        f.putAll(toYamlInner(e.getValue()));
        fields.add(f);
      }
      return single("struct", fields);
    }
    switch (String.valueOf(type)) {
      case "List", "LargeList", "Sequence":
        {
          Object feature = m.remove("feature");
          LinkedHashMap<String, Object> out = new LinkedHashMap<>();
          out.put(type.equals("LargeList") ? "large_list" : "list", toYamlInner(feature));
          out.putAll(m);
          return simplify(out);
        }
      case "Value":
        return m;
      default:
        if (m.isEmpty()) {
          return single("dtype", snake(String.valueOf(type)));
        }
        return single("dtype", simplify(single(snake(String.valueOf(type)), m)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> simplify(Map<String, Object> feature) {
    for (String listType : List.of("large_list", "list", "sequence")) {
      if (feature.get(listType) instanceof Map<?, ?> inner && inner.size() == 1) {
        if (inner.containsKey("dtype")) {
          feature.put(listType, inner.get("dtype"));
        } else if (inner.containsKey("struct")) {
          feature.put(listType, inner.get("struct"));
        }
      }
    }
    if (feature.get("class_label") instanceof Map<?, ?> cl
        && cl.get("names") instanceof List<?> names) {
      LinkedHashMap<String, Object> byId = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        byId.put(String.valueOf(i), names.get(i));
      }
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) cl);
      copy.put("names", byId);
      feature.put("class_label", copy);
    }
    return feature;
  }

  /**
   * The features dict of a card's YAML list ({@code Features._from_yaml_list}), with the legacy
   * {@code sequence} form read as {@code datasets} reads it.
   *
   * @throws DatasetCardException if the list is malformed (names the entry)
   */
  @SuppressWarnings("unchecked")
  public static LinkedHashMap<String, Object> dictFromYaml(Object yaml) {
    if (!(yaml instanceof List<?>)) {
      throw new DatasetCardException(
          "dataset_info.features must be a list of {name, ...} entries, got " + yaml);
    }
    return (LinkedHashMap<String, Object>) fromYamlInner(YamlTree.copy(yaml));
  }

  @SuppressWarnings("unchecked")
  private static Object fromYamlInner(Object obj) {
    if (obj instanceof List<?> l) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      for (Object o : l) {
        if (!(o instanceof Map<?, ?> m) || m.get("name") == null) {
          throw new DatasetCardException(
              "dataset_info.features: each entry must be a mapping with a name, got " + o);
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
        String name = String.valueOf(copy.remove("name"));
        out.put(name, fromYamlInner(copy));
      }
      return out;
    }
    if (!(obj instanceof Map<?, ?> raw)) {
      throw new DatasetCardException("dataset_info.features: unexpected entry " + obj);
    }
    LinkedHashMap<String, Object> m = new LinkedHashMap<>((Map<String, Object>) raw);
    if (m.isEmpty()) {
      return m;
    }
    String key = m.keySet().iterator().next();
    switch (key) {
      case "large_list", "list", "sequence":
        {
          Object inner = m.remove(key);
          if (inner instanceof String s) {
            inner = single("dtype", s);
          }
          Object feature = fromYamlInner(inner);
          if (key.equals("sequence") && inner instanceof List<?>) {
            // a sequence of a struct is a struct of lists
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) feature).entrySet()) {
              LinkedHashMap<String, Object> l = new LinkedHashMap<>();
              l.put("feature", e.getValue());
              l.putAll(m);
              l.put("_type", "List");
              out.put(e.getKey(), l);
            }
            return out;
          }
          LinkedHashMap<String, Object> out = new LinkedHashMap<>();
          out.put("feature", feature);
          out.putAll(m);
          out.put("_type", key.equals("large_list") ? "LargeList" : "List");
          return out;
        }
      case "struct":
        return fromYamlInner(m.get("struct"));
      case "dtype":
        {
          Object dtype = m.get("dtype");
          if (dtype instanceof String s) {
            if (isValueDtype(s)) {
              LinkedHashMap<String, Object> out = new LinkedHashMap<>(m);
              out.put("_type", "Value");
              return out;
            }
            return typed(camel(s));
          }
          return fromYamlInner(dtype);
        }
      default:
        {
          // the to_dict order: the arguments, then _type
          LinkedHashMap<String, Object> out = new LinkedHashMap<>();
          Object args = m.get(key);
          if (args instanceof Map<?, ?> am) {
            LinkedHashMap<String, Object> a = new LinkedHashMap<>((Map<String, Object>) am);
            if (key.equals("class_label") && a.get("names") instanceof Map<?, ?> byId) {
              a.put("names", namesById(byId));
            }
            out.putAll(a);
          }
          out.put("_type", camel(key));
          return out;
        }
    }
  }

  private static List<Object> namesById(Map<?, ?> byId) {
    TreeMap<Integer, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : byId.entrySet()) {
      try {
        sorted.put(Integer.parseInt(String.valueOf(e.getKey()).trim()), e.getValue());
      } catch (NumberFormatException ex) {
        throw new DatasetCardException(
            "dataset_info.features: class_label ids must be integers, got '" + e.getKey() + "'");
      }
    }
    List<Object> names = new ArrayList<>();
    int expect = 0;
    for (Map.Entry<Integer, Object> e : sorted.entrySet()) {
      if (e.getKey() != expect++) {
        throw new DatasetCardException(
            "dataset_info.features: class_label expected a name for every id 0.."
                + sorted.lastKey()
                + " but some are missing");
      }
      names.add(String.valueOf(e.getValue()));
    }
    return names;
  }

  private static boolean isValueDtype(String s) {
    try {
      leaf(s);
      return true;
    } catch (DatasetCardException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ features -> Beam

  /**
   * The features a card declares for a config, as a dict: its {@code dataset_info.features}, else
   * the {@code features} parameter of its {@code configs} entry; empty when it declares none.
   *
   * @throws DatasetCardException if the declared features are malformed
   */
  public static Optional<Map<String, Object>> declared(
      @Nullable DatasetCard card, ResolvedConfig config) {
    Object yaml = null;
    if (card != null) {
      yaml = card.datasetInfo(config.name()).map(DatasetInfo::features).orElse(null);
    }
    if (yaml == null) {
      yaml = config.params().get("features");
    }
    if (yaml == null) {
      return Optional.empty();
    }
    return Optional.of(yaml instanceof Map<?, ?> ? castDict(yaml) : dictFromYaml(yaml));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castDict(Object dict) {
    return (Map<String, Object>) dict;
  }

  /**
   * The Beam schema of a features dict (the {@code to_dict} form, as in the footer key); every
   * field nullable.
   *
   * @throws DatasetCardException for a feature or dtype HfIO cannot map (names it)
   */
  public static Schema fromDict(Map<String, ?> dict) {
    Schema.Builder b = Schema.builder();
    for (Map.Entry<String, ?> e : dict.entrySet()) {
      Beam t = beam(e.getValue(), e.getKey());
      Field f = Field.of(e.getKey(), t.type.withNullable(true));
      b.addField(t.options.hasOptions() ? f.withOptions(t.options) : f);
    }
    return b.build();
  }

  /**
   * The Beam schema of a card's {@code dataset_info.features} YAML list (see {@link #fromDict}).
   */
  public static Schema fromYaml(Object yamlFeatures) {
    return fromDict(dictFromYaml(yamlFeatures));
  }

  /**
   * The features dict in a footer's {@code huggingface} value; empty when it holds none or is not
   * valid JSON (a file's own schema is used then, as {@code datasets} does).
   */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> fromFooterJson(@Nullable String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      Object meta = JSON.readValue(json, LinkedHashMap.class);
      if (meta instanceof Map<?, ?> m
          && m.get("info") instanceof Map<?, ?> info
          && info.get("features") instanceof Map<?, ?> features) {
        return Optional.of((Map<String, Object>) features);
      }
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A Beam type and the field options that complete it. */
  private record Beam(FieldType type, Schema.Options options) {
    static Beam of(FieldType t) {
      return new Beam(t, Schema.Options.none());
    }
  }

  @SuppressWarnings("unchecked")
  private static Beam beam(Object feature, String where) {
    Object f = normalize(feature);
    if (f instanceof Map<?, ?> raw && !raw.containsKey("_type")) {
      Schema.Builder b = Schema.builder();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) raw).entrySet()) {
        Beam t = beam(e.getValue(), where + "." + e.getKey());
        Field field = Field.of(e.getKey(), t.type.withNullable(true));
        b.addField(t.options.hasOptions() ? field.withOptions(t.options) : field);
      }
      return Beam.of(FieldType.row(b.build()));
    }
    if (!(f instanceof Map<?, ?> m)) {
      throw new DatasetCardException("feature of '" + where + "' is not a mapping: " + feature);
    }
    String type = String.valueOf(m.get("_type"));
    switch (type) {
      case "Value":
        return leaf(String.valueOf(m.get("dtype")));
      case "ClassLabel":
        {
          Object names = m.get("names");
          if (names instanceof List<?> l && !l.isEmpty()) {
            List<String> ns = new ArrayList<>();
            l.forEach(n -> ns.add(String.valueOf(n)));
            return Beam.of(FieldType.logicalType(EnumerationType.create(ns)));
          }
          return Beam.of(FieldType.INT64);
        }
      case "List", "LargeList":
        return Beam.of(
            FieldType.array(beam(m.get("feature"), where + "[]").type.withNullable(true)));
      case "Image":
        return Beam.of(HfFeatures.image());
      case "Audio":
        {
          Object rate = m.get("sampling_rate");
          return Beam.of(
              rate instanceof Number n && n.intValue() > 0
                  ? HfFeatures.audio(n.intValue())
                  : HfFeatures.audio());
        }
      case "Json":
        return Beam.of(FieldType.STRING);
      case "Translation":
        {
          Schema.Builder b = Schema.builder();
          Object languages = m.get("languages");
          if (languages instanceof List<?> l) {
            l.stream()
                .map(String::valueOf)
                .sorted()
                .forEach(lang -> b.addNullableField(lang, FieldType.STRING));
          }
          return Beam.of(FieldType.row(b.build()));
        }
      case "TranslationVariableLanguages":
        return Beam.of(
            FieldType.row(
                Schema.builder()
                    .addNullableField("language", FieldType.array(FieldType.STRING))
                    .addNullableField("translation", FieldType.array(FieldType.STRING))
                    .build()));
      case "Array2D", "Array3D", "Array4D", "Array5D":
        {
          int dims = type.charAt(5) - '0';
          FieldType t = leaf(String.valueOf(m.get("dtype"))).type;
          for (int i = 0; i < dims; i++) {
            t = FieldType.array(t.withNullable(true));
          }
          return Beam.of(t);
        }
      default:
        if (PLAIN_MEDIA.contains(type)) {
          return Beam.of(FieldType.row(HfFeatures.MEDIA_SCHEMA));
        }
        throw new DatasetCardException(
            "feature of '" + where + "' has type '" + type + "', which HfIO cannot map to Beam");
    }
  }

  /**
   * A feature in its current form: a legacy {@code [feature]} list is {@code List(feature)}; a
   * {@code Sequence} is a {@code List}, or of a dict, a dict of lists (as {@code datasets} reads
   * it).
   */
  @SuppressWarnings("unchecked")
  static Object normalize(Object feature) {
    if (feature instanceof List<?> l && l.size() == 1) {
      return list(l.get(0));
    }
    if (feature instanceof Map<?, ?> m && "Sequence".equals(m.get("_type"))) {
      Object inner = normalize(m.get("feature"));
      if (inner instanceof Map<?, ?> im && !im.containsKey("_type")) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) im).entrySet()) {
          out.put(e.getKey(), list(e.getValue()));
        }
        return out;
      }
      return list(inner);
    }
    return feature;
  }

  /** The Beam type (and options) of a {@code Value} dtype. */
  private static Beam leaf(String dtype) {
    switch (dtype) {
      case "null":
      case "string":
      case "large_string":
      case "string_view":
        return Beam.of(FieldType.STRING);
      case "bool":
        return Beam.of(FieldType.BOOLEAN);
      case "int8":
        return Beam.of(FieldType.BYTE);
      case "int16":
        return Beam.of(FieldType.INT16);
      case "int32":
        return Beam.of(FieldType.INT32);
      case "int64":
        return Beam.of(FieldType.INT64);
      case "uint8":
        return unsigned(FieldType.INT16, 8);
      case "uint16":
        return unsigned(FieldType.INT32, 16);
      case "uint32":
        return unsigned(FieldType.INT64, 32);
      case "uint64":
        return unsigned(FieldType.INT64, 64);
      case "float16":
      case "float32":
      case "float":
        return Beam.of(FieldType.FLOAT);
      case "float64":
      case "double":
        return Beam.of(FieldType.DOUBLE);
      case "binary":
      case "large_binary":
      case "binary_view":
        return Beam.of(FieldType.BYTES);
      case "date32":
      case "date64":
        return Beam.of(FieldType.logicalType(SqlTypes.DATE));
      default:
        break;
    }
    Matcher m;
    if ((m = TIMESTAMP.matcher(dtype)).matches()) {
      String unit = m.group(1);
      if (m.group(2) == null) {
        return new Beam(
            FieldType.logicalType(SqlTypes.DATETIME),
            Schema.Options.builder()
                .setOption(ParquetSchemas.OPTION_LOCAL_TIMESTAMP, FieldType.BOOLEAN, true)
                .setOption(ParquetSchemas.OPTION_TIME_UNIT, FieldType.STRING, parquetUnit(unit))
                .build());
      }
      return Beam.of(
          switch (unit) {
            case "us" -> FieldType.logicalType(SqlTypes.TIMESTAMP);
            case "ns" -> FieldType.logicalType(new NanosInstant());
            default -> FieldType.DATETIME;
          });
    }
    if ((m = TIME.matcher(dtype)).matches()) {
      return new Beam(
          FieldType.logicalType(SqlTypes.TIME),
          Schema.Options.builder()
              .setOption(ParquetSchemas.OPTION_TIME_UNIT, FieldType.STRING, parquetUnit(m.group(2)))
              .build());
    }
    if ((m = DECIMAL.matcher(dtype)).matches()) {
      return new Beam(
          FieldType.DECIMAL,
          Schema.Options.builder()
              .setOption(
                  ParquetSchemas.OPTION_DECIMAL_PRECISION,
                  FieldType.INT32,
                  Integer.parseInt(m.group(2)))
              .setOption(
                  ParquetSchemas.OPTION_DECIMAL_SCALE,
                  FieldType.INT32,
                  Integer.parseInt(m.group(3)))
              .build());
    }
    if ((m = FIXED_BINARY.matcher(dtype)).matches()) {
      return Beam.of(FieldType.logicalType(FixedBytes.of(Integer.parseInt(m.group(1)))));
    }
    if (DURATION.matcher(dtype).matches()) {
      return Beam.of(FieldType.INT64);
    }
    throw new DatasetCardException("unknown datasets dtype '" + dtype + "'");
  }

  private static Beam unsigned(FieldType t, int bits) {
    return new Beam(
        t,
        Schema.Options.builder()
            .setOption(ParquetSchemas.OPTION_UNSIGNED_BITS, FieldType.INT32, bits)
            .build());
  }

  private static String parquetUnit(String unit) {
    return switch (unit) {
      case "us" -> "MICROS";
      case "ns" -> "NANOS";
      default -> "MILLIS";
    };
  }

  // ------------------------------------------------------------------ annotation of a file schema

  /**
   * {@code physical} (a schema read from Parquet) with the declared features applied where their
   * storage equals the column's type: ClassLabel → enumeration, Image/Audio → {@link HfFeatures}
   * types. Other columns, and columns the features do not name, are kept as they are (names, order,
   * nullability and options are never changed).
   */
  public static Schema annotate(Schema physical, Map<String, ?> features) {
    Schema.Builder b = Schema.builder();
    for (Field f : physical.getFields()) {
      Object feature = features.get(f.getName());
      b.addField(feature == null ? f : f.withType(annotate(f.getType(), feature)));
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static FieldType annotate(FieldType t, Object feature) {
    Object f = normalize(feature);
    if (!(f instanceof Map<?, ?> m)) {
      return t;
    }
    Object type = m.get("_type");
    boolean nullable = t.getNullable();
    if (type == null) {
      if (t.getTypeName() != TypeName.ROW) {
        return t;
      }
      return FieldType.row(annotate(t.getRowSchema(), (Map<String, ?>) m)).withNullable(nullable);
    }
    switch (String.valueOf(type)) {
      case "ClassLabel":
        if (t.getTypeName() == TypeName.INT64
            && m.get("names") instanceof List<?> l
            && !l.isEmpty()) {
          return beam(f, "").type.withNullable(nullable);
        }
        return t;
      case "Image", "Audio":
        if (isMediaStorage(t)) {
          return beam(f, "").type.withNullable(nullable);
        }
        return t;
      case "List", "LargeList":
        if (t.getTypeName() == TypeName.ARRAY || t.getTypeName() == TypeName.ITERABLE) {
          FieldType e = annotate(t.getCollectionElementType(), m.get("feature"));
          return FieldType.array(e).withNullable(nullable);
        }
        return t;
      default:
        return t;
    }
  }

  /** A row of exactly {@code bytes: BYTES, path: STRING} (any nullability). */
  private static boolean isMediaStorage(FieldType t) {
    if (t.getTypeName() != TypeName.ROW) {
      return false;
    }
    Schema s = t.getRowSchema();
    return s.getFieldCount() == 2
        && s.getField(0).getName().equals("bytes")
        && s.getField(0).getType().getTypeName() == TypeName.BYTES
        && s.getField(1).getName().equals("path")
        && s.getField(1).getType().getTypeName() == TypeName.STRING;
  }

  private static boolean isMedia(FieldType t) {
    return t.getTypeName() == TypeName.LOGICAL_TYPE
        && (t.getLogicalType() instanceof HfFeatures.Image
            || t.getLogicalType() instanceof HfFeatures.Audio);
  }

  // ------------------------------------------------------------------ helpers

  private static LinkedHashMap<String, Object> single(String key, Object value) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  /** {@code camelcase_to_snakecase}: {@code ClassLabel} → {@code class_label}. */
  static String snake(String camel) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        b.append('_');
      }
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  /** {@code snakecase_to_camelcase}: {@code class_label} → {@code ClassLabel}. */
  static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    for (String part : snake.split("_")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }
}
