package dev.hfio.localhub.internal.http;

/**
 * How a route takes its request body, and so its size limit (read before the route runs, or
 * streamed by it).
 */
enum RouteBody {
  /** Small JSON body, read before the route runs; {@code jsonBodyBytes} (default 1 MiB). */
  JSON,
  /**
   * paths-info / preupload lists, read before the route runs; {@code listBodyBytes} (default 4
   * MiB).
   */
  LIST,
  /** Commit payload, read (spooled to disk) before the route runs; {@code maxBodyBytes}. */
  COMMIT,
  /**
   * Large upload the route streams itself (LFS PUTs; ticket-authorised, size-checked by the LFS
   * store).
   */
  STREAM;

  long limit(HubContext ctx) {
    return switch (this) {
      case JSON -> Math.min(ctx.jsonBodyBytes(), ctx.maxBodyBytes());
      case LIST -> Math.min(ctx.listBodyBytes(), ctx.maxBodyBytes());
      case COMMIT -> ctx.maxBodyBytes();
      case STREAM -> Long.MAX_VALUE;
    };
  }
}
