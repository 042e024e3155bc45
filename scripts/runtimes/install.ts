// The runtimes of the matrix that come from npm (Node 22, Bun, Miniflare),
// pinned by npm/package-lock.json and installed into .cache/runtimes.
import { installFromLock } from "../_npm_install.ts";

const CACHE = new URL("../../.cache/runtimes/", import.meta.url);

/** The runtimes' node_modules folder (Miniflare is resolved from it). */
export const NODE_MODULES: URL = new URL("node_modules/", CACHE);
/** Node 22's executable. */
export const NODE_22: URL = new URL(".bin/node", NODE_MODULES);
/** Bun's executable. */
export const BUN: URL = new URL(".bin/bun", NODE_MODULES);

/** Installs the pinned runtimes once; a later run with the same lock file reuses them. */
export function installRuntimes(): Promise<void> {
  return installFromLock(
    new URL("npm/", import.meta.url),
    CACHE,
    "Node 22, Bun and Miniflare",
  );
}
