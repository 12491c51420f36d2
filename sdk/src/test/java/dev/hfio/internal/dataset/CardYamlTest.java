package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.DatasetCardException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README.md codec alone: front matter and body apart and back, with no knowledge of what the
 * keys mean.
 */
class CardYamlTest {
  @Test
  void keepsEveryKeyInOrderAndTheBodyVerbatim() {
    String readme =
        "---\nzeta: 1\nconfigs: not-validated-here\nalpha:\n  nested: [a, b]\n---\n# T\n\n---\nmore\n";
    CardYaml.FrontMatter fm = CardYaml.parse(readme);
    assertThat(fm.data().keySet()).containsExactly("zeta", "configs", "alpha");
    assertThat(fm.data().get("alpha")).isEqualTo(Map.of("nested", List.of("a", "b")));
    assertThat(fm.body()).isEqualTo("# T\n\n---\nmore\n");
    assertThat(CardYaml.parse(CardYaml.render(fm.data(), fm.body()))).isEqualTo(fm);
  }

  @Test
  void textWithoutClosedFrontMatterIsAllBody() {
    assertThat(CardYaml.parse("# Title\n---\nx: 1\n---\n").data()).isEmpty();
    assertThat(CardYaml.parse("---\nx: 1\nno closing line\n").body())
        .isEqualTo("---\nx: 1\nno closing line\n");
    assertThat(CardYaml.parse("\uFEFF---\r\nx: 1\r\n---\r\nB\r\n").data()).containsEntry("x", 1);
    assertThat(CardYaml.parse("---\n---\nB").data()).isEmpty();
  }

  @Test
  void rendersTheBodyAloneWithoutMetadataAndRefusesNonMappings() {
    assertThat(CardYaml.render(new LinkedHashMap<>(), "B\n")).isEqualTo("B\n");
    LinkedHashMap<String, Object> data = new LinkedHashMap<>();
    data.put("license", "mit");
    assertThat(CardYaml.render(data, "B\n")).isEqualTo("---\nlicense: mit\n---\nB\n");
    assertThatThrownBy(() -> CardYaml.parse("---\n- a\n---\n"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("must be a YAML mapping");
    assertThatThrownBy(() -> CardYaml.parse("---\na: 1\na: 2\n---\n"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("duplicate keys");
  }
}
