package dev.hfio.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook of {@link RateGovernor} and {@link RequestSlots} into a client (an application
 * interceptor, so a wait never holds a pooled connection): before a request, wait for its bucket's
 * turn and a free slot; after the answer, feed every Hub answer of the redirect chain (the {@code
 * /resolve} 302 carries the resolvers headers) to the pacer of the bucket its {@code RateLimit}
 * header names, and on a 429 close that bucket for {@code t + margin}. Internal.
 */
final class PacingInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  private static final long LOG_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final HttpUrl endpoint;
  private final RateGovernor governor;
  private final Semaphore slots;
  private final Duration rateLimitMargin;

  PacingInterceptor(
      HttpUrl endpoint, RateGovernor governor, Semaphore slots, Duration rateLimitMargin) {
    this.endpoint = endpoint;
    this.governor = governor;
    this.slots = slots;
    this.rateLimitMargin = rateLimitMargin;
  }

  RateGovernor governor() {
    return governor;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    String bucket = RateBucket.of(req.url(), endpoint);
    RatePacer.Turn turn = bucket == null ? null : governor.pacer(bucket).reserve(System.nanoTime());
    long wait = turn == null ? 0 : turn.waitNanos();
    if (turn != null) {
      governor.counted(wait);
    }
    try {
      if (wait > 0) {
        if (wait >= LOG_WAIT_NANOS && governor.notice(System.nanoTime())) {
          LOG.info(
              "Pacing requests to {} to stay within the '{}' rate limit: waiting {} s",
              endpoint.host(),
              bucket,
              TimeUnit.NANOSECONDS.toSeconds(wait));
        }
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a Hub rate-limit slot");
    }
    Response response = null;
    boolean ended = turn == null;
    try {
      try {
        response = chain.proceed(req);
      } finally {
        slots.release();
      }
      long now = System.nanoTime();
      Response first = response;
      while (first.priorResponse() != null) {
        first = first.priorResponse();
      }
      for (Response r = response; r != null; r = r.priorResponse()) {
        // the answer to the request sent (the first of a redirect chain) ends its turn
        boolean ends = !ended && r == first;
        if (observe(r, bucket, ends ? turn.seq() : 0, now) && ends) {
          ended = true;
        }
      }
      return response;
    } finally {
      if (!ended) {
        governor.pacer(bucket).abandon(turn.seq());
      }
    }
  }

  /** Feeds one answer to its bucket's pacer; true when it was fed to a pacer as {@code seq}'s. */
  private boolean observe(Response r, String sentBucket, long seq, long now) {
    HttpUrl url = r.request().url();
    if (!AuthInterceptor.sameOrigin(url, endpoint)) {
      return false;
    }
    RateLimitHeaders h = RateLimitHeaders.parse(r.headers());
    boolean limited = r.code() == 429;
    String bucket = h != null ? h.bucket() : limited ? RateBucket.of(url, endpoint) : null;
    if (bucket == null) {
      return false;
    }
    long wait = 0;
    if (limited) {
      governor.sawRateLimited();
      Duration d = RateLimitHeaders.waitAfter429(r.headers(), rateLimitMargin);
      wait = d == null ? 0 : d.toNanos();
    }
    boolean own = seq > 0 && bucket.equals(sentBucket);
    governor.pacer(bucket).observe(h, own ? seq : 0, now, limited, wait);
    return own;
  }
}
