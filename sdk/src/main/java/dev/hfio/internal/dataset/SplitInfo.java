package dev.hfio.internal.dataset;

/**
 * One item of {@code dataset_info.splits}: the split name, its uncompressed (Arrow) size and its
 * exact number of rows. {@code datasets} verifies {@code numExamples} on load, so it must be exact.
 */
public record SplitInfo(String name, long numBytes, long numExamples)
    implements java.io.Serializable {}
