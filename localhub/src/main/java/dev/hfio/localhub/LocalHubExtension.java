package dev.hfio.localhub;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension running one {@link LocalHub} per test class: {@code @RegisterExtension static
 * LocalHubExtension HUB = new LocalHubExtension();} then {@code HUB.hub()}, or declare a {@code
 * LocalHub} test/constructor parameter.
 */
public final class LocalHubExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final UnaryOperator<LocalHub.Builder> config;
  private LocalHub hub;

  public LocalHubExtension() {
    this(b -> b);
  }

  /** Lets the test customise the builder (users, page size, limits). */
  public LocalHubExtension(UnaryOperator<LocalHub.Builder> config) {
    this.config = config;
  }

  /** The running hub (started on first use if JUnit has not started it yet). */
  public synchronized LocalHub hub() {
    if (hub == null) {
      hub = config.apply(LocalHub.builder()).start();
    }
    return hub;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    hub();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (hub != null) {
      hub.close();
      hub = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == LocalHub.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return hub();
  }
}
