// Identity and access control: whoAmI, private repos invisible without a token, read tokens cannot write.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { createRepo, uploadFiles, whoAmI, datasetInfo, listFiles, downloadFile, fileDownloadInfo, HubApiError } from "@huggingface/hub";
import { hubUrl, writeToken, readToken, namespace, freshRepo, collect } from "./env.mjs";

const isHubError = (codes) => (e) => {
  assert.ok(e instanceof HubApiError, `expected HubApiError, got ${e}`);
  assert.ok(codes.includes(e.statusCode), `status ${e.statusCode} not in ${codes}: ${e.message}`);
  return true;
};

describe("auth through @huggingface/hub", () => {
  const priv = freshRepo("js-private");

  before(async () => {
    await createRepo({ hubUrl, accessToken: writeToken, repo: priv, private: true });
    await uploadFiles({ hubUrl, accessToken: writeToken, repo: priv, files: [{ path: "secret.txt", content: new Blob(["s3cret"]) }] });
  });

  it("whoAmI names the token's user and role", async () => {
    const me = await whoAmI({ hubUrl, accessToken: writeToken });
    assert.equal(me.name, namespace);
    assert.equal(me.type, "user");
    assert.equal(me.auth?.accessToken?.role, "write");
    const reader = await whoAmI({ hubUrl, accessToken: readToken });
    assert.equal(reader.name, namespace);
    assert.equal(reader.auth?.accessToken?.role, "read");
  });

  it("whoAmI with an unknown token is a 401", async () => {
    await assert.rejects(whoAmI({ hubUrl, accessToken: "hf_not_a_real_token_000000000000" }), isHubError([401]));
  });

  it("private repo is visible with a token", async () => {
    const info = await datasetInfo({ hubUrl, accessToken: readToken, name: priv.name });
    assert.equal(info.private, true);
    const files = (await collect(listFiles({ hubUrl, accessToken: readToken, repo: priv }))).map((e) => e.path);
    assert.ok(files.includes("secret.txt"));
    assert.equal(await (await downloadFile({ hubUrl, accessToken: readToken, repo: priv, path: "secret.txt" })).text(), "s3cret");
  });

  it("private repo is invisible anonymously", async () => {
    await assert.rejects(datasetInfo({ hubUrl, name: priv.name }), isHubError([401, 404]));
    await assert.rejects(collect(listFiles({ hubUrl, repo: priv })), isHubError([401, 404]));
    await assert.rejects(fileDownloadInfo({ hubUrl, repo: priv, path: "secret.txt" }), isHubError([401, 404]));
    const raw = await fetch(`${hubUrl}/datasets/${priv.name}/resolve/main/secret.txt`);
    assert.ok([401, 404].includes(raw.status), `anonymous resolve answered ${raw.status}`);
    assert.ok(!(await raw.text()).includes("s3cret"), "anonymous resolve leaks no content");
  });

  it("a read token cannot commit", async () => {
    await assert.rejects(
      uploadFiles({ hubUrl, accessToken: readToken, repo: priv, files: [{ path: "nope.txt", content: new Blob(["x"]) }] }),
      isHubError([401, 403]),
    );
    const files = (await collect(listFiles({ hubUrl, accessToken: writeToken, repo: priv }))).map((e) => e.path);
    assert.ok(!files.includes("nope.txt"));
  });

  it("a public repo is readable anonymously", async () => {
    const pub = freshRepo("js-public");
    await createRepo({ hubUrl, accessToken: writeToken, repo: pub });
    await uploadFiles({ hubUrl, accessToken: writeToken, repo: pub, files: [{ path: "hello.txt", content: new Blob(["hi"]) }] });
    const info = await datasetInfo({ hubUrl, name: pub.name });
    assert.equal(info.private, false);
    assert.equal(await (await downloadFile({ hubUrl, repo: pub, path: "hello.txt" })).text(), "hi");
  });

  it("datasetInfo of a missing repo is a 404", async () => {
    await assert.rejects(datasetInfo({ hubUrl, accessToken: writeToken, name: `${namespace}/does-not-exist-js` }), (e) => {
      isHubError([404])(e);
      // The client shows json.error when the answer is JSON; a bare status means the server sent no usable error body.
      assert.doesNotMatch(e.message, /^Api error with status/, `error message: ${e.message}`);
      assert.ok(e.requestId, "X-Request-Id is sent on errors");
      return true;
    });
  });
});
