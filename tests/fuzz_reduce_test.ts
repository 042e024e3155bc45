// Hostile input for reduceMissionDossier and reduceMissionDossierWithReport
// of both contracts, and one replay of a million events
// (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import type { Event } from "../mod.ts";
import { CONTRACTS, ulid } from "./_builders.ts";
import {
  checkRun,
  contractFuzz,
  contractFuzzParameters,
  hostile,
  resolve,
  snapshot,
  Tally,
} from "./_fuzz_kit.ts";

for (const c of CONTRACTS) {
  const {
    reduceMissionDossier,
    reduceMissionDossierWithReport,
    serializeDossierState,
  } = c.api;
  const { eventList } = contractFuzz(c);
  const reducerInput = fc.oneof({ weight: 6, arbitrary: eventList }, {
    weight: 1,
    arbitrary: hostile,
  });

  Deno.test(`reduceMissionDossier() survives hostile input (fuzz) (${c.version})`, () => {
    const tally = new Tally();
    fc.assert(
      fc.property(reducerInput, (input) => {
        tally.add(
          checkRun(reduceMissionDossier, input, serializeDossierState),
        );
      }),
      contractFuzzParameters,
    );
    tally.report(`reduceMissionDossier ${c.version}`);
    assert.ok(tally.ok > 0 && tally.errors.size > 0);
  });

  Deno.test(`reduceMissionDossierWithReport() survives hostile input (fuzz) (${c.version})`, () => {
    const tally = new Tally();
    const options = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(undefined, { onInvalidPayload: "skip" }, {
          onInvalidPayload: "throw",
        }),
      },
      { weight: 1, arbitrary: hostile },
    );
    fc.assert(
      fc.property(reducerInput, options, (input, option) => {
        const outcome = checkRun(
          (events) =>
            reduceMissionDossierWithReport(events, resolve(option) as never),
          input,
          ({ state, report }) =>
            `${serializeDossierState(state)}\n${snapshot(report)}`,
        );
        tally.add(outcome);
      }),
      contractFuzzParameters,
    );
    tally.report(`reduceMissionDossierWithReport ${c.version}`);
    assert.ok(tally.ok > 0 && tally.errors.size > 0);
  });

  Deno.test(`reduceMissionDossierWithReport() accounts for every hostile-but-valid stream (fuzz) (${c.version})`, () => {
    fc.assert(
      fc.property(eventList, (lazy) => {
        const events = resolve(lazy) as Event[];
        let expected: string;
        try {
          expected = serializeDossierState(reduceMissionDossier(events));
        } catch (error) {
          assert.throws(
            () => reduceMissionDossierWithReport(events),
            (e) => (e as Error).message === (error as Error).message,
          );
          return;
        }
        const { state, report } = reduceMissionDossierWithReport(events);
        assert.equal(serializeDossierState(state), expected);
        const { applied, duplicates, ignored, rejected } = report.counts;
        assert.equal(applied + duplicates + ignored + rejected, events.length);
      }),
      {
        ...contractFuzzParameters,
        numRuns: Math.ceil(contractFuzzParameters.numRuns / 5),
      },
    );
  });

  Deno.test(`reduceMissionDossier() replays a million events without a stack overflow (${c.version})`, () => {
    const count = 1_000_000;
    const base = c.indexed(1, "spec.md");
    const events: Event[] = new Array(count);
    for (let n = 0; n < count; n++) {
      // Many paths, ids repeating every 900,000 events: duplicates too.
      events[n] = {
        ...base,
        event_id: ulid(n % 900_000),
        lamport_clock: count - n,
      };
    }
    // The last one (a duplicate of ulid(99_999)) becomes a new snapshot.
    events[count - 1] = c.snapshot(count + 1);
    const { state, report } = reduceMissionDossierWithReport(events);
    assert.equal(report.counts.received, count);
    assert.equal(report.counts.duplicates, 99_999);
    assert.equal(report.counts.applied + report.counts.duplicates, count);
    assert.equal(state.event_count, 900_001);
    assert.equal(state.artifacts.size, 1);
    assert.equal(state.parity_status, "clean");
    assert.equal(
      serializeDossierState(reduceMissionDossier(events)),
      serializeDossierState(state),
    );
  });
}
