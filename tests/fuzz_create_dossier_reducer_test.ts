// Hostile input for createDossierReducer of both contracts: items pushed
// one at a time, the options, and the report it keeps (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import type {
  CreateDossierReducerOptions,
  DossierReducer,
  DossierReportingReducer,
  Event,
} from "../mod.ts";
import { type ContractKit, CONTRACTS } from "./_builders.ts";
import {
  checkRun,
  contractFuzz,
  contractFuzzParameters,
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

/** Pushes every item to `c`'s reducer, then finishes; the report too when one is kept. */
function pushAll(
  c: ContractKit,
  items: readonly unknown[],
  options: unknown,
): string {
  const { createDossierReducer, serializeDossierState } = c.api;
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

type Ending = { ok: true; text: string } | { ok: false };

function ending(run: () => string): Ending {
  try {
    return { ok: true, text: run() };
  } catch {
    return { ok: false };
  }
}

for (const c of CONTRACTS) {
  const { reduceMissionDossierWithReport, serializeDossierState } = c.api;
  const { eventList } = contractFuzz(c);

  Deno.test(`createDossierReducer() survives hostile input (fuzz) (${c.version})`, () => {
    const tally = new Tally();
    fc.assert(
      fc.property(eventList, reducerOptions, (items, options) => {
        tally.add(
          checkRun(
            (input: unknown[]) => pushAll(c, input, resolve(options)),
            items,
            (result) => result,
          ),
        );
      }),
      contractFuzzParameters,
    );
    tally.report(`createDossierReducer ${c.version}`);
    assert.ok(tally.ok > 0 && tally.errors.size > 0);
  });

  Deno.test(`createDossierReducer() with report agrees with reduceMissionDossierWithReport() on hostile streams (fuzz) (${c.version})`, () => {
    fc.assert(
      fc.property(eventList, fc.boolean(), (lazy, report) => {
        const items = resolve(lazy) as Event[];
        const batch = ending(() => {
          const result = reduceMissionDossierWithReport(items);
          return report
            ? `${serializeDossierState(result.state)}\n${
              snapshot(result.report)
            }`
            : serializeDossierState(result.state);
        });
        // Both refuse the same streams (not always with the same error: the
        // batch reads every envelope before it sorts), and agree on the rest.
        assert.deepEqual(ending(() => pushAll(c, items, { report })), batch);
      }),
      {
        ...contractFuzzParameters,
        numRuns: Math.ceil(contractFuzzParameters.numRuns / 5),
      },
    );
  });
}
