// Hostile input for parseEvent and parseEventStream of both contracts
// (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import * as v3 from "../v3.ts";
import { CONTRACTS } from "./_builders.ts";
import {
  checkRun,
  contractFuzz,
  contractFuzzParameters,
  hostile,
  resolve,
  Tally,
} from "./_fuzz_kit.ts";

/** The options of 3.0.0's parsers: mostly right, sometimes anything. */
const parseOptions = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      undefined,
      {},
      { acceptEmptyBuildId: true },
      { acceptEmptyBuildId: false },
    ),
  },
  { weight: 1, arbitrary: hostile },
);

for (const c of CONTRACTS) {
  const { damagedStream, mutatedWireEvent, validWireEvent } = contractFuzz(c);
  // 3.0.0's parsers take options; 2.4.0's have none.
  const parseEvent = c.version === "3.0.0"
    ? (input: unknown, options: unknown) =>
      v3.parseEvent(input, options as never)
    : (input: unknown) => c.api.parseEvent(input);
  const options = c.version === "3.0.0" ? parseOptions : fc.constant(undefined);
  const parseEventStream = c.version === "3.0.0"
    ? (input: string, options: unknown) =>
      v3.parseEventStream(input, options as never)
    : (input: string) => c.api.parseEventStream(input);

  Deno.test(`parseEvent() survives hostile input (fuzz) (${c.version})`, () => {
    const tally = new Tally();
    fc.assert(
      fc.property(
        fc.oneof(hostile, mutatedWireEvent, validWireEvent),
        options,
        (input, option) =>
          tally.add(
            checkRun((value) => parseEvent(value, resolve(option)), input),
          ),
      ),
      contractFuzzParameters,
    );
    tally.report(`parseEvent ${c.version}`);
    assert.ok(tally.ok > 0 && tally.errors.size > 0);
  });

  Deno.test(`parseEventStream() survives hostile input (fuzz) (${c.version})`, () => {
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
        options,
        (input, option) =>
          tally.add(
            checkRun(
              (value) => parseEventStream(value, resolve(option)),
              input,
            ),
          ),
      ),
      contractFuzzParameters,
    );
    tally.report(`parseEventStream ${c.version}`);
    assert.ok(tally.ok > 0 && tally.errors.size > 0);
  });
}
