// Builders of valid wire envelopes and dossier payloads for the tests. Each
// returns plain JSON-like data; callers override what a test is about.
// `contractKit(...)` builds the same for either contract, so that one test
// table runs against both (`CONTRACTS`); the top-level builders are 2.4.0's.
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import * as conformanceV2 from "../conformance/mod.ts";
import * as conformanceV3 from "../conformance/v3.ts";
import { type Event, type LocalNamespaceTuple, parseEvent } from "../mod.ts";

export const PROJECT_UUID = "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f";
export const CORRELATION_ID = "01HV7KA8TQ3R0W2M9X6C4B5N00";

const _CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A valid, already normalized ULID for a small number: `01HV7KA8TQ3R0W2M9X6C4B` + 4 base32 digits. */
export function ulid(n: number): string {
  let suffix = "";
  let rest = n;
  for (let i = 0; i < 4; i++) {
    suffix = _CROCKFORD[rest % 32] + suffix;
    rest = Math.floor(rest / 32);
  }
  return `01HV7KA8TQ3R0W2M9X6C4B${suffix}`;
}

export type Json = Record<string, unknown>;

/** A valid LocalNamespaceTuple (wire form). */
export function namespace(overrides: Json = {}): Json {
  return {
    project_uuid: PROJECT_UUID,
    feature_slug: "042-dossier",
    target_branch: "main",
    mission_key: "software-dev",
    manifest_version: "1",
    ...overrides,
  };
}

/** `namespace()` as a reduced state holds it: `step_id` is `null`. */
export function stateNamespace(
  overrides: Partial<LocalNamespaceTuple> = {},
): LocalNamespaceTuple {
  return { ...namespace(), step_id: null, ...overrides } as LocalNamespaceTuple;
}

/** A valid ArtifactIdentity (wire form) for a path. */
export function identity(path: string, overrides: Json = {}): Json {
  return {
    mission_key: "software-dev",
    path,
    artifact_class: "input",
    ...overrides,
  };
}

/** A valid `MissionDossierArtifactIndexed` payload. */
export function indexedPayload(
  path: string,
  overrides: Json = {},
): Json {
  return {
    namespace: namespace(),
    artifact_id: identity(path),
    content_ref: { hash: `hash-of-${path}`, algorithm: "sha256" },
    indexed_at: "2026-02-21T14:00:00Z",
    ...overrides,
  };
}

/** A valid `MissionDossierArtifactMissing` payload. */
export function missingPayload(path: string, overrides: Json = {}): Json {
  return {
    namespace: namespace(),
    expected_identity: identity(path),
    manifest_step: "required_always",
    checked_at: "2026-02-21T14:05:00Z",
    ...overrides,
  };
}

/** A valid `MissionDossierSnapshotComputed` payload. */
export function snapshotPayload(overrides: Json = {}): Json {
  return {
    namespace: namespace(),
    snapshot_hash: "sha256:ff00",
    artifact_count: 1,
    anomaly_count: 0,
    computed_at: "2026-02-21T14:10:00Z",
    ...overrides,
  };
}

/** A valid `MissionDossierParityDriftDetected` payload. */
export function driftPayload(overrides: Json = {}): Json {
  return {
    namespace: namespace(),
    expected_hash: "sha256:aa",
    actual_hash: "sha256:bb",
    drift_kind: "artifact_added",
    detected_at: "2026-02-21T14:20:00Z",
    ...overrides,
  };
}

/** The envelope fields an event must have (docs/contract.md, "The event envelope"); the rest are optional. */
export const REQUIRED_EVENT_FIELDS = [
  "event_id",
  "event_type",
  "aggregate_id",
  "timestamp",
  "node_id",
  "lamport_clock",
  "project_uuid",
  "correlation_id",
] as const;

/** A valid wire envelope; `event_id` defaults to `ulid(lamport_clock)`. */
export function envelope(overrides: Json = {}): Json {
  const clock = typeof overrides.lamport_clock === "number"
    ? overrides.lamport_clock
    : 1;
  return {
    event_id: ulid(clock),
    event_type: "MissionDossierArtifactIndexed",
    aggregate_id: "mission-042",
    payload: {},
    timestamp: "2026-02-21T14:00:00Z",
    node_id: "laptop-1",
    lamport_clock: clock,
    project_uuid: PROJECT_UUID,
    correlation_id: CORRELATION_ID,
    ...overrides,
  };
}

/** A parsed event: `parseEvent(envelope(overrides))`. */
export function event(overrides: Json = {}): Event {
  return parseEvent(envelope(overrides));
}

/** Parsed events of one type: `indexed(clock, path, payloadOverrides)` and friends. */
export function indexed(
  clock: number,
  path: string,
  payload: Json = {},
  envelopeOverrides: Json = {},
): Event {
  return event({
    lamport_clock: clock,
    event_type: "MissionDossierArtifactIndexed",
    payload: indexedPayload(path, payload),
    ...envelopeOverrides,
  });
}

export function missing(
  clock: number,
  path: string,
  payload: Json = {},
): Event {
  return event({
    lamport_clock: clock,
    event_type: "MissionDossierArtifactMissing",
    payload: missingPayload(path, payload),
  });
}

export function snapshot(clock: number, payload: Json = {}): Event {
  return event({
    lamport_clock: clock,
    event_type: "MissionDossierSnapshotComputed",
    payload: snapshotPayload(payload),
  });
}

export function drift(clock: number, payload: Json = {}): Event {
  return event({
    lamport_clock: clock,
    event_type: "MissionDossierParityDriftDetected",
    payload: driftPayload(payload),
  });
}

/**
 * The value of a field named at run time, such as `fieldOf(state.namespace,
 * c.slug)`: the kits type every contract's API as 2.4.0's, so 3.0.0's field
 * names are read through this.
 */
export function fieldOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object"
    ? Object.getOwnPropertyDescriptor(value, key)?.value
    : undefined;
}

/** Freezes a value and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return value;
}

// ── Both contracts ───────────────────────────────────────────────────────

/**
 * One contract's API and builders, for tables of tests that run against
 * both. The API is typed as 2.4.0's: the two differ only in field names,
 * which tests reach through `slug` and `mission`.
 */
export interface ContractKit {
  /** `"2.4.0"` or `"3.0.0"`. */
  readonly version: "2.4.0" | "3.0.0";
  /** The entry point: `mod.ts` or `v3.ts`. */
  readonly api: typeof v2;
  /** The conformance kit: `conformance/mod.ts` or `conformance/v3.ts`. */
  readonly conformance: typeof conformanceV2;
  /** The namespace's slug field: `feature_slug` or `mission_slug`. */
  readonly slug: string;
  /** The mission field of namespaces and identities: `mission_key` or `mission_type`. */
  readonly mission: string;
  /** The other contract's slug and mission fields (legacy keys for 3.0.0). */
  readonly otherSlug: string;
  readonly otherMission: string;
  /** Renames 2.4.0 field names to this contract's in a JSON text or key. */
  readonly rename: (text: string) => string;
  /** The contract's conformance fixtures: `conformance/fixtures/` or `conformance/fixtures/v3/`. */
  readonly fixtures: URL;
  /** The contract's committed JSON Schemas: `schemas/` or `schemas/v3/`. */
  readonly schemas: URL;
  readonly namespace: (overrides?: Json) => Json;
  readonly stateNamespace: (overrides?: Json) => LocalNamespaceTuple;
  readonly identity: (path: string, overrides?: Json) => Json;
  readonly indexedPayload: (path: string, overrides?: Json) => Json;
  readonly missingPayload: (path: string, overrides?: Json) => Json;
  readonly snapshotPayload: (overrides?: Json) => Json;
  readonly driftPayload: (overrides?: Json) => Json;
  /** A valid wire envelope; 3.0.0's has `build_id` and `schema_version` `"3.0.0"`. */
  readonly envelope: (overrides?: Json) => Json;
  readonly event: (overrides?: Json) => Event;
  readonly indexed: (
    clock: number,
    path: string,
    payload?: Json,
    envelopeOverrides?: Json,
  ) => Event;
  readonly missing: (clock: number, path: string, payload?: Json) => Event;
  readonly snapshot: (clock: number, payload?: Json) => Event;
  readonly drift: (clock: number, payload?: Json) => Event;
}

/** Builds the kit of one contract from its field names. */
function contractKit(
  version: "2.4.0" | "3.0.0",
  api: typeof v2,
  conformance: typeof conformanceV2,
): ContractKit {
  const v3Names = version === "3.0.0";
  const slug = v3Names ? "mission_slug" : "feature_slug";
  const mission = v3Names ? "mission_type" : "mission_key";
  const rename = (text: string) =>
    v3Names
      ? text.replaceAll("feature_slug", "mission_slug").replaceAll(
        "mission_key",
        "mission_type",
      )
      : text;
  const kitNamespace = (overrides: Json = {}): Json => ({
    project_uuid: PROJECT_UUID,
    [slug]: "042-dossier",
    target_branch: "main",
    [mission]: "software-dev",
    manifest_version: "1",
    ...overrides,
  });
  const kitIdentity = (path: string, overrides: Json = {}): Json => ({
    [mission]: "software-dev",
    path,
    artifact_class: "input",
    ...overrides,
  });
  const kitIndexed = (path: string, overrides: Json = {}): Json => ({
    namespace: kitNamespace(),
    artifact_id: kitIdentity(path),
    content_ref: { hash: `hash-of-${path}`, algorithm: "sha256" },
    indexed_at: "2026-02-21T14:00:00Z",
    ...overrides,
  });
  const kitMissing = (path: string, overrides: Json = {}): Json => ({
    namespace: kitNamespace(),
    expected_identity: kitIdentity(path),
    manifest_step: "required_always",
    checked_at: "2026-02-21T14:05:00Z",
    ...overrides,
  });
  const kitSnapshot = (overrides: Json = {}): Json => ({
    namespace: kitNamespace(),
    snapshot_hash: "sha256:ff00",
    artifact_count: 1,
    anomaly_count: 0,
    computed_at: "2026-02-21T14:10:00Z",
    ...overrides,
  });
  const kitDrift = (overrides: Json = {}): Json => ({
    namespace: kitNamespace(),
    expected_hash: "sha256:aa",
    actual_hash: "sha256:bb",
    drift_kind: "artifact_added",
    detected_at: "2026-02-21T14:20:00Z",
    ...overrides,
  });
  const kitEnvelope = (overrides: Json = {}): Json =>
    envelope({
      ...(v3Names ? { build_id: "build-1", schema_version: "3.0.0" } : {}),
      ...overrides,
    });
  const kitEvent = (overrides: Json = {}): Event =>
    api.parseEvent(kitEnvelope(overrides));
  return {
    version,
    api,
    conformance,
    slug,
    mission,
    otherSlug: v3Names ? "feature_slug" : "mission_slug",
    otherMission: v3Names ? "mission_key" : "mission_type",
    rename,
    fixtures: new URL(
      v3Names ? "../conformance/fixtures/v3/" : "../conformance/fixtures/",
      import.meta.url,
    ),
    schemas: new URL(
      v3Names ? "../schemas/v3/" : "../schemas/",
      import.meta.url,
    ),
    namespace: kitNamespace,
    stateNamespace: (overrides: Json = {}) =>
      ({
        ...kitNamespace(),
        step_id: null,
        ...overrides,
      }) as unknown as LocalNamespaceTuple,
    identity: kitIdentity,
    indexedPayload: kitIndexed,
    missingPayload: kitMissing,
    snapshotPayload: kitSnapshot,
    driftPayload: kitDrift,
    envelope: kitEnvelope,
    event: kitEvent,
    indexed: (clock, path, payload = {}, envelopeOverrides = {}) =>
      kitEvent({
        lamport_clock: clock,
        event_type: "MissionDossierArtifactIndexed",
        payload: kitIndexed(path, payload),
        ...envelopeOverrides,
      }),
    missing: (clock, path, payload = {}) =>
      kitEvent({
        lamport_clock: clock,
        event_type: "MissionDossierArtifactMissing",
        payload: kitMissing(path, payload),
      }),
    snapshot: (clock, payload = {}) =>
      kitEvent({
        lamport_clock: clock,
        event_type: "MissionDossierSnapshotComputed",
        payload: kitSnapshot(payload),
      }),
    drift: (clock, payload = {}) =>
      kitEvent({
        lamport_clock: clock,
        event_type: "MissionDossierParityDriftDetected",
        payload: kitDrift(payload),
      }),
  };
}

/** Contract 2.4.0's kit: `mod.ts`. */
export const V2: ContractKit = contractKit("2.4.0", v2, conformanceV2);
/** Contract 3.0.0's kit: `v3.ts`. */
export const V3: ContractKit = contractKit(
  "3.0.0",
  v3 as unknown as typeof v2,
  conformanceV3 as unknown as typeof conformanceV2,
);
/** Both contracts, for tables of tests that run against each. */
export const CONTRACTS: readonly ContractKit[] = [V2, V3];

/** One place in a dossier payload where an object holds keys. */
export interface KeyLevel {
  /** What the place is, such as `the Indexed namespace`. */
  readonly name: string;
  readonly eventType: string;
  /** The field path of the object inside the payload (`""`: the payload itself). */
  readonly path: string;
  /** A valid payload of `eventType` whose object at `path` also holds `keys`. */
  readonly payload: (keys: Json) => Json;
}

/**
 * Every object of every dossier payload (docs/contract.md, "Value objects" and "The four dossier events"): the namespace of
 * each payload, each identity (`artifact_id`, `supersedes`,
 * `expected_identity`, an item of `artifact_ids_changed`), `content_ref`,
 * `provenance`, `last_known_ref` and each payload's top level. A key added
 * at each is dropped by 2.4.0 and rejected by 3.0.0 (docs/contract.md, "Contract 3.0.0 and the divergences").
 */
export function keyLevels(c: ContractKit): readonly KeyLevel[] {
  const INDEXED = "MissionDossierArtifactIndexed";
  const MISSING = "MissionDossierArtifactMissing";
  const SNAPSHOT = "MissionDossierSnapshotComputed";
  const DRIFT = "MissionDossierParityDriftDetected";
  return [
    {
      name: "the Indexed namespace",
      eventType: INDEXED,
      path: "namespace",
      payload: (keys) =>
        c.indexedPayload("a.md", { namespace: c.namespace(keys) }),
    },
    {
      name: "artifact_id",
      eventType: INDEXED,
      path: "artifact_id",
      payload: (keys) =>
        c.indexedPayload("a.md", { artifact_id: c.identity("a.md", keys) }),
    },
    {
      name: "supersedes",
      eventType: INDEXED,
      path: "supersedes",
      payload: (keys) =>
        c.indexedPayload("a.md", { supersedes: c.identity("old.md", keys) }),
    },
    {
      name: "content_ref",
      eventType: INDEXED,
      path: "content_ref",
      payload: (keys) =>
        c.indexedPayload("a.md", {
          content_ref: { hash: "ab12", algorithm: "sha256", ...keys },
        }),
    },
    {
      name: "provenance",
      eventType: INDEXED,
      path: "provenance",
      payload: (keys) =>
        c.indexedPayload("a.md", { provenance: { git_sha: "abc", ...keys } }),
    },
    {
      name: "the Indexed payload",
      eventType: INDEXED,
      path: "",
      payload: (keys) => c.indexedPayload("a.md", keys),
    },
    {
      name: "the Missing namespace",
      eventType: MISSING,
      path: "namespace",
      payload: (keys) =>
        c.missingPayload("a.md", { namespace: c.namespace(keys) }),
    },
    {
      name: "expected_identity",
      eventType: MISSING,
      path: "expected_identity",
      payload: (keys) =>
        c.missingPayload("a.md", {
          expected_identity: c.identity("a.md", keys),
        }),
    },
    {
      name: "last_known_ref",
      eventType: MISSING,
      path: "last_known_ref",
      payload: (keys) =>
        c.missingPayload("a.md", {
          last_known_ref: { git_sha: "abc", ...keys },
        }),
    },
    {
      name: "the Missing payload",
      eventType: MISSING,
      path: "",
      payload: (keys) => c.missingPayload("a.md", keys),
    },
    {
      name: "the Snapshot namespace",
      eventType: SNAPSHOT,
      path: "namespace",
      payload: (keys) => c.snapshotPayload({ namespace: c.namespace(keys) }),
    },
    {
      name: "the Snapshot payload",
      eventType: SNAPSHOT,
      path: "",
      payload: (keys) => c.snapshotPayload(keys),
    },
    {
      name: "the Drift namespace",
      eventType: DRIFT,
      path: "namespace",
      payload: (keys) => c.driftPayload({ namespace: c.namespace(keys) }),
    },
    {
      name: "an item of artifact_ids_changed",
      eventType: DRIFT,
      path: "artifact_ids_changed[1]",
      payload: (keys) =>
        c.driftPayload({
          artifact_ids_changed: [c.identity("a.md"), c.identity("b.md", keys)],
        }),
    },
    {
      name: "the Drift payload",
      eventType: DRIFT,
      path: "",
      payload: (keys) => c.driftPayload(keys),
    },
  ];
}
