/**
 * The one test fixture of the sdk tests: {@link dev.hfio.testing.HubFixture} runs an embedded
 * localhub per test class and hands out repos, clients, configs, pipeline options and counters;
 * {@link dev.hfio.testing.TestRows} generates the rows every read, write and fs test uses.
 */
package dev.hfio.testing;
