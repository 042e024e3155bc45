// `spec-kitty reconcile` (docs/indexer.md, "Reconcile"): index the folder again
// (mission type fixed at software-dev, as the CLI does, no lint staging), hash
// its present artifacts and the recorded ones with the snapshot formula, and
// list per path what differs.

import { parityHashOfPairs } from "../replay/parity_hash_text.ts";
import { compareCodePoints } from "../replay/event_order.ts";
import { indexRecords, manifestFor, missionSlugOf } from "./index_records.ts";
import { hashedPairs } from "./mission_snapshot.ts";
import type { MissionSource } from "./mission_source.ts";
import { orgPackSources, readProjectConfig } from "./project_config.ts";
import {
  readRecordedSnapshot,
  type RecordedSnapshot,
} from "./recorded_snapshot.ts";

/** One artifact that differs between the folder and the recorded snapshot, in the CLI's field names. */
export interface ReconcileDifference {
  /** The artifact's path, relative to the mission folder. */
  readonly artifact_path: string;
  /** `missing_in_projection`: only in the folder; `missing_in_source`: only in the record; `content_mismatch`: both, different hashes. */
  readonly kind:
    | "missing_in_projection"
    | "missing_in_source"
    | "content_mismatch";
  /** Its hash in the folder; `null` when not there. */
  readonly source_hash: string | null;
  /** Its recorded hash; `null` when not recorded. */
  readonly recorded_hash: string | null;
}

/** The verdict of {@linkcode reconcileMission}, in the CLI's `--json` field names and order. */
export interface ReconcileResult {
  /** The mission's slug. */
  readonly mission: string;
  /** `parity` (exit 0), `divergence` (exit 1) or `error` (exit 2). */
  readonly status: "parity" | "divergence" | "error";
  /** The folder's hash (docs/contract.md, "Parity hash and drift"); `null` on an error before hashing. */
  readonly rebuilt_hash: string | null;
  /** The recorded artifacts' hash by the same formula (not the recorded `parity_hash_sha256`); `null` on an error before hashing. */
  readonly recorded_hash: string | null;
  /** What differs, sorted by path (code point order); empty unless `divergence`. */
  readonly differing_artifacts: readonly ReconcileDifference[];
  /** The error, in the CLI's words; `null` unless `error`. */
  readonly error: string | null;
}

/** Options of {@linkcode reconcileMission}. */
export interface ReconcileMissionOptions {
  /** The mission's slug; default: the source's name. */
  readonly missionSlug?: string;
  /** The project root, for its org packs. */
  readonly project?: MissionSource;
  /** The org packs' roots; overrides the project's `.kittify/config.yaml`. */
  readonly orgPacks?: readonly MissionSource[];
  /**
   * The mission type whose manifest classifies the files. Default
   * `"software-dev"` whatever `meta.json` says: the CLI's reconcile does
   * so (a quirk kept for parity: keys and required status of a research
   * mission differ, hashes do not).
   */
  readonly missionType?: string;
}

function _error(mission: string, error: string): ReconcileResult {
  return {
    mission,
    status: "error",
    rebuilt_hash: null,
    recorded_hash: null,
    differing_artifacts: [],
    error,
  };
}

function _duplicate(
  pairs: readonly (readonly [string, string])[],
): string | null {
  const seen = new Set<string>();
  for (const [path] of pairs) {
    if (seen.has(path)) return path;
    seen.add(path);
  }
  return null;
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Judges a mission folder against its recorded snapshot as `spec-kitty
 * reconcile` does: indexes the folder again (mission type `software-dev` unless
 * told otherwise, as the CLI; no lint staging), hashes its present artifacts
 * and the recorded ones with the snapshot formula (docs/contract.md, "Parity
 * hash and drift"), and when the hashes differ lists each differing path with
 * its kind. Never throws for what the CLI reports as an error: the result says
 * `error`, in the CLI's words.
 *
 * @param source The mission folder.
 * @param recorded The recorded snapshot (from `parseRecordedSnapshot` or
 * `recordedSnapshotFromEvents`); when omitted, the folder's own
 * `.kittify/dossiers/<slug>/snapshot-latest.json`, read with the CLI's rules.
 * @param options The slug, the project (org packs) and the mission type.
 * @returns The verdict, in the CLI's `--json` field names.
 * @throws {TypeError} When the mission has no slug.
 *
 * @example A folder that changed since its snapshot diverges
 * ```ts
 * import { indexMission, missionFromFiles, parseRecordedSnapshot, reconcileMission } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const before = missionFromFiles({ "spec.md": "s\n" }, { name: "m" });
 * const { snapshotFile } = await indexMission(before, { projectUuid: "11111111-2222-4333-8444-555555555555" });
 * const recorded = parseRecordedSnapshot(snapshotFile!);
 * assert.equal((await reconcileMission(before, recorded)).status, "parity");
 *
 * const after = missionFromFiles({ "spec.md": "s2\n", "plan.md": "p\n" }, { name: "m" });
 * const result = await reconcileMission(after, recorded);
 * assert.equal(result.status, "divergence");
 * assert.deepEqual(result.differing_artifacts.map((d) => [d.artifact_path, d.kind]), [
 *   ["plan.md", "missing_in_projection"], ["spec.md", "content_mismatch"],
 * ]);
 * ```
 */
export async function reconcileMission(
  source: MissionSource,
  recorded?: RecordedSnapshot,
  options: ReconcileMissionOptions = {},
): Promise<ReconcileResult> {
  const mission = missionSlugOf(source, options.missionSlug);
  let snapshot = recorded ?? null;
  if (recorded === undefined) {
    try {
      snapshot = await readRecordedSnapshot(source, mission);
    } catch (error) {
      return _error(
        mission,
        `could not load recorded snapshot for ${mission}: ${_message(error)}`,
      );
    }
  }
  if (snapshot === null) {
    return _error(
      mission,
      `no recorded snapshot to reconcile against for ${mission}`,
    );
  }
  let pairs: [string, string][];
  try {
    const project = options.project;
    const orgPacks = options.orgPacks ??
      (project === undefined ? [] : orgPackSources(
        project,
        (await readProjectConfig(project)).orgPackRoots,
      ));
    const { manifest } = await manifestFor(
      mission,
      options.missionType ?? "software-dev",
      orgPacks,
    );
    pairs = hashedPairs(
      await indexRecords(source, mission, manifest, { action: "none" }),
    );
  } catch (error) {
    return _error(
      mission,
      `could not rebuild dossier from source for ${mission}: ${
        _message(error)
      }`,
    );
  }
  const duplicate = _duplicate(snapshot.artifacts);
  if (duplicate !== null) {
    return _error(
      mission,
      `duplicate artifact path in the recorded snapshot of ${mission}: ${duplicate}`,
    );
  }
  const rebuilt = await parityHashOfPairs(pairs);
  const recordedHash = await parityHashOfPairs(
    snapshot.artifacts.map(([path, hash]) => [path, hash]),
  );
  if (rebuilt === recordedHash) {
    return {
      mission,
      status: "parity",
      rebuilt_hash: rebuilt,
      recorded_hash: recordedHash,
      differing_artifacts: [],
      error: null,
    };
  }
  const inSource = new Map(pairs);
  const inRecord = new Map(snapshot.artifacts);
  const paths = [...new Set([...inSource.keys(), ...inRecord.keys()])].sort(
    compareCodePoints,
  );
  const differing: ReconcileDifference[] = [];
  for (const path of paths) {
    const sourceHash = inSource.get(path) ?? null;
    const recordHash = inRecord.get(path) ?? null;
    if (sourceHash === recordHash) continue;
    differing.push({
      artifact_path: path,
      kind: recordHash === null
        ? "missing_in_projection"
        : sourceHash === null
        ? "missing_in_source"
        : "content_mismatch",
      source_hash: sourceHash,
      recorded_hash: recordHash,
    });
  }
  return {
    mission,
    status: "divergence",
    rebuilt_hash: rebuilt,
    recorded_hash: recordedHash,
    differing_artifacts: differing,
    error: null,
  };
}

/**
 * The human form of a verdict, as `spec-kitty reconcile` prints it:
 * `PARITY <slug> — dossier matches the recorded snapshot`,
 * `DIVERGENCE <slug> — N artifact(s) differ:` and one `  • <path> (<kind>)`
 * line per difference, or `ERROR <slug> — <error>`; each line ends with `\n`.
 *
 * @param result A verdict of {@linkcode reconcileMission}.
 * @returns The text to print.
 *
 * @example The divergence lines
 * ```ts
 * import { formatReconcileResult } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const text = formatReconcileResult({
 *   mission: "m", status: "divergence", rebuilt_hash: "sha256:a", recorded_hash: "sha256:b", error: null,
 *   differing_artifacts: [{ artifact_path: "spec.md", kind: "content_mismatch", source_hash: "a", recorded_hash: "b" }],
 * });
 * assert.equal(text, "DIVERGENCE m — 1 artifact(s) differ:\n  • spec.md (content_mismatch)\n");
 * ```
 */
export function formatReconcileResult(result: ReconcileResult): string {
  if (result.status === "parity") {
    return `PARITY ${result.mission} — dossier matches the recorded snapshot\n`;
  }
  if (result.status === "error") {
    return `ERROR ${result.mission} — ${result.error}\n`;
  }
  return `DIVERGENCE ${result.mission} — ${result.differing_artifacts.length} artifact(s) differ:\n${
    result.differing_artifacts.map((difference) =>
      `  • ${difference.artifact_path} (${difference.kind})\n`
    ).join("")
  }`;
}
