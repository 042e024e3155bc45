// The events of an index run (docs/indexer.md, "The rules, in order", rule 9):
// one ArtifactIndexed per present record, one ArtifactMissing per required
// record that is not present, one SnapshotComputed; payloads in the contract's
// field order without null members, envelopes as the CLI's journal stores them
// (keys sorted) except for a real `build_id`.

import {
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
} from "../contract/constants.ts";
import type { ArtifactRecord } from "./hash_artifact.ts";
import { journalJson } from "./journal_json.ts";
import type { MissionSnapshot } from "./mission_snapshot.ts";

/** The namespace of every payload (docs/indexer.md, "The namespace"), in the contract's field order; `step_id` is never set. */
export interface IndexedNamespace {
  /** `project.uuid` of `.kittify/config.yaml`. */
  readonly project_uuid: string;
  /** The mission's slug (its folder's name). */
  readonly mission_slug: string;
  /** `meta.json`'s `target_branch`, or the fallback. */
  readonly target_branch: string;
  /** `meta.json`'s `mission_type`, or `software-dev`. */
  readonly mission_type: string;
  /** The built-in manifest's version for the type (`"1"`). */
  readonly manifest_version: string;
}

/** A contract 3.0.0 event as the indexer emits it: the envelope the CLI writes, with a real `build_id`. */
export interface IndexedEvent {
  /** `<mission_slug>:<path>`, or `<mission_slug>:<snapshot_id>` for the snapshot. */
  readonly aggregate_id: string;
  /** Always `"MissionDossier"`. */
  readonly aggregate_type: "MissionDossier";
  /** The producer's build: the package and its version, or the caller's. */
  readonly build_id: string;
  /** Always `null`. */
  readonly causation_id: null;
  /** Equal to `event_id`. */
  readonly correlation_id: string;
  /** Always `null`. */
  readonly drain_blocked_reason: null;
  /** A ULID. */
  readonly event_id: string;
  /** One of the three dossier event types the indexer emits. */
  readonly event_type:
    | "MissionDossierArtifactIndexed"
    | "MissionDossierArtifactMissing"
    | "MissionDossierSnapshotComputed";
  /** Always `null`. */
  readonly git_branch: null;
  /** Always `null`. */
  readonly head_commit_sha: null;
  /** One more than the previous event's. */
  readonly lamport_clock: number;
  /** The emitting node. */
  readonly node_id: string;
  /** The payload, in the contract's field order. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Always `null`. */
  readonly project_slug: null;
  /** The namespace's project uuid. */
  readonly project_uuid: string;
  /** Always `null`. */
  readonly repo_slug: null;
  /** Always `"3.0.0"`. */
  readonly schema_version: "3.0.0";
  /** Always `null`. */
  readonly team_slug: null;
  /** Emission time, Python `isoformat()` (`…T…+00:00`). */
  readonly timestamp: string;
}

/** The run-dependent values of the events. */
export interface EventRun {
  readonly namespace: IndexedNamespace;
  readonly buildId: string;
  readonly nodeId: string;
  readonly firstLamportClock: number;
  /** The time of a reading, as Python's `isoformat()` of an aware UTC datetime. */
  readonly now: () => string;
  readonly eventId: () => string;
}

/** A time as Python's `datetime.isoformat()` (aware, UTC) writes it: microseconds, omitted when zero. */
export function isoTime(date: Date): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const millis = date.getUTCMilliseconds();
  const seconds = iso.slice(0, 19);
  return millis === 0
    ? `${seconds}+00:00`
    : `${seconds}.${String(millis).padStart(3, "0")}000+00:00`;
}

/** Python's `str(datetime)`: the ISO form with a space in place of the `T`. */
export function pythonDateText(iso: string): string {
  return iso.replace("T", " ");
}

const _CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A new ULID: 48 bits of milliseconds and 80 random bits, Crockford base 32. */
export function newUlid(milliseconds: number): string {
  let text = "";
  let time = milliseconds;
  for (let index = 0; index < 10; index++) {
    text = _CROCKFORD[time % 32] + text;
    time = Math.floor(time / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  for (let index = 0; index < 16; index++) {
    text += _CROCKFORD[random[index] % 32];
  }
  return text;
}

/** Builds the events of an index run in record order, then the snapshot event. */
export function buildEvents(
  run: EventRun,
  records: readonly ArtifactRecord[],
  snapshot: MissionSnapshot | null,
): { events: IndexedEvent[]; indexedAt: string[]; computedAt: string } {
  const { namespace } = run;
  const events: IndexedEvent[] = [];
  const indexedAt: string[] = [];
  let clock = run.firstLamportClock;
  const envelope = (
    type: IndexedEvent["event_type"],
    aggregateId: string,
    payload: Record<string, unknown>,
  ): IndexedEvent => {
    const id = run.eventId();
    return {
      aggregate_id: aggregateId,
      aggregate_type: "MissionDossier",
      build_id: run.buildId,
      causation_id: null,
      correlation_id: id,
      drain_blocked_reason: null,
      event_id: id,
      event_type: type,
      git_branch: null,
      head_commit_sha: null,
      lamport_clock: clock++,
      node_id: run.nodeId,
      payload,
      project_slug: null,
      project_uuid: namespace.project_uuid,
      repo_slug: null,
      schema_version: "3.0.0",
      team_slug: null,
      timestamp: run.now(),
    };
  };
  for (const record of records) {
    const at = run.now();
    indexedAt.push(at);
    const identity = {
      mission_type: namespace.mission_type,
      path: record.relative_path,
      artifact_class: record.artifact_class,
    };
    const aggregateId = `${namespace.mission_slug}:${record.relative_path}`;
    if (record.is_present) {
      events.push(envelope(MISSION_DOSSIER_ARTIFACT_INDEXED, aggregateId, {
        namespace: { ...namespace },
        artifact_id: identity,
        content_ref: {
          hash: record.content_hash,
          algorithm: "sha256",
          size_bytes: record.size_bytes,
        },
        indexed_at: at,
        context_diagnostics: {
          artifact_key: record.artifact_key,
          required_status: record.required_status,
        },
      }));
    } else if (record.required_status === "required") {
      events.push(envelope(MISSION_DOSSIER_ARTIFACT_MISSING, aggregateId, {
        namespace: { ...namespace },
        expected_identity: identity,
        manifest_step: "default",
        checked_at: at,
        context_diagnostics: {
          artifact_key: record.artifact_key,
          reason_code: record.error_reason ?? "not_found",
        },
      }));
    }
  }
  const computedAt = run.now();
  if (snapshot === null) return { events, indexedAt, computedAt };
  events.push(envelope(
    MISSION_DOSSIER_SNAPSHOT_COMPUTED,
    `${namespace.mission_slug}:${snapshot.snapshot_id}`,
    {
      namespace: { ...namespace },
      snapshot_hash: snapshot.snapshot_hash,
      artifact_count: snapshot.total_artifacts,
      anomaly_count: snapshot.required_missing,
      computed_at: computedAt,
      algorithm: "sha256",
      context_diagnostics: {
        snapshot_id: snapshot.snapshot_id,
        completeness_status: snapshot.completeness_status,
        required_artifacts: String(snapshot.required_artifacts),
        required_present: String(snapshot.required_present),
        optional_artifacts: String(snapshot.optional_artifacts),
        optional_present: String(snapshot.optional_present),
      },
    },
  ));
  return { events, indexedAt, computedAt };
}

/**
 * Writes events as the CLI's journal stores them: one JSON object per
 * line, keys sorted at every level, no spaces, non-ASCII escaped
 * (`json.dumps(sort_keys=True, separators=(",", ":"))`), each line ending
 * with `\n`. The result appends to a JSONL journal and parses with
 * `parseEventStream` of `./v3`.
 *
 * @param events The events `indexMission` returns.
 * @returns The JSONL text (empty for no events).
 *
 * @example One line per event, keys sorted
 * ```ts
 * import { eventsToJsonl, indexMission, missionFromFiles } from "@spec-kitty/dossier/indexer";
 * import { parseEventStream } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const { events } = await indexMission(missionFromFiles({ "spec.md": "s\n" }, { name: "m" }), {
 *   projectUuid: "11111111-2222-4333-8444-555555555555",
 * });
 * const jsonl = eventsToJsonl(events);
 * assert.equal(jsonl.split("\n").length, 3);
 * assert.match(jsonl, /^\{"aggregate_id":"m:spec.md","aggregate_type":"MissionDossier","build_id":"@spec-kitty/);
 * assert.equal(parseEventStream(jsonl).length, 2);
 * ```
 */
export function eventsToJsonl(events: readonly IndexedEvent[]): string {
  return events.map((event) => `${journalJson(event)}\n`).join("");
}
