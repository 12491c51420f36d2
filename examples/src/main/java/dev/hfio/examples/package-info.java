/**
 * The seed page (Dask on the Hugging Face Hub) retold as Beam pipelines: write a dataset, read it
 * back, transform and copy it. Each example runs on an embedded localhub unless {@code
 * --hfEndpoint} points elsewhere. Not a library.
 */
package dev.hfio.examples;
