/**
 * The {@code hf://} Beam FileSystem: lets TextIO, AvroIO, ParquetIO and FileIO read (and, file by
 * file, write) Hugging Face Hub repositories with plain paths such as {@code
 * hf://datasets/ns/name/data/train/*.parquet}.
 *
 * <p>Use: put the SDK on the classpath (the {@link dev.hfio.fs.HfFileSystemRegistrar} is found by
 * ServiceLoader) and pass {@code --hfEndpoint} / {@code --hfTokenPath} or {@code --hfToken} ({@link
 * dev.hfio.fs.HfOptions}) or set {@code HF_ENDPOINT} / {@code HF_TOKEN}. Paths follow
 * huggingface_hub's grammar ({@code hf://[datasets/|spaces/]ns/name[@rev]/path}); {@code match}
 * pins every result to one commit sha ({@code hf://datasets/ns/name@<sha>/path}) so a pipeline
 * reads one consistent snapshot even while the branch moves.
 *
 * <p>Costs: a glob is one paged tree listing of its literal prefix plus one revision lookup;
 * literal specs of one repo share one paths-info call; opening a matched file needs no metadata
 * request; Parquet footers cost one 64 KiB tail fetch and projected column chunks are fetched
 * exactly.
 *
 * <p>Writes are commits: {@code create} commits one file when its channel closes, {@code
 * copy}/{@code rename}/ {@code delete} one commit per call. For many output files prefer {@code
 * HfIO.write}, which commits them together.
 *
 * <p>Errors: missing repos, revisions and files are {@link dev.hfio.fs.HfFileNotFoundException} (a
 * {@link java.io.FileNotFoundException}, {@code NOT_FOUND} in match results), writes without a
 * usable token {@link dev.hfio.fs.HfTokenRequiredException}, other Hub failures {@link
 * dev.hfio.fs.HfFileSystemException}: Beam's FileSystem SPI speaks {@link java.io.IOException}, so
 * these are the one place where HfIO throws checked exceptions, and each carries the typed {@link
 * dev.hfio.errors.HfException} (usually a {@link dev.hfio.hub.HubException}) as cause. Catch {@link
 * java.io.IOException} around {@code FileSystems} calls; malformed paths throw {@link
 * dev.hfio.hub.InvalidHfPathException} (an {@code HfException}). No message contains the token, and
 * the token is hidden from display data (see {@link dev.hfio.fs.HfOptions} for how it reaches
 * workers).
 */
package dev.hfio.fs;
