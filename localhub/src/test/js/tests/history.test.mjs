// Commits and refs: parentCommit, deleteFiles, branches, listCommits, datasetInfo.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  createRepo, uploadFiles, deleteFiles, listFiles, listCommits, countCommits, createBranch, deleteBranch,
  datasetInfo, downloadFile, fileDownloadInfo, commit, HubApiError,
} from "@huggingface/hub";
import { hubUrl, writeToken, freshRepo, collect, assertSameBytes } from "./env.mjs";

const repo = freshRepo("js-history");
const auth = { hubUrl, accessToken: writeToken, repo };
const text = (s) => new Blob([new TextEncoder().encode(s)]);

async function paths(revision) {
  return (await collect(listFiles({ ...auth, revision, recursive: true })))
    .filter((e) => e.type === "file" && e.path !== ".gitattributes")
    .map((e) => e.path)
    .sort();
}
async function read(path, revision) {
  const blob = await downloadFile({ ...auth, path, revision });
  assert.ok(blob, `${path}@${revision ?? "main"} exists`);
  return blob.text();
}

describe("history and refs through @huggingface/hub", () => {
  let first;
  let second;

  before(async () => {
    await createRepo({ hubUrl, accessToken: writeToken, repo });
    first = (await uploadFiles({
      ...auth, commitTitle: "first", commitDescription: "first body",
      files: [{ path: "one.txt", content: text("1") }, { path: "keep/two.txt", content: text("2") }],
    })).commit.oid;
  });

  it("commit with the current head as parentCommit succeeds", async () => {
    const commits = await collect(listCommits({ ...auth }));
    assert.equal(commits[0].oid, first, "head is the first upload");
    second = (await uploadFiles({ ...auth, commitTitle: "second", parentCommit: first, files: [{ path: "three.txt", content: text("3") }] })).commit.oid;
    assert.match(second, /^[0-9a-f]{40}$/);
    assert.notEqual(second, first);
  });

  it("commit with a stale parentCommit is refused and changes nothing", async () => {
    await assert.rejects(
      uploadFiles({ ...auth, commitTitle: "stale", parentCommit: first, files: [{ path: "stale.txt", content: text("x") }] }),
      (err) => err instanceof HubApiError && err.statusCode >= 400 && err.statusCode < 500,
    );
    assert.deepEqual(await paths(), ["keep/two.txt", "one.txt", "three.txt"]);
    const head = (await collect(listCommits({ ...auth })))[0].oid;
    assert.equal(head, second, "head unchanged");
  });

  it("listCommits lists newest first with titles, messages, authors and dates", async () => {
    const commits = await collect(listCommits({ ...auth }));
    assert.deepEqual(commits.slice(0, 2).map((c) => c.title), ["second", "first"]);
    assert.equal(commits[1].oid, first);
    assert.ok(commits[1].message.includes("first body"), `message: ${JSON.stringify(commits[1].message)}`);
    for (const c of commits) {
      assert.match(c.oid, /^[0-9a-f]{40}$/);
      assert.ok(Array.isArray(c.authors), "authors is an array");
      assert.ok(!isNaN(c.date.getTime()), `date of ${c.oid}`);
    }
    const total = await countCommits({ ...auth });
    assert.equal(total, commits.length, "X-Total-Count equals the number of listed commits");
    const paged = await collect(listCommits({ ...auth, batchSize: 1 }));
    assert.deepEqual(paged.map((c) => c.oid), commits.map((c) => c.oid), "Link rel=next pagination yields the same commits");
  });

  it("deleteFiles removes files in one commit", async () => {
    const out = await deleteFiles({ ...auth, paths: ["one.txt", "keep/two.txt"] });
    assert.match(out.commit.oid, /^[0-9a-f]{40}$/);
    assert.deepEqual(await paths(), ["three.txt"]);
    assert.equal(await fileDownloadInfo({ ...auth, path: "one.txt" }), null);
    assert.equal(await read("one.txt", first), "1", "old revision still readable by commit sha");
    const commits = await collect(listCommits({ ...auth }));
    assert.equal(commits[0].title, "Deletes 2 files");
  });

  it("commit() with mixed add, update and delete operations is one atomic commit", async () => {
    const before = (await collect(listCommits({ ...auth }))).length;
    const out = await commit({
      ...auth,
      title: "mixed",
      operations: [
        { operation: "addOrUpdate", path: "mixed/new.txt", content: text("new") },
        { operation: "addOrUpdate", path: "three.txt", content: text("3 updated") },
      ],
    });
    assert.match(out.commit.oid, /^[0-9a-f]{40}$/);
    const out2 = await commit({
      ...auth,
      title: "mixed 2",
      operations: [
        { operation: "delete", path: "mixed/new.txt" },
        { operation: "addOrUpdate", path: "mixed/other.txt", content: text("other") },
      ],
    });
    assert.match(out2.commit.oid, /^[0-9a-f]{40}$/);
    assert.equal(await read("three.txt"), "3 updated");
    assert.equal(await read("mixed/other.txt"), "other");
    assert.equal(await fileDownloadInfo({ ...auth, path: "mixed/new.txt" }), null);
    const commits = await collect(listCommits({ ...auth }));
    assert.equal(commits.length, before + 2);
    assert.deepEqual(commits.slice(0, 2).map((c) => c.title), ["mixed 2", "mixed"]);
    await deleteFiles({ ...auth, paths: ["mixed/other.txt"] });
    await uploadFiles({ ...auth, files: [{ path: "three.txt", content: text("3") }] });
  });

  it("createBranch, commit to it, read it, deleteBranch", async () => {
    await createBranch({ ...auth, branch: "feature-x", revision: first });
    assert.deepEqual(await paths("feature-x"), ["keep/two.txt", "one.txt"], "branch starts at the given revision");
    await uploadFiles({ ...auth, branch: "feature-x", commitTitle: "on branch", files: [{ path: "branch.txt", content: text("b") }] });
    assert.equal(await read("branch.txt", "feature-x"), "b");
    assert.deepEqual(await paths(), ["three.txt"], "main untouched");
    const branchCommits = await collect(listCommits({ ...auth, revision: "feature-x" }));
    assert.deepEqual(branchCommits.slice(0, 2).map((c) => c.title), ["on branch", "first"]);
    await assert.rejects(createBranch({ ...auth, branch: "feature-x" }), (e) => e instanceof HubApiError && e.statusCode === 409,
      "creating an existing branch is a 409");
    await deleteBranch({ ...auth, branch: "feature-x" });
    await assert.rejects(collect(listFiles({ ...auth, revision: "feature-x" })), (e) => e instanceof HubApiError && e.statusCode === 404);
  });

  it("createBranch without revision starts from main; empty branch has no files", async () => {
    await createBranch({ ...auth, branch: "from-main" });
    assert.deepEqual(await paths("from-main"), ["three.txt"]);
    await createBranch({ ...auth, branch: "empty", empty: true });
    assert.deepEqual(await paths("empty"), []);
    await deleteBranch({ ...auth, branch: "from-main" });
    await deleteBranch({ ...auth, branch: "empty" });
  });

  it("datasetInfo describes the repo", async () => {
    const info = await datasetInfo({ hubUrl, accessToken: writeToken, name: repo.name });
    assert.equal(info.name, repo.name);
    assert.equal(info.private, false);
    assert.ok(info.id, "_id present");
    assert.ok(!isNaN(info.updatedAt.getTime()), "lastModified is a date");
    const atFirst = await datasetInfo({ hubUrl, accessToken: writeToken, name: repo.name, revision: first, additionalFields: ["sha"] });
    assert.equal(atFirst.sha, first, "revision pins sha");
    const head = await datasetInfo({ hubUrl, accessToken: writeToken, name: repo.name, additionalFields: ["sha"] });
    assert.equal(head.sha, (await collect(listCommits({ ...auth })))[0].oid, "HEAD is main's head");
  });

  it("old revisions stay downloadable byte for byte", async () => {
    const blob = await downloadFile({ ...auth, path: "keep/two.txt", revision: first });
    assertSameBytes(assert, await blob.arrayBuffer(), new TextEncoder().encode("2"), "keep/two.txt@first");
  });
});
