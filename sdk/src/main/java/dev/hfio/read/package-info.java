/**
 * Internals of {@link dev.hfio.HfIO#read()}: planning a read at pipeline construction (revision pinned to a commit,
 * files resolved like {@code datasets.load_dataset} or like Dask for paths, schema from the Parquet footers), the
 * Hub-backed {@link dev.hfio.parquet.RangeSource}, and the splittable DoFn that reads row groups. Only the planner
 * and the expansion helpers are public, for {@code HfIO}; they are not a user API.
 */
package dev.hfio.read;
