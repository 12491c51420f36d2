package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.auth.TokenRegistry;
import dev.hfio.localhub.internal.lfs.LfsStore;
import dev.hfio.localhub.internal.lfs.LfsTickets;
import dev.hfio.localhub.internal.ops.OpsState;
import dev.hfio.localhub.internal.storage.RepoStore;
import java.nio.file.Path;

/**
 * Everything the HTTP routes share: storage, tokens, ops state and tunables. Body limits: {@code
 * maxBodyBytes} for commits (spooled to {@code spoolDir} past {@code bodyMemoryBytes}), {@code
 * jsonBodyBytes} for small JSON routes, {@code listBodyBytes} for paths-info and preupload (each
 * capped by {@code maxBodyBytes}). {@code cdn} signs the CDN URLs that {@code /resolve} redirects
 * LFS downloads to; null when CDN mode is off (everything served directly).
 */
public record HubContext(
    RepoStore repos,
    LfsStore lfs,
    LfsTickets tickets,
    TokenRegistry tokens,
    OpsState ops,
    String adminToken,
    int pageSize,
    int expandPageSize,
    long maxBodyBytes,
    long multipartChunkSize,
    long lfsThresholdBytes,
    long jsonBodyBytes,
    long listBodyBytes,
    long bodyMemoryBytes,
    Path spoolDir,
    CdnUrls cdn) {}
