/**
 * The benchmark behind {@code runners-it/bench/run.sh}: builds data sets, runs HfIO and its
 * baselines in child JVMs on each runner and writes ratios measured in one run to {@code
 * RESULTS.md}. Not a library.
 */
package dev.hfio.bench;
