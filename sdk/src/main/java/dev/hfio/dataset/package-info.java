/**
 * The failures of mapping a Hugging Face dataset repository to configs, splits and files the way
 * {@code datasets.load_dataset} does, or of updating its README card the way {@code push_to_hub}
 * does. The mapping itself is in {@code dev.hfio.internal.dataset} and is not API.
 *
 * <p>What to catch: {@link dev.hfio.dataset.DatasetLayoutException} (or one of its subclasses, e.g.
 * {@link dev.hfio.dataset.SplitNotFoundException}) for a name or layout that does not map; the
 * message names the repository, revision and the valid names. It is a {@link
 * dev.hfio.errors.HfException}, the root of every HfIO failure.
 */
package dev.hfio.dataset;
