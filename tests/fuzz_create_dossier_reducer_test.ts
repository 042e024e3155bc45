// Hostile input for createDossierReducer: items pushed one at a time, the
// options, and the report it keeps (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import {
  createDossierReducer,
  type CreateDossierReducerOptions,
  type DossierReducer,
  type DossierReportingReducer,
  type Event,
  reduceMissionDossierWithReport,
  serializeDossierState,
} from "../mod.ts";
import {
  checkRun,
  eventList,
  fuzzParameters,
  hostile,
  resolve,
  snapshot,
  Tally,
} from "./_fuzz_kit.ts";

const reducerOptions: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      assumeSorted: fc.boolean(),
      report: fc.boolean(),
    }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: hostile },
);

/** Pushes every item, then finishes; the report too when one is kept. */
function pushAll(items: readonly unknown[], options: unknown): string {
  const reducer: DossierReducer = createDossierReducer(
    options as CreateDossierReducerOptions,
  );
  for (const item of items) reducer.push(item as Event);
  if (!("finishWithReport" in reducer)) {
    return serializeDossierState(reducer.finish());
  }
  const { state, report } = (reducer as DossierReportingReducer)
    .finishWithReport();
  // finish() must agree with the state of finishWithReport().
  assert.equal(
    serializeDossierState(reducer.finish()),
    serializeDossierState(state),
  );
  return `${serializeDossierState(state)}\n${snapshot(report)}`;
}

Deno.test("createDossierReducer() survives hostile input (fuzz)", () => {
  const tally = new Tally();
  fc.assert(
    fc.property(eventList, reducerOptions, (items, options) => {
      tally.add(
        checkRun(
          (input: unknown[]) => pushAll(input, resolve(options)),
          items,
          (result) => result,
        ),
      );
    }),
    fuzzParameters,
  );
  tally.report("createDossierReducer");
  assert.ok(tally.ok > 0 && tally.errors.size > 0);
});

type Ending = { ok: true; text: string } | { ok: false };

function ending(run: () => string): Ending {
  try {
    return { ok: true, text: run() };
  } catch {
    return { ok: false };
  }
}

Deno.test("createDossierReducer() with report agrees with reduceMissionDossierWithReport() on hostile streams (fuzz)", () => {
  fc.assert(
    fc.property(eventList, fc.boolean(), (lazy, report) => {
      const items = resolve(lazy) as Event[];
      const batch = ending(() => {
        const result = reduceMissionDossierWithReport(items);
        return report
          ? `${serializeDossierState(result.state)}\n${snapshot(result.report)}`
          : serializeDossierState(result.state);
      });
      // Both refuse the same streams (not always with the same error: the
      // batch reads every envelope before it sorts), and agree on the rest.
      assert.deepEqual(ending(() => pushAll(items, { report })), batch);
    }),
    { ...fuzzParameters, numRuns: Math.ceil(fuzzParameters.numRuns / 5) },
  );
});
