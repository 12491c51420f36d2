/**
 * Hugging Face dataset repository conventions, as pure logic (no HTTP): how {@code
 * datasets.load_dataset} maps a repository's files and README card to configs, splits and files
 * ({@link dev.hfio.dataset.DataFilesResolver}), how {@code push_to_hub} lays out shards and updates
 * the card ({@link dev.hfio.dataset.PushToHubLayout}, {@link dev.hfio.dataset.DatasetCard}), and
 * the viewer's Parquet export layout ({@link dev.hfio.dataset.ParquetExportLayout}). Inputs are a
 * file listing ({@link dev.hfio.dataset.RepoFile}) and README text; errors are {@link
 * dev.hfio.dataset.DatasetLayoutException}s whose messages name repo, revision and the valid names.
 *
 * <p>What to catch: {@link dev.hfio.dataset.DatasetLayoutException} (or one of its subclasses, e.g.
 * {@link dev.hfio.dataset.SplitNotFoundException}) for a name or layout that does not map; it is a
 * {@link dev.hfio.errors.HfException}, the root of every HfIO failure.
 */
package dev.hfio.dataset;
