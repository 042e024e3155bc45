import type { ParityStatus } from "../contract/constants.ts";
import { producerViewOf } from "../replay/index_runs.ts";
import type { MissionDossierStateOf } from "../contract/dossier_state.ts";

/** Any reduced dossier, of either contract: the parity hash reads only its artifacts and snapshot. */
export type AnyDossierState = MissionDossierStateOf<unknown, unknown>;
import { compareCodePoints } from "../replay/event_order.ts";
import { currentHashInput, sha256OfText } from "../replay/parity_hash_text.ts";
import { describeValue, unreadableMessage } from "../contract/field_issue.ts";

/** Which formula a snapshot's hash was checked with (docs/contract.md, "Parity hash and drift" and "Parity as the producer sees it"). */
export type ParityFormula =
  /** `sha256:` + SHA-256 of one `<path>\t<hash>` line per artifact, by path. */
  | "current"
  /** The retired one: SHA-256 of the artifacts' content hashes, sorted and concatenated, bare hex. */
  | "legacy";

/**
 * The verdict of {@linkcode evaluateParity}: the hash check, and what it
 * was made from. The hash check is not the state's `parity_status` (the
 * reference's field, `"drifted"` for good once any drift event was
 * recorded): that one is counted in `recordedDriftEvents`.
 */
export interface ParityEvaluation {
  /**
   * The hash check: `clean` when the latest snapshot's hash is the hash of
   * the artifacts it covers (see `basis`), `drifted` when it is not (an
   * event of that run lost or altered), `unknown` when there is no snapshot.
   */
  readonly status: ParityStatus;
  /** The formula the snapshot's hash was checked with; `null` without a snapshot. */
  readonly formula: ParityFormula | null;
  /**
   * What was hashed. `"run"`: the artifacts the latest snapshot's index run
   * indexed, as the producer hashed them (for a state a reducer returned).
   * `"state"`: the state's live artifacts (a state read back with
   * `parseDossierState` or built by hand, which has no record of its runs).
   */
  readonly basis: "run" | "state";
  /** The latest snapshot's hash as `sha256:` + lowercase hex (the form of `actualHash`); `null` without a snapshot. */
  readonly expectedHash: string | null;
  /** The hash recomputed with `formula` (the current one without a snapshot), as `sha256:` + lowercase hex. */
  readonly actualHash: string;
  /** The snapshot's `snapshot_hash` exactly as written; `null` without a snapshot. */
  readonly recordedHash: string | null;
  /** The `event_id` of the latest snapshot (basis `"run"`); `null` otherwise. */
  readonly snapshotEventId: string | null;
  /** Its position in the events given to the reducer (0-based; basis `"run"`); `null` otherwise. */
  readonly snapshotIndex: number | null;
  /**
   * The state's live artifacts that the producer did not index in the latest
   * snapshot's run (deleted, renamed, unreadable), by path in code point
   * order. The state keeps them (the reference has no removal event), so a
   * projection that shows the state shows them. Empty for basis `"state"`.
   */
  readonly staleArtifacts: readonly string[];
  /** Live artifacts indexed after the latest snapshot (a run still under way), by path. */
  readonly pendingArtifacts: readonly string[];
  /** The `MissionDossierParityDriftDetected` events the state recorded (its `drift_history`). */
  readonly recordedDriftEvents: number;
}

/** The live (not superseded) artifacts of a state, `[path, content hash]`, checked. */
function _liveArtifacts(state: AnyDossierState): [string, string][] {
  const live: [path: string, hash: string][] = [];
  try {
    if (!(state?.artifacts instanceof Map)) {
      throw new TypeError(
        `Cannot compute the parity hash: the state must have an artifacts Map (a reduced dossier): received ${
          describeValue(state?.artifacts)
        }`,
      );
    }
    for (const [path, entry] of state.artifacts) {
      const hash = entry?.content_ref?.hash;
      if (typeof path !== "string" || typeof hash !== "string") {
        throw new TypeError(
          `Cannot compute the parity hash: artifact ${
            describeValue(path)
          } must have a content_ref.hash string (a reduced dossier): received ${
            describeValue(hash)
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
      `Cannot compute the parity hash: the state ${unreadableMessage(error)}`,
    );
  }
  return live;
}

/** The text the legacy parity hash is taken of: the content hashes, sorted, concatenated. */
function _legacyHashInput(artifacts: readonly [string, string][]): string {
  return artifacts.map(([, hash]) => hash).sort(compareCodePoints).join("");
}

/** The text the parity hash is taken of: one `<path>\t<hash>` line per live artifact. */
export function parityHashInput(state: AnyDossierState): string {
  return currentHashInput(_liveArtifacts(state));
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
  // async, so that a state that is not a dossier rejects rather than throws.
  return await sha256OfText(parityHashInput(state));
}

const _BARE_HEX = /^[0-9a-f]{64}$/i;

/** A recorded hash in the form `sha256:` + lowercase, whatever its case and prefix. */
function _normalizedHash(hash: string): string {
  const lower = hash.toLowerCase();
  return lower.startsWith("sha256:") ? lower : `sha256:${lower}`;
}

/** The sorted paths of a set, for the lists of an evaluation. */
function _sortedPaths(paths: Iterable<string>): string[] {
  return [...paths].sort(compareCodePoints);
}

/**
 * Checks a dossier's latest snapshot the way the producer does
 * (docs/contract.md, "Parity as the producer sees it"): its hash against the hash of the artifacts its index run indexed
 * (what the producer hashed; the state still holds what earlier runs
 * indexed and this one did not, listed as `staleArtifacts`). A
 * `sha256:`-prefixed hash is checked with the current formula (docs/contract.md, "Parity hash and drift"); a bare
 * 64-hex one, the form written before mid-2026, with the retired formula
 * (SHA-256 of the content hashes sorted and concatenated), or with the
 * current one when that is what it matches; `formula` says which. Letter
 * case does not matter, and both hashes come back as `sha256:` + lowercase.
 *
 * The run is known for a state that a reducer of this package returned
 * (`basis: "run"`). A state read back with `parseDossierState`, or built by
 * hand, has no record of its runs and is checked against its live artifacts
 * (`basis: "state"`), as {@linkcode computeParityHash} hashes them.
 *
 * The state's `parity_status` (`"drifted"` once any drift event was
 * recorded, for good) is a different thing: `recordedDriftEvents` counts
 * those events.
 *
 * @param state A reduced dossier, of either contract.
 * @returns The hash check (`clean`, `drifted`, or `unknown` without a
 * snapshot), the formula and basis used, both hashes, the stale and pending
 * artifacts, and the recorded drift events.
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
 * assert.equal(evaluation.formula, "current");
 * assert.equal(evaluation.basis, "state");
 * assert.equal(evaluation.expectedHash, evaluation.actualHash);
 * ```
 */
export async function evaluateParity(
  state: MissionDossierStateOf<unknown, unknown>,
): Promise<ParityEvaluation> {
  const live = _liveArtifacts(state);
  const recordedDriftEvents = Array.isArray(state.drift_history)
    ? state.drift_history.length
    : 0;
  const snapshot = state.latest_snapshot;
  if (snapshot === null || snapshot === undefined) {
    return {
      status: "unknown",
      formula: null,
      basis: "state",
      expectedHash: null,
      actualHash: await sha256OfText(currentHashInput(live)),
      recordedHash: null,
      snapshotEventId: null,
      snapshotIndex: null,
      staleArtifacts: [],
      pendingArtifacts: [],
      recordedDriftEvents,
    };
  }
  const view = producerViewOf(state);
  const covered: [string, string][] = view === undefined
    ? live
    : [...view.present];
  const recordedHash = snapshot.snapshot_hash;
  const expectedHash = _normalizedHash(recordedHash);
  const current = await sha256OfText(currentHashInput(covered));
  let formula: ParityFormula = "current";
  let actualHash = current;
  if (_BARE_HEX.test(recordedHash) && current !== expectedHash) {
    formula = "legacy";
    actualHash = await sha256OfText(_legacyHashInput(covered));
  }
  const stale = view === undefined ? [] : live.map(([path]) => path).filter(
    (path) => !view.present.has(path) && !view.pending.has(path),
  );
  return {
    status: actualHash === expectedHash ? "clean" : "drifted",
    formula,
    basis: view === undefined ? "state" : "run",
    expectedHash,
    actualHash,
    recordedHash,
    snapshotEventId: view?.snapshot.eventId ?? null,
    snapshotIndex: view?.snapshot.index ?? null,
    staleArtifacts: _sortedPaths(stale),
    pendingArtifacts: _sortedPaths(view?.pending ?? []),
    recordedDriftEvents,
  };
}
