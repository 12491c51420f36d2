// Vitest setup file: some official specs commit files given as https://huggingface.co/... URLs. The build has no
// network and must not depend on huggingface.co, so those requests go to the same path on localhub instead, where
// OfficialSpecTest has seeded stand-in repos. Only https://huggingface.co/ is rewritten; every other URL is untouched.
const HUGGINGFACE_CO = "https://huggingface.co/";
const hubUrl = process.env.HUB_URL.replace(/\/+$/, "");
const realFetch = globalThis.fetch;

// huggingface.co redirects legacy model ids without a namespace to their organisation; localhub has no such ids.
const LEGACY_IDS = { "gpt2/": "openai-community/gpt2/" };

function rewrite(url) {
  if (!url.startsWith(HUGGINGFACE_CO)) {
    return null;
  }
  let path = url.slice(HUGGINGFACE_CO.length);
  for (const [legacy, id] of Object.entries(LEGACY_IDS)) {
    if (path.startsWith(legacy)) {
      path = id + path.slice(legacy.length);
    }
  }
  return hubUrl + "/" + path;
}

globalThis.fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const local = rewrite(url);
  if (local === null) {
    return realFetch(input, init);
  }
  return realFetch(input instanceof Request ? new Request(local, input) : local, init);
};
