package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Request builders and media types shared by {@link HubClient} and its commands. Internal. */
final class HubRequests {
  static final MediaType JSON_TYPE = MediaType.get("application/json");
  static final MediaType NDJSON_TYPE = MediaType.get("application/x-ndjson");
  static final MediaType LFS_TYPE = MediaType.get("application/vnd.git-lfs+json");

  private HubRequests() {}

  static Request get(HttpUrl url) {
    return new Request.Builder().url(url).get().build();
  }

  static Request post(HttpUrl url, RequestBody body) {
    return new Request.Builder().url(url).post(body).build();
  }

  static Request delete(HttpUrl url) {
    return new Request.Builder().url(url).delete().build();
  }

  static RequestBody json(JsonNode body) {
    return RequestBody.create(HubHttp.bytes(body), JSON_TYPE);
  }

  /** A POST of a git-lfs JSON document (batch, completion, verify) to an absolute href. */
  static Request lfsPost(String href, JsonNode body) {
    return new Request.Builder()
        .url(href)
        .post(RequestBody.create(HubHttp.bytes(body), LFS_TYPE))
        .header("Accept", LFS_TYPE.toString())
        .build();
  }

  /**
   * Checks a command argument: {@link IllegalArgumentException} with the formatted message if
   * false.
   */
  static void checkArg(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
