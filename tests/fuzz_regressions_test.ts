// Regression tests for the failures the fuzz suites found
// (docs/robustness.md), for both contracts: the reducers and the parity
// hash are one pipeline, and each contract's entry point must keep them.
import assert from "node:assert/strict";
import { CONTRACTS } from "./_builders.ts";

const boom = () => {
  throw new Error("boom");
};

for (const c of CONTRACTS) {
  const { indexed, snapshot } = c;
  const {
    computeParityHash,
    reduceMissionDossier,
    reduceMissionDossierWithReport,
  } = c.api;

  Deno.test(`reduceMissionDossier() rejects a non-iterable input with a clear TypeError (${c.version})`, async (t) => {
    const cases: [string, unknown, string][] = [
      ["undefined", undefined, "received nothing"],
      ["null", null, "received null"],
      ["a number", 3, "received 3"],
      ["a plain object", { length: 1 }, "received an object"],
    ];
    for (const [name, input, received] of cases) {
      await t.step(name, () => {
        assert.throws(
          () => reduceMissionDossier(input as never),
          new TypeError(
            `Cannot reduce events: the input must be an iterable of parsed events: ${received}`,
          ),
        );
      });
    }
  });

  Deno.test(`reduceMissionDossier() names the item that is not an event (${c.version})`, async (t) => {
    const cases: [string, unknown, RegExp, ErrorConstructor][] = [
      [
        "null",
        null,
        /events\[1\] is not a parsed event \(see parseEvent\): the input must be an object: received null$/,
        TypeError,
      ],
      [
        "a string",
        "x",
        /events\[1\] .*: the input must be an object: received "x"$/,
        TypeError,
      ],
      [
        "no event_type",
        {},
        /events\[1\] .*: field "event_type" must be a string: received nothing$/,
        TypeError,
      ],
      [
        "a dossier event without an id",
        { ...snapshot(2), event_id: 7 },
        /field "event_id" must be a string: received 7$/,
        TypeError,
      ],
      [
        "a clock given as text",
        { ...snapshot(2), lamport_clock: "2" },
        /field "lamport_clock" must be an integer of at least 0 and at most 2\^53−1: received "2"$/,
        TypeError,
      ],
      [
        "a clock beyond 2^53",
        { ...snapshot(2), lamport_clock: 2 ** 60 },
        /field "lamport_clock" must be an integer .*: received 1152921504606847000$/,
        RangeError,
      ],
      [
        "a timestamp given as an object",
        { ...snapshot(2), timestamp: new Date(0) },
        /field "timestamp" must be a datetime string or a Unix time number: received a Date$/,
        TypeError,
      ],
    ];
    for (const [name, item, message, type] of cases) {
      await t.step(name, () => {
        assert.throws(
          () => reduceMissionDossier([snapshot(1), item] as never),
          (error: unknown) =>
            error instanceof type && error.constructor === type &&
            message.test(error.message),
        );
      });
    }
  });

  Deno.test(`reduceMissionDossier() turns throwing getters and proxy traps into a TypeError (${c.version})`, async (t) => {
    const trapping = new Proxy({}, { get: boom });
    const getter = Object.defineProperty({}, "event_type", { get: boom });
    const element = Object.defineProperty([], 0, {
      get: boom,
      enumerable: true,
    });
    const iterable = { [Symbol.iterator]: boom };
    const cases: [string, unknown, RegExp][] = [
      [
        "a proxy event",
        [trapping],
        /events\[0\] .*: field "event_type" must be plain data \(reading it threw Error\)/,
      ],
      ["a throwing getter", [getter], /field "event_type" must be plain data/],
      [
        "a throwing array element",
        element,
        /the input must be plain data \(iterating it threw Error\)/,
      ],
      [
        "a throwing iterator",
        iterable,
        /the input must be plain data \(iterating it threw Error\)/,
      ],
      [
        "a throwing payload getter",
        [Object.defineProperty({ ...snapshot(1) }, "payload", { get: boom })],
        /field "payload" must be plain data/,
      ],
    ];
    for (const [name, input, message] of cases) {
      await t.step(name, () => {
        assert.throws(
          () => reduceMissionDossier(input as never),
          (error: unknown) =>
            error instanceof TypeError && message.test(error.message),
        );
      });
    }
  });

  Deno.test(`reduceMissionDossier() passes over a payload whose namespace cannot be read (${c.version})`, () => {
    const payload = new Proxy({}, {
      getOwnPropertyDescriptor: boom,
      get: boom,
    });
    const state = reduceMissionDossier([
      { ...indexed(1, "spec.md"), payload } as never,
      indexed(2, "plan.md"),
    ]);
    assert.deepEqual([...state.artifacts.keys()], ["plan.md"]);
    assert.equal(state.event_count, 2);
    const nullPayload = { ...snapshot(3), payload: null };
    const { report } = reduceMissionDossierWithReport([nullPayload as never]);
    assert.equal(report.rejected[0].issues[0].path, "payload");
  });

  Deno.test(`computeParityHash() turns a state it cannot read into a TypeError (${c.version})`, async (t) => {
    const cases: [string, unknown, RegExp][] = [
      [
        "a proxy",
        new Proxy({}, { get: boom }),
        /^Cannot compute the parity hash: the state must be plain data \(reading it threw Error\)$/,
      ],
      [
        "an entry without a content_ref",
        { artifacts: new Map([["spec.md", { superseded: false }]]) },
        /^Cannot compute the parity hash: artifact "spec\.md" must have a content_ref\.hash string \(a reduced dossier\): received nothing$/,
      ],
      [
        "a path that is not text",
        { artifacts: new Map([[7, { content_ref: { hash: "ab" } }]]) },
        /artifact 7 must have a content_ref\.hash string/,
      ],
    ];
    for (const [name, state, message] of cases) {
      await t.step(name, async () => {
        await assert.rejects(
          () => computeParityHash(state as never),
          (error: unknown) =>
            error instanceof TypeError && message.test(error.message),
        );
      });
    }
  });
}
