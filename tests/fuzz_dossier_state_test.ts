// Hostile input for parseDossierState, computeParityHash and validateEvent
// of both contracts (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import * as conformanceV3 from "../conformance/v3.ts";
import { CONTRACTS } from "./_builders.ts";
import {
  checkRun,
  checkRunAsync,
  contractFuzz,
  contractFuzzParameters,
  DOSSIER_TYPES,
  hostile,
  jsonish,
  Lazy,
  resolve,
  snapshot,
  Tally,
} from "./_fuzz_kit.ts";

for (const c of CONTRACTS) {
  const {
    computeParityHash,
    parseDossierState,
    parseEvent,
    reduceMissionDossier,
    serializeDossierState,
  } = c.api;
  const { mutatedWireEvent, validWireEvent } = contractFuzz(c);
  // 3.0.0's validateEvent also takes acceptEmptyBuildId.
  const validateEvent = c.version === "3.0.0"
    ? conformanceV3.validateEvent
    : c.conformance.validateEvent;
  const validateOptions = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        undefined,
        { strict: true },
        { acceptEmptyBuildId: true },
        { acceptEmptyBuildId: false, strict: false },
      ),
    },
    { weight: 1, arbitrary: hostile },
  );

  /** The canonical JSON of a state reduced from a valid stream (or the empty one). */
  const stateJson: fc.Arbitrary<string> = fc.array(validWireEvent, {
    maxLength: 6,
  })
    .map((wires) =>
      serializeDossierState(
        reduceMissionDossier(wires.map((wire) => parseEvent(wire))),
      )
    );

  /** State JSON cut, spliced with other JSON, or with a value replaced. */
  const damagedStateJson: fc.Arbitrary<string> = fc.tuple(
    stateJson,
    fc.nat(),
    fc.nat(),
    fc.oneof(
      fc.string(),
      jsonish.map((value) => JSON.stringify(value) ?? "null"),
    ),
    fc.constantFrom("cut", "splice", "replace-string", "replace-number"),
  ).map(([json, at, to, text, op]) => {
    const i = at % (json.length + 1);
    if (op === "cut") return json.slice(0, i);
    if (op === "splice") {
      return json.slice(0, i) + text + json.slice(i + (to % 8));
    }
    if (op === "replace-string") {
      return json.replace(
        /"[^"]*"/g,
        (m, offset: number) => offset === i % json.length ? m : m,
      ).replace(/:"([^"]*)"/, `:${text}`);
    }
    return json.replace(
      /:(\d+)/,
      `:${text === "" ? "9007199254740993" : text}`,
    );
  });

  Deno.test(`parseDossierState() survives hostile input (fuzz) (${c.version})`, () => {
    const tally = new Tally();
    fc.assert(
      fc.property(
        fc.oneof(
          stateJson,
          damagedStateJson,
          jsonish.map((value) => JSON.stringify(value) ?? ""),
          fc.string({ unit: "binary" }),
          hostile,
        ),
        (input) => {
          const outcome = checkRun(
            parseDossierState,
            input,
            serializeDossierState,
          );
          tally.add(outcome);
        },
      ),
      contractFuzzParameters,
    );
    tally.report(`parseDossierState ${c.version}`);
    assert.ok(tally.ok > 0 && tally.errors.size > 0);
  });

  Deno.test(`computeParityHash() survives hostile input (fuzz) (${c.version})`, async () => {
    const tally = new Tally();
    const validState = stateJson.map((json) =>
      new Lazy(() => parseDossierState(json), "a state")
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: validState }, {
          weight: 1,
          arbitrary: hostile,
        }),
        async (input) => {
          const outcome = await checkRunAsync(computeParityHash, input, String);
          tally.add(outcome);
          if (outcome.ok) assert.match(outcome.value, /^sha256:[0-9a-f]{64}$/);
        },
      ),
      contractFuzzParameters,
    );
    tally.report(`computeParityHash ${c.version}`);
    assert.ok(tally.ok > 0);
  });

  Deno.test(`validateEvent() survives hostile input (fuzz) (${c.version})`, () => {
    const tally = new Tally();
    const payload = fc.oneof(
      validWireEvent.map((event) => event.payload),
      validWireEvent,
      mutatedWireEvent.map((lazy) =>
        new Lazy(() => {
          const event = resolve(lazy);
          try {
            return Object.getOwnPropertyDescriptor(event, "payload")?.value;
          } catch {
            return event;
          }
        }, String(lazy))
      ),
      mutatedWireEvent,
      hostile,
    );
    const eventType = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...DOSSIER_TYPES, "Event") },
      { weight: 1, arbitrary: hostile },
    );
    fc.assert(
      fc.property(
        payload,
        eventType,
        validateOptions,
        (input, type, option) => {
          tally.add(checkRun(
            (value) =>
              validateEvent(
                value,
                resolve(type) as string,
                resolve(option) as never,
              ),
            input,
            (result) => snapshot(result),
          ));
        },
      ),
      contractFuzzParameters,
    );
    tally.report(`validateEvent ${c.version}`);
    assert.ok(tally.ok > 0);
  });
}
