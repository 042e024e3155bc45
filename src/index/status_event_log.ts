/**
 * A mission's `status.events.jsonl` as the CLI reads it when it re-points a
 * work package's runtime fields (docs/indexer.md, "Work packages: the status
 * log"): every line checked for the structure the CLI's reader demands, then
 * the runtime annotations folded into the four fields the schema validates
 * again (`shell_pid`, `shell_pid_created_at`, `agent`, `assignee`).
 *
 * @module
 */

import { plainList, PyDict, PyFloat, type PyValue } from "./python_value.ts";
import { pyStr, pyStrip } from "./python_repr.ts";

/** The runtime fields the reduced log gives one work package; `null` where it records none. */
export interface RuntimeFields {
  /** Whatever the log recorded; the schema applies `int()` to it. */
  readonly shell_pid: PyValue;
  /** Must be a string for the schema. */
  readonly shell_pid_created_at: PyValue;
  /** Anything. */
  readonly agent: PyValue;
  /** Must be a string for the schema. */
  readonly assignee: PyValue;
}

/** A status log as the CLI's reader leaves it. */
export type StatusEventLog =
  | {
    /** Every line is well formed. */
    readonly kind: "ok";
    /** The runtime fields of each work package id with at least one annotation. */
    readonly runtime: ReadonlyMap<string, RuntimeFields>;
  }
  | {
    /** Not valid UTF-8: the CLI's frontmatter reader gives up and the work package is hashed raw. */
    readonly kind: "undecodable";
  }
  | {
    /** A line the CLI's reader refuses: the mission aborts. */
    readonly kind: "corrupt";
    /** What is wrong, with the 1-based line number. */
    readonly reason: string;
  };

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// str.splitlines() boundaries, after universal-newline reading.
// deno-lint-ignore no-control-regex
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const LANES = new Set([
  "planned",
  "claimed",
  "in_progress",
  "for_review",
  "in_review",
  "approved",
  "done",
  "blocked",
  "canceled",
  "genesis",
  "uninitialized",
]);
const TRANSITION_KEYS = [
  "event_id",
  "wp_id",
  "from_lane",
  "to_lane",
  "at",
  "actor",
  "force",
  "execution_mode",
];
const RETROSPECTIVE_TYPES = new Set([
  "RetrospectiveCaptured",
  "RetrospectiveCaptureFailed",
  "RetrospectiveSkipped",
]);
const cache = new WeakMap<Uint8Array, StatusEventLog>();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

class Corrupt extends Error {}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function require(object: JsonObject, key: string, what: string): Json {
  if (!Object.hasOwn(object, key)) {
    throw new Corrupt(`${what} lacks the key "${key}"`);
  }
  return object[key];
}

/** Python truthiness of a JSON value. */
function truthy(value: Json | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

/** What Python's `for item in value` yields, or a refusal for a value it cannot iterate. */
function iterate(value: Json, what: string): Json[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return [...value];
  if (isObject(value)) return Object.keys(value);
  throw new Corrupt(`${what} is not iterable`);
}

function checkRecords(
  value: Json,
  keys: readonly string[],
  what: string,
): void {
  for (const item of iterate(value, what)) {
    if (!isObject(item)) {
      throw new Corrupt(`${what} holds an item that is not an object`);
    }
    for (const key of keys) require(item, key, `an item of ${what}`);
  }
}

/** `StatusEvent.from_dict`: the keys it reads by index, the lanes, the evidence's shape. */
function checkTransition(event: JsonObject): void {
  for (const key of TRANSITION_KEYS) require(event, key, "the transition");
  for (const key of ["from_lane", "to_lane"]) {
    const lane = event[key];
    if (typeof lane !== "string" || !LANES.has(lane)) {
      throw new Corrupt(
        `field "${key}" is not a lane: ${JSON.stringify(lane)}`,
      );
    }
  }
  const evidence = event.evidence;
  if (!truthy(evidence)) return;
  if (!isObject(evidence)) {
    throw new Corrupt('field "evidence" is not an object');
  }
  const review = require(evidence, "review", 'field "evidence"');
  if (!isObject(review)) {
    throw new Corrupt('field "evidence.review" is not an object');
  }
  for (const key of ["reviewer", "verdict", "reference"]) {
    require(review, key, 'field "evidence.review"');
  }
  if (Object.hasOwn(evidence, "repos")) {
    checkRecords(
      evidence.repos,
      ["repo", "branch", "commit"],
      'field "evidence.repos"',
    );
  }
  if (Object.hasOwn(evidence, "verification")) {
    checkRecords(
      evidence.verification,
      ["command", "result", "summary"],
      'field "evidence.verification"',
    );
  }
}

/** `InnerStateChanged.from_dict` and its delta's: the id, the keys, the shapes of the nested slots. */
function checkAnnotation(event: JsonObject): JsonObject {
  const id = require(event, "event_id", "the annotation");
  if (typeof id !== "string" || !ULID.test(id)) {
    throw new Corrupt(`field "event_id" is not a ULID: ${JSON.stringify(id)}`);
  }
  const delta = require(event, "delta", "the annotation");
  if (!isObject(delta)) throw new Corrupt('field "delta" is not an object');
  if (
    delta.subtasks !== undefined && delta.subtasks !== null &&
    !isObject(delta.subtasks)
  ) {
    throw new Corrupt('field "delta.subtasks" is not an object');
  }
  if (delta.review !== undefined && delta.review !== null) {
    if (!isObject(delta.review)) {
      throw new Corrupt('field "delta.review" is not an object');
    }
    for (const key of ["at", "actor", "wp_id", "reason"]) {
      require(delta.review, key, 'field "delta.review"');
    }
  }
  for (const key of ["tracker_refs", "tracker_refs_replace"]) {
    const refs = delta[key];
    if (refs !== undefined && refs !== null) {
      iterate(refs, `field "delta.${key}"`);
    }
  }
  for (const key of ["wp_id", "at", "actor"]) {
    require(event, key, "the annotation");
  }
  return delta;
}

function toPython(value: Json): PyValue {
  if (typeof value === "number") {
    return Number.isInteger(value) ? BigInt(value) : new PyFloat(value);
  }
  if (Array.isArray(value)) return plainList(value.map(toPython));
  if (isObject(value)) {
    const dict = new PyDict("dict");
    for (const [key, item] of Object.entries(value)) {
      dict.set(key, toPython(item));
    }
    return dict;
  }
  return value;
}

type Slots = { -readonly [K in keyof RuntimeFields]: PyValue };

/** The reducer's fold of one annotation: a claim release first, then every present, non-blank slot replaces the last. */
function fold(slots: Slots, delta: JsonObject): void {
  if (truthy(delta.release_runtime_claim)) {
    slots.agent = null;
    slots.shell_pid = null;
    slots.shell_pid_created_at = null;
  }
  const pid = delta.shell_pid;
  if (pid !== undefined && pid !== null) slots.shell_pid = toPython(pid);
  for (const key of ["shell_pid_created_at", "agent", "assignee"] as const) {
    const value = delta[key];
    if (value !== undefined && value !== null && value !== "") {
      slots[key] = toPython(value);
    }
  }
}

function parse(text: string): Map<string, RuntimeFields> {
  const runtime = new Map<string, Slots>();
  text.split(LINE_BREAK).forEach((raw, index) => {
    const line = pyStrip(raw);
    if (line === "") return;
    const where = `line ${index + 1}`;
    let event: Json;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new Corrupt(
        `Invalid JSON on ${where}: ${(error as Error).message}`,
      );
    }
    if (!isObject(event)) {
      throw new Corrupt(
        `Invalid event structure on ${where}: expected JSON object`,
      );
    }
    try {
      const kind = event.kind;
      if (kind !== undefined && kind !== null) {
        if (kind !== "annotation") {
          throw new Corrupt(`unknown event kind ${JSON.stringify(kind)}`);
        }
        const delta = checkAnnotation(event);
        const wp = pyStr(toPython(event.wp_id));
        const slots = runtime.get(wp) ??
          {
            shell_pid: null,
            shell_pid_created_at: null,
            agent: null,
            assignee: null,
          };
        fold(slots, delta);
        runtime.set(wp, slots);
        return;
      }
      const name = event.event_name;
      const skipped =
        (typeof name === "string" && name.startsWith("retrospective.")) ||
        (typeof event.type === "string" &&
          RETROSPECTIVE_TYPES.has(event.type)) ||
        Object.hasOwn(event, "event_type");
      if (!skipped) checkTransition(event);
    } catch (error) {
      if (!(error instanceof Corrupt)) throw error;
      throw new Corrupt(
        `Invalid event structure on ${where}: ${error.message}`,
      );
    }
  });
  return runtime;
}

/**
 * Reads a `status.events.jsonl` as the CLI's status store does, once per
 * byte array (the result is cached by the array's identity, so pass the same
 * array for every work package of a folder).
 *
 * @param bytes The log's bytes.
 * @returns `ok` with each work package's runtime fields, `undecodable` for
 *   bytes that are not UTF-8, or `corrupt` with the first refused line.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readStatusEventLog } from "./status_event_log.ts";
 * const log = readStatusEventLog(new TextEncoder().encode("this is not json\n"));
 * assert.equal(log.kind, "corrupt");
 * ```
 */
export function readStatusEventLog(bytes: Uint8Array): StatusEventLog {
  const known = cache.get(bytes);
  if (known !== undefined) return known;
  let log: StatusEventLog;
  let text: string | undefined;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text === undefined) log = { kind: "undecodable" };
  else {
    try {
      log = { kind: "ok", runtime: parse(text) };
    } catch (error) {
      if (!(error instanceof Corrupt)) throw error;
      log = { kind: "corrupt", reason: error.message };
    }
  }
  cache.set(bytes, log);
  return log;
}
