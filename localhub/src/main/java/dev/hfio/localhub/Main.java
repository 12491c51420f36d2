package dev.hfio.localhub;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone entry point: {@code java -jar hfio-localhub-*-standalone.jar --port 8080 --data
 * ./localhub-data [--token hf_xxx] [--host 0.0.0.0]}. Prints the URL and the dev write token, then
 * serves until killed.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    configureLogging();
    LocalHub.Builder b =
        LocalHub.builder().port(8080).dataDir(Path.of("localhub-data")).requestLog(true);
    boolean tokenGiven = false;
    RateLimitPlan userPlan = RateLimitPlan.FREE;
    RateLimitPlan anonPlan = RateLimitPlan.ANONYMOUS;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--port" -> b.port(Integer.parseInt(require(a, v)));
        case "--data" -> b.dataDir(Path.of(require(a, v)));
        case "--token" -> {
          b.writeToken(require(a, v));
          tokenGiven = true;
        }
        case "--host" -> b.host(require(a, v));
        case "--max-threads" -> b.maxThreads(Integer.parseInt(require(a, v)));
        case "--max-threads-per-address" -> b.maxThreadsPerAddress(Integer.parseInt(require(a, v)));
        case "--max-connections" -> b.maxConnections(Integer.parseInt(require(a, v)));
        case "--idle-timeout-seconds" ->
            b.idleTimeout(java.time.Duration.ofSeconds(Long.parseLong(require(a, v))));
        case "--max-body-bytes" -> b.maxBodyBytes(Long.parseLong(require(a, v)));
        case "--max-json-body-bytes" -> b.maxJsonBodyBytes(Long.parseLong(require(a, v)));
        case "--max-list-body-bytes" -> b.maxListBodyBytes(Long.parseLong(require(a, v)));
        case "--no-rate-limits" -> b.rateLimits(false);
        case "--rate-limit-window-seconds" ->
            b.rateLimitWindow(java.time.Duration.ofSeconds(Long.parseLong(require(a, v))));
        case "--rate-limit-api" -> userPlan = userPlan.withApi(Integer.parseInt(require(a, v)));
        case "--rate-limit-resolvers" ->
            userPlan = userPlan.withResolvers(Integer.parseInt(require(a, v)));
        case "--rate-limit-pages" -> userPlan = userPlan.withPages(Integer.parseInt(require(a, v)));
        case "--anonymous-rate-limit-api" ->
            anonPlan = anonPlan.withApi(Integer.parseInt(require(a, v)));
        case "--anonymous-rate-limit-resolvers" ->
            anonPlan = anonPlan.withResolvers(Integer.parseInt(require(a, v)));
        case "--anonymous-rate-limit-pages" ->
            anonPlan = anonPlan.withPages(Integer.parseInt(require(a, v)));
        case "--no-cdn" -> b.cdn(false);
        case "--cdn-url-ttl-seconds" ->
            b.cdnUrlTtl(java.time.Duration.ofSeconds(Long.parseLong(require(a, v))));
        case "--cdn-host" -> b.cdnHost(require(a, v));
        case "--cdn-port" -> b.cdnPort(Integer.parseInt(require(a, v)));
        case "--help", "-h" -> {
          System.out.println(
              "usage: localhub [--port 8080] [--data ./localhub-data] [--token hf_...] [--host H]");
          System.out.println(
              "  limits: [--max-threads 64] [--max-threads-per-address 32] [--max-connections 1024]"
                  + " [--idle-timeout-seconds 60] [--max-body-bytes N] [--max-json-body-bytes N]"
                  + " [--max-list-body-bytes N]   (see README, Limits)");
          System.out.println(
              "  rate limits: [--no-rate-limits] [--rate-limit-window-seconds 300] [--rate-limit-api 1000]"
                  + " [--rate-limit-resolvers 5000] [--rate-limit-pages 200] [--anonymous-rate-limit-api 500]"
                  + " [--anonymous-rate-limit-resolvers 3000] [--anonymous-rate-limit-pages 100]   (see README, Rate limits)");
          System.out.println(
              "  CDN:    [--no-cdn] [--cdn-url-ttl-seconds 3600] [--cdn-host H] [--cdn-port 0]"
                  + "   (see README, CDN mode)");
          return;
        }
        default -> {
          System.err.println("unknown argument " + a + " (try --help)");
          System.exit(2);
        }
      }
      if (!a.startsWith("--help")
          && !a.equals("--no-cdn")
          && !a.equals("--no-rate-limits")) { // flags without value
        i++;
      }
    }
    b.rateLimitPlan(userPlan).anonymousRateLimitPlan(anonPlan);
    LocalHub hub = b.start();
    Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "localhub-shutdown"));
    System.out.println("localhub listening on " + hub.url());
    if (hub.cdnUrl() != null) {
      System.out.println(
          "CDN origin:  " + hub.cdnUrl() + "   (/resolve redirects LFS files here; --no-cdn: off)");
    }
    System.out.println("data dir:    " + hub.dataDir().toAbsolutePath());
    // a token given with --token is not repeated: console output often ends up in log files
    System.out.println(
        "dev token:   "
            + (tokenGiven ? "(as given with --token)" : hub.writeToken())
            + "   (write; user 'dev')");
    System.out.println("admin token: " + hub.adminToken());
    System.out.println(
        "export HF_ENDPOINT=" + hub.url() + " HF_HUB_DISABLE_XET=1 HF_TOKEN=<dev token>");
    new CountDownLatch(1).await();
  }

  /**
   * Defaults for the slf4j-simple backend bundled in the standalone jar (any {@code
   * -Dorg.slf4j.simpleLogger.*} given on the command line wins): timestamps, thread names, INFO,
   * and Jetty's own chatter at WARN. Must run before the first logger is created.
   */
  private static void configureLogging() {
    String p = "org.slf4j.simpleLogger.";
    setDefault(p + "showDateTime", "true");
    setDefault(p + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    setDefault(p + "showThreadName", "true");
    setDefault(p + "defaultLogLevel", "info");
    setDefault(p + "log.org.eclipse.jetty", "warn");
    setDefault(p + "log.org.eclipse.jgit", "warn");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static String require(String flag, String v) {
    if (v == null) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return v;
  }
}
