// Less common client paths: createRepo with files, pull requests, .gitattributes-driven LFS, fileExists, pagination.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRepo, uploadFiles, listFiles, downloadFile, fileExists, pathsInfo, listCommits, snapshotDownload, datasetInfo,
} from "@huggingface/hub";
import { hubUrl, writeToken, freshRepo, collect, recordingFetch, randomBlob, assertSameBytes } from "./env.mjs";

const text = (s) => new Blob([new TextEncoder().encode(s)]);
const pageSize = Number(process.env.HF_PAGE_SIZE || 0);

describe("less common @huggingface/hub paths", () => {
  it("createRepo with initial files", async () => {
    const repo = freshRepo("js-initial");
    await createRepo({ hubUrl, accessToken: writeToken, repo, files: [{ path: "README.md", content: text("# hello\n") }] });
    const blob = await downloadFile({ hubUrl, accessToken: writeToken, repo, path: "README.md" });
    assert.ok(blob, "README.md committed by createRepo");
    assert.equal(await blob.text(), "# hello\n");
  });

  it("uploadFiles with isPullRequest opens a PR and leaves main alone", async () => {
    const repo = freshRepo("js-pr");
    const auth = { hubUrl, accessToken: writeToken, repo };
    await createRepo(auth);
    await uploadFiles({ ...auth, files: [{ path: "a.txt", content: text("main") }] });
    const out = await uploadFiles({ ...auth, isPullRequest: true, commitTitle: "proposal", files: [{ path: "a.txt", content: text("pr") }] });
    assert.ok(out.pullRequestUrl, "commit answer has pullRequestUrl");
    const num = out.pullRequestUrl.match(/discussions\/(\d+)/)?.[1];
    assert.ok(num, `pullRequestUrl names the discussion number: ${out.pullRequestUrl}`);
    assert.equal(await (await downloadFile({ ...auth, path: "a.txt" })).text(), "main");
    assert.equal(await (await downloadFile({ ...auth, path: "a.txt", revision: `refs/pr/${num}` })).text(), "pr");
  });

  it("a .gitattributes in the same commit makes matching files LFS (preupload honours gitAttributes)", async () => {
    const repo = freshRepo("js-gitattr");
    const auth = { hubUrl, accessToken: writeToken, repo };
    await createRepo(auth);
    const f = recordingFetch();
    await uploadFiles({
      ...auth, fetch: f,
      files: [
        { path: ".gitattributes", content: text("*.dat filter=lfs diff=lfs merge=lfs -text\n") },
        { path: "tiny.dat", content: text("tiny but lfs") },
        { path: "plain.txt", content: text("plain") },
      ],
    });
    const pre = JSON.parse(f.calls.find((c) => c.url.includes("/preupload/")).body);
    assert.ok(pre.gitAttributes?.includes("*.dat"), "client sent gitAttributes");
    const [dat, txt] = await pathsInfo({ ...auth, paths: ["tiny.dat", "plain.txt"] }).then((r) =>
      ["tiny.dat", "plain.txt"].map((p) => r.find((i) => i.path === p)));
    assert.ok(dat?.lfs, "tiny.dat is stored in LFS");
    assert.equal(txt?.lfs, undefined, "plain.txt is not LFS");
    assert.equal(await (await downloadFile({ ...auth, path: "tiny.dat" })).text(), "tiny but lfs");
  });

  it("fileExists (HEAD on /raw/) tells present from missing", async () => {
    const repo = freshRepo("js-exists");
    const auth = { hubUrl, accessToken: writeToken, repo };
    await createRepo(auth);
    await uploadFiles({ ...auth, files: [{ path: "d/x.txt", content: text("x") }] });
    assert.equal(await fileExists({ ...auth, path: "d/x.txt" }), true);
    assert.equal(await fileExists({ ...auth, path: "d/y.txt" }), false);
  });

  it("listings are paginated with absolute Link rel=next URLs", { skip: pageSize ? false : "HF_PAGE_SIZE not set" }, async () => {
    const repo = freshRepo("js-pages");
    const auth = { hubUrl, accessToken: writeToken, repo };
    await createRepo(auth);
    const n = pageSize * 2 + 1;
    await uploadFiles({ ...auth, files: Array.from({ length: n }, (_, i) => ({ path: `f/${String(i).padStart(3, "0")}.txt`, content: text(`${i}`) })) });
    const f = recordingFetch();
    const entries = await collect(listFiles({ ...auth, path: "f", fetch: f }));
    assert.deepEqual(entries.map((e) => e.path), Array.from({ length: n }, (_, i) => `f/${String(i).padStart(3, "0")}.txt`));
    assert.ok(f.calls.length >= 3, `listFiles followed Link headers over ${f.calls.length} pages`);
    assert.match(f.calls[0].responseHeaders.get("link") ?? "", /^<https?:\/\/[^>]+>;\s+rel="next"/);
    const commits = await collect(listCommits({ ...auth, batchSize: 1 }));
    assert.ok(commits.length >= 2, "commit listing paginates too");
  });

  it("paths with spaces and non-ASCII characters round-trip", async () => {
    const repo = freshRepo("js-names");
    const auth = { hubUrl, accessToken: writeToken, repo };
    await createRepo(auth);
    const names = ["with space/a b.txt", "ünïcødé/日本語.txt", "plus+sign/a+b.txt"];
    await uploadFiles({ ...auth, files: names.map((path) => ({ path, content: text(`content of ${path}`) })) });
    const listed = (await collect(listFiles({ ...auth, recursive: true }))).filter((e) => e.type === "file").map((e) => e.path);
    for (const path of names) {
      assert.ok(listed.includes(path), `listed ${path}: ${listed}`);
      const blob = await downloadFile({ ...auth, path });
      assert.ok(blob, `${path} downloadable`);
      assert.equal(await blob.text(), `content of ${path}`);
    }
    const info = await pathsInfo({ ...auth, paths: names });
    assert.deepEqual(info.map((i) => i.path).sort(), [...names].sort());
  });

  it("snapshotDownload fills a cache dir with every file of a revision", async () => {
    const repo = freshRepo("js-snapshot");
    const auth = { hubUrl, accessToken: writeToken, repo };
    await createRepo(auth);
    const big = randomBlob(300_000);
    const files = { "data/train.bin": big.bytes, "README.md": new TextEncoder().encode("# card\n"), "x/y/z.txt": new TextEncoder().encode("z") };
    await uploadFiles({ ...auth, files: Object.entries(files).map(([path, b]) => ({ path, content: new Blob([b]) })) });
    const sha = (await datasetInfo({ hubUrl, accessToken: writeToken, name: repo.name, additionalFields: ["sha"] })).sha;
    const cacheDir = await mkdtemp(join(tmpdir(), "hfio-js-cache-"));
    try {
      const folder = await snapshotDownload({ ...auth, cacheDir });
      assert.ok(folder.endsWith(join("snapshots", sha)), `snapshot folder ${folder} is named after ${sha}`);
      for (const [path, bytes] of Object.entries(files)) {
        assertSameBytes(assert, await readFile(join(folder, path)), bytes, `snapshot ${path}`);
      }
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
