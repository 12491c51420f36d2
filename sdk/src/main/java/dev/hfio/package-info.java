/**
 * HfIO: read and write Hugging Face Hub datasets from Apache Beam ({@link dev.hfio.HfIO}).
 *
 * <p>What to catch: every failure HfIO reports is a {@link dev.hfio.errors.HfException} (unchecked); catch a subclass
 * to react to one kind, e.g. {@link dev.hfio.hub.HubException} for a failed Hub call or {@link
 * dev.hfio.HfIO.WriteException} for a write the user must fix. Only the {@code hf://} FileSystem throws {@link
 * java.io.IOException}s, as Beam requires, with the {@code HfException} as cause. {@link IllegalArgumentException} is
 * reserved for invalid {@code withX} arguments and options.
 */
package dev.hfio;
