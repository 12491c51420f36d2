package dev.hfio.hub;

import java.io.Serializable;

/** The last commit that touched a tree entry (returned when listing with {@code expand=true}). */
public record LastCommit(String id, String title, String date) implements Serializable {
  private static final long serialVersionUID = 1L;
}
