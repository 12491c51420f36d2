package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.parquet.DecimalScaleException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decimal with more fractional digits than its column allows fails naming the field, the scale
 * and the limit.
 */
class DecimalScaleTest {
  static final Schema S =
      Schema.builder()
          .addInt64Field("id")
          .addField(
              Schema.Field.of("price", FieldType.DECIMAL)
                  .withOptions(
                      Schema.Options.builder()
                          .setOption(ParquetSchemas.OPTION_DECIMAL_PRECISION, FieldType.INT32, 10)
                          .setOption(ParquetSchemas.OPTION_DECIMAL_SCALE, FieldType.INT32, 2)
                          .build()))
          .build();

  @Test
  void tooManyFractionalDigitsNameFieldScaleAndLimit(@TempDir Path tmp) {
    Row row = Row.withSchema(S).addValues(1L, new BigDecimal("1.234")).build();
    assertThatThrownBy(() -> ParquetTestUtil.write(tmp.resolve("d.parquet"), S, List.of(row)))
        .isInstanceOf(DecimalScaleException.class)
        .hasMessageContaining("'price'")
        .hasMessageContaining("1.234")
        .hasMessageContaining("scale 3")
        .hasMessageContaining("DECIMAL(10, 2)")
        .hasMessageNotContaining("Rounding necessary")
        .satisfies(
            e -> {
              DecimalScaleException d = (DecimalScaleException) e;
              assertThat(d.field()).isEqualTo("price");
              assertThat(d.valueScale()).isEqualTo(3);
              assertThat(d.columnScale()).isEqualTo(2);
            });
  }

  @Test
  void trailingZerosBeyondTheScaleStillFit(@TempDir Path tmp) throws Exception {
    Row row = Row.withSchema(S).addValues(1L, new BigDecimal("1.2300")).build();
    Path f = tmp.resolve("ok.parquet");
    ParquetTestUtil.write(f, S, List.of(row));
    assertThat(ParquetTestUtil.readAll(f, null, null).get(0).getDecimal("price"))
        .isEqualByComparingTo("1.23");
  }
}
