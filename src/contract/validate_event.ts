// Dual-layer validation (CONTRACT §6): layer 1 is the Valibot schema, layer
// 2 the committed JSON Schema, checked by @cfworker/json-schema. The schema
// files are JSON modules, so this runs in Workers and browsers as well as in
// Deno, Node and Bun, with no file access.
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import * as v from "valibot";
import {
  type DossierEventType,
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
} from "./constants.ts";
import {
  MissionDossierArtifactIndexedPayloadSchema,
  MissionDossierArtifactMissingPayloadSchema,
  MissionDossierParityDriftDetectedPayloadSchema,
  MissionDossierSnapshotComputedPayloadSchema,
} from "./dossier_contract.ts";
import { EventSchema } from "../envelope/event_envelope.ts";
import {
  _describeValue,
  _issuePath,
  _toFieldIssues,
  _unreadableMessage,
  type FieldIssue,
} from "./_field_issue.ts";
import { _isWellFormed } from "./_valibot_kit.ts";
import eventJsonSchema from "../../schemas/event.schema.json" with {
  type: "json",
};
import indexedJsonSchema from "../../schemas/mission_dossier_artifact_indexed_payload.schema.json" with {
  type: "json",
};
import missingJsonSchema from "../../schemas/mission_dossier_artifact_missing_payload.schema.json" with {
  type: "json",
};
import snapshotJsonSchema from "../../schemas/mission_dossier_snapshot_computed_payload.schema.json" with {
  type: "json",
};
import driftJsonSchema from "../../schemas/mission_dossier_parity_drift_detected_payload.schema.json" with {
  type: "json",
};

/** What {@linkcode validateEvent} can check: a dossier payload, or `"Event"` for the envelope. */
export type ValidatableEventType = DossierEventType | "Event";

/** A problem found by the JSON Schema layer. */
export interface SchemaViolation {
  /** Path of the value in the document, written like a {@linkcode FieldIssue} path (`artifact_id.path`); `""` for the document itself. */
  readonly path: string;
  /** What the validator says, such as `Instance does not have required property "path".` */
  readonly message: string;
  /** The JSON Schema keyword that failed, such as `required`, `enum` or `type`. */
  readonly keyword: string;
  /** Where that keyword sits in the schema, as a JSON Pointer fragment (`#/properties/artifact_id/required`). */
  readonly schemaPath: string;
}

/** The verdict of {@linkcode validateEvent}. */
export interface ValidateEventResult {
  /** True only when neither layer found anything. */
  readonly valid: boolean;
  /** Problems found by the Valibot schema (layer 1). */
  readonly modelViolations: readonly FieldIssue[];
  /** Problems found by the committed JSON Schema (layer 2). */
  readonly schemaViolations: readonly SchemaViolation[];
  /** Always false: the JSON Schema layer ships with the package, so it always runs. */
  readonly schemaCheckSkipped: boolean;
  /** The event type that was checked. */
  readonly eventType: ValidatableEventType;
}

/** Options of {@linkcode validateEvent}. */
export interface ValidateEventOptions {
  /**
   * Accepted for parity with the reference, where it demands the JSON
   * Schema layer; here that layer is always available, so it changes nothing.
   */
  readonly strict?: boolean;
}

interface _Layers {
  readonly model: v.GenericSchema;
  readonly jsonSchema: unknown;
}

const _LAYERS: ReadonlyMap<string, _Layers> = new Map<string, _Layers>([
  [MISSION_DOSSIER_ARTIFACT_INDEXED, {
    model: MissionDossierArtifactIndexedPayloadSchema,
    jsonSchema: indexedJsonSchema,
  }],
  [MISSION_DOSSIER_ARTIFACT_MISSING, {
    model: MissionDossierArtifactMissingPayloadSchema,
    jsonSchema: missingJsonSchema,
  }],
  [MISSION_DOSSIER_SNAPSHOT_COMPUTED, {
    model: MissionDossierSnapshotComputedPayloadSchema,
    jsonSchema: snapshotJsonSchema,
  }],
  [MISSION_DOSSIER_PARITY_DRIFT_DETECTED, {
    model: MissionDossierParityDriftDetectedPayloadSchema,
    jsonSchema: driftJsonSchema,
  }],
  ["Event", { model: EventSchema, jsonSchema: eventJsonSchema }],
]);

const _validators = new Map<string, Validator>();

function _validatorFor(eventType: string, layers: _Layers): Validator {
  let validator = _validators.get(eventType);
  if (validator === undefined) {
    // The validator annotates the schema it is given; keep the module's copy pristine.
    const schema = structuredClone(layers.jsonSchema) as Schema;
    validator = new Validator(schema, "2020-12", false);
    _validators.set(eventType, validator);
  }
  return validator;
}

function _modelViolations(
  model: v.GenericSchema,
  payload: unknown,
): FieldIssue[] {
  try {
    const result = v.safeParse(model, payload);
    return result.success ? [] : _toFieldIssues(result.issues);
  } catch (error) {
    // A getter or a proxy trap in the input threw: report it, never leak it.
    return [{
      path: "",
      message: _unreadableMessage(error),
      type: "unreadable",
      input: payload,
    }];
  }
}

// Errors that only announce that a nested schema failed; the nested errors
// that follow them say what and where.
const _SUMMARY_KEYWORDS: ReadonlySet<string> = new Set([
  "properties",
  "items",
  "prefixItems",
  "additionalProperties",
  "$ref",
  "allOf",
]);

// The `{ "type": "null" }` branch of a nullable field: that the value is not
// null is no news when the other branch says what is wrong with it.
const _NULL_BRANCH = /\/anyOf\/\d+\/type$/;

function _isNoise(unit: OutputUnit): boolean {
  return _SUMMARY_KEYWORDS.has(unit.keyword) ||
    (_NULL_BRANCH.test(unit.keywordLocation) &&
      unit.error.endsWith('Expected "null".'));
}

/** Turns a JSON Pointer (`#/artifact_ids_changed/0/path`) into a field path (`artifact_ids_changed[0].path`). */
function _fieldPath(pointer: string, document: unknown): string {
  const keys: { key: string | number }[] = [];
  let value = document;
  for (const token of pointer.replace(/^#\/?/, "").split("/")) {
    if (token === "") continue;
    // The validator writes each key with encodeURI, then "#" as %23.
    const key = token.split("%23").map(decodeURI).join("#")
      .replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(value)) {
      keys.push({ key: Number(key) });
      value = value[Number(key)];
    } else {
      keys.push({ key });
      value = (value as Record<string, unknown>)[key];
    }
  }
  return _pathText(keys);
}

function _pathText(keys: readonly { key: string | number }[]): string {
  return _issuePath({ path: keys } as unknown as v.BaseIssue<unknown>);
}

/** The first object key holding an unpaired surrogate, with the path of its object. */
function _malformedKey(
  value: unknown,
  keys: { key: string | number }[] = [],
): { path: string; key: string } | undefined {
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!Array.isArray(value) && !_isWellFormed(key)) {
      return { path: _pathText(keys), key };
    }
    const found = _malformedKey(item, [
      ...keys,
      { key: Array.isArray(value) ? Number(key) : key },
    ]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function _schemaViolations(
  validator: Validator,
  payload: unknown,
): SchemaViolation[] {
  // Layer 2 checks the JSON form of the value: what JSON.stringify would send.
  let document: unknown;
  try {
    const text = JSON.stringify(payload);
    if (text === undefined) throw new TypeError("it has no JSON form");
    document = JSON.parse(text);
  } catch (error) {
    return [{
      path: "",
      message: `Instance is not JSON data (${(error as Error).message}): ${
        _describeValue(payload)
      }`,
      keyword: "type",
      schemaPath: "#/type",
    }];
  }
  let units: OutputUnit[];
  try {
    units = validator.validate(document).errors;
  } catch (error) {
    // The validator cannot point at a key with an unpaired surrogate (its
    // encodeURI throws); every such key breaks a `propertyNames` pattern.
    const malformed = _malformedKey(document);
    if (!(error instanceof URIError) || malformed === undefined) throw error;
    return [{
      path: malformed.path,
      message: `Property name ${
        JSON.stringify(malformed.key)
      } does not match schema (it holds an unpaired surrogate).`,
      keyword: "propertyNames",
      schemaPath: "#",
    }];
  }
  return units.filter((unit) => !_isNoise(unit))
    .map((unit) => ({
      path: _fieldPath(unit.instanceLocation, document),
      message: unit.error,
      keyword: unit.keyword,
      schemaPath: unit.keywordLocation,
    }));
}

/**
 * Checks a dossier payload (or an event envelope) with both layers of the
 * contract: the Valibot schema, then the committed JSON Schema. Nothing is
 * thrown for an invalid payload: every problem is reported.
 *
 * @param payload The payload object (or, for `"Event"`, the envelope), as received.
 * @param eventType One of the four dossier event types, or `"Event"`.
 * @param options `{ strict }`, accepted for parity with the reference; it changes nothing here.
 * @returns `{ valid, modelViolations, schemaViolations, schemaCheckSkipped, eventType }`.
 * @throws {TypeError} When `eventType` is not one of the known types; the
 * message lists them.
 *
 * @example Both layers name the missing field
 * ```ts
 * import { validateEvent } from "@spec-kitty/dossier/conformance";
 * import assert from "node:assert/strict";
 *
 * const result = validateEvent({
 *   namespace: {
 *     project_uuid: "bef12780-fc81-4e02-85a3-a3181ce8f3aa", feature_slug: "042-mission-dossier",
 *     target_branch: "main", mission_key: "software-dev", manifest_version: "1.0.0",
 *   },
 *   artifact_id: { mission_key: "software-dev", artifact_class: "input" },
 *   content_ref: { hash: "5136…", algorithm: "sha256" },
 *   indexed_at: "2026-02-21T14:01:00+00:00",
 * }, "MissionDossierArtifactIndexed");
 * assert.equal(result.valid, false);
 * assert.equal(result.modelViolations[0].path, "artifact_id.path");
 * assert.equal(result.schemaViolations[0].keyword, "required");
 * assert.equal(result.schemaViolations[0].path, "artifact_id");
 * assert.throws(() => validateEvent({}, "Unknown"), /must be one of/);
 * ```
 */
export function validateEvent(
  payload: unknown,
  eventType: string,
  options?: ValidateEventOptions,
): ValidateEventResult {
  void options;
  const layers = _LAYERS.get(eventType);
  if (layers === undefined) {
    throw new TypeError(
      `Cannot validate event: event type must be one of ${
        [..._LAYERS.keys()].map((name) => `"${name}"`).join(", ")
      }: received ${_describeValue(eventType)}`,
    );
  }
  const modelViolations = _modelViolations(layers.model, payload);
  const schemaViolations = _schemaViolations(
    _validatorFor(eventType, layers),
    payload,
  );
  return {
    valid: modelViolations.length === 0 && schemaViolations.length === 0,
    modelViolations,
    schemaViolations,
    schemaCheckSkipped: false,
    eventType: eventType as ValidatableEventType,
  };
}
