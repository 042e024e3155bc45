// fast-check arbitraries of valid wire documents for every schema of
// docs/contract.md, "Schemas, fixtures and dual-layer validation" (and of docs/contract.md, "Contract 3.0.0 and the divergences", for contract 3.0.0), and of one-defect variants of
// them. Documents are plain JSON (what JSON.parse returns), so both
// validation layers see the same input.
import fc from "fast-check";
import {
  ACTOR_KINDS,
  ARTIFACT_CLASSES,
  DRIFT_KINDS,
  HASH_ALGORITHMS,
  PARITY_STATUSES,
} from "../mod.ts";
import { REQUIRED_EVENT_FIELDS } from "./_builders.ts";

export type Json = Record<string, unknown>;

/** Round-trips through JSON text: own `__proto__` keys stay own keys. */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** Any well-formed text, astral characters included. */
const text = (minLength = 0): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: "binary", minLength, maxLength: 12 }),
    fc.constantFrom(
      "spec.md",
      "kitty-specs/042-mission-dossier/plan.md",
      "é😀",
    ),
  ).filter((value) => value.length >= minLength);

/** Some keys that JavaScript objects treat specially, which must stay data. */
const specialKey = fc.constantFrom("__proto__", "constructor", "10", "2", "");

/** An optional field: absent, `null` or a value. */
function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arbitrary, { nil: null });
}

/** `fc.record` whose `optionalKeys` may be absent, the others required. */
function record(
  required: Record<string, fc.Arbitrary<unknown>>,
  optionalFields: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<Json> {
  const model: Record<string, fc.Arbitrary<unknown>> = { ...required };
  for (const [key, arbitrary] of Object.entries(optionalFields)) {
    model[key] = optional(arbitrary);
  }
  return fc.record(model, {
    requiredKeys: Object.keys(required),
  }) as fc.Arbitrary<Json>;
}

const count = fc.oneof(
  fc.nat({ max: 1000 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.maxSafeNat(),
);
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

const stringMap: fc.Arbitrary<Json> = fc.dictionary(
  fc.oneof(text(), specialKey),
  text(),
  { maxKeys: 4, noNullPrototype: true },
).map(asJson);

/** The field names that differ between the contracts (docs/contract.md, "Contract 3.0.0 and the divergences"). */
export interface ContractNames {
  /** The folder of its schemas below `schemas/`: `""` or `"v3/"`. */
  readonly folder: string;
  readonly slug: string;
  readonly mission: string;
  /** Contract 3.0.0's envelope has a required `build_id`. */
  readonly buildId: boolean;
}

export const CONTRACT_NAMES_2_4_0: ContractNames = {
  folder: "",
  slug: "feature_slug",
  mission: "mission_key",
  buildId: false,
};
export const CONTRACT_NAMES_3_0_0: ContractNames = {
  folder: "v3/",
  slug: "mission_slug",
  mission: "mission_type",
  buildId: true,
};

// ── The envelope ─────────────────────────────────────────────────────────

const eventId = fc.oneof(
  fc.stringMatching(/^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$/),
  fc.uuid(),
  fc.uuid().map((uuid) => uuid.replaceAll("-", "").toUpperCase()),
);

const projectUuid = fc.tuple(
  fc.uuid(),
  fc.constantFrom("plain", "upper", "bare", "braces", "urn"),
).map(([uuid, form]) => {
  switch (form) {
    case "upper":
      return uuid.toUpperCase();
    case "bare":
      return uuid.replaceAll("-", "");
    case "braces":
      return `{${uuid}}`;
    case "urn":
      return `urn:uuid:${uuid}`;
    default:
      return uuid;
  }
});

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

function daysIn(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const datetimeText = fc.record({
  year: fc.integer({ min: 1, max: 9999 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 31 }),
  time: fc.option(fc.record({
    separator: fc.constantFrom("T", "t", " "),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.option(fc.record({
      value: fc.integer({ min: 0, max: 59 }),
      fraction: fc.option(
        fc.tuple(fc.constantFrom(".", ","), fc.stringMatching(/^[0-9]{1,9}$/)),
      ),
    })),
    offset: fc.option(fc.oneof(
      fc.constantFrom("Z", "z", "-00:00", "-0000"),
      fc.tuple(
        fc.constantFrom("+", "-"),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.boolean(),
      ).map(([sign, h, m, colon]) =>
        `${sign}${pad(h)}${colon ? ":" : ""}${pad(m)}`
      ),
    )),
  })),
}).map(({ year, month, day, time }) => {
  const realDay = Math.min(day, daysIn(year, month));
  let out = `${pad(year, 4)}-${pad(month)}-${pad(realDay)}`;
  if (time === null) return out;
  out += `${time.separator}${pad(time.hour)}:${pad(time.minute)}`;
  if (time.second !== null) {
    out += `:${pad(time.second.value)}`;
    if (time.second.fraction !== null) out += time.second.fraction.join("");
  }
  // An offset only follows a time; after HH:MM it is allowed too.
  return out + (time.offset ?? "");
});

// Unix times, up to the edges of the years 0001–9999. (Decimal strings
// stay within ±2×10^10; beyond, the JSON Schema has stretches where it
// cannot follow the reference, see TIMESTAMP_JSON_SCHEMA in src/envelope/timestamp_json_schema.ts.)
const unixTime = fc.oneof(
  fc.integer({ min: -62135596800000, max: 253402300799000 }),
  fc.double({ min: -2e10, max: 2e10, noNaN: true }),
  fc.constantFrom(
    -62135596800000,
    253402300799999,
    253402300799999.5,
    253402300799999.97,
  ),
);
const decimalText = fc.tuple(
  fc.constantFrom("", "+", "-"),
  fc.integer({ min: 0, max: 20000000000 }),
  fc.option(fc.stringMatching(/^[0-9]{1,6}$/)),
).map(([sign, whole, fraction]) =>
  `${sign}${whole}${fraction === null ? "" : `.${fraction}`}`
);

const schemaVersion = fc.tuple(
  fc.stringMatching(/^[0-9]{1,3}$/),
  fc.constantFrom("0", "12", "٣", "०१"),
  fc.stringMatching(/^[0-9]{1,3}$/),
).map((parts) => parts.join("."));

/** Valid documents of every schema of one contract, by file name stem. */
function validDocuments(
  names: ContractNames,
): [string, fc.Arbitrary<Json>][] {
  const namespace: fc.Arbitrary<Json> = record({
    project_uuid: fc.oneof(fc.uuid(), text(1)),
    [names.slug]: text(1),
    target_branch: text(1),
    [names.mission]: text(1),
    manifest_version: text(1),
  }, { step_id: text() });

  const artifactIdentity: fc.Arbitrary<Json> = record({
    [names.mission]: text(1),
    path: text(1),
    artifact_class: fc.constantFrom(...ARTIFACT_CLASSES),
  }, { run_id: text(), wp_id: text() });

  const contentHashRef: fc.Arbitrary<Json> = record({
    hash: fc.oneof(hex64, text(1)),
    algorithm: fc.constantFrom(...HASH_ALGORITHMS),
  }, { size_bytes: count, encoding: text() });

  const provenanceRef: fc.Arbitrary<Json> = record({}, {
    source_event_ids: fc.array(text(), { maxLength: 3 }),
    git_sha: text(),
    git_ref: text(),
    actor_id: text(),
    actor_kind: fc.constantFrom(...ACTOR_KINDS),
    revised_at: text(),
  });

  const indexedPayload: fc.Arbitrary<Json> = record({
    namespace,
    artifact_id: artifactIdentity,
    content_ref: contentHashRef,
    indexed_at: text(),
  }, {
    provenance: provenanceRef,
    step_id: text(),
    supersedes: artifactIdentity,
    context_diagnostics: stringMap,
  });

  const missingPayload: fc.Arbitrary<Json> = record({
    namespace,
    expected_identity: artifactIdentity,
    manifest_step: fc.oneof(fc.constant("required_always"), text(1)),
    checked_at: text(),
  }, {
    last_known_ref: provenanceRef,
    remediation_hint: text(),
    context_diagnostics: stringMap,
  });

  const snapshotPayload: fc.Arbitrary<Json> = record({
    namespace,
    snapshot_hash: text(1),
    artifact_count: count,
    anomaly_count: count,
    computed_at: text(),
  }, {
    algorithm: fc.constantFrom(...HASH_ALGORITHMS),
    context_diagnostics: stringMap,
  });

  const driftPayload: fc.Arbitrary<Json> = record({
    namespace,
    expected_hash: text(1),
    actual_hash: text(1),
    drift_kind: fc.constantFrom(...DRIFT_KINDS),
    detected_at: text(),
  }, {
    artifact_ids_changed: fc.array(artifactIdentity, { maxLength: 3 }),
    rebuild_hint: text(),
    context_diagnostics: stringMap,
  });

  const event: fc.Arbitrary<Json> = fc.record({
    event_id: eventId,
    event_type: fc.oneof(
      fc.constantFrom(
        "MissionDossierArtifactIndexed",
        "MissionDossierSnapshotComputed",
        "WPStatusChanged",
      ),
      text(1),
    ),
    aggregate_id: text(1),
    payload: fc.dictionary(fc.oneof(text(), specialKey), fc.jsonValue(), {
      maxKeys: 3,
      noNullPrototype: true,
    }),
    timestamp: fc.oneof(datetimeText, unixTime, decimalText),
    ...(names.buildId ? { build_id: text(1) } : {}),
    node_id: text(1),
    lamport_clock: count,
    causation_id: optional(eventId),
    project_uuid: projectUuid,
    project_slug: optional(text()),
    correlation_id: eventId,
    schema_version: schemaVersion,
    data_tier: fc.integer({ min: 0, max: 4 }),
  }, {
    requiredKeys: [
      ...REQUIRED_EVENT_FIELDS,
      ...(names.buildId ? ["build_id" as const] : []),
    ],
  }).map(asJson);

  // ── The reduced state ────────────────────────────────────────────────────

  const artifactEntry = record({
    identity: artifactIdentity,
    content_ref: contentHashRef,
    indexed_at: text(),
    superseded: fc.boolean(),
  }, { provenance: provenanceRef, step_id: text() });

  const state: fc.Arbitrary<Json> = fc.record({
    namespace: optional(namespace),
    artifacts: fc.dictionary(fc.oneof(text(), specialKey), artifactEntry, {
      maxKeys: 3,
      noNullPrototype: true,
    }),
    anomalies: fc.array(
      record({
        anomaly_type: fc.constant("missing_artifact"),
        expected_identity: artifactIdentity,
        manifest_step: text(1),
        checked_at: text(),
      }, { remediation_hint: text() }),
      { maxLength: 2 },
    ),
    latest_snapshot: optional(record({
      snapshot_hash: text(1),
      artifact_count: count,
      anomaly_count: count,
      computed_at: text(),
      algorithm: fc.constantFrom(...HASH_ALGORITHMS),
    })),
    drift_history: fc.array(
      record({
        expected_hash: text(1),
        actual_hash: text(1),
        drift_kind: fc.constantFrom(...DRIFT_KINDS),
        detected_at: text(),
      }),
      { maxLength: 2 },
    ),
    parity_status: fc.constantFrom(...PARITY_STATUSES),
    event_count: count,
  }).map(asJson);

  return [
    ["artifact_identity", artifactIdentity.map(asJson)],
    ["content_hash_ref", contentHashRef.map(asJson)],
    ["provenance_ref", provenanceRef.map(asJson)],
    ["local_namespace_tuple", namespace.map(asJson)],
    ["mission_dossier_artifact_indexed_payload", indexedPayload.map(asJson)],
    ["mission_dossier_artifact_missing_payload", missingPayload.map(asJson)],
    ["mission_dossier_snapshot_computed_payload", snapshotPayload.map(asJson)],
    [
      "mission_dossier_parity_drift_detected_payload",
      driftPayload.map(asJson),
    ],
    ["event", event],
    ["mission_dossier_state", state],
  ].map(([name, documents]) => [
    `${names.folder}${name}`,
    documents as fc.Arbitrary<Json>,
  ]);
}

/**
 * A valid document of every schema of both contracts, by the schema's path
 * below `schemas/` without `.schema.json` (`event`, `v3/event`).
 */
export const VALID_DOCUMENTS: ReadonlyMap<string, fc.Arbitrary<Json>> = new Map(
  [
    ...validDocuments(CONTRACT_NAMES_2_4_0),
    ...validDocuments(CONTRACT_NAMES_3_0_0),
  ],
);

// ── One defect ───────────────────────────────────────────────────────────

/** The defects of the issue, plus two the contract adds (text, 2^53). */
export const DEFECTS = [
  "remove",
  "wrong_type",
  "empty_string",
  "unknown_enum_value",
  "negative_integer",
  "fraction",
  "array_for_object",
  "extra_key",
  "lone_surrogate",
  "beyond_safe_integer",
] as const;
export type Defect = typeof DEFECTS[number];

type Location = { parent: Json | unknown[]; key: string | number };

/** Every place in a document where a value sits, depth first. */
function locations(value: unknown, found: Location[] = []): Location[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found.push({ parent: value, key: index });
      locations(item, found);
    });
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      found.push({ parent: value as Json, key });
      locations((value as Json)[key], found);
    }
  }
  return found;
}

/** Fields whose value is a map of free keys, not an object with declared fields. */
const MAP_FIELDS: ReadonlySet<string> = new Set([
  "artifacts",
  "context_diagnostics",
  "payload",
]);

/** Objects with declared fields of a document, the document itself included. */
function objects(value: unknown, found: Json[] = [], isMap = false): Json[] {
  if (Array.isArray(value)) {
    for (const item of value) objects(item, found);
  } else if (value !== null && typeof value === "object") {
    if (!isMap) found.push(value as Json);
    for (const [key, item] of Object.entries(value)) {
      objects(item, found, !isMap && MAP_FIELDS.has(key));
    }
  }
  return found;
}

const WRONG_TYPES: readonly unknown[] = [42, "text", true, null, [], {}];

function define(
  parent: Json | unknown[],
  key: string | number,
  value: unknown,
) {
  Object.defineProperty(parent, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Applies one defect to a copy of `document`, at the place picked by
 * `seed`; returns the copy.
 */
export function withDefect(document: Json, defect: Defect, seed: number): Json {
  const copy = asJson(document);
  if (defect === "extra_key") {
    const targets = objects(copy);
    define(
      targets[seed % targets.length],
      "x_unknown_key",
      WRONG_TYPES[seed % 6],
    );
    return copy;
  }
  const places = locations(copy);
  if (places.length === 0) {
    return defect === "array_for_object" ? [] as unknown as Json : copy;
  }
  const { parent, key } = places[seed % places.length];
  if (defect === "remove") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
    return copy;
  }
  const replacement: Record<Exclude<Defect, "remove" | "extra_key">, unknown> =
    {
      wrong_type: WRONG_TYPES[seed % WRONG_TYPES.length],
      empty_string: "",
      unknown_enum_value: "not_a_known_value",
      negative_integer: -1,
      fraction: 1.5,
      array_for_object: [],
      lone_surrogate: "ab\uD800",
      beyond_safe_integer: 2 ** 53,
    };
  define(parent, key, replacement[defect]);
  return copy;
}
