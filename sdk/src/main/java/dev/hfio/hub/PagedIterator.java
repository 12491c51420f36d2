package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Lazily walks a paginated JSON-array endpoint, following {@code Link: <url>; rel="next"} headers. Internal. */
final class PagedIterator<T> implements Iterator<T> {
  private final HubHttp http;
  private final ErrorContext ctx;
  private final Function<JsonNode, T> parse;
  private final Deque<T> page = new ArrayDeque<>();
  private HttpUrl next;

  PagedIterator(HubHttp http, HttpUrl first, ErrorContext ctx, Function<JsonNode, T> parse) {
    this.http = http;
    this.next = first;
    this.ctx = ctx;
    this.parse = parse;
  }

  @Override
  public boolean hasNext() {
    while (page.isEmpty() && next != null) {
      HttpUrl url = next;
      HubHttp.Buffered r = http.call(new Request.Builder().url(url).get().build(), HubHttp.Kind.IDEMPOTENT, ctx);
      next = nextLink(r.headers().get("Link"), r.url());
      JsonNode arr = r.json();
      if (!arr.isArray()) {
        throw new IllegalStateException(ctx.action() + ": the Hub answered a non-array page for " + url.encodedPath());
      }
      arr.forEach(n -> page.add(parse.apply(n)));
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

  /** The {@code rel="next"} target of an RFC 8288 Link header, resolved against the request URL; null if none. */
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
