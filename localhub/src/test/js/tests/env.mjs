// Shared setup for the conformance scripts: where the hub is, which tokens to use, and small helpers.
import { randomBytes, createHash } from "node:crypto";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} must be set (run these scripts through JsClientConformanceTest)`);
  }
  return value;
}

export const hubUrl = required("HUB_URL").replace(/\/+$/, "");
export const writeToken = required("HF_WRITE_TOKEN");
export const readToken = required("HF_READ_TOKEN");
/** localhub's admin token (counters), for checks no client call can make. */
export const adminToken = required("HF_ADMIN_TOKEN");
/** Namespace owned by the write token's user. */
export const namespace = process.env.HF_NAMESPACE || "dev";
/** Size of the file that should go through the multipart LFS protocol. */
export const multipartBytes = Number(process.env.HF_MULTIPART_BYTES || 48 * 1024 * 1024);

/** A fresh dataset id, unique per run, so scripts never see each other's repos. */
export function freshRepo(prefix) {
  return { type: "dataset", name: `${namespace}/${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}` };
}

/** Random bytes wrapped as a Blob, plus the expected sha256 so assertions can compare. */
export function randomBlob(size) {
  const bytes = randomBytes(size);
  return { bytes, blob: new Blob([bytes]), sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Compares two byte sequences without dumping megabytes into assertion messages. */
export function assertSameBytes(assert, actual, expected, what) {
  const a = Buffer.from(actual);
  const e = Buffer.from(expected);
  assert.equal(a.length, e.length, `${what}: length`);
  if (!a.equals(e)) {
    let i = 0;
    while (i < a.length && a[i] === e[i]) i++;
    assert.fail(`${what}: bytes differ first at offset ${i}`);
  }
}

/**
 * A fetch that records every request the client makes (method, URL, request headers, status and response headers),
 * so tests can assert on the wire protocol and not only on the client's return values. Bodies are not recorded
 * except JSON/NDJSON strings, which are small.
 */
export function recordingFetch() {
  const calls = [];
  const fn = async (input, init = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method || "GET").toUpperCase();
    const headers = new Headers(init.headers || {});
    const call = { method, url, headers, body: typeof init.body === "string" ? init.body : undefined };
    calls.push(call);
    const res = await fetch(input, init);
    call.status = res.status;
    call.responseHeaders = res.headers;
    if (url.endsWith("/info/lfs/objects/batch") && res.ok) {
      call.responseJson = await res.clone().json();
    }
    return res;
  };
  fn.calls = calls;
  fn.reset = () => calls.splice(0, calls.length);
  return fn;
}

/** Async iterable to array. */
export async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}
