// reduceEventStream() against the batch pipeline it stands for: the same
// state, or the same error, for every log, in order or not, for both
// contracts.
import assert from "node:assert/strict";
import fc from "fast-check";
import { checkRun, contractFuzz, jsonLine } from "./_fuzz_kit.ts";
import { CONTRACTS } from "./_builders.ts";

for (const c of CONTRACTS) {
  const { parseEventStream, reduceEventStream, reduceMissionDossier } = c.api;
  const serialize = c.api.serializeDossierState;
  const fuzz = contractFuzz(c);
  const batch = (text: string) => reduceMissionDossier(parseEventStream(text));

  Deno.test(`reduceEventStream() returns what reduceMissionDossier(parseEventStream()) returns (${c.version})`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fuzz.damagedStream,
          fuzz.eventLines.map((lines) => lines.join("\n")),
          fc.array(fuzz.validWireEvent, { maxLength: 8 }).map((events) =>
            events.map(jsonLine).join("\r\n")
          ),
        ),
        (text) => {
          const expected = checkRun(batch, text, serialize);
          assert.deepEqual(
            checkRun(reduceEventStream, text, serialize),
            expected,
          );
          if (expected.ok) {
            assert.deepEqual(reduceEventStream(text), batch(text));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  Deno.test(`reduceEventStream() replays a log out of order in full (${c.version})`, () => {
    const lines = [3, 1, 2].map((clock) =>
      JSON.stringify(c.envelope({
        event_id: `01HV7KA8TQ3R0W2M9X6C4B5N0${clock}`,
        lamport_clock: clock,
        event_type: "MissionDossierSnapshotComputed",
        payload: c.snapshotPayload({ snapshot_hash: `sha256:${clock}` }),
      }))
    );
    const text = `\uFEFF${lines.join("\n")}\n\n`;
    const state = reduceEventStream(text);
    assert.equal(state.latest_snapshot?.snapshot_hash, "sha256:3");
    assert.equal(serialize(state), serialize(batch(text)));
  });

  Deno.test(`reduceEventStream() rejects input that is not text (${c.version})`, () => {
    assert.throws(
      () => reduceEventStream(7 as never),
      (error: Error) =>
        error instanceof TypeError &&
        error.message ===
          "Cannot reduce event stream: the input must be JSONL text: received 7",
    );
  });
}
