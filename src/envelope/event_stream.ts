import type * as v from "valibot";
import { _eventLabel, _safeParseEvent } from "./event_envelope.ts";
import { _describeValue } from "../contract/_field_issue.ts";
import {
  _parseEventError,
  _receivedEventId,
  ParseEventSyntaxError,
  ParseEventTypeError,
} from "./parse_event_error.ts";

/**
 * Drops one byte order mark (U+FEFF) at the very start of a log: editors on
 * Windows write one, and it is not part of the first line. Only the first
 * is dropped, as a UTF-8 decoder does; a second one stays and makes line 1
 * fail to parse. `parseEventStream` and the command line both use it.
 */
export function _withoutLeadingBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads one line of a JSONL log as JSON; `lineNumber` (1-based) goes into the error. */
export function _jsonOfLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    const reason = (error as Error).message;
    throw new ParseEventSyntaxError(
      `Cannot parse line ${lineNumber}: it is not JSON (${reason})`,
      {
        line: lineNumber,
        eventId: null,
        issues: [{
          path: "",
          message: `must be JSON (${reason})`,
          type: "json",
          input: line,
        }],
      },
    );
  }
}

/** Parses the JSON value of one line with an envelope schema; errors name the line. */
export function _eventOfLine<E>(
  schema: v.GenericSchema<unknown, E>,
  value: unknown,
  lineNumber: number,
): E {
  const result = _safeParseEvent(schema, value);
  if (result.success) return result.output;
  throw _parseEventError(
    `${_eventLabel(value)} on line ${lineNumber}`,
    result.issues,
    { line: lineNumber, eventId: _receivedEventId(value) },
  );
}

/**
 * Parses one line of a JSONL log with an envelope schema; `lineNumber`
 * (1-based) goes into every error message.
 */
export function _parseEventLine<E>(
  schema: v.GenericSchema<unknown, E>,
  line: string,
  lineNumber: number,
): E {
  return _eventOfLine(schema, _jsonOfLine(line, lineNumber), lineNumber);
}

/**
 * Parses a JSONL event log with an envelope schema: one envelope per line,
 * blank lines skipped (including a final newline and `\r\n` endings), a
 * byte order mark at the start ignored. See `parseEventStream`.
 */
export function _parseEventStream<E>(
  schema: v.GenericSchema<unknown, E>,
  jsonl: string,
): E[] {
  if (typeof jsonl !== "string") {
    throw new ParseEventTypeError(
      `Cannot parse event stream: the input must be JSONL text: received ${
        _describeValue(jsonl)
      }`,
      {
        line: null,
        eventId: null,
        issues: [{
          path: "",
          message: "must be JSONL text",
          type: "string",
          input: jsonl,
        }],
      },
    );
  }
  const text = _withoutLeadingBom(jsonl);
  const events: E[] = [];
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end);
    if (line.trim() !== "") {
      events.push(_parseEventLine(schema, line, lineNumber));
    }
    start = end + 1;
  }
  return events;
}
