import type * as v from "valibot";
import { eventLabel, safeParseEventWith } from "./event_envelope.ts";
import { describeValue } from "../contract/field_issue.ts";
import { isWellFormedText } from "../contract/valibot_kit.ts";
import { splitJsonlLines } from "./jsonl_lines.ts";
import {
  parseEventError,
  ParseEventSyntaxError,
  ParseEventTypeError,
  receivedEventId,
} from "./parse_event_error.ts";

/**
 * Drops one byte order mark (U+FEFF) at the very start of a log: editors on
 * Windows write one, and it is not part of the first line. Only the first
 * is dropped, as a UTF-8 decoder does; a second one stays and makes line 1
 * fail to parse. `parseEventStream` and the command line both use it.
 */
export function withoutLeadingBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads one line of a JSONL log as JSON; `lineNumber` (1-based) goes into the error. */
export function jsonOfLine(line: string, lineNumber: number): unknown {
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

/**
 * Parses the JSON value of one line with an envelope schema; errors name the
 * line. `wellFormed`: the line passed {@linkcode wellFormedJson}.
 */
export function eventOfLine<E>(
  schema: v.GenericSchema<unknown, E>,
  value: unknown,
  lineNumber: number,
  wellFormed = false,
): E {
  const result = safeParseEventWith(schema, value, wellFormed);
  if (result.success) return result.output;
  throw parseEventError(
    `${eventLabel(value)} on line ${lineNumber}`,
    result.issues,
    { line: lineNumber, eventId: receivedEventId(value) },
  );
}

/**
 * Parses one line of a JSONL log with an envelope schema; `lineNumber`
 * (1-based) goes into every error message.
 */
export function parseEventLine<E>(
  schema: v.GenericSchema<unknown, E>,
  line: string,
  lineNumber: number,
): E {
  return eventOfLine(
    schema,
    jsonOfLine(line, lineNumber),
    lineNumber,
    wellFormedJson(line),
  );
}

/**
 * True when no string that `JSON.parse` reads from the JSON text can hold an
 * unpaired surrogate, so that no field needs checking for one: the text is
 * well-formed and holds no `\u` escape. (Every string of a JSON value is
 * the text between two `"` with escapes decoded; only `\u` decodes to a
 * surrogate, and a pair in the text is never cut, `"` being ASCII.)
 */
export function wellFormedJson(text: string): boolean {
  return text.indexOf("\\u") === -1 && isWellFormedText(text);
}

/**
 * Calls `each` with every line of a JSONL text that holds something, and its
 * number (1-based; blank lines keep theirs). A byte order mark at the start
 * is dropped; a `\r` before a `\n` is left for `JSON.parse`, which skips it.
 */
export function eachJsonlLine(
  jsonl: string,
  each: (line: string, lineNumber: number) => void,
): void {
  splitJsonlLines(withoutLeadingBom(jsonl), each);
}

/** The error for a JSONL input that is not a string. */
export function notJsonlText(action: string, jsonl: unknown): never {
  throw new ParseEventTypeError(
    `${action}: the input must be JSONL text: received ${describeValue(jsonl)}`,
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

/**
 * Parses a JSONL event log with an envelope schema: one envelope per line,
 * blank lines skipped (including a final newline and `\r\n` endings), a
 * byte order mark at the start ignored. See `parseEventStream`.
 */
export function parseEventStreamWith<E>(
  schema: v.GenericSchema<unknown, E>,
  jsonl: string,
): E[] {
  if (typeof jsonl !== "string") {
    notJsonlText("Cannot parse event stream", jsonl);
  }
  const events: E[] = [];
  eachJsonlLine(jsonl, (line, lineNumber) => {
    events.push(parseEventLine(schema, line, lineNumber));
  });
  return events;
}
