// Hostile input for parseEvent and parseEventStream (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import { parseEvent, parseEventStream } from "../mod.ts";
import {
  checkRun,
  damagedStream,
  fuzzParameters,
  hostile,
  mutatedWireEvent,
  resolve,
  Tally,
  validWireEvent,
} from "./_fuzz_kit.ts";

Deno.test("parseEvent() survives hostile input (fuzz)", () => {
  const tally = new Tally();
  fc.assert(
    fc.property(
      fc.oneof(hostile, mutatedWireEvent, validWireEvent),
      (input) => tally.add(checkRun(parseEvent, input)),
    ),
    fuzzParameters,
  );
  tally.report("parseEvent");
  assert.ok(tally.ok > 0 && tally.errors.size > 0);
});

Deno.test("parseEventStream() survives hostile input (fuzz)", () => {
  const tally = new Tally();
  const asLine = (value: unknown) => {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return "{";
    }
  };
  fc.assert(
    fc.property(
      fc.oneof(
        damagedStream,
        fc.array(
          fc.oneof(mutatedWireEvent, hostile).map((value) =>
            asLine(resolve(value))
          ),
          {
            maxLength: 4,
          },
        ).map((lines) => lines.join("\n")),
        fc.string({ unit: "binary" }),
        hostile,
      ),
      (input) => tally.add(checkRun(parseEventStream, input)),
    ),
    fuzzParameters,
  );
  tally.report("parseEventStream");
  assert.ok(tally.ok > 0 && tally.errors.size > 0);
});
