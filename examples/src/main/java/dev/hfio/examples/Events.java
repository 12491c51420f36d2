package dev.hfio.examples;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * The synthetic event stream of the streaming examples: every field but the event time is a pure
 * function of the event id, so a test can check exactly which events a dataset holds.
 */
public final class Events {
  /** id INT64, event_time DATETIME, user STRING, action STRING, value DOUBLE. */
  public static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addDateTimeField("event_time")
          .addStringField("user")
          .addStringField("action")
          .addDoubleField("value")
          .build();

  private static final String[] ACTIONS = {"view", "click", "add_to_cart", "purchase", "share"};

  private Events() {}

  /** Event {@code id}, which happened at {@code time}. */
  public static Row event(long id, Instant time) {
    return Row.withSchema(SCHEMA)
        .addValues(
            id,
            time,
            "user-" + (id * 7919 % 100),
            ACTIONS[(int) (id % ACTIONS.length)],
            (id * 31 % 1000) / 10.0)
        .build();
  }
}
