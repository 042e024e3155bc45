// The errors `parseEvent` and `parseEventStream` throw (and `safeParseEvent`
// returns), for either contract: still a `TypeError`, a `RangeError` or a
// `SyntaxError` by class, so that existing `instanceof` checks keep working,
// and each carrying what went wrong as data, so that a program need not
// read the message.
import { isPlainObject } from "../contract/valibot_kit.ts";
import {
  type FieldIssue,
  isRangeProblem,
  issuesMessage,
} from "../contract/field_issue.ts";

/** What every error of `parseEvent` and `parseEventStream` carries besides its message. */
export interface ParseEventErrorData {
  /** The 1-based line of the stream the event was on; `null` for `parseEvent`. */
  readonly line: number | null;
  /**
   * The input's `event_id` as received (not normalized), when it had one as
   * a string of at most 64 characters; `null` otherwise (no id, a line that
   * is not JSON, an id too long to be one).
   */
  readonly eventId: string | null;
  /**
   * Every problem found, each with its field `path` (`""` for the input
   * itself), its `message`, its `type` and the value received (`input`;
   * `undefined` for a missing field). A line that is not JSON has one issue
   * of type `json`, whose `input` is the line.
   */
  readonly issues: readonly FieldIssue[];
}

/**
 * The `TypeError` of `parseEvent` and `parseEventStream`: a field is missing
 * or has the wrong type or form. Its `name` stays `"TypeError"`.
 *
 * @example Read the problems of an envelope without parsing the message
 * ```ts
 * import { parseEventStream, ParseEventTypeError } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * try {
 *   parseEventStream('\n{"event_id": "01HV7KA8TQ3R0W2M9X6C4B5N1P", "lamport_clock": "3"}');
 *   assert.fail("a bad line was accepted");
 * } catch (error) {
 *   assert.ok(error instanceof ParseEventTypeError && error instanceof TypeError);
 *   assert.equal(error.line, 2);
 *   assert.equal(error.eventId, "01HV7KA8TQ3R0W2M9X6C4B5N1P");
 *   const clock = error.issues.find((issue) => issue.path === "lamport_clock");
 *   assert.equal(clock?.input, "3");
 * }
 * ```
 */
export class ParseEventTypeError extends TypeError
  implements ParseEventErrorData {
  /** The 1-based line of the stream; `null` for `parseEvent`. */
  readonly line: number | null;
  /** The input's `event_id` as received, when it had one as a string; `null` otherwise. */
  readonly eventId: string | null;
  /** Every problem found, with its path, message, type and the value received. */
  readonly issues: readonly FieldIssue[];

  /**
   * Builds the error.
   *
   * @param message The whole message.
   * @param data Where the event was and what is wrong with it.
   */
  constructor(message: string, data: ParseEventErrorData) {
    super(message);
    this.name = "TypeError";
    this.line = data.line;
    this.eventId = data.eventId;
    this.issues = data.issues;
  }
}

/**
 * The `RangeError` of `parseEvent` and `parseEventStream`: a value is out of
 * bounds (a `lamport_clock` above 2^53−1, a `data_tier` of 5, a 31
 * February). Its `name` stays `"RangeError"`.
 *
 * @example
 * ```ts
 * import { parseEvent, ParseEventRangeError } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => parseEvent({ event_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P", event_type: "Noted",
 *     aggregate_id: "m", timestamp: 1700000000, node_id: "n", lamport_clock: 2 ** 53,
 *     project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P" }),
 *   (error) => error instanceof ParseEventRangeError && error instanceof RangeError &&
 *     error.line === null && error.issues[0].path === "lamport_clock",
 * );
 * ```
 */
export class ParseEventRangeError extends RangeError
  implements ParseEventErrorData {
  /** The 1-based line of the stream; `null` for `parseEvent`. */
  readonly line: number | null;
  /** The input's `event_id` as received, when it had one as a string; `null` otherwise. */
  readonly eventId: string | null;
  /** Every problem found, with its path, message, type and the value received. */
  readonly issues: readonly FieldIssue[];

  /**
   * Builds the error.
   *
   * @param message The whole message.
   * @param data Where the event was and what is wrong with it.
   */
  constructor(message: string, data: ParseEventErrorData) {
    super(message);
    this.name = "RangeError";
    this.line = data.line;
    this.eventId = data.eventId;
    this.issues = data.issues;
  }
}

/**
 * The `SyntaxError` of `parseEventStream`: a line is not JSON. Its one issue
 * has type `json`, the parser's message and the line as `input`. Its `name`
 * stays `"SyntaxError"`.
 *
 * @example
 * ```ts
 * import { parseEventStream, ParseEventSyntaxError } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => parseEventStream("\n\n{not json"),
 *   (error) => error instanceof ParseEventSyntaxError && error instanceof SyntaxError &&
 *     error.line === 3 && error.eventId === null && error.issues[0].input === "{not json",
 * );
 * ```
 */
export class ParseEventSyntaxError extends SyntaxError
  implements ParseEventErrorData {
  /** The 1-based line of the stream. */
  readonly line: number | null;
  /** Always `null`: a line that is not JSON has no id to read. */
  readonly eventId: string | null;
  /** One issue of type `json`: the parser's message, and the line as `input`. */
  readonly issues: readonly FieldIssue[];

  /**
   * Builds the error.
   *
   * @param message The whole message.
   * @param data The line, and the one issue.
   */
  constructor(message: string, data: ParseEventErrorData) {
    super(message);
    this.name = "SyntaxError";
    this.line = data.line;
    this.eventId = data.eventId;
    this.issues = data.issues;
  }
}

/** The input's `event_id` as received: a string of at most 64 characters, or `null`. */
export function receivedEventId(input: unknown): string | null {
  if (!isPlainObject(input)) return null;
  let id: unknown;
  try {
    id = Object.getOwnPropertyDescriptor(input, "event_id")?.value;
  } catch {
    return null;
  }
  return typeof id === "string" && id.length <= 64 ? id : null;
}

/**
 * The error for an envelope's issues: a `ParseEventRangeError` when the
 * first is out of bounds, a `ParseEventTypeError` otherwise.
 */
export function parseEventError(
  action: string,
  issues: readonly FieldIssue[],
  where: { readonly line: number | null; readonly eventId: string | null },
): ParseEventTypeError | ParseEventRangeError {
  const message = issuesMessage(action, issues);
  const data = { ...where, issues };
  return isRangeProblem(issues)
    ? new ParseEventRangeError(message, data)
    : new ParseEventTypeError(message, data);
}
