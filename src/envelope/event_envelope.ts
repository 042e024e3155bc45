import * as v from "valibot";
import { fastParse } from "../contract/compiled_schema.ts";
import {
  type FieldIssue,
  toFieldIssues,
  unreadableMessage,
} from "../contract/field_issue.ts";
import {
  integerSchema,
  isPlainObject,
  isWellFormedText,
  MAX_SAFE_INTEGER,
  nonEmptyTextSchema,
  normalizedStringSchema,
  normalizeWith,
  nullableSchema,
  plainObjectSchema,
  textSchema,
  WELL_FORMED_PATTERN,
} from "../contract/valibot_kit.ts";
import {
  EVENT_ID_PATTERN,
  hyphenateUuid,
  normalizeEventIdOrThrow,
} from "./event_id.ts";
import { checkedTimestamp } from "./timestamp.ts";
import { TIMESTAMP_JSON_SCHEMA } from "./timestamp_json_schema.ts";
import {
  parseEventError,
  type ParseEventRangeError,
  type ParseEventTypeError,
  receivedEventId,
} from "./parse_event_error.ts";

/**
 * A parsed event envelope of contract 2.4.0: the fields of the wire format,
 * normalized. Contract 3.0.0's envelope adds `build_id` (see its `Event`).
 */
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
  /** Version of the event schema, three dot-separated numbers; `"1.0.0"` when absent (contract 3.0.0: `"3.0.0"`). */
  readonly schema_version: string;
  /** The event's data tier, an integer from 0 to 4; 0 when absent. */
  readonly data_tier: number;
}

/**
 * A parsed event envelope of contract 3.0.0: contract 2.4.0's fields, plus
 * `build_id` after `timestamp`, and `schema_version` defaulting to `"3.0.0"`.
 */
export interface Event3_0_0 extends Event {
  /** The producer's build, a non-empty string (the spec-kitty CLI writes `""`; see `acceptEmptyBuildId`). */
  readonly build_id: string;
  /** Version of the event schema, three dot-separated numbers; `"3.0.0"` when absent. */
  readonly schema_version: string;
}

const _eventId = (): v.GenericSchema<string> =>
  normalizedStringSchema(
    "must be an event id (a ULID or a UUID) as a string",
    normalizeEventIdOrThrow,
    { pattern: EVENT_ID_PATTERN },
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

/**
 * Normalizes an envelope's `project_uuid` to lowercase hyphenated form, or
 * throws a `TypeError` that says which forms are accepted.
 */
export function normalizeProjectUuidOrThrow(value: string): string {
  // Most producers already send the canonical form: one test, no rebuild.
  if (_CANONICAL_UUID.test(value)) return value;
  const match = _PROJECT_UUID_FORMS.test(value) ? _HEX_UUID.exec(value) : null;
  if (match === null) {
    throw new TypeError(
      "must be a UUID: hyphenated or 32 hex digits, optionally in braces or after urn:uuid:",
    );
  }
  return hyphenateUuid(match.slice(1).join(""));
}

/** Schema version: three dot-separated runs of (any Unicode) decimal digits. */
const _SCHEMA_VERSION = /^\p{Nd}+\.\p{Nd}+\.\p{Nd}+$/u;

/**
 * What the spec-kitty CLI writes as `build_id` on every event, and the value
 * its own validator puts in its place before validating.
 */
const _CLI_EMPTY_BUILD_ID = "";
const _CLI_BUILD_ID_STANDIN = "unknown";

/** The message for an empty `build_id`: why it is there and what accepts it. */
export const EMPTY_BUILD_ID_MESSAGE =
  'must be a non-empty string (the spec-kitty CLI writes "" on every event, which the 3.0.0 reference rejects; the option acceptEmptyBuildId, --accept-empty-build-id on the command line, reads it as "unknown", as the CLI\'s own validator does)';

/** How an envelope schema treats `build_id`. */
export type BuildIdRule =
  /** Contract 2.4.0: no such field (an unknown key, dropped). */
  | "absent"
  /** Contract 3.0.0: a required non-empty string. */
  | "required"
  /** Contract 3.0.0 read the spec-kitty CLI's way: `""` becomes `"unknown"`. */
  | "empty-as-unknown";

/** What differs between the envelopes of the two contracts (docs/contract.md, "Contract 3.0.0 and the divergences"). */
export interface EnvelopeSpec {
  readonly buildId: BuildIdRule;
  /** `schema_version` when absent: `"1.0.0"` (2.4.0) or `"3.0.0"`. */
  readonly schemaVersionDefault: string;
}

function _buildIdSchema(rule: Exclude<BuildIdRule, "absent">) {
  if (rule === "required") {
    return v.pipe(
      v.string("must be a non-empty string"),
      v.minLength(1, EMPTY_BUILD_ID_MESSAGE),
      v.check(
        isWellFormedText,
        "must be well-formed Unicode (it holds an unpaired surrogate)",
      ),
      v.metadata({ pattern: WELL_FORMED_PATTERN }),
    );
  }
  return v.pipe(
    v.string("must be a non-empty string"),
    normalizeWith(buildIdTheCliWay),
  );
}

/** A `build_id` read the spec-kitty CLI's way: `""` becomes `"unknown"`. */
export function buildIdTheCliWay(value: string): string {
  if (!isWellFormedText(value)) {
    throw new TypeError(
      "must be well-formed Unicode (it holds an unpaired surrogate)",
    );
  }
  return value === _CLI_EMPTY_BUILD_ID ? _CLI_BUILD_ID_STANDIN : value;
}

/**
 * Builds the schema of an event envelope. Unknown keys are dropped;
 * `payload`, `schema_version` and `data_tier` get their defaults when absent
 * (an explicit `null` is an error); ids and `project_uuid` are normalized.
 */
export function eventSchema(
  spec: EnvelopeSpec,
): v.GenericSchema<unknown, Event> {
  const buildId: v.ObjectEntries = spec.buildId === "absent"
    ? {}
    : { build_id: _buildIdSchema(spec.buildId) };
  return v.pipe(
    plainObjectSchema({
      event_id: _eventId(),
      event_type: nonEmptyTextSchema(),
      aggregate_id: nonEmptyTextSchema(),
      payload: v.optional(
        v.custom<Record<string, unknown>>(isPlainObject, "must be an object"),
        () => ({}),
      ),
      timestamp: v.pipe(
        v.union(
          [v.string(), v.number()],
          "must be a datetime string or a Unix time number",
        ),
        v.metadata(TIMESTAMP_JSON_SCHEMA),
        normalizeWith(checkedTimestamp),
      ),
      ...buildId,
      node_id: nonEmptyTextSchema(),
      lamport_clock: integerSchema(0, MAX_SAFE_INTEGER),
      causation_id: nullableSchema(_eventId()),
      project_uuid: normalizedStringSchema(
        "must be a UUID string",
        normalizeProjectUuidOrThrow,
        { pattern: _PROJECT_UUID_PATTERN },
      ),
      project_slug: nullableSchema(textSchema()),
      correlation_id: _eventId(),
      schema_version: v.optional(
        v.pipe(
          v.string('must be a version string such as "1.0.0"'),
          v.regex(
            _SCHEMA_VERSION,
            'must be a version of three dot-separated numbers such as "1.0.0"',
          ),
        ),
        spec.schemaVersionDefault,
      ),
      data_tier: v.optional(integerSchema(0, 4), 0),
    }),
    v.title("Event"),
    v.description(
      "The envelope every spec-kitty event travels in: identity, ordering (Lamport clock, timestamp), causation and correlation, project, and the payload.",
    ),
  ) as unknown as v.GenericSchema<unknown, Event>;
}

/** The result of `safeParseEvent`, for a contract whose envelope is `E`. */
export type SafeParseEventResultOf<E> =
  | { readonly success: true; readonly output: E }
  | {
    readonly success: false;
    /** The error `parseEvent` would throw, with `issues` and the `eventId` received. */
    readonly error: ParseEventTypeError | ParseEventRangeError;
    /** Every problem found, each with its field path. */
    readonly issues: readonly FieldIssue[];
  };

/** `Cannot parse event "<id>"`, the start of every envelope error. */
export function eventLabel(input: unknown): string {
  const id = receivedEventId(input);
  return id === null
    ? "Cannot parse event"
    : `Cannot parse event ${JSON.stringify(id)}`;
}

/**
 * Parses an event envelope with `schema` without throwing (see
 * `safeParseEvent`); `wellFormed` is the caller's proof that no string in
 * the input holds an unpaired surrogate.
 */
export function safeParseEventWith<E>(
  schema: v.GenericSchema<unknown, E>,
  input: unknown,
  wellFormed = false,
): SafeParseEventResultOf<E> {
  let result;
  try {
    result = fastParse(schema, input, wellFormed);
  } catch (error) {
    // A getter or a proxy trap in the input threw: report it, never leak it.
    const issues: FieldIssue[] = [{
      path: "",
      message: unreadableMessage(error),
      type: "unreadable",
      input,
    }];
    return {
      success: false,
      error: parseEventError(eventLabel(undefined), issues, {
        line: null,
        eventId: null,
      }),
      issues,
    };
  }
  if (result.success) return { success: true, output: result.output };
  const issues = toFieldIssues(result.issues);
  return {
    success: false,
    error: parseEventError(eventLabel(input), issues, {
      line: null,
      eventId: receivedEventId(input),
    }),
    issues,
  };
}
