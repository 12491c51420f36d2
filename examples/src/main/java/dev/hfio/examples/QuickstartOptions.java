package dev.hfio.examples;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@link Quickstart}. */
public interface QuickstartOptions extends ExampleOptions {

  @Description(
      "Dataset repo to create and fill (namespace/name). Default: <your user name>/my_dataset.")
  String getRepoId();

  void setRepoId(String repoId);

  @Description("Number of rows in the generated dataset (80% train, 10% validation, 10% test).")
  @Default.Integer(1000)
  int getRows();

  void setRows(int rows);
}
