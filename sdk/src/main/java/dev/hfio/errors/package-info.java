/**
 * The root of HfIO's exceptions, {@link dev.hfio.errors.HfException}. Catch it to handle any
 * failure of HfIO; catch one of its subclasses (in the package of the feature that throws it, e.g.
 * {@code dev.hfio.hub.HubException} for a failed Hub call) to react to one kind. This package
 * imports nothing else of the sdk.
 */
package dev.hfio.errors;
