/**
 * HfIO: read and write Hugging Face Hub datasets from Apache Beam ({@link dev.hfio.HfIO}). The
 * public types here are the API: {@code HfIO} and its nested transforms, {@link
 * dev.hfio.WriteResult}, {@link dev.hfio.WriteMode}, {@link dev.hfio.Visibility} and {@link
 * dev.hfio.Compression}. Everything else in this package is package-private: the read planner
 * (revision pinned to a commit, files resolved like {@code datasets.load_dataset} or like Dask for
 * paths, schema from the Parquet footers), the Hub-backed range source, the splittable DoFn over
 * row groups, and the write path (preflight, per-worker shard writers uploading LFS objects, one
 * idempotent finalize commit). Workers are built from the immutable transform spec.
 *
 * <p>What to catch: every failure HfIO reports is a {@link dev.hfio.errors.HfException}
 * (unchecked); catch a subclass to react to one kind, e.g. {@link dev.hfio.hub.HubException} for a
 * failed Hub call, {@link dev.hfio.dataset.DatasetLayoutException} for a split or config that does
 * not exist, {@link dev.hfio.parquet.ParquetReadException} for a corrupt file, or {@link
 * dev.hfio.HfIO.WriteException} for a write the user must fix. Only the {@code hf://} FileSystem
 * throws {@link java.io.IOException}s, as Beam requires, with the {@code HfException} as cause.
 * {@link IllegalArgumentException} is reserved for invalid {@code withX} arguments and options.
 */
package dev.hfio;
