/**
 * Not API, may change without notice: Hugging Face dataset repository conventions as pure logic (no
 * HTTP), public here only so other sdk packages can use them. How {@code datasets.load_dataset}
 * maps a repository's files and README card to configs, splits and files ({@link
 * dev.hfio.internal.dataset.DataFilesResolver}), how {@code push_to_hub} lays out shards and
 * updates the card ({@link dev.hfio.internal.dataset.PushToHubLayout}, {@link
 * dev.hfio.internal.dataset.DatasetCard}), and the viewer's Parquet export layout. Inputs are a
 * file listing ({@link dev.hfio.internal.dataset.RepoFile}) and README text.
 *
 * <p>Failures are the exceptions of {@code dev.hfio.dataset}.
 */
package dev.hfio.internal.dataset;
