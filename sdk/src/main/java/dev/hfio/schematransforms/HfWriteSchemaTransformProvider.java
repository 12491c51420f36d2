package dev.hfio.schematransforms;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.schemas.transforms.TypedSchemaTransformProvider;

/**
 * {@link dev.hfio.HfIO#write()} as a schema transform, so Beam YAML, Python pipelines (through the
 * Java expansion service) and Managed-style map configuration can write Hub datasets as one atomic
 * commit. URN {@value #IDENTIFIER}; input {@value #INPUT} (rows with a schema); output {@value
 * #COMMITS}, one row per commit ({@link #COMMIT_SCHEMA}); with {@code error_handling: {output:
 * NAME}}, an output NAME of the rows the Parquet writer would refuse (Beam's error schema {@code
 * failed_row}, {@code error_message}), which are then left out of the write instead of failing it.
 * Configured by {@link HfWriteConfiguration}; a configuration HfIO cannot use fails at construction
 * with an {@link HfConfigurationException}.
 */
@AutoService(SchemaTransformProvider.class)
public class HfWriteSchemaTransformProvider
    extends TypedSchemaTransformProvider<HfWriteConfiguration> {
  /** The URN of the transform. */
  public static final String IDENTIFIER = "beam:schematransform:dev.hfio:hf_write:v1";

  /** The name of the input of rows. */
  public static final String INPUT = "input";

  /** The name of the output of commits. */
  public static final String COMMITS = "commits";

  /** The schema of a row of {@value #COMMITS}: what {@link dev.hfio.WriteResult} holds. */
  public static final org.apache.beam.sdk.schemas.Schema COMMIT_SCHEMA = CommitRows.SCHEMA;

  /** Used by the ServiceLoader. */
  public HfWriteSchemaTransformProvider() {}

  @Override
  public String identifier() {
    return IDENTIFIER;
  }

  @Override
  public String description() {
    return "Writes rows to a Hugging Face Hub dataset as Parquet in one atomic commit (a"
        + " directory or a split in the push_to_hub layout, dataset card included). Keys: "
        + String.join(", ", configurationSchema().getFieldNames())
        + ".";
  }

  @Override
  public List<String> inputCollectionNames() {
    return List.of(INPUT);
  }

  @Override
  public List<String> outputCollectionNames() {
    return List.of(COMMITS);
  }

  @Override
  protected Class<HfWriteConfiguration> configurationClass() {
    return HfWriteConfiguration.class;
  }

  @Override
  protected SchemaTransform from(HfWriteConfiguration configuration) {
    return HfWriteSchemaTransform.of(configuration);
  }
}
