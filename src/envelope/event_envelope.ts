import * as v from "valibot";
import { _fastParse } from "../contract/_compiled_schema.ts";
import {
  _errorFor,
  _toFieldIssues,
  _unreadableMessage,
  type FieldIssue,
} from "../contract/_field_issue.ts";
import {
  _integer,
  _isPlainObject,
  _MAX_SAFE_INTEGER,
  _nonEmptyText,
  _normalizedString,
  _normalizeWith,
  _nullable,
  _plainObject,
  _text,
} from "../contract/_valibot_kit.ts";
import {
  _EVENT_ID_PATTERN,
  _hyphenateUuid,
  _normalizeEventIdOrThrow,
} from "./event_id.ts";
import { _sortTextOrThrow, _TIMESTAMP_JSON_SCHEMA } from "./timestamp.ts";

/** A parsed event envelope: the fields of the wire format, normalized. */
export interface Event {
  /** Normalized: ULIDs uppercased, UUIDs lowercased and hyphenated. */
  readonly event_id: string;
  /** What happened, e.g. `"MissionDossierArtifactIndexed"`; the reducer ignores types other than the four dossier ones. */
  readonly event_type: string;
  /** The aggregate (e.g. the mission) the event belongs to. */
  readonly aggregate_id: string;
  /** The payload object as received; dossier payloads are checked by the reducer. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** As received; see {@linkcode timestampSortText} for how it orders. */
  readonly timestamp: string | number;
  /** The node (e.g. a machine) that emitted the event. */
  readonly node_id: string;
  /** The emitter's Lamport clock, an integer from 0 to 2^53−1; the first part of the replay order. */
  readonly lamport_clock: number;
  /** The event that caused this one, normalized like `event_id`; `null` when none. */
  readonly causation_id: string | null;
  /** The project's UUID, normalized to lowercase hyphenated form. */
  readonly project_uuid: string;
  /** The project's human-readable slug; `null` when not given. */
  readonly project_slug: string | null;
  /** Groups the events of one operation, normalized like `event_id`. */
  readonly correlation_id: string;
  /** Version of the event schema, three dot-separated numbers; `"1.0.0"` when absent. */
  readonly schema_version: string;
  /** The event's data tier, an integer from 0 to 4; 0 when absent. */
  readonly data_tier: number;
}

const _eventId = (): v.GenericSchema<string> =>
  _normalizedString(
    "must be an event id (a ULID or a UUID) as a string",
    _normalizeEventIdOrThrow,
    { pattern: _EVENT_ID_PATTERN },
  );

const _HEX_UUID =
  /^(?:urn:uuid:|\{)?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
const _UUID_HEX = "[0-9a-fA-F]";
const _HYPHENATED =
  `${_UUID_HEX}{8}-${_UUID_HEX}{4}-${_UUID_HEX}{4}-${_UUID_HEX}{4}-${_UUID_HEX}{12}`;
const _PROJECT_UUID_PATTERN =
  `^(?:${_HYPHENATED}|${_UUID_HEX}{32}|\\{${_HYPHENATED}\\}|urn:uuid:${_HYPHENATED})$`;
const _PROJECT_UUID_FORMS = new RegExp(_PROJECT_UUID_PATTERN);

const _CANONICAL_UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function _normalizeProjectUuidOrThrow(value: string): string {
  // Most producers already send the canonical form: one test, no rebuild.
  if (_CANONICAL_UUID.test(value)) return value;
  const match = _PROJECT_UUID_FORMS.test(value) ? _HEX_UUID.exec(value) : null;
  if (match === null) {
    throw new TypeError(
      "must be a UUID: hyphenated or 32 hex digits, optionally in braces or after urn:uuid:",
    );
  }
  return _hyphenateUuid(match.slice(1).join(""));
}

/** Schema version: three dot-separated runs of (any Unicode) decimal digits. */
const _SCHEMA_VERSION = /^\p{Nd}+\.\p{Nd}+\.\p{Nd}+$/u;

/**
 * Schema of the event envelope. Unknown keys are dropped; `payload`,
 * `schema_version` and `data_tier` get their defaults when absent (an
 * explicit `null` is an error); ids and `project_uuid` are normalized.
 *
 * @example Parse an envelope with Valibot directly
 * ```ts
 * import { EventSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(EventSchema, { event_id: "short" });
 * assert.equal(result.success, false);
 * ```
 */
export const EventSchema: v.GenericSchema<unknown, Event> = v.pipe(
  _plainObject({
    event_id: _eventId(),
    event_type: _nonEmptyText(),
    aggregate_id: _nonEmptyText(),
    payload: v.optional(
      v.custom<Record<string, unknown>>(_isPlainObject, "must be an object"),
      () => ({}),
    ),
    timestamp: v.pipe(
      v.union(
        [v.string(), v.number()],
        "must be a datetime string or a Unix time number",
      ),
      v.metadata(_TIMESTAMP_JSON_SCHEMA),
      _normalizeWith((value: string | number) => {
        _sortTextOrThrow(value);
        return value;
      }),
    ),
    node_id: _nonEmptyText(),
    lamport_clock: _integer(0, _MAX_SAFE_INTEGER),
    causation_id: _nullable(_eventId()),
    project_uuid: _normalizedString(
      "must be a UUID string",
      _normalizeProjectUuidOrThrow,
      { pattern: _PROJECT_UUID_PATTERN },
    ),
    project_slug: _nullable(_text()),
    correlation_id: _eventId(),
    schema_version: v.optional(
      v.pipe(
        v.string('must be a version string such as "1.0.0"'),
        v.regex(
          _SCHEMA_VERSION,
          'must be a version of three dot-separated numbers such as "1.0.0"',
        ),
      ),
      "1.0.0",
    ),
    data_tier: v.optional(_integer(0, 4), 0),
  }),
  v.title("Event"),
  v.description(
    "The envelope every spec-kitty event travels in: identity, ordering (Lamport clock, timestamp), causation and correlation, project, and the payload.",
  ),
);

/** The result of {@linkcode safeParseEvent}. */
export type SafeParseEventResult =
  | { readonly success: true; readonly output: Event }
  | {
    readonly success: false;
    /** The error {@linkcode parseEvent} would throw. */
    readonly error: TypeError | RangeError;
    /** Every problem found, each with its field path. */
    readonly issues: readonly FieldIssue[];
  };

/** `Cannot parse event "<id>"`, the start of every envelope error. */
export function _eventLabel(input: unknown): string {
  if (!_isPlainObject(input)) return "Cannot parse event";
  const id = Object.getOwnPropertyDescriptor(input, "event_id")?.value;
  return typeof id === "string" && id.length <= 64
    ? `Cannot parse event ${JSON.stringify(id)}`
    : "Cannot parse event";
}

/**
 * Parses an event envelope without throwing.
 *
 * @param input Any value, typically one line of a JSONL log after `JSON.parse`.
 * @returns `{ success: true, output }`, or `{ success: false, error, issues }`.
 *
 * @example Inspect the problems of a bad envelope
 * ```ts
 * import { safeParseEvent } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const result = safeParseEvent({ lamport_clock: "3" });
 * assert.equal(result.success, false);
 * if (!result.success) {
 *   assert.ok(result.issues.some((issue) => issue.path === "lamport_clock"));
 * }
 * ```
 */
export function safeParseEvent(input: unknown): SafeParseEventResult {
  let result;
  try {
    result = _fastParse(EventSchema, input);
  } catch (error) {
    // A getter or a proxy trap in the input threw: report it, never leak it.
    const issues: FieldIssue[] = [{
      path: "",
      message: _unreadableMessage(error),
      type: "unreadable",
      input,
    }];
    return {
      success: false,
      error: _errorFor(_eventLabel(undefined), issues),
      issues,
    };
  }
  if (result.success) return { success: true, output: result.output };
  const issues = _toFieldIssues(result.issues);
  return {
    success: false,
    error: _errorFor(_eventLabel(input), issues),
    issues,
  };
}

/**
 * Parses and normalizes an event envelope.
 *
 * @param input Any value, typically one line of a JSONL log after `JSON.parse`.
 * @returns The parsed {@linkcode Event}, fields in contract order.
 * @throws {TypeError} When a field is missing or has the wrong type or form;
 * the message names the field, what was expected and the value received.
 * @throws {RangeError} When a value is out of bounds (a `lamport_clock`
 * above 2^53−1, a `data_tier` of 5, a 31 February).
 *
 * @example Defaults are filled in and ids normalized
 * ```ts
 * import { parseEvent } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const event = parseEvent({
 *   event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
 *   event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "mission-042",
 *   timestamp: "2026-02-21T14:00:00Z",
 *   node_id: "laptop-1",
 *   lamport_clock: 7,
 *   project_uuid: "6F1C2B8E5A4D4C3B9E2F1A0B9C8D7E6F",
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1Q",
 * });
 * assert.equal(event.event_id, "01HV7KA8TQ3R0W2M9X6C4B5N1P");
 * assert.equal(event.project_uuid, "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f");
 * assert.deepEqual(event.payload, {});
 * assert.equal(event.schema_version, "1.0.0");
 * assert.throws(() => parseEvent({ ...event, lamport_clock: 2 ** 53 }), RangeError);
 * ```
 */
export function parseEvent(input: unknown): Event {
  const result = safeParseEvent(input);
  if (result.success) return result.output;
  throw result.error;
}
