package dev.hfio.fs;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Makes Beam find {@link HfFileSystem} for {@code hf://} paths: Beam's {@code FileSystems} loads
 * every {@link FileSystemRegistrar} through {@link java.util.ServiceLoader} when the runner
 * installs the pipeline options.
 */
@AutoService(FileSystemRegistrar.class)
public class HfFileSystemRegistrar implements FileSystemRegistrar {
  @Override
  public Iterable<FileSystem<?>> fromOptions(@Nullable PipelineOptions options) {
    Objects.requireNonNull(
        options, "Expect the runner to have called FileSystems.setDefaultPipelineOptions()");
    return List.of(HfFileSystem.fromOptions(options.as(HfOptions.class)));
  }
}
