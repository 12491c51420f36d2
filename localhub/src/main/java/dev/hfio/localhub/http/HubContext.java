package dev.hfio.localhub.http;

import dev.hfio.localhub.auth.TokenRegistry;
import dev.hfio.localhub.lfs.LfsStore;
import dev.hfio.localhub.lfs.LfsTickets;
import dev.hfio.localhub.ops.OpsState;
import dev.hfio.localhub.storage.RepoStore;

/** Everything the HTTP routes share: storage, tokens, ops state and tunables. */
public record HubContext(RepoStore repos, LfsStore lfs, LfsTickets tickets, TokenRegistry tokens, OpsState ops,
    String adminToken, int pageSize, int expandPageSize, long maxBodyBytes, long multipartChunkSize,
    long lfsThresholdBytes) {}
