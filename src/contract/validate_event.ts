// Dual-layer validation (docs/contract.md, "Schemas, fixtures and
// dual-layer validation"): layer 1 is the Valibot schema, layer 2 the
// committed JSON Schema, checked by @cfworker/json-schema; for contract
// 3.0.0 envelopes are unwrapped and, by default, the reference's cutover
// gate runs on them (cutover_gate.ts). The schema files are JSON modules
// imported by each contract's binding, so this runs in Workers and browsers
// as well as in Deno, Node and Bun, with no file access.
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import type * as v from "valibot";
import {
  type DossierEventType,
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
} from "./constants.ts";
import type { DossierContract } from "./dossier_contract.ts";
import { booleanOption } from "./boolean_option.ts";
import { cutoverGateViolations } from "./cutover_gate.ts";
import {
  describeValue,
  type FieldIssue,
  issuePath,
  toFieldIssues,
  unreadableMessage,
} from "./field_issue.ts";
import { isPlainObject, isWellFormedText } from "./valibot_kit.ts";
import { compileJsonSchema, type JsonCheck } from "./compiled_json_schema.ts";
import { fastParse } from "./compiled_schema.ts";

/** What `validateEvent` can check: a dossier payload, or `"Event"` for the envelope. */
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

/** The verdict of `validateEvent`. */
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

/** Options of `validateEvent`. */
export interface ValidateEventOptions {
  /**
   * Accepted for parity with the reference, where it demands the JSON
   * Schema layer; here that layer is always available, so it changes nothing.
   */
  readonly strict?: boolean;
}

/** Options of the contract 3.0.0 `validateEvent`. */
export interface ValidateEventOptions3_0_0 extends ValidateEventOptions {
  /**
   * For `"Event"`: read `build_id: ""` as `"unknown"` in both layers, as the
   * spec-kitty CLI's own validator does (it writes `""` on every event; the
   * 3.0.0 reference rejects it). Default `false`.
   */
  readonly acceptEmptyBuildId?: boolean;
  /**
   * Run the cutover gate on an envelope, as spec-kitty-events 3.0.0 to
   * 6.1.0 do (default `true`). `false` gives the verdict of
   * spec-kitty-events 8.0.0 and later (to 10.0.1), which removed the gate:
   * the envelope is still unwrapped, and the payload (for `"Event"`, the
   * envelope) is checked against the model and the schema, nothing else.
   */
  readonly cutoverGate?: boolean;
}

/** The two layers that check one event type. */
export interface ValidationLayers {
  readonly model: v.GenericSchema;
  readonly jsonSchema: unknown;
}

/** How a contract validates: its layers by event type, and whether 3.0.0's envelope rules apply. */
export interface ContractValidation {
  /** The four dossier event types and `"Event"`. */
  readonly layers: ReadonlyMap<string, ValidationLayers>;
  /**
   * Contract 3.0.0: unwrap envelopes, run the cutover gate unless asked not
   * to, and read the options; contract 2.4.0 ignores its options.
   */
  readonly cutover: boolean;
}

/** The event types `validateEvent` knows, in the order its error lists them. */
const _VALIDATABLE: readonly ValidatableEventType[] = [
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  "Event",
];

/**
 * A contract's validation: its Valibot schemas (the payloads and the
 * envelope) beside its committed JSON Schemas, by event type.
 */
export function contractValidation(
  contract: DossierContract,
  envelope: v.GenericSchema<unknown, unknown>,
  jsonSchemas: Readonly<Record<ValidatableEventType, unknown>>,
): ContractValidation {
  return {
    cutover: contract.envelopeRules.buildId === "required",
    layers: new Map(_VALIDATABLE.map((type) => [type, {
      model: type === "Event" ? envelope : contract.payloads[type],
      jsonSchema: jsonSchemas[type],
    }])),
  };
}

/** The JSON Schema layer of one event type: the validator, and its compiled yes. */
interface _SchemaLayer {
  readonly validator: Validator;
  /** True when the validator would find nothing; `null` when the schema is not compiled. */
  readonly accepts: JsonCheck | null;
}

const _schemaLayers = new WeakMap<ValidationLayers, _SchemaLayer>();

function _schemaLayerFor(layers: ValidationLayers): _SchemaLayer {
  let layer = _schemaLayers.get(layers);
  if (layer === undefined) {
    // The validator annotates the schema it is given; keep the module's copy pristine.
    const schema = structuredClone(layers.jsonSchema) as Schema;
    layer = {
      validator: new Validator(schema, "2020-12", false),
      accepts: compileJsonSchema(layers.jsonSchema),
    };
    _schemaLayers.set(layers, layer);
  }
  return layer;
}

function _modelViolations(
  model: v.GenericSchema,
  payload: unknown,
): FieldIssue[] {
  try {
    const result = fastParse(model, payload);
    return result.success ? [] : toFieldIssues(result.issues);
  } catch (error) {
    // A getter or a proxy trap in the input threw: report it, never leak it.
    return [{
      path: "",
      message: unreadableMessage(error),
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

/**
 * True for the `additionalProperties` unit of a key that `false` forbids
 * (contract 3.0.0's unknown keys): it alone says which key and where the
 * keyword sits. The validator follows it with a `false` unit whose
 * location is the instance's, not the schema's, and which names nothing.
 */
function _isForbiddenKey(
  unit: OutputUnit,
  next: OutputUnit | undefined,
): boolean {
  return unit.keyword === "additionalProperties" && next?.keyword === "false";
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
  return issuePath({ path: keys } as unknown as v.BaseIssue<unknown>);
}

/** The first object key holding an unpaired surrogate, with the path of its object. */
function _malformedKey(
  value: unknown,
  keys: { key: string | number }[] = [],
): { path: string; key: string } | undefined {
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!Array.isArray(value) && !isWellFormedText(key)) {
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
  layer: _SchemaLayer,
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
        describeValue(payload)
      }`,
      keyword: "type",
      schemaPath: "#/type",
    }];
  }
  // Only a yes is trusted; for a no, the validator says what is wrong.
  if (layer.accepts?.(document)) return [];
  let units: OutputUnit[];
  try {
    units = layer.validator.validate(document).errors;
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
  return units.filter((unit, index) =>
    unit.keyword !== "false" &&
    (!_isNoise(unit) || _isForbiddenKey(unit, units[index + 1]))
  )
    .map((unit) => ({
      path: _fieldPath(unit.instanceLocation, document),
      message: unit.error,
      keyword: unit.keyword,
      schemaPath: unit.keywordLocation,
    }));
}

/** The own value of `key`, or `undefined` when reading it throws. */
function _own(object: Record<string, unknown>, key: string): unknown {
  try {
    return Object.getOwnPropertyDescriptor(object, key)?.value;
  } catch {
    return undefined;
  }
}

/** The envelope with `build_id: ""` read as `"unknown"`, the spec-kitty CLI's way. */
function _emptyBuildIdAsUnknown(envelope: unknown): unknown {
  if (envelope === null || typeof envelope !== "object") return envelope;
  try {
    return (envelope as { build_id?: unknown }).build_id === ""
      ? { ...envelope, build_id: "unknown" }
      : envelope;
  } catch {
    // A getter or a proxy trap threw: as it is, for both layers to report.
    return envelope;
  }
}

/**
 * Checks a payload or an envelope with both layers of a contract (see each
 * contract's `validateEvent`). For contract 3.0.0, an envelope whose
 * `event_type` is the type asked for and whose `payload` is an object is
 * unwrapped: its payload is checked, and the cutover gate runs on the
 * envelope unless `options.cutoverGate` is `false`. Contract 2.4.0 ignores
 * `options`, as its reference does.
 */
export function validateEventWith(
  validation: ContractValidation,
  input: unknown,
  eventType: string,
  options?: unknown,
): ValidateEventResult {
  const action = "Cannot validate event";
  const acceptEmptyBuildId = validation.cutover &&
    booleanOption(options, "acceptEmptyBuildId", action) === true;
  const gateRuns = validation.cutover &&
    booleanOption(options, "cutoverGate", action) !== false;
  const layers = validation.layers.get(eventType);
  if (layers === undefined) {
    throw new TypeError(
      `Cannot validate event: event type must be one of ${
        [...validation.layers.keys()].map((name) => `"${name}"`).join(", ")
      }: received ${describeValue(eventType)}`,
    );
  }
  let checked = input;
  const gate: FieldIssue[] = [];
  if (validation.cutover && eventType === "Event") {
    if (gateRuns) gate.push(...cutoverGateViolations(input));
    checked = acceptEmptyBuildId ? _emptyBuildIdAsUnknown(input) : input;
  } else if (validation.cutover && isPlainObject(input)) {
    const inner = _own(input, "payload");
    if (_own(input, "event_type") === eventType && isPlainObject(inner)) {
      if (gateRuns) gate.push(...cutoverGateViolations(input));
      checked = inner;
    }
  }
  const modelViolations = [..._modelViolations(layers.model, checked), ...gate];
  const schemaViolations = _schemaViolations(_schemaLayerFor(layers), checked);
  return {
    valid: modelViolations.length === 0 && schemaViolations.length === 0,
    modelViolations,
    schemaViolations,
    schemaCheckSkipped: false,
    eventType: eventType as ValidatableEventType,
  };
}

/**
 * The `validateEvent` of a contract: its layers bound, the options passed
 * through (see {@linkcode validateEventWith}).
 */
export function eventValidator(
  validation: ContractValidation,
): (
  payload: unknown,
  eventType: string,
  options?: ValidateEventOptions3_0_0,
) => ValidateEventResult {
  return (payload, eventType, options) =>
    validateEventWith(validation, payload, eventType, options);
}
