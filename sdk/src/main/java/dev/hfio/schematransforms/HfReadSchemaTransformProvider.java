package dev.hfio.schematransforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.TypedSchemaTransformProvider;

/**
 * {@link dev.hfio.HfIO#read()} as a schema transform, so Beam YAML, Python pipelines (through the
 * Java expansion service) and Managed-style map configuration can read Hub datasets. URN {@value
 * #IDENTIFIER}; no input; one output, {@value #OUTPUT}, the rows. Configured by {@link
 * HfReadConfiguration}; a configuration HfIO cannot use fails at construction with an {@link
 * HfConfigurationException}. There is no error output: a file that fails to decode fails the
 * pipeline, as {@code HfIO.read()} does.
 */
@AutoService(SchemaTransformProvider.class)
public class HfReadSchemaTransformProvider
    extends TypedSchemaTransformProvider<HfReadConfiguration> {
  /** The URN of the transform. */
  public static final String IDENTIFIER = "beam:schematransform:dev.hfio:hf_read:v1";

  /** The name of the output of rows. */
  public static final String OUTPUT = "output";

  /** Used by the ServiceLoader. */
  public HfReadSchemaTransformProvider() {}

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public String description() {
    return "Reads a Hugging Face Hub dataset (Parquet files of a repo, split, config, path or glob)"
        + " as Beam Rows, with column projection and a row filter pushed into the reader. Keys: "
        + String.join(", ", configurationSchema().getFieldNames())
        + ".";
  }

  @Override
  public List<String> inputCollectionNames() {
    return List.of();
  }

  @Override
  public List<String> outputCollectionNames() {
    return List.of(OUTPUT);
  }

  @Override
  protected Class<HfReadConfiguration> configurationClass() {
    return HfReadConfiguration.class;
  }

  @Override
  protected SchemaTransform from(HfReadConfiguration configuration) {
    return HfReadSchemaTransform.of(configuration);
  }
}
