// Stands in for @huggingface/hub's src/test/consts.ts (and the library's default HUB_URL in src/consts.ts) when its
// spec files run against localhub: same names, values from the environment OfficialSpecTest sets.
function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} must be set (run the official specs through OfficialSpecTest)`);
  }
  return value;
}

export const HUB_URL = required("HUB_URL").replace(/\/+$/, "");
export const TEST_HUB_URL = HUB_URL;
export const TEST_USER = required("HF_TEST_USER");
export const TEST_ACCESS_TOKEN = required("HF_TEST_TOKEN");
// Only the OAuth spec uses the cookie, and it is not run (localhub has no OAuth).
export const TEST_COOKIE = "localhub-has-no-cookie-login";
