// Issue 11 rules through the official client: createRepo({license}), derived tags and gating in datasetInfo,
// securityFileStatus from listFiles({expand}) and pathsInfo({expand}), gated downloads, anonymous RepoNotFound.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRepo, uploadFiles, listFiles, downloadFile, pathsInfo, datasetInfo } from "@huggingface/hub";
import { hubUrl, writeToken, freshRepo, collect } from "./env.mjs";

const text = (s) => new Blob([new TextEncoder().encode(s)]);

async function putSettings(repo, body) {
  const r = await fetch(`${hubUrl}/api/datasets/${repo.name}/settings`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${writeToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await r.text();
  assert.equal(r.status, 200, `settings ${JSON.stringify(body)}: ${answer}`);
  return JSON.parse(answer);
}

describe("Hub rules through @huggingface/hub", () => {
  it("createRepo({license}) writes a README with the license, which becomes a tag", async () => {
    const repo = freshRepo("js-license");
    await createRepo({ hubUrl, accessToken: writeToken, repo, license: "mit" });
    const readme = await downloadFile({ hubUrl, accessToken: writeToken, repo, path: "README.md" });
    assert.ok(readme, "README.md written at creation");
    assert.match(await readme.text(), /^---\nlicense: mit\n---\n/);
    await uploadFiles({ hubUrl, accessToken: writeToken, repo, files: [{ path: "data/train.csv", content: text("a,b\n1,2\n") }] });
    const info = await datasetInfo({ hubUrl, accessToken: writeToken, name: repo.name, additionalFields: ["tags", "cardData"] });
    assert.equal(info.gated, false);
    assert.equal(info.cardData.license, "mit");
    for (const tag of ["license:mit", "format:csv", "modality:tabular", "library:datasets", "region:us"]) {
      assert.ok(info.tags.includes(tag), `tags ${JSON.stringify(info.tags)} include ${tag}`);
    }
  });

  it("listFiles and pathsInfo with expand carry securityFileStatus", async () => {
    const repo = freshRepo("js-security");
    await createRepo({ hubUrl, accessToken: writeToken, repo });
    await uploadFiles({ hubUrl, accessToken: writeToken, repo, files: [{ path: "a.txt", content: text("a") }] });
    const files = await collect(listFiles({ hubUrl, accessToken: writeToken, repo, expand: true }));
    const a = files.find((f) => f.path === "a.txt");
    assert.ok(a, "a.txt listed");
    assert.equal(a.securityFileStatus.status, "safe");
    const plain = await collect(listFiles({ hubUrl, accessToken: writeToken, repo }));
    assert.equal(plain.find((f) => f.path === "a.txt").securityFileStatus, undefined);
    const [info] = await pathsInfo({ hubUrl, accessToken: writeToken, repo, paths: ["a.txt"], expand: true });
    assert.equal(info.securityFileStatus.status, "safe");
  });

  it("a gated repo shows its info but refuses its files to anonymous callers (401 GatedRepo)", async () => {
    const repo = freshRepo("js-gated");
    await createRepo({ hubUrl, accessToken: writeToken, repo });
    await uploadFiles({ hubUrl, accessToken: writeToken, repo, files: [{ path: "a.txt", content: text("secret-ish") }] });
    const answer = await putSettings(repo, { gated: "manual" });
    assert.equal(answer.gated, "manual");
    const info = await datasetInfo({ hubUrl, name: repo.name });
    assert.equal(info.gated, "manual");
    await assert.rejects(downloadFile({ hubUrl, repo, path: "a.txt" }), (e) => {
      assert.equal(e.statusCode, 401);
      assert.doesNotMatch(String(e.message) + JSON.stringify(e.data ?? ""), /secret-ish/);
      return true;
    });
    const owner = await downloadFile({ hubUrl, accessToken: writeToken, repo, path: "a.txt" });
    assert.equal(await owner.text(), "secret-ish");
  });

  it("an anonymous read of a missing repo is 401 (as huggingface.co answers it)", async () => {
    await assert.rejects(datasetInfo({ hubUrl, name: "dev/never-created-here" }), (e) => {
      assert.equal(e.statusCode, 401);
      return true;
    });
    await assert.rejects(datasetInfo({ hubUrl, accessToken: writeToken, name: "dev/never-created-here" }), (e) => {
      assert.equal(e.statusCode, 404);
      return true;
    });
  });
});
