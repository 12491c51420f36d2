// Upload (inline, LFS basic, LFS multipart) and read back (listFiles, pathsInfo, fileDownloadInfo, downloadFile).
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createRepo, uploadFiles, uploadFile, deleteFiles, listFiles, pathsInfo, fileDownloadInfo, downloadFile } from "@huggingface/hub";
import { hubUrl, writeToken, adminToken, multipartBytes, freshRepo, randomBlob, assertSameBytes, recordingFetch, collect } from "./env.mjs";

const repo = freshRepo("js-upload");
const auth = { hubUrl, accessToken: writeToken, repo };

const small = {
  "small/a.txt": new TextEncoder().encode("hello localhub\n"),
  "small/dir/b.json": new TextEncoder().encode(JSON.stringify({ x: 1, y: [1, 2, 3] })),
  "small/dir/sub/c.bin": Uint8Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) & 0xff),
  "small/empty.txt": new Uint8Array(0),
};
const basic = { path: "big/basic.bin", ...randomBlob(11 * 1024 * 1024 + 123) };
const multipart = { path: "big/multipart.bin", ...randomBlob(multipartBytes + 4567) };

function gitBlobSha1(bytes) {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
/** localhub's count of CDN requests that carried an Authorization header (admin counters). */
async function cdnTokenCount() {
  const res = await fetch(`${hubUrl}/admin/counters`, { headers: { Authorization: `Bearer ${adminToken}` } });
  assert.equal(res.status, 200, "admin counters");
  return (await res.json()).cdnAuthorizationHeaders;
}
function unquoteEtag(etag) {
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "");
}

describe("upload and download through @huggingface/hub", () => {
  before(async () => {
    const res = await createRepo({ hubUrl, accessToken: writeToken, repo });
    assert.ok(res.repoUrl, "createRepo returns the repo url");
  });

  it("uploadFiles: small files are committed inline", async () => {
    const f = recordingFetch();
    const out = await uploadFiles({
      ...auth,
      fetch: f,
      commitTitle: "small files",
      files: Object.entries(small).map(([path, bytes]) => ({ path, content: new Blob([bytes]) })),
    });
    assert.match(out.commit.oid, /^[0-9a-f]{40}$/, "commit oid");
    assert.ok(out.commit.url, "commit url");
    const pre = f.calls.find((c) => c.url.includes("/preupload/"));
    assert.ok(pre, "client called preupload");
    assert.equal(pre.status, 200, "preupload status");
    const commit = f.calls.find((c) => c.url.includes("/commit/"));
    const inlined = commit.body.split("\n").map((l) => JSON.parse(l)).filter((l) => l.key === "file").map((l) => l.value.path);
    for (const path of ["small/a.txt", "small/dir/b.json", "small/empty.txt"]) {
      assert.ok(inlined.includes(path), `${path} (small text) was inlined, not LFS; inlined: ${inlined}`);
    }
  });

  it("uploadFiles: a >10 MB file goes through LFS basic transfer", async () => {
    const f = recordingFetch();
    await uploadFiles({ ...auth, fetch: f, commitTitle: "basic lfs", files: [{ path: basic.path, content: basic.blob }] });
    const batch = f.calls.find((c) => c.url.endsWith(".git/info/lfs/objects/batch"));
    assert.ok(batch, "client called the LFS batch endpoint (preupload must answer uploadMode=lfs for an 11 MB file)");
    const req = JSON.parse(batch.body);
    assert.deepEqual(req.transfers, ["basic", "multipart", "xet"]);
    assert.notEqual(batch.responseJson.transfer, "xet", "server must not choose xet");
    const obj = batch.responseJson.objects.find((o) => o.oid === basic.sha256);
    assert.ok(obj?.actions?.upload?.href, "batch answer has an upload action");
    const put = f.calls.find((c) => c.method === "PUT");
    assert.ok(put, "client PUT the bytes");
    assert.ok(!put.headers.has("authorization"), "the PUT carries no Authorization");
    assert.ok(put.status >= 200 && put.status < 300, `PUT status ${put.status}`);
    const commit = f.calls.find((c) => c.url.includes("/commit/"));
    const lfsLine = commit.body.split("\n").map((l) => JSON.parse(l)).find((l) => l.key === "lfsFile");
    assert.equal(lfsLine.value.oid, basic.sha256);
  });

  it("uploadFiles: a large file goes through LFS multipart (parts, ETags, completion)", async () => {
    const f = recordingFetch();
    await uploadFiles({ ...auth, fetch: f, commitTitle: "multipart lfs", files: [{ path: multipart.path, content: multipart.blob }] });
    const batch = f.calls.find((c) => c.url.endsWith(".git/info/lfs/objects/batch"));
    assert.ok(batch, "client called the LFS batch endpoint");
    const obj = batch.responseJson.objects.find((o) => o.oid === multipart.sha256);
    const header = obj?.actions?.upload?.header ?? {};
    assert.ok(header.chunk_size, `server chose multipart for ${multipart.blob.size} bytes (header.chunk_size present); ` +
      `set HF_MULTIPART_BYTES above the server's multipart threshold`);
    const chunk = parseInt(header.chunk_size);
    const parts = f.calls.filter((c) => c.method === "PUT");
    assert.equal(parts.length, Math.ceil(multipart.blob.size / chunk), "one PUT per part");
    assert.ok(parts.length >= 2, "at least two parts");
    for (const p of parts) {
      assert.ok(p.responseHeaders.get("etag"), `part PUT ${p.url} answered an ETag`);
    }
    const completion = f.calls.find((c) => c.method === "POST" && c.url === obj.actions.upload.href);
    assert.ok(completion, "completion POSTed to the upload href");
    assert.ok(completion.status >= 200 && completion.status < 300, `completion status ${completion.status}`);
  });

  it("uploadFile of already stored LFS content skips the PUT (batch answers without actions)", async () => {
    const f = recordingFetch();
    await uploadFile({ ...auth, fetch: f, file: { path: "big/basic-copy.bin", content: basic.blob } });
    const batch = f.calls.find((c) => c.url.endsWith(".git/info/lfs/objects/batch"));
    assert.ok(batch, "client called the LFS batch endpoint");
    const obj = batch.responseJson.objects.find((o) => o.oid === basic.sha256);
    assert.equal(obj?.actions?.upload, undefined, "no upload action for a stored object");
    assert.equal(f.calls.filter((c) => c.method === "PUT").length, 0, "no PUT");
    const blob = await downloadFile({ ...auth, path: "big/basic-copy.bin" });
    assertSameBytes(assert, await blob.arrayBuffer(), basic.bytes, "big/basic-copy.bin");
    await deleteFiles({ ...auth, paths: ["big/basic-copy.bin"] });
  });

  it("downloadFile of an LFS file follows the /resolve 302 to the CDN origin, which never sees the token", async () => {
    const hops = [];
    const f = async (input, init = {}) => {
      const res = await fetch(input, init);
      hops.push({ redirected: res.redirected, url: res.url });
      return res;
    };
    const before = await cdnTokenCount();
    const blob = await downloadFile({ ...auth, fetch: f, path: basic.path });
    assertSameBytes(assert, await blob.arrayBuffer(), basic.bytes, basic.path);
    assert.ok(hops.length > 0 && hops.every((h) => h.redirected && !h.url.startsWith(hubUrl + "/")),
      `every download hop ended on the CDN origin: ${JSON.stringify(hops.map((h) => h.redirected))}`);
    assert.equal(await cdnTokenCount(), before, "no CDN request carried an Authorization header");
  });

  it("several LFS files in one commit upload concurrently (basic and multipart mixed)", async () => {
    const many = [
      { path: "many/a.bin", ...randomBlob(10 * 1024 * 1024 + 1) },
      { path: "many/b.bin", ...randomBlob(10 * 1024 * 1024 + 2) },
      { path: "many/c.bin", ...randomBlob(17 * 1024 * 1024) },
    ];
    const f = recordingFetch();
    await uploadFiles({ ...auth, fetch: f, commitTitle: "many lfs", files: many.map((m) => ({ path: m.path, content: m.blob })) });
    const batch = f.calls.find((c) => c.url.endsWith(".git/info/lfs/objects/batch"));
    assert.equal(JSON.parse(batch.body).objects.length, 3, "one batch call for all three objects");
    for (const m of many) {
      const blob = await downloadFile({ ...auth, path: m.path });
      assertSameBytes(assert, await blob.arrayBuffer(), m.bytes, m.path);
    }
    await deleteFiles({ ...auth, paths: many.map((m) => m.path) });
  });

  it("listFiles recursive lists every file with size, oid and lfs info", async () => {
    const entries = await collect(listFiles({ ...auth, recursive: true }));
    const files = new Map(entries.filter((e) => e.type === "file").map((e) => [e.path, e]));
    for (const [path, bytes] of Object.entries(small)) {
      assert.ok(files.has(path), `listed ${path}`);
      assert.equal(files.get(path).size, bytes.length, `${path} size`);
      const e = files.get(path);
      if (e.lfs) {
        // The server may store small binary files (e.g. *.bin) in LFS, like the Hub's default .gitattributes does.
        assert.equal(e.lfs.oid, createHash("sha256").update(bytes).digest("hex"), `${path} lfs.oid is the sha256`);
        assert.equal(e.lfs.size, bytes.length, `${path} lfs.size`);
      } else {
        assert.equal(e.oid, gitBlobSha1(bytes), `${path} oid is the git blob sha1`);
      }
    }
    for (const big of [basic, multipart]) {
      const e = files.get(big.path);
      assert.ok(e, `listed ${big.path}`);
      assert.equal(e.size, big.blob.size, `${big.path} size is the real size`);
      assert.equal(e.lfs?.oid, big.sha256, `${big.path} lfs.oid`);
      assert.equal(e.lfs?.size, big.blob.size, `${big.path} lfs.size`);
    }
    const dirs = entries.filter((e) => e.type === "directory").map((e) => e.path).sort();
    assert.deepEqual(dirs, ["big", "small", "small/dir", "small/dir/sub"]);
    const extra = [...files.keys()].filter((p) => !(p in small) && p !== basic.path && p !== multipart.path);
    assert.ok(extra.every((p) => p === ".gitattributes" || p === "README.md"), `unexpected files: ${extra}`);
  });

  it("listFiles non-recursive and under a path", async () => {
    const root = (await collect(listFiles({ ...auth }))).map((e) => `${e.type}:${e.path}`);
    assert.ok(root.includes("directory:small") && root.includes("directory:big"), `root: ${root}`);
    assert.ok(!root.some((p) => p.includes("/")), `root listing is not recursive: ${root}`);
    const sub = (await collect(listFiles({ ...auth, path: "small/dir" }))).map((e) => `${e.type}:${e.path}`).sort();
    assert.deepEqual(sub, ["directory:small/dir/sub", "file:small/dir/b.json"]);
  });

  it("pathsInfo returns known paths, skips missing ones, and expands lastCommit", async () => {
    const info = await pathsInfo({ ...auth, paths: ["small/a.txt", basic.path, "small/dir", "missing.txt"], expand: true });
    const byPath = new Map(info.map((i) => [i.path, i]));
    assert.equal(byPath.size, 3, `got ${[...byPath.keys()]}`);
    assert.equal(byPath.get("small/a.txt").type, "file");
    assert.equal(byPath.get("small/a.txt").size, small["small/a.txt"].length);
    assert.equal(byPath.get(basic.path).lfs?.oid, basic.sha256);
    assert.equal(byPath.get("small/dir").type, "directory");
    for (const i of info) {
      assert.match(i.lastCommit?.id ?? "", /^[0-9a-f]{40}$/, `${i.path} lastCommit.id`);
      assert.ok(!isNaN(i.lastCommit.date.getTime()), `${i.path} lastCommit.date`);
    }
    assert.equal(byPath.get(basic.path).lastCommit.title, "basic lfs");
  });

  it("fileDownloadInfo gives size and an etag; null for a missing file", async () => {
    const tree = new Map((await collect(listFiles({ ...auth, recursive: true }))).map((e) => [e.path, e]));
    for (const [path, size] of [["small/a.txt", small["small/a.txt"].length], [basic.path, basic.blob.size], [multipart.path, multipart.blob.size]]) {
      const info = await fileDownloadInfo({ ...auth, path });
      assert.ok(info, `${path} info`);
      assert.equal(info.size, size, `${path} size`);
      assert.equal(info.xet, undefined, `${path} is not served as xet`);
      const entry = tree.get(path);
      // As on huggingface.co: the sha256 for LFS files, the git blob sha1 otherwise (both quoted).
      assert.equal(unquoteEtag(info.etag), entry.lfs ? entry.lfs.oid : entry.oid, `${path} etag`);
    }
    assert.equal(await fileDownloadInfo({ ...auth, path: "small/nope.txt" }), null);
  });

  it("downloadFile returns the exact bytes of inline files; null when missing", async () => {
    for (const [path, bytes] of Object.entries(small).filter(([, b]) => b.length > 0)) {
      const blob = await downloadFile({ ...auth, path });
      assert.ok(blob, `${path} found`);
      assertSameBytes(assert, await blob.arrayBuffer(), bytes, path);
    }
    assert.equal(await downloadFile({ ...auth, path: "nope/nothing.bin" }), null);
  });

  it("downloadFile of an empty file (the probe sends Range: bytes=0-0 on a 0-byte file)", async () => {
    const blob = await downloadFile({ ...auth, path: "small/empty.txt" });
    assert.ok(blob, "empty file found");
    assert.equal(blob.size, 0);
    assert.equal((await blob.arrayBuffer()).byteLength, 0);
  });

  for (const big of [basic, multipart]) {
    it(`downloadFile returns the exact bytes of ${big.path}`, async () => {
      const blob = await downloadFile({ ...auth, path: big.path });
      assert.ok(blob, `${big.path} found`);
      assert.equal(blob.size, big.blob.size);
      assertSameBytes(assert, await blob.arrayBuffer(), big.bytes, big.path);
    });
  }

  it("downloadFile slices are served as byte ranges", async () => {
    const f = recordingFetch();
    const blob = await downloadFile({ ...auth, path: multipart.path, fetch: f });
    const cuts = [[0, 1], [5, 1000], [multipart.blob.size - 10, multipart.blob.size], [1_000_000, 9_000_123]];
    for (const [a, b] of cuts) {
      f.reset();
      assertSameBytes(assert, await blob.slice(a, b).arrayBuffer(), multipart.bytes.subarray(a, b), `slice ${a}-${b}`);
      assert.equal(f.calls[0].headers.get("range"), `bytes=${a}-${b - 1}`);
      assert.equal(f.calls[0].status, 206, `slice ${a}-${b} answered 206`);
    }
    const smallBlob = await downloadFile({ ...auth, path: "small/dir/sub/c.bin" });
    assertSameBytes(assert, await smallBlob.slice(100, 200).arrayBuffer(), small["small/dir/sub/c.bin"].subarray(100, 200), "small slice");
  });

  it("raw Range GET on the resolve URL answers 206 with Content-Range", async () => {
    const url = `${hubUrl}/datasets/${repo.name}/resolve/main/${basic.path}`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${writeToken}`, Range: "bytes=1048576-1048675" } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get("content-range"), `bytes 1048576-1048675/${basic.blob.size}`);
    assertSameBytes(assert, await res.arrayBuffer(), basic.bytes.subarray(1048576, 1048676), "raw range");
    const open = await fetch(url, { headers: { Authorization: `Bearer ${writeToken}`, Range: `bytes=${basic.blob.size - 5}-` } });
    assert.equal(open.status, 206);
    assertSameBytes(assert, await open.arrayBuffer(), basic.bytes.subarray(basic.blob.size - 5), "open-ended range");
  });

  it("downloadFile raw:true gives the LFS pointer for LFS files", async () => {
    const blob = await downloadFile({ ...auth, path: basic.path, raw: true });
    const text = await blob.text();
    assert.match(text, /^version https:\/\/git-lfs\.github\.com\/spec\/v1\n/);
    assert.ok(text.includes(`oid sha256:${basic.sha256}\n`), "pointer names the sha256");
    assert.ok(text.includes(`size ${basic.blob.size}\n`), "pointer names the size");
  });
});
