package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.junit.jupiter.api.Test;

class RowGroupSplitsTest {
  static List<RowGroupInfo> groups(long... sizes) {
    List<RowGroupInfo> out = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      out.add(new RowGroupInfo(i, 10 * (i + 1), sizes[i], sizes[i] / 2, List.of()));
    }
    return out;
  }

  @Test
  void splitsOnWholeRowGroupsAtTarget() {
    List<RowGroupInfo> g = groups(30, 40, 10, 100, 5);
    assertThat(RowGroupSplits.split(g, RowGroupSplits.all(g), 50))
        .containsExactly(new OffsetRange(0, 2), new OffsetRange(2, 4), new OffsetRange(4, 5));
    assertThat(RowGroupSplits.split(g, new OffsetRange(1, 3), 1000))
        .containsExactly(new OffsetRange(1, 3));
    assertThat(RowGroupSplits.split(g, new OffsetRange(2, 2), 10)).isEmpty();
    assertThat(RowGroupSplits.byteSize(g, new OffsetRange(1, 4))).isEqualTo(150);
    assertThat(RowGroupSplits.rowCount(g, new OffsetRange(0, 2))).isEqualTo(30);
  }
}
