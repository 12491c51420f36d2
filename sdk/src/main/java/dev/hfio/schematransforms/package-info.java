/**
 * HfIO for Beam YAML, Python (cross-language) and Managed-style configuration: {@link
 * dev.hfio.schematransforms.HfReadSchemaTransformProvider} ({@code
 * beam:schematransform:dev.hfio:hf_read:v1}) and {@link
 * dev.hfio.schematransforms.HfWriteSchemaTransformProvider} ({@code
 * beam:schematransform:dev.hfio:hf_write:v1}), registered with {@link java.util.ServiceLoader} so
 * Beam's expansion service finds them, configured by {@link
 * dev.hfio.schematransforms.HfReadConfiguration} and {@link
 * dev.hfio.schematransforms.HfWriteConfiguration}. {@link
 * dev.hfio.schematransforms.HfSchemaTransforms} builds them from a map or YAML of keys, as Beam's
 * Managed IO does. Both are thin layers over {@link dev.hfio.HfIO#read()} and {@link
 * dev.hfio.HfIO#write()}; configuration errors are {@link
 * dev.hfio.schematransforms.HfConfigurationException}s.
 */
package dev.hfio.schematransforms;
