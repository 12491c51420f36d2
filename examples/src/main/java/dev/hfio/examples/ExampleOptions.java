package dev.hfio.examples;

import dev.hfio.fs.HfOptions;
import org.apache.beam.sdk.options.Description;

/**
 * Options shared by the examples: the Hub options plus where an embedded localhub keeps its data
 * when no Hub endpoint is given.
 */
public interface ExampleOptions extends HfOptions {

  @Description(
      "Data directory of the embedded localhub started when neither --hfEndpoint nor HF_ENDPOINT is set. "
          + "Default: a temporary directory deleted on exit.")
  String getLocalhubData();

  void setLocalhubData(String dir);
}
