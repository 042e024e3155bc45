// The parity hash's formula over `[path, content hash]` pairs
// (docs/contract.md, "Parity hash and drift"): one `<path>\t<hash>` line per
// pair, by path in code point order, SHA-256 of the UTF-8 text. Both sides use
// it: the parity check of a replayed dossier (src/parity/) and the producer's
// snapshot and reconcile (src/index/), so it lives below both.
import { compareCodePoints } from "./event_order.ts";

const _HEX = Array.from(
  { length: 256 },
  (_, byte) => byte.toString(16).padStart(2, "0"),
);

/** The text the current parity hash is taken of: one `<path>\t<hash>` line per artifact, by path. */
export function currentHashInput(
  artifacts: readonly (readonly [string, string])[],
): string {
  return [...artifacts].sort((a, b) => compareCodePoints(a[0], b[0]))
    .map(([path, hash]) => `${path}\t${hash}`).join("\n");
}

/** SHA-256 of the UTF-8 bytes of `text`, as `sha256:` + lowercase hex. */
export async function sha256OfText(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes),
  );
  let hex = "sha256:";
  for (const byte of digest) hex += _HEX[byte];
  return hex;
}

/**
 * The current parity hash of `[path, content hash]` pairs: what the producer
 * writes as a snapshot's hash (docs/indexer.md, "The rules, in order", rule 10)
 * and what `reconcile` compares. Paths must be unique.
 */
export async function parityHashOfPairs(
  pairs: readonly (readonly [string, string])[],
): Promise<string> {
  return await sha256OfText(currentHashInput(pairs));
}
