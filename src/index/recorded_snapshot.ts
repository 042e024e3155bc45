// What `reconcile` compares a folder with (docs/indexer.md, "Reconcile"): the
// snapshot the CLI recorded in `snapshot-latest.json`, loaded with its rules
// (legacy files that name the mission `feature_slug` fail), or the latest
// snapshot run of an event stream.

import { CONTRACT_3_0_0 } from "../contract/contract_3_0_0.ts";
import type { Event3_0_0 as Event } from "../envelope/event_envelope.ts";
import { producerViewOf } from "../replay/index_runs.ts";
import { replayDossier } from "../replay/reduce_mission_dossier.ts";
import type { MissionSource } from "./mission_source.ts";

/** A recorded snapshot as `reconcile` reads it: the artifacts it holds present, with their hashes. */
export interface RecordedSnapshot {
  /** The mission's slug it names. */
  readonly missionSlug: string;
  /** The present artifacts with a non-empty hash, `[path, content hash]`, in recorded order. */
  readonly artifacts: readonly (readonly [path: string, hash: string])[];
  /** The hash it was recorded with, as written (`reconcile` does not use it: it rehashes `artifacts`); `null` when none. */
  readonly recordedHash: string | null;
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the text of a `snapshot-latest.json` with the CLI's rules: a JSON
 * object whose `mission_slug` is a string (a legacy file naming it
 * `feature_slug` fails, as in the CLI), whose `artifact_summaries` (if any)
 * is a list of objects each with a string `relative_path`, a boolean
 * `is_present` and a string or null `content_hash_sha256`. Other fields are
 * not read.
 *
 * @param text The file's text.
 * @returns The recorded snapshot.
 * @throws {SyntaxError} When the text is not JSON.
 * @throws {TypeError} When a field is missing or of the wrong type; the message names it.
 *
 * @example A legacy snapshot names the mission feature_slug and fails
 * ```ts
 * import { parseRecordedSnapshot } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const recorded = parseRecordedSnapshot(JSON.stringify({
 *   mission_slug: "001-demo",
 *   parity_hash_sha256: "sha256:ab",
 *   artifact_summaries: [
 *     { relative_path: "spec.md", is_present: true, content_hash_sha256: "cbc8" },
 *     { relative_path: "plan.md", is_present: false, content_hash_sha256: "" },
 *   ],
 * }));
 * assert.deepEqual(recorded.artifacts, [["spec.md", "cbc8"]]);
 * assert.throws(() => parseRecordedSnapshot('{"feature_slug": "014-x"}'), /feature_slug/);
 * ```
 */
export function parseRecordedSnapshot(text: string): RecordedSnapshot {
  const value: unknown = JSON.parse(text);
  if (!_isObject(value)) {
    throw new TypeError(
      `Cannot read the recorded snapshot: it must be a JSON object: received ${
        Array.isArray(value) ? "an array" : JSON.stringify(value)
      }`,
    );
  }
  if (typeof value.mission_slug !== "string") {
    throw new TypeError(
      `Cannot read the recorded snapshot: field "mission_slug" is required (a string): received ${
        JSON.stringify(value.mission_slug ?? null)
      }${
        "feature_slug" in value
          ? ` (a legacy snapshot, which names the mission "feature_slug")`
          : ""
      }`,
    );
  }
  const summaries = value.artifact_summaries ?? [];
  if (!Array.isArray(summaries)) {
    throw new TypeError(
      `Cannot read the recorded snapshot: field "artifact_summaries" must be a list: received ${
        JSON.stringify(summaries)
      }`,
    );
  }
  const artifacts: [string, string][] = [];
  for (const [index, summary] of summaries.entries()) {
    const field = `artifact_summaries[${index}]`;
    if (!_isObject(summary)) {
      throw new TypeError(
        `Cannot read the recorded snapshot: field "${field}" must be an object: received ${
          JSON.stringify(summary)
        }`,
      );
    }
    const { relative_path: path, is_present: present } = summary;
    const hash = summary.content_hash_sha256 ?? null;
    if (typeof path !== "string") {
      throw new TypeError(
        `Cannot read the recorded snapshot: field "${field}.relative_path" must be a string: received ${
          JSON.stringify(path ?? null)
        }`,
      );
    }
    if (typeof present !== "boolean") {
      throw new TypeError(
        `Cannot read the recorded snapshot: field "${field}.is_present" must be a boolean: received ${
          JSON.stringify(present ?? null)
        }`,
      );
    }
    if (hash !== null && typeof hash !== "string") {
      throw new TypeError(
        `Cannot read the recorded snapshot: field "${field}.content_hash_sha256" must be a string or null: received ${
          JSON.stringify(hash)
        }`,
      );
    }
    if (present && hash) artifacts.push([path, hash]);
  }
  const recordedHash = value.parity_hash_sha256;
  return {
    missionSlug: value.mission_slug,
    artifacts,
    recordedHash: typeof recordedHash === "string" ? recordedHash : null,
  };
}

/** Where the CLI records a mission's latest snapshot, relative to the mission folder. */
export function snapshotFilePath(missionSlug: string): string {
  return `.kittify/dossiers/${missionSlug}/snapshot-latest.json`;
}

/**
 * Reads a mission's recorded snapshot where the CLI writes it
 * (`.kittify/dossiers/<slug>/snapshot-latest.json` inside the mission
 * folder), with the rules of {@linkcode parseRecordedSnapshot}.
 *
 * @param source The mission folder.
 * @param missionSlug The mission's slug.
 * @returns The recorded snapshot, or `null` when the file is absent.
 * @throws {SyntaxError} When the file is not UTF-8 JSON.
 * @throws {TypeError} When a field is missing or of the wrong type.
 *
 * @example No recorded snapshot
 * ```ts
 * import { missionFromFiles, readRecordedSnapshot } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * assert.equal(await readRecordedSnapshot(missionFromFiles({ "spec.md": "s\n" }), "m"), null);
 * ```
 */
export async function readRecordedSnapshot(
  source: MissionSource,
  missionSlug: string,
): Promise<RecordedSnapshot | null> {
  const path = snapshotFilePath(missionSlug);
  let bytes: Uint8Array;
  try {
    bytes = await source.read(path);
  } catch {
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SyntaxError(`Cannot read ${path}: it is not valid UTF-8`);
  }
  return parseRecordedSnapshot(text);
}

/**
 * The latest snapshot run of a contract 3.0.0 event stream, as a recorded
 * snapshot: the artifacts that run indexed present (the producer's view of
 * docs/contract.md, "Parity as the producer sees it"). The events must be of one namespace (see
 * `partitionByNamespace` of `./v3`).
 *
 * @param events Parsed contract 3.0.0 events (`parseEventStream` of `./v3`).
 * @returns The latest run's snapshot, or `null` when the stream has no snapshot.
 * @throws {NamespaceMixedStreamError} When the events belong to more than one namespace.
 *
 * @example The latest run of what the indexer emitted
 * ```ts
 * import { eventsToJsonl, indexMission, missionFromFiles, recordedSnapshotFromEvents } from "@spec-kitty/dossier/indexer";
 * import { parseEventStream } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const { events } = await indexMission(missionFromFiles({ "spec.md": "s\n" }, { name: "m" }), {
 *   projectUuid: "11111111-2222-4333-8444-555555555555",
 * });
 * const recorded = recordedSnapshotFromEvents(parseEventStream(eventsToJsonl(events)));
 * assert.equal(recorded?.missionSlug, "m");
 * assert.deepEqual(recorded?.artifacts.map(([path]) => path), ["spec.md"]);
 * ```
 */
export function recordedSnapshotFromEvents(
  events: Iterable<Event>,
): RecordedSnapshot | null {
  const state = replayDossier(CONTRACT_3_0_0, events, null);
  const view = producerViewOf(state);
  if (view === undefined) return null;
  const namespace = state.namespace as Record<string, unknown> | null;
  const snapshot = state.latest_snapshot as Record<string, unknown> | null;
  return {
    missionSlug: String(namespace?.mission_slug ?? ""),
    artifacts: [...view.present],
    recordedHash: typeof snapshot?.snapshot_hash === "string"
      ? snapshot.snapshot_hash
      : null,
  };
}
