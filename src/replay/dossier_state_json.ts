import * as v from "valibot";
import type {
  ArtifactIdentity,
  ContentHashRef,
  LocalNamespaceTuple,
  ProvenanceRef,
} from "../contract/dossier_contract.ts";
import {
  type AnomalyEntry,
  type ArtifactEntry,
  type DriftRecord,
  type MissionDossierState,
  MissionDossierStateSchema,
  type SnapshotSummary,
} from "./dossier_state.ts";
import { _errorFor, _toFieldIssues } from "../contract/_field_issue.ts";

// Every object is written field by field in contract order, so the bytes do
// not depend on how a state object was built.
const _json = JSON.stringify;

function _nullable<T>(value: T | null, write: (value: T) => string): string {
  return value === null || value === undefined ? "null" : write(value);
}

function _text(value: string | null): string {
  return _nullable(value, _json);
}

function _namespace(n: LocalNamespaceTuple): string {
  return `{"project_uuid":${_json(n.project_uuid)},"feature_slug":${
    _json(n.feature_slug)
  },"target_branch":${_json(n.target_branch)},"mission_key":${
    _json(n.mission_key)
  },"manifest_version":${_json(n.manifest_version)},"step_id":${
    _text(n.step_id)
  }}`;
}

function _identity(i: ArtifactIdentity): string {
  return `{"mission_key":${_json(i.mission_key)},"path":${
    _json(i.path)
  },"artifact_class":${_json(i.artifact_class)},"run_id":${
    _text(i.run_id)
  },"wp_id":${_text(i.wp_id)}}`;
}

function _contentRef(c: ContentHashRef): string {
  return `{"hash":${_json(c.hash)},"algorithm":${
    _json(c.algorithm)
  },"size_bytes":${_nullable(c.size_bytes, _json)},"encoding":${
    _text(c.encoding)
  }}`;
}

function _provenance(p: ProvenanceRef): string {
  const ids = _nullable(
    p.source_event_ids,
    (list) => `[${list.map((id) => _json(id)).join(",")}]`,
  );
  return `{"source_event_ids":${ids},"git_sha":${_text(p.git_sha)},"git_ref":${
    _text(p.git_ref)
  },"actor_id":${_text(p.actor_id)},"actor_kind":${
    _text(p.actor_kind)
  },"revised_at":${_text(p.revised_at)}}`;
}

function _artifact(entry: ArtifactEntry): string {
  return `{"identity":${_identity(entry.identity)},"content_ref":${
    _contentRef(entry.content_ref)
  },"indexed_at":${_json(entry.indexed_at)},"provenance":${
    _nullable(entry.provenance, _provenance)
  },"superseded":${entry.superseded},"step_id":${_text(entry.step_id)}}`;
}

/**
 * Writes a dossier state as canonical JSON: byte for byte what the
 * reference's `state.model_dump_json()` prints. Keys in contract order,
 * `null` for absent optionals, no spaces, non-ASCII written as itself,
 * `artifacts` in insertion order (integer-like paths included).
 *
 * @param state A reduced state.
 * @returns Compact JSON text.
 *
 * @example
 * ```ts
 * import { emptyDossierState, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   serializeDossierState(emptyDossierState()),
 *   '{"namespace":null,"artifacts":{},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}',
 * );
 * ```
 */
export function serializeDossierState(state: MissionDossierState): string {
  return [..._dossierStateJsonChunks(state)].join("");
}

function _anomaly(a: AnomalyEntry): string {
  return `{"anomaly_type":${_json(a.anomaly_type)},"expected_identity":${
    _identity(a.expected_identity)
  },"manifest_step":${_json(a.manifest_step)},"checked_at":${
    _json(a.checked_at)
  },"remediation_hint":${_text(a.remediation_hint)}}`;
}

function _snapshot(s: SnapshotSummary): string {
  return `{"snapshot_hash":${_json(s.snapshot_hash)},"artifact_count":${
    _json(s.artifact_count)
  },"anomaly_count":${_json(s.anomaly_count)},"computed_at":${
    _json(s.computed_at)
  },"algorithm":${_json(s.algorithm)}}`;
}

function _drift(d: DriftRecord): string {
  return `{"expected_hash":${_json(d.expected_hash)},"actual_hash":${
    _json(d.actual_hash)
  },"drift_kind":${_json(d.drift_kind)},"detected_at":${_json(d.detected_at)}}`;
}

/**
 * The canonical JSON of a state in pieces, one per entry, so that a large
 * state can be written out without building one string of it all (the CLI
 * does this for a log of a million events).
 */
export function* _dossierStateJsonChunks(
  state: MissionDossierState,
): Generator<string> {
  yield `{"namespace":${_nullable(state.namespace, _namespace)},"artifacts":{`;
  let first = true;
  for (const [path, entry] of state.artifacts) {
    yield `${first ? "" : ","}${_json(path)}:${_artifact(entry)}`;
    first = false;
  }
  yield `},"anomalies":[`;
  for (let index = 0; index < state.anomalies.length; index++) {
    yield `${index === 0 ? "" : ","}${_anomaly(state.anomalies[index])}`;
  }
  yield `],"latest_snapshot":${
    _nullable(state.latest_snapshot, _snapshot)
  },"drift_history":[`;
  for (let index = 0; index < state.drift_history.length; index++) {
    yield `${index === 0 ? "" : ","}${_drift(state.drift_history[index])}`;
  }
  yield `],"parity_status":${_json(state.parity_status)},"event_count":${
    _json(state.event_count)
  }}`;
}

/**
 * Returns the keys of the top-level `artifacts` object in the order they are
 * written (`JSON.parse` moves integer-like keys first). The text is known to
 * be valid JSON; a duplicated key keeps its first place, as with `JSON.parse`.
 */
function _artifactKeyOrder(json: string): string[] {
  let keys: string[] = [];
  let depth = 0;
  let inArtifacts = false;
  let index = 0;
  while (index < json.length) {
    const char = json[index];
    if (char === '"') {
      let end = index + 1;
      while (json[end] !== '"') end += json[end] === "\\" ? 2 : 1;
      let after = end + 1;
      while (" \t\r\n".includes(json[after])) after++;
      if (json[after] === ":") {
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        if (depth === 1) {
          inArtifacts = key === "artifacts";
          if (inArtifacts) keys = [];
        } else if (depth === 2 && inArtifacts) keys.push(key);
      }
      index = end + 1;
      continue;
    }
    if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 1) inArtifacts = false;
    }
    index++;
  }
  return [...new Set(keys)];
}

/**
 * Reads a dossier state back from its canonical JSON, validating the whole
 * document and keeping `artifacts` in the order written, so that
 * `serializeDossierState(parseDossierState(json)) === json`.
 *
 * @param json Text written by {@linkcode serializeDossierState} (or the reference).
 * @returns The state.
 * @throws {SyntaxError} When the text is not JSON.
 * @throws {TypeError} When the document does not have the state's shape; the
 * message names the field, what was expected and the value received.
 * @throws {RangeError} When a number is out of bounds.
 *
 * @example Round trip keeps integer-like paths in place
 * ```ts
 * import { emptyDossierState, parseDossierState, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const json = serializeDossierState(emptyDossierState());
 * assert.equal(serializeDossierState(parseDossierState(json)), json);
 * assert.throws(() => parseDossierState('{"namespace":1}'), TypeError);
 * ```
 */
export function parseDossierState(json: string): MissionDossierState {
  if (typeof json !== "string") {
    throw new TypeError(
      `Cannot parse dossier state: the input must be JSON text: received ${typeof json}`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new SyntaxError(
      `Cannot parse dossier state: the text is not JSON (${
        (error as Error).message
      })`,
    );
  }
  const result = v.safeParse(MissionDossierStateSchema, document);
  if (!result.success) {
    throw _errorFor(
      "Cannot parse dossier state",
      _toFieldIssues(result.issues),
    );
  }
  const parsed = result.output;
  const artifacts = new Map<string, ArtifactEntry>();
  for (const path of _artifactKeyOrder(json)) {
    artifacts.set(
      path,
      Object.getOwnPropertyDescriptor(parsed.artifacts, path)?.value,
    );
  }
  return { ...parsed, artifacts };
}
