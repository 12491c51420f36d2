// Runs the spec files shipped in node_modules/@huggingface/hub/src against localhub, in place: nothing of theirs is
// copied into this repository. Only the two constant modules are swapped for ./consts.mjs (hub URL, user, token from
// the environment), so no request leaves the machine. OfficialSpecTest picks the files and excluded tests.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, "../node_modules/@huggingface/hub");
const replaced = new Set([path.join(pkg, "src/consts.ts"), path.join(pkg, "src/test/consts.ts")]);
const consts = path.join(here, "consts.mjs");

const files = (process.env.OFFICIAL_SPEC_FILES || "").split(",").filter(Boolean);
if (files.length === 0) {
  throw new Error("OFFICIAL_SPEC_FILES must list spec files relative to @huggingface/hub (set by OfficialSpecTest)");
}

export default defineConfig({
  root: pkg,
  // Vite's cache goes to the build's scratch directory, not into node_modules.
  cacheDir: process.env.OFFICIAL_SPEC_CACHE_DIR || path.join(here, "../../../../target/official-specs/vite-cache"),
  plugins: [
    {
      name: "localhub-consts",
      enforce: "pre",
      async resolveId(source, importer, options) {
        if (!importer || !/(^|\/)consts$/.test(source)) return null;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        return resolved && replaced.has(resolved.id) ? consts : null;
      },
    },
  ],
  server: { deps: { inline: [/@huggingface\/hub/] } },
  test: {
    include: files,
    exclude: [],
    environment: "node",
    setupFiles: [path.join(here, "offline-fetch.mjs")],
    // One file at a time, one test at a time: the specs share one hub and the log stays readable.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    watch: false,
  },
});
