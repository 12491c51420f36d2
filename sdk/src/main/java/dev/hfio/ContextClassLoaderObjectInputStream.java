package dev.hfio;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/**
 * An {@link ObjectInputStream} that resolves classes through the thread context class loader first.
 * A plain {@code ObjectInputStream} resolves through the loader of the calling framework code (e.g.
 * Spark's application loader), which cannot see HfIO classes that reach executors only as staged
 * jars.
 */
final class ContextClassLoaderObjectInputStream extends ObjectInputStream {
  ContextClassLoaderObjectInputStream(InputStream in) throws IOException {
    super(in);
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc)
      throws IOException, ClassNotFoundException {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      try {
        return Class.forName(desc.getName(), false, context);
      } catch (ClassNotFoundException e) {
        // Not visible to the context loader: fall back to the default resolution below.
      }
    }
    return super.resolveClass(desc);
  }
}
