// Peer: the checks written by hand, as a careful programmer would write them
// for this contract: typeof and length tests, the rules' regular
// expressions, object literals of the declared fields for outputs.
import {
  ACTOR_KINDS,
  ARTIFACT_CLASSES,
  DRIFT_KINDS,
  EVENT_ID,
  HASH_ALGORITHMS,
  MAX_SAFE_INTEGER,
  PROJECT_UUID,
  SCHEMA_VERSION,
  TIMESTAMP,
} from "./_rules.ts";
import { type Peer, type PeerEnvelope, peerPipeline } from "./_fold.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const FAIL = Symbol("fail");

function isObject(value: unknown): value is Record<string, Any> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function text(value: unknown): string {
  if (typeof value !== "string" || !value.isWellFormed()) throw FAIL;
  return value;
}
function nonEmpty(value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw FAIL;
  if (!value.isWellFormed()) throw FAIL;
  return value;
}
function nullableText(value: unknown): string | null {
  return value == null ? null : text(value);
}
function integer(value: unknown, max = MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw FAIL;
  if ((value as number) > max) throw FAIL;
  return value as number;
}
function oneOf<T extends string>(options: readonly T[], value: unknown): T {
  if (!options.includes(value as T)) throw FAIL;
  return value as T;
}
function eventId(value: unknown): string {
  if (typeof value !== "string" || !EVENT_ID.test(value)) throw FAIL;
  return value;
}

function envelope(value: unknown): PeerEnvelope | null {
  try {
    if (!isObject(value)) return null;
    const timestamp = value.timestamp;
    if (typeof timestamp === "string") {
      if (!TIMESTAMP.test(timestamp)) return null;
    } else if (typeof timestamp !== "number") return null;
    const payload = value.payload ?? {};
    if (!isObject(payload)) return null;
    const uuid = value.project_uuid;
    if (typeof uuid !== "string" || !PROJECT_UUID.test(uuid)) return null;
    const version = value.schema_version ?? "1.0.0";
    if (typeof version !== "string" || !SCHEMA_VERSION.test(version)) {
      return null;
    }
    return {
      event_id: eventId(value.event_id),
      event_type: nonEmpty(value.event_type),
      aggregate_id: nonEmpty(value.aggregate_id),
      payload,
      timestamp,
      node_id: nonEmpty(value.node_id),
      lamport_clock: integer(value.lamport_clock),
      causation_id: value.causation_id == null
        ? null
        : eventId(value.causation_id),
      project_uuid: uuid,
      project_slug: nullableText(value.project_slug),
      correlation_id: eventId(value.correlation_id),
      schema_version: version,
      data_tier: integer(value.data_tier ?? 0, 4),
    } as PeerEnvelope;
  } catch {
    return null;
  }
}

function namespace(value: unknown) {
  if (!isObject(value)) throw FAIL;
  return {
    project_uuid: nonEmpty(value.project_uuid),
    feature_slug: nonEmpty(value.feature_slug),
    target_branch: nonEmpty(value.target_branch),
    mission_key: nonEmpty(value.mission_key),
    manifest_version: nonEmpty(value.manifest_version),
    step_id: nullableText(value.step_id),
  };
}
function identity(value: unknown) {
  if (!isObject(value)) throw FAIL;
  return {
    mission_key: nonEmpty(value.mission_key),
    path: nonEmpty(value.path),
    artifact_class: oneOf(ARTIFACT_CLASSES, value.artifact_class),
    run_id: nullableText(value.run_id),
    wp_id: nullableText(value.wp_id),
  };
}
function provenance(value: unknown) {
  if (!isObject(value)) throw FAIL;
  const ids = value.source_event_ids;
  if (ids != null && !Array.isArray(ids)) throw FAIL;
  return {
    source_event_ids: ids == null ? null : ids.map(text),
    git_sha: nullableText(value.git_sha),
    git_ref: nullableText(value.git_ref),
    actor_id: nullableText(value.actor_id),
    actor_kind: value.actor_kind == null
      ? null
      : oneOf(ACTOR_KINDS, value.actor_kind),
    revised_at: nullableText(value.revised_at),
  };
}
function diagnostics(value: unknown): Record<string, string> | null {
  if (value == null) return null;
  if (!isObject(value)) throw FAIL;
  const out: Record<string, string> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, text(key), {
      value: text(value[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function payload(eventType: string, value: unknown): Any {
  try {
    if (!isObject(value)) return null;
    switch (eventType) {
      case "MissionDossierArtifactIndexed": {
        const ref = value.content_ref;
        if (!isObject(ref)) return null;
        return {
          namespace: namespace(value.namespace),
          artifact_id: identity(value.artifact_id),
          content_ref: {
            hash: nonEmpty(ref.hash),
            algorithm: oneOf(HASH_ALGORITHMS, ref.algorithm),
            size_bytes: ref.size_bytes == null ? null : integer(ref.size_bytes),
            encoding: nullableText(ref.encoding),
          },
          indexed_at: text(value.indexed_at),
          provenance: value.provenance == null
            ? null
            : provenance(value.provenance),
          step_id: nullableText(value.step_id),
          supersedes: value.supersedes == null
            ? null
            : identity(value.supersedes),
          context_diagnostics: diagnostics(value.context_diagnostics),
        };
      }
      case "MissionDossierArtifactMissing":
        return {
          namespace: namespace(value.namespace),
          expected_identity: identity(value.expected_identity),
          manifest_step: nonEmpty(value.manifest_step),
          checked_at: text(value.checked_at),
          last_known_ref: value.last_known_ref == null
            ? null
            : provenance(value.last_known_ref),
          remediation_hint: nullableText(value.remediation_hint),
          context_diagnostics: diagnostics(value.context_diagnostics),
        };
      case "MissionDossierSnapshotComputed":
        return {
          namespace: namespace(value.namespace),
          snapshot_hash: nonEmpty(value.snapshot_hash),
          artifact_count: integer(value.artifact_count),
          anomaly_count: integer(value.anomaly_count),
          computed_at: text(value.computed_at),
          algorithm: value.algorithm == null
            ? null
            : oneOf(HASH_ALGORITHMS, value.algorithm),
          context_diagnostics: diagnostics(value.context_diagnostics),
        };
      default: {
        const changed = value.artifact_ids_changed;
        if (changed != null && !Array.isArray(changed)) return null;
        return {
          namespace: namespace(value.namespace),
          expected_hash: nonEmpty(value.expected_hash),
          actual_hash: nonEmpty(value.actual_hash),
          drift_kind: oneOf(DRIFT_KINDS, value.drift_kind),
          detected_at: text(value.detected_at),
          artifact_ids_changed: changed == null ? null : changed.map(identity),
          rebuild_hint: nullableText(value.rebuild_hint),
          context_diagnostics: diagnostics(value.context_diagnostics),
        };
      }
    }
  } catch {
    return null;
  }
}

export const handWritten: Peer = {
  name: "hand-written checks",
  what: "typeof, length and regular-expression checks, object-literal outputs",
  reduceLines: (lines) => peerPipeline(lines, envelope, payload),
};
