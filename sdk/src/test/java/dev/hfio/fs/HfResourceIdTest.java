package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.InvalidHfPathException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.fs.ResourceIdTester;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HfResourceId against Beam's own ResourceId contract battery plus hf:// specifics. */
class HfResourceIdTest {
  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @BeforeAll
  static void register() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void beamResourceIdBattery() {
    for (String base :
        new String[] {
          "hf://datasets/user/ds/",
          "hf://datasets/user/ds/train/",
          "hf://datasets/user/ds@" + SHA + "/data/x/",
          "hf://datasets/user/ds@refs/pr/3/a/",
          "hf://datasets/user/ds@feature%2Fx/a/",
          "hf://user/model/",
          "hf://spaces/user/space@v1.0/static/"
        }) {
      ResourceIdTester.runResourceIdBattery(FileSystems.matchNewResource(base, true));
    }
  }

  @Test
  void canonicalFormsAndNavigation() {
    ResourceId dir = FileSystems.matchNewResource("hf://datasets/user/ds@main/train", true);
    assertThat(dir).isInstanceOf(HfResourceId.class);
    assertThat(dir.toString()).isEqualTo("hf://datasets/user/ds@main/train/");
    assertThat(dir.isDirectory()).isTrue();
    assertThat(dir.getScheme()).isEqualTo("hf");
    assertThat(dir.getFilename()).isEqualTo("train");
    ResourceId file = dir.resolve("part-0.parquet", StandardResolveOptions.RESOLVE_FILE);
    assertThat(file.toString()).isEqualTo("hf://datasets/user/ds@main/train/part-0.parquet");
    assertThat(file.getFilename()).isEqualTo("part-0.parquet");
    assertThat(file.isDirectory()).isFalse();
    assertThat(file.getCurrentDirectory()).isEqualTo(dir);
    ResourceId root = FileSystems.matchNewResource("hf://datasets/user/ds@main", true);
    assertThat(root.toString()).isEqualTo("hf://datasets/user/ds@main/");
    assertThat(root.getFilename()).isNull();
    assertThat(dir.getCurrentDirectory().getCurrentDirectory()).isEqualTo(dir);
    assertThat(
            FileSystems.matchNewResource("hf://datasets/user/ds/a.txt", false)
                .getCurrentDirectory()
                .toString())
        .isEqualTo("hf://datasets/user/ds/");
    ResourceId nested = root.resolve("a/b", StandardResolveOptions.RESOLVE_DIRECTORY);
    assertThat(nested.toString()).isEqualTo("hf://datasets/user/ds@main/a/b/");
    assertThat(FileSystems.matchNewResource(nested.toString(), true)).isEqualTo(nested);
  }

  @Test
  void badInputIsRejectedWithActionableMessages() {
    assertThatThrownBy(() -> FileSystems.matchNewResource("hf://dataset/user/ds/x", false))
        .isInstanceOf(InvalidHfPathException.class)
        .hasMessageContaining("plural");
    assertThatThrownBy(() -> FileSystems.matchNewResource("hf://datasets/user/ds/dir/", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends with '/'");
    assertThatThrownBy(() -> FileSystems.matchNewResource("hf://datasets/justname", false))
        .isInstanceOf(InvalidHfPathException.class)
        .hasMessageContaining("namespace/name");
    ResourceId file = FileSystems.matchNewResource("hf://datasets/user/ds/a.txt", false);
    assertThatThrownBy(() -> file.resolve("b", StandardResolveOptions.RESOLVE_FILE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("against the file");
    ResourceId dir = FileSystems.matchNewResource("hf://datasets/user/ds/d", true);
    assertThatThrownBy(() -> dir.resolve("../x", StandardResolveOptions.RESOLVE_FILE))
        .isInstanceOf(InvalidHfPathException.class)
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> dir.resolve("/abs", StandardResolveOptions.RESOLVE_FILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
  }
}
