package dev.hfio.hub;

import java.time.Duration;

/**
 * How the client waits between retries; injectable so tests can record the waits instead of
 * sleeping.
 */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
