import type { ParityStatus } from "../contract/constants.ts";
import type { MissionDossierStateOf } from "../replay/dossier_state.ts";

/** Any reduced dossier, of either contract: the parity hash reads only its artifacts and snapshot. */
export type _AnyDossierState = MissionDossierStateOf<unknown, unknown>;
import { _compareCodePoints } from "../replay/event_order.ts";
import {
  _describeValue,
  _unreadableMessage,
} from "../contract/_field_issue.ts";

/** The verdict of {@linkcode evaluateParity}, with both hashes. */
export interface ParityEvaluation {
  /**
   * `clean` when the recomputed hash matches the latest snapshot's,
   * `drifted` when it does not, `unknown` when there is no snapshot yet.
   */
  readonly status: ParityStatus;
  /** The latest snapshot's `snapshot_hash` as recorded; `null` without a snapshot. */
  readonly expectedHash: string | null;
  /** The hash recomputed from the artifacts, as {@linkcode computeParityHash} returns it. */
  readonly actualHash: string;
}

const _HEX = Array.from(
  { length: 256 },
  (_, byte) => byte.toString(16).padStart(2, "0"),
);

/** The text the parity hash is taken of: one `<path>\t<hash>` line per live artifact. */
export function _parityHashInput(state: _AnyDossierState): string {
  const live: [path: string, hash: string][] = [];
  try {
    if (!(state?.artifacts instanceof Map)) {
      throw new TypeError(
        `Cannot compute the parity hash: the state must have an artifacts Map (a reduced dossier): received ${
          _describeValue(state?.artifacts)
        }`,
      );
    }
    for (const [path, entry] of state.artifacts) {
      const hash = entry?.content_ref?.hash;
      if (typeof path !== "string" || typeof hash !== "string") {
        throw new TypeError(
          `Cannot compute the parity hash: artifact ${
            _describeValue(path)
          } must have a content_ref.hash string (a reduced dossier): received ${
            _describeValue(hash)
          }`,
        );
      }
      if (!entry.superseded) live.push([path, hash]);
    }
  } catch (error) {
    if (
      error instanceof TypeError && error.message.startsWith("Cannot compute")
    ) {
      throw error;
    }
    // A getter or a proxy trap in the input threw: report it, never leak it.
    throw new TypeError(
      `Cannot compute the parity hash: the state ${_unreadableMessage(error)}`,
    );
  }
  live.sort((a, b) => _compareCodePoints(a[0], b[0]));
  return live.map(([path, hash]) => `${path}\t${hash}`).join("\n");
}

/**
 * Computes the dossier parity hash, the formula the `spec-kitty` CLI and the
 * SaaS share: every artifact that is not superseded, sorted by path in code
 * point order (not UTF-16 order: they differ for characters beyond U+FFFF),
 * one line `<path>\t<content_ref.hash>` each, lines joined with `\n`, then
 * SHA-256 of the UTF-8 bytes (Web Crypto, so it runs on every runtime). An
 * empty dossier hashes the empty string.
 *
 * The formula is the producer's and is kept as is for parity, with one
 * known weakness: the separators are not escaped, so a path holding a tab or
 * a newline can make two different dossiers hash alike (`a\tb` with hash
 * `c` and `a` with hash `b\tc` give the same line). Do not rely on the hash
 * to tell such dossiers apart.
 *
 * @param state A reduced dossier, of either contract.
 * @returns `sha256:` followed by the lowercase hex digest.
 * @throws {TypeError} When `state` is not a reduced dossier (no `artifacts` map).
 *
 * @example The empty dossier hashes the empty string
 * ```ts
 * import { computeParityHash, emptyDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   await computeParityHash(emptyDossierState()),
 *   "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
 * );
 * ```
 */
export async function computeParityHash(
  state: MissionDossierStateOf<unknown, unknown>,
): Promise<string> {
  const bytes = new TextEncoder().encode(_parityHashInput(state));
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes),
  );
  let hex = "sha256:";
  for (const byte of digest) hex += _HEX[byte];
  return hex;
}

/** A hash without its optional `sha256:` prefix, in lowercase. */
function _comparableHash(hash: string): string {
  const lower = hash.toLowerCase();
  return lower.startsWith("sha256:") ? lower.slice("sha256:".length) : lower;
}

/**
 * Recomputes the parity hash of a dossier and compares it with the hash of
 * its latest snapshot. An optional `sha256:` prefix and letter case do not
 * matter: `sha256:AB…` matches `ab…`.
 *
 * @param state A reduced dossier, of either contract.
 * @returns The status (`clean`, `drifted`, or `unknown` when the dossier has
 * no snapshot yet), the snapshot's hash as recorded and the recomputed hash.
 * @throws {TypeError} When `state` is not a reduced dossier (no `artifacts` map).
 *
 * @example A snapshot that still matches its artifacts is clean
 * ```ts
 * import { computeParityHash, emptyDossierState, evaluateParity } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const empty = emptyDossierState();
 * assert.equal((await evaluateParity(empty)).status, "unknown");
 *
 * const hash = await computeParityHash(empty);
 * const snapshot = { snapshot_hash: hash.toUpperCase().slice("sha256:".length),
 *   artifact_count: 0, anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z", algorithm: "sha256" } as const;
 * const evaluation = await evaluateParity({ ...empty, latest_snapshot: snapshot });
 * assert.equal(evaluation.status, "clean");
 * assert.equal(evaluation.actualHash, hash);
 * ```
 */
export async function evaluateParity(
  state: MissionDossierStateOf<unknown, unknown>,
): Promise<ParityEvaluation> {
  const actualHash = await computeParityHash(state);
  const snapshot = state.latest_snapshot;
  if (snapshot === null) {
    return { status: "unknown", expectedHash: null, actualHash };
  }
  const clean =
    _comparableHash(snapshot.snapshot_hash) === _comparableHash(actualHash);
  return {
    status: clean ? "clean" : "drifted",
    expectedHash: snapshot.snapshot_hash,
    actualHash,
  };
}
