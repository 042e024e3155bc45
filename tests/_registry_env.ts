// The environment a command run in a cleared environment keeps: what a
// machine needs to reach its package registry (a TLS-intercepting proxy's
// CA, the proxy itself, npm's registry settings), and nothing else, so that
// the run stays clean on a laptop and passes behind a corporate proxy.

/** Variables passed on by name, in upper and lower case. */
const _NAMES = [
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "DENO_AUTH_TOKENS",
  "NODE_EXTRA_CA_CERTS",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
];

/** Variables passed on by prefix: npm's settings (registry, CA, proxy, auth). */
const _PREFIXES = ["NPM_CONFIG_"];

/**
 * The registry-reaching variables of `source`, and nothing else.
 *
 * @param source The environment to pick from (default: this process's).
 * @returns The variables to pass to a cleared environment.
 */
export function registryEnv(
  source: Record<string, string> = Deno.env.toObject(),
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const upper = name.toUpperCase();
    const byName = _NAMES.includes(upper) &&
      (name === upper || name === name.toLowerCase());
    const byPrefix = _PREFIXES.some((prefix) =>
      name.startsWith(prefix) || name.startsWith(prefix.toLowerCase())
    );
    if (byName || byPrefix) kept[name] = value;
  }
  return kept;
}
