// Shared machinery of the fuzz suites (tests/fuzz_*_test.ts): hostile
// inputs, and the checks every run must pass. See docs/robustness.md.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  DossierPayloadError,
  NamespaceMixedStreamError,
  ParseEventRangeError,
  ParseEventSyntaxError,
  ParseEventTypeError,
} from "../mod.ts";
import { NamespaceMixedStreamError as NamespaceMixedStreamErrorV3 } from "../v3.ts";
import { EventOutOfOrderError } from "../src/replay/reread_out_of_order.ts";
import { type ContractKit, ulid, V2 } from "./_builders.ts";

/** Runs per target: 10,000 by default, `FUZZ_RUNS=100000 deno task test` for more. */
export const FUZZ_RUNS: number = (() => {
  const value = Number(Deno.env.get("FUZZ_RUNS") ?? "");
  return Number.isSafeInteger(value) && value > 0 ? value : 10_000;
})();

/** A fixed seed unless `FUZZ_SEED` is set, so that CI is reproducible. */
export const FUZZ_SEED: number = (() => {
  const text = Deno.env.get("FUZZ_SEED") ?? "";
  return text !== "" && Number.isSafeInteger(Number(text))
    ? Number(text)
    : 20260221;
})();

export const fuzzParameters = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED } as const;

/**
 * The library suites run each target for both contracts: half the runs
 * each, so that a target costs what it did with one contract.
 */
export const contractFuzzParameters = {
  numRuns: Math.ceil(FUZZ_RUNS / 2),
  seed: FUZZ_SEED,
} as const;

const _ALLOWED: ReadonlySet<unknown> = new Set([
  ParseEventTypeError,
  ParseEventRangeError,
  ParseEventSyntaxError,
  TypeError,
  RangeError,
  SyntaxError,
  NamespaceMixedStreamError,
  NamespaceMixedStreamErrorV3,
  DossierPayloadError,
  // The RangeError of an assumeSorted reducer's out-of-order push, a class of
  // its own so that a re-read can tell it from any other.
  EventOutOfOrderError,
]);

// ---------------------------------------------------------------- values

class Widget {
  size = 3;
  get area(): number {
    return this.size * this.size;
  }
}

function _boom(): never {
  throw new Error("boom");
}

function _deep(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = {};
  for (let level = 0; level < levels; level++) value = wrap(value);
  return value;
}

const _MEGABYTE = "x".repeat(1 << 20);

/** Hand-made hostile values: each call builds fresh ones. */
export function hostileValues(): unknown[] {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cyclicArray: unknown[] = [];
  cyclicArray.push(cyclicArray);
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  return [
    undefined,
    null,
    NaN,
    Infinity,
    -Infinity,
    -0,
    2 ** 53,
    2 ** 64,
    -(2 ** 60),
    1e308,
    5e-324,
    10n,
    2n ** 70n,
    Symbol("s"),
    () => 1,
    function named() {},
    new Date(0),
    new Date(NaN),
    new Widget(),
    new Map([["a", 1]]),
    new Set([1]),
    new Uint8Array([1, 2]),
    /re/g,
    new Error("an error"),
    Promise.resolve(1),
    new String("boxed"),
    Object.create(null),
    Object.create({ inherited: true }),
    cyclic,
    cyclicArray,
    Object.defineProperty({}, "event_id", { get: _boom, enumerable: true }),
    Object.defineProperty({}, "namespace", { get: _boom, enumerable: true }),
    Object.defineProperty([], 0, { get: _boom, enumerable: true }),
    new Proxy({}, {
      get: _boom,
      ownKeys: _boom,
      has: _boom,
      getOwnPropertyDescriptor: _boom,
    }),
    new Proxy({}, { getPrototypeOf: _boom }),
    new Proxy([], { get: _boom }),
    revoked,
    _MEGABYTE,
    "\ud800",
    "",
    "undefined",
    "[object Object]",
    _deep(10_000, (inner) => ({ a: inner })),
    _deep(10_000, (inner) => [inner]),
    JSON.parse(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":1}',
    ),
    JSON.parse('{"10":1,"2":2,"a":3,"-1":4,"01":5}'),
    [,],
    Object.assign([1, 2], { extra: 1 }),
  ];
}

/**
 * A value built only when a run starts: fast-check inspects what it
 * generates, and a revoked proxy or a throwing trap would break it there.
 */
export class Lazy {
  constructor(readonly make: () => unknown, readonly label: string) {}
  toString(): string {
    return this.label;
  }
}

/** The value a run hands to its target. */
export function resolve(value: unknown): unknown {
  return value instanceof Lazy ? value.make() : value;
}

// Built once: runs share them, which also proves no run changes them.
const _HOSTILE = hostileValues();

/** Keys that objects treat specially; they must stay data. */
export const specialKey: fc.Arbitrary<string> = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "0",
  "10",
  "2",
  "-1",
  "4294967295",
  "",
);

/** Arbitrary JSON, special keys at every level, big numbers included. */
export const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e21, 9007199254740993),
    fc.dictionary(fc.oneof(specialKey, fc.string()), tie("value"), {
      maxKeys: 4,
    })
      .map((value) => JSON.parse(JSON.stringify(value))),
    fc.array(tie("value"), { maxLength: 3 }),
  ),
})).value;

/** Any value: JSON, JavaScript values beyond JSON, and the hand-made hostile ones. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  jsonish,
  fc.anything({
    key: fc.oneof(specialKey, fc.string({ maxLength: 3 })),
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  fc.nat({ max: _HOSTILE.length - 1 }).map((index) =>
    new Lazy(() => _HOSTILE[index], `hostileValues()[${index}]`)
  ),
);

// ---------------------------------------------------------- valid data

export const DOSSIER_TYPES = [
  "MissionDossierArtifactIndexed",
  "MissionDossierArtifactMissing",
  "MissionDossierSnapshotComputed",
  "MissionDossierParityDriftDetected",
] as const;

/** Sets the value at a path (creating objects on the way), or deletes it. */
function _setAt(
  root: unknown,
  path: readonly string[],
  value: unknown,
  remove: boolean,
): unknown {
  if (path.length === 0) return remove ? undefined : value;
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    root = {};
  }
  const copy: Record<string, unknown> = {
    ...(root as Record<string, unknown>),
  };
  const [head, ...rest] = path;
  const next = _setAt(
    Object.getOwnPropertyDescriptor(copy, head)?.value,
    rest,
    value,
    remove,
  );
  if (remove && rest.length === 0) delete copy[head];
  else {Object.defineProperty(copy, head, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });}
  return copy;
}

const _FIELD_PATHS: readonly (readonly string[])[] = [
  ["event_id"],
  ["event_type"],
  ["aggregate_id"],
  ["payload"],
  ["timestamp"],
  ["node_id"],
  ["lamport_clock"],
  ["causation_id"],
  ["project_uuid"],
  ["project_slug"],
  ["correlation_id"],
  ["schema_version"],
  ["data_tier"],
  ["payload", "namespace"],
  ["payload", "namespace", "project_uuid"],
  ["payload", "namespace", "step_id"],
  ["payload", "artifact_id"],
  ["payload", "artifact_id", "path"],
  ["payload", "content_ref", "size_bytes"],
  ["payload", "supersedes"],
  ["payload", "provenance", "source_event_ids"],
  ["payload", "context_diagnostics"],
  ["payload", "context_diagnostics", "__proto__"],
  ["payload", "artifact_count"],
  ["payload", "drift_kind"],
  ["payload", "artifact_ids_changed"],
  ["payload", "__proto__"],
  ["__proto__"],
  ["constructor"],
  ["payload", "constructor", "prototype"],
];

/**
 * Paths of contract `c` beyond `_FIELD_PATHS`: its own field names, the
 * other contract's, keys no object declares (an error in 3.0.0 only) and
 * 3.0.0's `build_id`.
 */
function _contractPaths(c: ContractKit): (readonly string[])[] {
  return [
    ["payload", "namespace", c.slug],
    ["payload", "namespace", c.otherSlug],
    ["payload", "namespace", "extra"],
    ["payload", "artifact_id", c.mission],
    ["payload", "expected_identity", c.otherMission],
    ["payload", "content_ref", "extra"],
    ["payload", "extra"],
    ...(c.version === "3.0.0" ? [["build_id"], ["payload", "build_id"]] : []),
  ];
}

/** One line of JSONL for any value: its JSON, or a broken line where it has none. */
export function jsonLine(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return "{";
  }
}

/** The valid, mutated and damaged inputs of one contract. */
export interface ContractFuzz {
  /** A valid wire envelope of any dossier type (or another type), as JSON. */
  readonly validWireEvent: fc.Arbitrary<Record<string, unknown>>;
  /** A valid wire event with one field replaced by a hostile value, or removed. */
  readonly mutatedWireEvent: fc.Arbitrary<unknown>;
  /** Parsed events, events whose payload took a hostile value, and hostile items. */
  readonly eventItem: fc.Arbitrary<unknown>;
  /** What a reducer is handed: always a real array, whose items may be anything. */
  readonly eventList: fc.Arbitrary<Lazy>;
  /** Up to six lines: valid events, mutated events, any JSON, any text. */
  readonly eventLines: fc.Arbitrary<string[]>;
  /** A JSONL stream of valid events, with lines cut, doubled and reordered. */
  readonly damagedStream: fc.Arbitrary<string>;
}

function _contractFuzz(
  c: ContractKit,
  fieldPaths: readonly (readonly string[])[],
): ContractFuzz {
  const validWireEvent: fc.Arbitrary<Record<string, unknown>> = fc.record({
    id: fc.integer({ min: 1, max: 8 }),
    clock: fc.integer({ min: 0, max: 6 }),
    kind: fc.constantFrom(...DOSSIER_TYPES, "Noted"),
    path: fc.constantFrom(
      "spec.md",
      "__proto__",
      "10",
      "2",
      "constructor",
      "é😀",
    ),
  }).map(({ id, clock, kind, path }) => {
    const payload = kind === "MissionDossierArtifactIndexed"
      ? c.indexedPayload(path)
      : kind === "MissionDossierArtifactMissing"
      ? c.missingPayload(path)
      : kind === "MissionDossierSnapshotComputed"
      ? c.snapshotPayload()
      : kind === "MissionDossierParityDriftDetected"
      ? c.driftPayload()
      : {};
    return JSON.parse(JSON.stringify(
      c.envelope({
        event_id: ulid(id),
        lamport_clock: clock,
        event_type: kind,
        payload,
      }),
    ));
  });

  const mutatedWireEvent: fc.Arbitrary<unknown> = fc.tuple(
    validWireEvent,
    fc.constantFrom(...fieldPaths),
    hostile,
    fc.boolean(),
  ).map(([event, path, value, remove]) =>
    new Lazy(
      () => _setAt(event, path, resolve(value), remove),
      `${remove ? "without" : "with a hostile"} ${path.join(".")}`,
    )
  );

  const parsed = (wire: unknown): unknown => {
    try {
      return c.api.parseEvent(wire);
    } catch {
      return wire;
    }
  };

  const eventItem: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 10, arbitrary: validWireEvent.map(parsed) },
    {
      weight: 3,
      arbitrary: mutatedWireEvent.map((lazy) =>
        new Lazy(() => parsed(resolve(lazy)), String(lazy))
      ),
    },
    { weight: 1, arbitrary: hostile },
  );

  const eventList: fc.Arbitrary<Lazy> = fc.array(eventItem, {
    maxLength: 12,
  })
    .map((items) =>
      new Lazy(() => items.map(resolve), `${items.length} items`)
    );

  const eventLines: fc.Arbitrary<string[]> = fc.array(
    fc.oneof(
      validWireEvent.map(jsonLine),
      mutatedWireEvent.map((lazy) => jsonLine(resolve(lazy))),
      jsonish.map(jsonLine),
      fc.string(),
    ),
    { maxLength: 6 },
  );

  const damagedStream: fc.Arbitrary<string> = fc.tuple(
    fc.array(validWireEvent, { maxLength: 8 }),
    fc.array(
      fc.record({
        op: fc.constantFrom("cut", "double", "swap", "insert", "crlf"),
        at: fc.nat(),
        to: fc.nat(),
        text: fc.oneof(
          fc.string(),
          jsonish.map((value) => JSON.stringify(value) ?? "null"),
        ),
      }),
      { maxLength: 3 },
    ),
  ).map(([events, edits]) => {
    const lines = events.map((event) => JSON.stringify(event));
    for (const { op, at, to, text } of edits) {
      if (lines.length === 0) {
        lines.push(text);
        continue;
      }
      const i = at % lines.length;
      const j = to % lines.length;
      if (op === "cut") {
        lines[i] = lines[i].slice(0, to % (lines[i].length + 1));
      } else if (op === "double") lines.splice(i, 0, lines[i]);
      else if (op === "swap") [lines[i], lines[j]] = [lines[j], lines[i]];
      else if (op === "insert") lines.splice(i, 0, text);
      else lines[i] = `${lines[i]}\r`;
    }
    return lines.join("\n");
  });

  return {
    validWireEvent,
    mutatedWireEvent,
    eventItem,
    eventList,
    eventLines,
    damagedStream,
  };
}

/**
 * The inputs of contract `c` for the library's fuzz suites: the wire
 * events are `c`'s, parsed with its `parseEvent`, and their mutations also
 * reach its own field names, the other contract's and unknown keys.
 */
export function contractFuzz(c: ContractKit): ContractFuzz {
  return _contractFuzz(c, [..._FIELD_PATHS, ..._contractPaths(c)]);
}

// The 2.4.0 inputs as they always were, for the command line and Worker
// suites.
const _V2_INPUTS = _contractFuzz(V2, _FIELD_PATHS);
/** A valid 2.4.0 wire envelope of any dossier type (or another type), as JSON. */
export const validWireEvent: fc.Arbitrary<Record<string, unknown>> =
  _V2_INPUTS.validWireEvent;
/** A valid 2.4.0 wire event with one field replaced by a hostile value, or removed. */
export const mutatedWireEvent: fc.Arbitrary<unknown> =
  _V2_INPUTS.mutatedWireEvent;
/** Parsed 2.4.0 events, events whose payload took a hostile value, and hostile items. */
export const eventItem: fc.Arbitrary<unknown> = _V2_INPUTS.eventItem;
/** What a 2.4.0 reducer is handed: always a real array, whose items may be anything. */
export const eventList: fc.Arbitrary<Lazy> = _V2_INPUTS.eventList;
/** Up to six lines: valid 2.4.0 events, mutated events, any JSON, any text. */
export const eventLines: fc.Arbitrary<string[]> = _V2_INPUTS.eventLines;
/** A JSONL stream of valid 2.4.0 events, with lines cut, doubled and reordered. */
export const damagedStream: fc.Arbitrary<string> = _V2_INPUTS.damagedStream;

// ---------------------------------------------------------------- checks

/**
 * A structural fingerprint of a value that never runs a getter or a proxy
 * trap twice in a way that matters, never recurses (10,000 levels are fine)
 * and tolerates cycles.
 */
export function snapshot(root: unknown): string {
  const out: string[] = [];
  const ids = new Map<object, number>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      out.push(`s${value.length}:${value}`);
      continue;
    }
    if (typeof value === "symbol") {
      out.push(`y${String(value.description)}`);
      continue;
    }
    if (
      value === null ||
      (typeof value !== "object" && typeof value !== "function")
    ) {
      out.push(
        `${typeof value}:${Object.is(value, -0) ? "-0" : String(value)}`,
      );
      continue;
    }
    const seen = ids.get(value);
    if (seen !== undefined) {
      out.push(`@${seen}`);
      continue;
    }
    ids.set(value, ids.size);
    let keys: (string | symbol)[];
    let prototype: unknown;
    try {
      keys = Reflect.ownKeys(value);
      prototype = Object.getPrototypeOf(value);
      if (value instanceof Date) out.push(`date:${value.getTime()}`);
      if (value instanceof Map) stack.push([...value]);
      if (value instanceof Set) stack.push([...value]);
    } catch {
      out.push("opaque");
      continue;
    }
    out.push(`o${keys.length}`);
    stack.push(
      prototype === null
        ? "proto:null"
        : prototype === Object.prototype
        ? "proto:object"
        : prototype === Array.prototype
        ? "proto:array"
        : "proto:other",
    );
    for (const key of keys) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!;
      out.push(
        `k${String(key)}|${descriptor.enumerable}|${descriptor.writable}`,
      );
      if ("value" in descriptor) stack.push(descriptor.value);
      else out.push(`getter`);
    }
  }
  return out.join("\n");
}

function _prototypeSnapshot(): string {
  const describe = (target: object) =>
    Reflect.ownKeys(target).map((key) => {
      const d = Reflect.getOwnPropertyDescriptor(target, key)!;
      return `${String(key)}:${typeof d.value}:${
        String(d.get)
      }:${d.enumerable}`;
    }).join(",");
  return [
    describe(Object.prototype),
    describe(Array.prototype),
    describe(Function.prototype),
    String(Object.getPrototypeOf(Object.prototype)),
    String(Object.isExtensible(Object.prototype)),
  ].join("\n");
}

const _PROTOTYPES = _prototypeSnapshot();

/** Text of a message with the quoted values (the input echoed back) taken out. */
function _ownWords(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/** Asserts that an error is one of the documented ones, with a clear message. */
export function assertDocumentedError(
  error: unknown,
  inputText = "",
): void {
  if (!(error instanceof Error) || !_ALLOWED.has(error.constructor)) {
    throw new assert.AssertionError({
      message: `an undocumented error escaped: ${
        error instanceof Error
          ? `${error.constructor.name}: ${error.message}\n${error.stack}`
          : String(error)
      }`,
    });
  }
  // Words the input itself holds may be echoed back; only ours are judged.
  let words = _ownWords(error.message);
  for (const word of ["undefined", "[object", "NaN"]) {
    if (inputText.includes(word)) words = words.replaceAll(word, "");
  }
  assert.ok(error.message.length > 0, "the error has no message");
  assert.doesNotMatch(
    words,
    /\bundefined\b/,
    `unclear message: ${error.message}`,
  );
  assert.doesNotMatch(
    words,
    /\[object \w+\]/,
    `unclear message: ${error.message}`,
  );
  assert.doesNotMatch(
    error.message,
    /call stack/i,
    `stack overflow: ${error.message}`,
  );
  assert.doesNotMatch(
    words,
    /\bNaN\b.*\bNaN\b/,
    `unclear message: ${error.message}`,
  );
}

/** The outcome of one call: a fingerprint of what it returned, or its error. */
export type Outcome = { ok: true; value: string } | {
  ok: false;
  error: string;
};

/** The outcome of a call that threw: only after the error passed its checks. */
function _failure(error: unknown, inputText: string): Outcome {
  assertDocumentedError(error, inputText);
  return {
    ok: false,
    error: `${(error as Error).name}: ${(error as Error).message}`,
  };
}

function _assertPrototypesKept(): void {
  assert.equal(_prototypeSnapshot(), _PROTOTYPES, "a prototype changed");
}

/** Checks that both calls ended alike and left the input as it was. */
function _sameOutcomeTwice(
  outcomes: readonly Outcome[],
  input: unknown,
  before: string,
): Outcome {
  assert.deepEqual(outcomes[1], outcomes[0], "the result is not deterministic");
  assert.equal(snapshot(input), before, "the input was mutated");
  return outcomes[0];
}

/**
 * Calls `target` twice on `input` and checks the contract of every fuzz
 * run: only documented errors, the same outcome twice, the input unchanged,
 * no prototype touched. `fingerprint` turns a result into comparable text.
 */
export function checkRun<T>(
  // deno-lint-ignore no-explicit-any
  target: (input: any) => T,
  generated: unknown,
  fingerprint: (result: T) => string = (result) => snapshot(result),
): Outcome {
  const input = resolve(generated);
  const before = snapshot(input);
  const outcomes: Outcome[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      outcomes.push({ ok: true, value: fingerprint(target(input)) });
    } catch (error) {
      outcomes.push(_failure(error, before));
    }
    _assertPrototypesKept();
  }
  return _sameOutcomeTwice(outcomes, input, before);
}

/** `checkRun` for an async target. */
export async function checkRunAsync<T>(
  // deno-lint-ignore no-explicit-any
  target: (input: any) => Promise<T>,
  generated: unknown,
  fingerprint: (result: T) => string = (result) => snapshot(result),
): Promise<Outcome> {
  const input = resolve(generated);
  const before = snapshot(input);
  const outcomes: Outcome[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      outcomes.push({ ok: true, value: fingerprint(await target(input)) });
    } catch (error) {
      outcomes.push(_failure(error, before));
    }
    _assertPrototypesKept();
  }
  return _sameOutcomeTwice(outcomes, input, before);
}

/** Counts how runs ended, for docs/robustness.md. */
export class Tally {
  ok = 0;
  errors = new Map<string, number>();
  add(outcome: Outcome): void {
    if (outcome.ok) this.ok++;
    else {
      const name = outcome.error.slice(0, outcome.error.indexOf(":"));
      this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
    }
  }
  report(target: string): void {
    if (Deno.env.get("FUZZ_VERBOSE")) {
      console.log(
        `fuzz ${target}: ${this.ok} returned, ${
          JSON.stringify(Object.fromEntries(this.errors))
        } threw`,
      );
    }
  }
}
