package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.RouteClass;
import java.util.Set;

/**
 * One row of the route table ({@link Routes}): the methods and path pattern it answers, its route
 * class and counter key (as tests and sdk budgets read them), how it takes its body, its pre-body
 * check and its handler. {@code keyAtMatch} validates the repo name while matching (before counting
 * and faults).
 */
record Route(
    Set<String> methods,
    RoutePattern pattern,
    RouteClass cls,
    String counterKey,
    RouteBody body,
    RouteCheck check,
    boolean keyAtMatch,
    Handler handler) {

  /** The code that answers a matched request. */
  @FunctionalInterface
  interface Handler {
    void run(Exchange ex, RouteParams p) throws Exception;
  }

  /**
   * A route with a small JSON body and no pre-body check; refine with {@link #body} and {@link
   * #pre}.
   */
  static Route of(
      String methods, String pattern, RouteClass cls, String counterKey, Handler handler) {
    return new Route(
        Set.of(methods.split(" ")),
        RoutePattern.parse(pattern),
        cls,
        counterKey,
        RouteBody.JSON,
        RouteCheck.NONE,
        false,
        handler);
  }

  Route body(RouteBody b) {
    return new Route(methods, pattern, cls, counterKey, b, check, keyAtMatch, handler);
  }

  Route pre(RouteCheck c) {
    return new Route(methods, pattern, cls, counterKey, body, c, keyAtMatch, handler);
  }

  Route validateKeyAtMatch() {
    return new Route(methods, pattern, cls, counterKey, body, check, true, handler);
  }

  /** HEAD is answered by every GET route (existence and size checks). */
  boolean accepts(String method) {
    return methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
  }

  @Override
  public String toString() {
    return String.join(",", new java.util.TreeSet<>(methods))
        + " "
        + pattern
        + " -> "
        + cls
        + " \""
        + counterKey
        + "\" body="
        + body
        + " pre="
        + check;
  }
}
