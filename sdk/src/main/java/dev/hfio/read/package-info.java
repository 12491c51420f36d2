/**
 * Internals of {@link dev.hfio.HfIO#read()}: planning a read at pipeline construction (revision pinned to a commit,
 * files resolved like {@code datasets.load_dataset} or like Dask for paths, schema from the Parquet footers), the
 * Hub-backed {@link dev.hfio.parquet.RangeSource}, and the splittable DoFn that reads row groups. Only the planner
 * and the expansion helpers are public, for {@code HfIO}; they are not a user API.
 *
 * <p>What to catch: nothing of this package is thrown to users as its own type; planning and reading fail with
 * {@link dev.hfio.errors.HfException}s of {@code hub}, {@code dataset} and {@code parquet} (e.g. {@link
 * dev.hfio.hub.HubException}, {@link dev.hfio.dataset.DatasetLayoutException}, {@link
 * dev.hfio.parquet.ParquetReadException}), never wrapped in {@code UncheckedIOException}.
 */
package dev.hfio.read;
