// An independent implementation of the parity hash (docs/contract.md, "Parity hash and drift"), for tests and
// scripts to check computeParityHash against: node:crypto instead of Web
// Crypto, and code points compared as arrays of numbers. It must never import
// from src/.
import { createHash } from "node:crypto";

/** `sha256:` and the hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Text(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

const codePoints = (text: string) =>
  Array.from(text, (char) => char.codePointAt(0)!);

function byCodePoint(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

/**
 * The retired parity hash of docs/contract.md, "Parity as the producer sees it", as the snapshots written before
 * mid-2026 carry it: bare lowercase hex of the SHA-256 of the artifacts'
 * content hashes, sorted by code point and concatenated (no paths).
 */
export function expectedLegacyParityHash(
  artifacts: readonly (readonly [path: string, hash: string])[],
): string {
  const text = artifacts.map(([, hash]) => hash).sort(byCodePoint).join("");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The parity hash of live artifacts given as `[path, hash]` pairs, in any order. */
export function expectedParityHash(
  artifacts: readonly (readonly [path: string, hash: string])[],
): string {
  const text = [...artifacts]
    .sort((a, b) => byCodePoint(a[0], b[0]))
    .map(([path, hash]) => `${path}\t${hash}`)
    .join("\n");
  return sha256Text(text);
}
