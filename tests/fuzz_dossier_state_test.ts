// Hostile input for parseDossierState, computeParityHash and validateEvent
// (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import {
  computeParityHash,
  parseDossierState,
  parseEvent,
  reduceMissionDossier,
  serializeDossierState,
} from "../mod.ts";
import { validateEvent } from "../conformance/mod.ts";
import {
  checkRun,
  checkRunAsync,
  DOSSIER_TYPES,
  fuzzParameters,
  hostile,
  jsonish,
  Lazy,
  mutatedWireEvent,
  resolve,
  snapshot,
  Tally,
  validWireEvent,
} from "./_fuzz_kit.ts";

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
  return json.replace(/:(\d+)/, `:${text === "" ? "9007199254740993" : text}`);
});

Deno.test("parseDossierState() survives hostile input (fuzz)", () => {
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
    fuzzParameters,
  );
  tally.report("parseDossierState");
  assert.ok(tally.ok > 0 && tally.errors.size > 0);
});

Deno.test("computeParityHash() survives hostile input (fuzz)", async () => {
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
    fuzzParameters,
  );
  tally.report("computeParityHash");
  assert.ok(tally.ok > 0);
});

Deno.test("validateEvent() survives hostile input (fuzz)", () => {
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
    fc.property(payload, eventType, (input, type) => {
      tally.add(checkRun(
        (value) => validateEvent(value, resolve(type) as string),
        input,
        (result) => snapshot(result),
      ));
    }),
    fuzzParameters,
  );
  tally.report("validateEvent");
  assert.ok(tally.ok > 0);
});
