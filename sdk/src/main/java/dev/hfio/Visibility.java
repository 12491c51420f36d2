package dev.hfio;

/**
 * Visibility of a dataset repository {@link HfIO#write()} creates when it does not exist yet
 * ({@code withCreateRepo(Visibility.PRIVATE)}). Without {@code withCreateRepo} a missing repo is an
 * error, so a typo in the repo id never silently creates a public repo.
 */
public enum Visibility {
  PRIVATE,
  PUBLIC
}
