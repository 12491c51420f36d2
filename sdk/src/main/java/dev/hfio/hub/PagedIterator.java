package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Lazily walks a paginated JSON-array endpoint, following {@code Link: <url>; rel="next"} headers.
 * A walk that loops (a next link to a page already read) or does not end (more than {@link
 * #MAX_PAGES} pages) fails with {@link InvalidResponseException}, as does a page that is not a JSON
 * array or an entry of the wrong shape. Internal.
 */
final class PagedIterator<T> implements Iterator<T> {
  /**
   * Pages one walk reads at most: 100,000. The Hub pages tree listings at about 1,000 entries and
   * commit listings at about 50, so this allows listings of 100 million files or 5 million commits
   * while still ending a server's endless walk.
   */
  static final int MAX_PAGES = 100_000;

  private final HubHttp http;
  private final ErrorContext ctx;
  private final Function<JsonNode, T> parse;
  private final Deque<T> page = new ArrayDeque<>();
  private final Set<HttpUrl> seen = new HashSet<>();
  private final int maxPages;
  private HttpUrl next;

  PagedIterator(HubHttp http, HttpUrl first, ErrorContext ctx, Function<JsonNode, T> parse) {
    this(http, first, ctx, parse, MAX_PAGES);
  }

  PagedIterator(
      HubHttp http, HttpUrl first, ErrorContext ctx, Function<JsonNode, T> parse, int maxPages) {
    this.http = http;
    this.next = first;
    this.ctx = ctx;
    this.parse = parse;
    this.maxPages = maxPages;
  }

  @Override
  public boolean hasNext() {
    while (page.isEmpty() && next != null) {
      HttpUrl url = next;
      if (seen.size() >= maxPages) {
        throw HubHttp.invalidResponse(
            200,
            null,
            ctx,
            "more than "
                + maxPages
                + " pages, the most one listing may"
                + " have (the next page would be page "
                + (seen.size() + 1)
                + ")");
      }
      seen.add(url);
      HubHttp.Buffered r =
          http.call(new Request.Builder().url(url).get().build(), HubHttp.Kind.IDEMPOTENT, ctx);
      next = nextLink(r.headers().get("Link"), r.url());
      if (next != null && (seen.contains(next) || next.equals(r.url()))) {
        throw HubHttp.invalidResponse(
            r.code(),
            r.headers(),
            ctx,
            "a pagination loop (page " + seen.size() + " links back to a page already read)");
      }
      JsonNode arr = r.json();
      if (!arr.isArray()) {
        throw HubHttp.invalidResponse(
            r.code(),
            r.headers(),
            ctx,
            "a "
                + arr.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + " where a page of a listing (a JSON array) was expected");
      }
      for (JsonNode n : arr) {
        T item;
        try {
          item = parse.apply(n);
        } catch (HubException e) {
          throw e;
        } catch (RuntimeException e) {
          throw HubHttp.invalidResponse(
              r.code(),
              r.headers(),
              ctx,
              "an entry of the wrong shape in page "
                  + seen.size()
                  + " ("
                  + e.getClass().getSimpleName()
                  + ")");
        }
        page.add(item);
      }
    }
    return !page.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.poll();
  }

  /**
   * The {@code rel="next"} target of an RFC 8288 Link header, resolved against the request URL;
   * null if none.
   */
  static HttpUrl nextLink(String link, HttpUrl base) {
    if (link == null) {
      return null;
    }
    for (String part : link.split(",(?=\\s*<)")) {
      int lt = part.indexOf('<');
      int gt = part.indexOf('>');
      if (lt < 0 || gt < lt) {
        continue;
      }
      String params = part.substring(gt + 1).replace(" ", "");
      if (params.contains("rel=\"next\"") || params.contains("rel=next")) {
        return base.resolve(part.substring(lt + 1, gt).trim());
      }
    }
    return null;
  }
}
