// Canonical JSON of a dossier state (docs/contract.md, "Canonical JSON"), for either contract: the
// namespace and the artifact identities are written with the contract's
// field names, everything else field by field in contract order, so the
// bytes do not depend on how a state object was built.
import * as v from "valibot";
import type {
  AnyIdentity,
  AnyNamespace,
  DossierContract,
} from "../contract/dossier_contract.ts";
import type {
  ContentHashRef,
  ProvenanceRef,
} from "../contract/value_objects.ts";
import type {
  AnomalyEntryOf,
  ArtifactEntryOf,
  DriftRecord,
  MissionDossierStateJsonOf,
  SnapshotSummary,
} from "../contract/dossier_state.ts";
import type { FoldState } from "./dossier_fold.ts";
import { errorForIssues, toFieldIssues } from "../contract/field_issue.ts";

const _json = JSON.stringify;

function _nullable<T>(value: T | null, write: (value: T) => string): string {
  return value === null || value === undefined ? "null" : write(value);
}

function _text(value: string | null): string {
  return _nullable(value, _json);
}

/**
 * A writer of objects whose fields are all strings or null (a namespace, an
 * artifact identity), in the order of `fields`.
 */
function _textFields(
  fields: readonly string[],
): (object: Readonly<Record<string, unknown>>) => string {
  const keys = fields.map((field, index) =>
    `${index === 0 ? "{" : ","}${_json(field)}:`
  );
  return (object) => {
    let out = "";
    for (let index = 0; index < fields.length; index++) {
      out += keys[index] + _text(object[fields[index]] as string | null);
    }
    return `${out}}`;
  };
}

/** The namespace and identity writers of each contract, made once. */
const _writers = new WeakMap<
  DossierContract,
  {
    readonly namespace: (n: AnyNamespace) => string;
    readonly identity: (i: AnyIdentity) => string;
  }
>();

function _writersOf(contract: DossierContract) {
  let writers = _writers.get(contract);
  if (writers === undefined) {
    const namespace = _textFields(contract.namespaceFields);
    const identity = _textFields(contract.identityFields);
    writers = {
      namespace,
      identity: (i: AnyIdentity) =>
        identity(i as unknown as Readonly<Record<string, unknown>>),
    };
    _writers.set(contract, writers);
  }
  return writers;
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

function _artifact(
  entry: ArtifactEntryOf<AnyIdentity>,
  identity: (i: AnyIdentity) => string,
): string {
  return `{"identity":${identity(entry.identity)},"content_ref":${
    _contentRef(entry.content_ref)
  },"indexed_at":${_json(entry.indexed_at)},"provenance":${
    _nullable(entry.provenance, _provenance)
  },"superseded":${entry.superseded},"step_id":${_text(entry.step_id)}}`;
}

/** Writes a state as canonical JSON (see `serializeDossierState`). */
export function serializeDossierStateFor(
  contract: DossierContract,
  state: FoldState,
): string {
  return [...dossierStateJsonChunks(contract, state)].join("");
}

function _anomaly(
  a: AnomalyEntryOf<AnyIdentity>,
  identity: (i: AnyIdentity) => string,
): string {
  return `{"anomaly_type":${_json(a.anomaly_type)},"expected_identity":${
    identity(a.expected_identity)
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
export function* dossierStateJsonChunks(
  contract: DossierContract,
  state: FoldState,
): Generator<string> {
  const { namespace, identity } = _writersOf(contract);
  yield `{"namespace":${_nullable(state.namespace, namespace)},"artifacts":{`;
  let first = true;
  for (const [path, entry] of state.artifacts) {
    yield `${first ? "" : ","}${_json(path)}:${_artifact(entry, identity)}`;
    first = false;
  }
  yield `},"anomalies":[`;
  for (let index = 0; index < state.anomalies.length; index++) {
    yield `${index === 0 ? "" : ","}${
      _anomaly(state.anomalies[index], identity)
    }`;
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

/** Reads a state back from its canonical JSON (see `parseDossierState`). */
export function parseDossierStateFor(
  contract: DossierContract,
  json: string,
): FoldState {
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
  const result = v.safeParse(contract.stateSchema, document);
  if (!result.success) {
    throw errorForIssues(
      "Cannot parse dossier state",
      toFieldIssues(result.issues),
    );
  }
  const parsed = result.output as MissionDossierStateJsonOf<
    AnyNamespace,
    AnyIdentity
  >;
  const artifacts = new Map<string, ArtifactEntryOf<AnyIdentity>>();
  for (const path of _artifactKeyOrder(json)) {
    artifacts.set(
      path,
      Object.getOwnPropertyDescriptor(parsed.artifacts, path)?.value,
    );
  }
  return { ...parsed, artifacts };
}
