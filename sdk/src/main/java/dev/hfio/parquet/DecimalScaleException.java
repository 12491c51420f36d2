package dev.hfio.parquet;

import dev.hfio.errors.HfException;

/**
 * A decimal value has more digits after the point than its Parquet column keeps (DECIMAL(p, s) with
 * the value's scale above s). Nothing is rounded silently: round the value first (e.g. {@code
 * value.setScale(s, RoundingMode.HALF_EVEN)}) or give the field a larger scale through the field
 * option {@code hfio.parquet.decimalScale}.
 */
public class DecimalScaleException extends HfException {
  private static final long serialVersionUID = 1L;

  /** The Beam field option that declares a decimal field's Parquet scale. */
  private static final String OPTION_DECIMAL_SCALE = "hfio.parquet.decimalScale";

  private final String field;
  private final String value;
  private final int valueScale;
  private final int columnPrecision;
  private final int columnScale;

  public DecimalScaleException(
      String field, String value, int valueScale, int columnPrecision, int columnScale) {
    this(
        describe(field, value, valueScale, columnPrecision, columnScale),
        field,
        value,
        valueScale,
        columnPrecision,
        columnScale,
        null);
  }

  private DecimalScaleException(
      String message,
      String field,
      String value,
      int valueScale,
      int columnPrecision,
      int columnScale,
      Throwable cause) {
    super(message, cause);
    this.field = field;
    this.value = value;
    this.valueScale = valueScale;
    this.columnPrecision = columnPrecision;
    this.columnScale = columnScale;
  }

  /**
   * The same facts with {@code context} (e.g. the row and file being written) in front of the
   * message.
   */
  public DecimalScaleException withContext(String context) {
    return new DecimalScaleException(
        context + ": " + getMessage(),
        field,
        value,
        valueScale,
        columnPrecision,
        columnScale,
        this);
  }

  private static String describe(
      String field, String value, int valueScale, int precision, int scale) {
    return "Decimal "
        + value
        + " of field '"
        + field
        + "' has scale "
        + valueScale
        + " ("
        + valueScale
        + " digits after the point) but its column is DECIMAL("
        + precision
        + ", "
        + scale
        + "), which keeps at most "
        + scale
        + ": round the value to "
        + scale
        + " digits first (BigDecimal.setScale("
        + scale
        + ", RoundingMode.HALF_EVEN)) or declare a larger scale with the field option "
        + OPTION_DECIMAL_SCALE;
  }

  /** The Parquet column's name (the leaf name for a nested field). */
  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public int valueScale() {
    return valueScale;
  }

  public int columnPrecision() {
    return columnPrecision;
  }

  public int columnScale() {
    return columnScale;
  }
}
