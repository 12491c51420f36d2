package dev.hfio.localhub;

/**
 * Requests one principal may make per rate-limit window in each of the Hub's three buckets (api,
 * resolvers, pages). The constants are huggingface.co's published quotas per 5-minute window;
 * {@link #of} makes any other plan, e.g. for a scale test that needs more headroom than a free
 * account has.
 */
public record RateLimitPlan(int api, int resolvers, int pages) {
  /** Callers without a valid token, counted per client address. */
  public static final RateLimitPlan ANONYMOUS = new RateLimitPlan(500, 3_000, 100);

  /** A free account: the default for every user, the dev user included. */
  public static final RateLimitPlan FREE = new RateLimitPlan(1_000, 5_000, 200);

  public static final RateLimitPlan PRO = new RateLimitPlan(2_500, 12_000, 400);
  public static final RateLimitPlan TEAM = new RateLimitPlan(3_000, 20_000, 400);
  public static final RateLimitPlan ENTERPRISE = new RateLimitPlan(6_000, 50_000, 600);

  public RateLimitPlan {
    if (api < 1 || resolvers < 1 || pages < 1) {
      throw new IllegalArgumentException(
          "rate limit quotas must be at least 1, got api="
              + api
              + " resolvers="
              + resolvers
              + " pages="
              + pages);
    }
  }

  /** A plan with these quotas per window. */
  public static RateLimitPlan of(int api, int resolvers, int pages) {
    return new RateLimitPlan(api, resolvers, pages);
  }

  public RateLimitPlan withApi(int n) {
    return new RateLimitPlan(n, resolvers, pages);
  }

  public RateLimitPlan withResolvers(int n) {
    return new RateLimitPlan(api, n, pages);
  }

  public RateLimitPlan withPages(int n) {
    return new RateLimitPlan(api, resolvers, n);
  }
}
