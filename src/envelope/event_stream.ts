import { _eventLabel, type Event, safeParseEvent } from "./event_envelope.ts";
import { _describeValue, _errorFor } from "../contract/_field_issue.ts";

/**
 * Drops one byte order mark (U+FEFF) at the very start of a log: editors on
 * Windows write one, and it is not part of the first line. Only the first
 * is dropped, as a UTF-8 decoder does; a second one stays and makes line 1
 * fail to parse. `parseEventStream` and the command line both use it.
 */
export function _withoutLeadingBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parses one line of a JSONL log; `lineNumber` (1-based) goes into every
 * error message.
 */
export function _parseEventLine(line: string, lineNumber: number): Event {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new SyntaxError(
      `Cannot parse line ${lineNumber}: it is not JSON (${
        (error as Error).message
      })`,
    );
  }
  const result = safeParseEvent(value);
  if (result.success) return result.output;
  throw _errorFor(`${_eventLabel(value)} on line ${lineNumber}`, result.issues);
}

/**
 * Parses a JSONL event log: one envelope per line, blank lines skipped
 * (including a final newline and `\r\n` endings), and a byte order mark at
 * the start of the text ignored, as the `dossier` command line does.
 *
 * @param jsonl The log text.
 * @returns The parsed events, in file order.
 * @throws {SyntaxError} When a line is not JSON; the message names the line.
 * @throws {TypeError} When `jsonl` is not a string, or a line is not a valid
 * envelope (see {@linkcode parseEvent}); the message names the line and the field.
 * @throws {RangeError} When a value of a line is out of bounds.
 *
 * @example Parse a two-line log
 * ```ts
 * import { parseEventStream } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const line = (id: string, clock: number) => JSON.stringify({
 *   event_id: id, event_type: "Noted", aggregate_id: "m", timestamp: 1700000000,
 *   node_id: "n", lamport_clock: clock, correlation_id: id,
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
 * });
 * const events = parseEventStream(
 *   `${line("01HV7KA8TQ3R0W2M9X6C4B5N1P", 1)}\n${line("01HV7KA8TQ3R0W2M9X6C4B5N1Q", 2)}\n`,
 * );
 * assert.equal(events.length, 2);
 * assert.throws(() => parseEventStream("{}\nnot json"), /on line 1: field "event_id" is required/);
 * ```
 */
export function parseEventStream(jsonl: string): Event[] {
  if (typeof jsonl !== "string") {
    throw new TypeError(
      `Cannot parse event stream: the input must be JSONL text: received ${
        _describeValue(jsonl)
      }`,
    );
  }
  const text = _withoutLeadingBom(jsonl);
  const events: Event[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end);
    if (line.trim() !== "") events.push(_parseEventLine(line, lineNumber));
    start = end + 1;
  }
  return events;
}
