package dev.hfio.dataset;

import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Beam types for the {@code datasets} features that Beam has no type for: {@link Image} and {@link
 * Audio} columns. Declare a column with {@link #image()} or {@link #audio()} and HfIO writes it as
 * {@code datasets} does ({@code struct<bytes: binary, path: string>}, declared as {@code Image} /
 * {@code Audio} in the Parquet footer and the dataset card), so the Hub's viewer shows the media
 * and {@code load_dataset} decodes it; reading such a column back gives the same type. Values are
 * rows of {@link #MEDIA_SCHEMA} (build one with {@link #media}).
 *
 * <pre>{@code
 * Schema schema = Schema.builder().addStringField("caption")
 *     .addField("image", HfFeatures.image().withNullable(true)).build();
 * Row row = Row.withSchema(schema).addValues("a cat", HfFeatures.media(pngBytes, "cat.png")).build();
 * }</pre>
 *
 * <p>Class labels need no type of their own: a Beam {@code EnumerationType} column is a {@code
 * ClassLabel} (names kept, stored as the int64 label index).
 */
public final class HfFeatures {
  /** The storage of a media value: nullable {@code bytes} (the file's content) and {@code path}. */
  public static final Schema MEDIA_SCHEMA =
      Schema.builder()
          .addNullableField("bytes", FieldType.BYTES)
          .addNullableField("path", FieldType.STRING)
          .build();

  private HfFeatures() {}

  /** A non-null {@link Image} column type ({@code .withNullable(true)} for a nullable one). */
  public static FieldType image() {
    return FieldType.logicalType(new Image());
  }

  /** A non-null {@link Audio} column type without a declared sampling rate. */
  public static FieldType audio() {
    return FieldType.logicalType(new Audio(0));
  }

  /**
   * A non-null {@link Audio} column type whose card declares {@code samplingRate} (Hz), which
   * {@code datasets} resamples to on decoding.
   *
   * @throws IllegalArgumentException if {@code samplingRate} is not positive
   */
  public static FieldType audio(int samplingRate) {
    if (samplingRate <= 0) {
      throw new IllegalArgumentException(
          "HfFeatures.audio(samplingRate): must be > 0, got " + samplingRate);
    }
    return FieldType.logicalType(new Audio(samplingRate));
  }

  /**
   * A media value: the file's bytes (embedded, as {@code datasets} pushes them) and its file name
   * (used for the format, e.g. {@code "cat.png"}); either may be null.
   */
  public static Row media(byte @Nullable [] bytes, @Nullable String path) {
    return Row.withSchema(MEDIA_SCHEMA).addValues(bytes, path).build();
  }

  /** Base of the media types: the value is the storage row itself. */
  private abstract static class Media implements Schema.LogicalType<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public FieldType getBaseType() {
      return FieldType.row(MEDIA_SCHEMA);
    }

    @Override
    public Row toBaseType(Row input) {
      return input;
    }

    @Override
    public Row toInputType(Row base) {
      return base;
    }
  }

  /**
   * The {@code datasets} {@code Image} feature: an image file's bytes and path. Identifier {@value
   * #IDENTIFIER}, no argument.
   */
  public static final class Image extends Media {
    private static final long serialVersionUID = 1L;

    public static final String IDENTIFIER = "dev.hfio:datasets_image:v1";

    @Override
    public String getIdentifier() {
      return IDENTIFIER;
    }

    @Override
    public @Nullable FieldType getArgumentType() {
      return null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Image;
    }

    @Override
    public int hashCode() {
      return IDENTIFIER.hashCode();
    }

    @Override
    public String toString() {
      return "Image";
    }
  }

  /**
   * The {@code datasets} {@code Audio} feature: an audio file's bytes and path. Identifier {@value
   * #IDENTIFIER}; its INT32 argument is the declared sampling rate in Hz, 0 when none is declared.
   */
  public static final class Audio extends Media {
    private static final long serialVersionUID = 1L;

    public static final String IDENTIFIER = "dev.hfio:datasets_audio:v1";

    private final int samplingRate;

    private Audio(int samplingRate) {
      this.samplingRate = samplingRate;
    }

    /** The declared sampling rate in Hz, 0 when none is declared. */
    public int samplingRate() {
      return samplingRate;
    }

    @Override
    public String getIdentifier() {
      return IDENTIFIER;
    }

    @Override
    public FieldType getArgumentType() {
      return FieldType.INT32;
    }

    @Override
    public Integer getArgument() {
      return samplingRate;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Audio a && a.samplingRate == samplingRate;
    }

    @Override
    public int hashCode() {
      return Objects.hash(IDENTIFIER, samplingRate);
    }

    @Override
    public String toString() {
      return samplingRate == 0 ? "Audio" : "Audio(sampling_rate=" + samplingRate + ")";
    }
  }
}
