// Every test runs against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the same incremental
// reducer, other field names).
import assert from "node:assert/strict";
import fc from "fast-check";
import type {
  DossierReduceResult,
  Event,
  MissionDossierState,
} from "../mod.ts";
import { sortByEvent } from "../src/replay/event_order.ts";
import { type ContractKit, CONTRACTS, fieldOf } from "./_builders.ts";

const PROJECT_UUID = "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f";
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function ulid(n: number): string {
  return `01HV7KA8TQ3R0W2M9X6C4B5N${CROCKFORD[n >> 5]}${CROCKFORD[n & 31]}`;
}

interface Spec {
  readonly id: number;
  readonly clock: number;
  readonly second: number;
  readonly kind: number;
  readonly path: number;
  readonly supersedes: number | null;
  readonly feature: number;
  readonly stepId: number;
}

/**
 * Builds a parsed envelope of contract `c` from a compact description: few
 * ids, clocks and paths, so that ties, duplicates and supersedes are common.
 */
function eventOf(c: ContractKit, spec: Spec): Event {
  const namespace = (feature: string, stepId: string | null = null) =>
    c.namespace({ [c.slug]: feature, step_id: stepId });
  const ns = namespace(
    spec.feature === 0 ? "042-dossier" : "043-other",
    spec.stepId === 0 ? null : `step-${spec.stepId}`,
  );
  const path = `docs/${spec.path}.md`;
  const identity = c.identity(path);
  const payloads: [string, Record<string, unknown>][] = [
    ["MissionDossierArtifactIndexed", {
      namespace: ns,
      artifact_id: identity,
      content_ref: { hash: `h${spec.id}-${spec.clock}`, algorithm: "sha256" },
      indexed_at: "2026-02-21T14:00:00Z",
      supersedes: spec.supersedes === null ? null : {
        ...identity,
        path: `docs/${spec.supersedes}.md`,
      },
    }],
    ["MissionDossierArtifactMissing", {
      namespace: ns,
      expected_identity: identity,
      manifest_step: `step-${spec.clock}`,
      checked_at: "2026-02-21T14:05:00Z",
    }],
    ["MissionDossierSnapshotComputed", {
      namespace: ns,
      snapshot_hash: `sha256:${spec.id}`,
      artifact_count: spec.clock,
      anomaly_count: 0,
      computed_at: "2026-02-21T14:10:00Z",
    }],
    ["MissionDossierParityDriftDetected", {
      namespace: ns,
      expected_hash: "a",
      actual_hash: `b${spec.id}`,
      drift_kind: "artifact_added",
      detected_at: "2026-02-21T14:12:00Z",
    }],
    // An invalid payload: skipped by the fold but counted.
    ["MissionDossierArtifactIndexed", { namespace: ns, artifact_id: identity }],
    ["WPStatusChanged", { namespace: namespace("elsewhere") }],
    // An unknown key in the namespace: dropped by 2.4.0; 3.0.0 skips the
    // payload and its guard passes the namespace over.
    ["MissionDossierSnapshotComputed", {
      namespace: { ...ns, extra: "x" },
      snapshot_hash: `sha256:${spec.id}`,
      artifact_count: 0,
      anomaly_count: 0,
      computed_at: "2026-02-21T14:10:00Z",
    }],
  ];
  const [eventType, payload] = payloads[spec.kind];
  return c.event({
    event_id: ulid(spec.id),
    event_type: eventType,
    aggregate_id: "mission-042",
    payload,
    timestamp: `2026-02-21T14:00:0${spec.second}Z`,
    node_id: "n",
    lamport_clock: spec.clock,
    project_uuid: PROJECT_UUID,
    correlation_id: ulid(0),
  });
}

const specArbitrary: fc.Arbitrary<Spec> = fc.record({
  id: fc.integer({ min: 1, max: 12 }),
  clock: fc.integer({ min: 0, max: 5 }),
  second: fc.integer({ min: 0, max: 2 }),
  kind: fc.integer({ min: 0, max: 6 }),
  path: fc.integer({ min: 0, max: 3 }),
  supersedes: fc.option(fc.integer({ min: 0, max: 3 })),
  // Mostly one namespace, sometimes a second one: mixed streams must throw
  // the same error either way.
  feature: fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? 1 : 0)),
  stepId: fc.integer({ min: 0, max: 2 }),
});

for (const c of CONTRACTS) {
  const {
    createDossierReducer,
    NamespaceMixedStreamError,
    reduceMissionDossier,
    reduceMissionDossierWithReport,
  } = c.api;
  const event = (spec: Spec) => eventOf(c, spec);

  type Outcome =
    | { readonly state: MissionDossierState }
    | { readonly error: string };

  const outcome = (run: () => MissionDossierState): Outcome => {
    try {
      return { state: run() };
    } catch (error) {
      assert.ok(error instanceof NamespaceMixedStreamError);
      return { error: error.message };
    }
  };

  const pushAll = (
    events: readonly Event[],
    options?: { assumeSorted?: boolean },
  ): MissionDossierState => {
    const reducer = createDossierReducer(options);
    for (const item of events) reducer.push(item);
    return reducer.finish();
  };

  Deno.test(`createDossierReducer() equals reduceMissionDossier() in any arrival order (${c.version})`, () => {
    fc.assert(
      fc.property(fc.array(specArbitrary, { maxLength: 25 }), (specs) => {
        const events = specs.map(event);
        assert.deepEqual(
          outcome(() => pushAll(events)),
          outcome(() => reduceMissionDossier(events)),
        );
      }),
      { numRuns: 200 },
    );
  });

  Deno.test(`createDossierReducer() with assumeSorted equals reduceMissionDossier() on sorted arrival (${c.version})`, () => {
    fc.assert(
      fc.property(fc.array(specArbitrary, { maxLength: 25 }), (specs) => {
        const events = sortByEvent(specs.map(event), (e) => e);
        assert.deepEqual(
          outcome(() => pushAll(events, { assumeSorted: true })),
          outcome(() => reduceMissionDossier(events)),
        );
      }),
      { numRuns: 200 },
    );
  });

  const base: Spec = {
    id: 1,
    clock: 1,
    second: 0,
    kind: 0,
    path: 0,
    supersedes: null,
    feature: 0,
    stepId: 0,
  };

  Deno.test(`createDossierReducer() keeps a late copy of an id that sorts first (${c.version})`, () => {
    const late = event({ ...base, clock: 1 });
    const early = event({ ...base, clock: 2 });
    const state = pushAll([early, late]);
    assert.equal(
      state.artifacts.get("docs/0.md")?.content_ref.hash,
      "h1-1",
    );
    assert.deepEqual(state, reduceMissionDossier([early, late]));
  });

  Deno.test(`createDossierReducer() keeps the first arrival of an id with an equal sort key (${c.version})`, () => {
    const first = event(base);
    const copy = event({ ...base, path: 1 });
    const state = pushAll([first, copy], { assumeSorted: true });
    assert.deepEqual([...state.artifacts.keys()], ["docs/0.md"]);
    assert.equal(state.event_count, 1);
  });

  Deno.test(`createDossierReducer() ignores event types outside the dossier (${c.version})`, () => {
    const other = event({ ...base, kind: 5, clock: 0 });
    const reducer = createDossierReducer({ assumeSorted: true });
    reducer.push(event({ ...base, clock: 3 }));
    reducer.push(other);
    assert.equal(reducer.finish().event_count, 1);
  });

  Deno.test(`createDossierReducer() returns the empty state when nothing was pushed (${c.version})`, () => {
    assert.deepEqual(
      createDossierReducer().finish(),
      reduceMissionDossier([]),
    );
  });

  Deno.test(`createDossierReducer() throws a mixed namespace only at finish(), as the reducer would (${c.version})`, () => {
    const reducer = createDossierReducer();
    const first = event({ ...base, clock: 2, id: 2 });
    const second = event({ ...base, clock: 3, id: 3, feature: 1 });
    reducer.push(first);
    reducer.push(second);
    assert.throws(() => reducer.finish(), NamespaceMixedStreamError);
    // A late event that sorts first changes which namespace is expected.
    const earliest = event({ ...base, clock: 1, id: 1, feature: 1 });
    reducer.push(earliest);
    assert.throws(
      () => reducer.finish(),
      (error: unknown) =>
        error instanceof NamespaceMixedStreamError &&
        fieldOf(error.expected, c.slug) === "043-other" &&
        fieldOf(error.got, c.slug) === "042-dossier",
    );
  });

  Deno.test(`createDossierReducer() with assumeSorted rejects an event that sorts below the last one (${c.version})`, () => {
    const reducer = createDossierReducer({ assumeSorted: true });
    reducer.push(event({ ...base, clock: 4, id: 4 }));
    assert.throws(
      () => reducer.push(event({ ...base, clock: 3, id: 3 })),
      (error: unknown) =>
        error instanceof RangeError &&
        /^Cannot fold event "01HV7KA8TQ3R0W2M9X6C4B5N03" out of order: .*lamport_clock 4.*received lamport_clock 3,/
          .test(error.message),
    );
  });

  type ReportOutcome =
    | { readonly result: DossierReduceResult }
    | { readonly error: string };

  const reportOutcome = (run: () => DossierReduceResult): ReportOutcome => {
    try {
      return { result: run() };
    } catch (error) {
      assert.ok(error instanceof NamespaceMixedStreamError);
      return { error: error.message };
    }
  };

  const pushAllWithReport = (
    events: readonly Event[],
    options: { assumeSorted?: boolean } = {},
  ): DossierReduceResult => {
    const reducer = createDossierReducer({ ...options, report: true });
    for (const item of events) reducer.push(item);
    return reducer.finishWithReport();
  };

  Deno.test(`createDossierReducer() with report equals reduceMissionDossierWithReport() in any arrival order (${c.version})`, () => {
    fc.assert(
      fc.property(fc.array(specArbitrary, { maxLength: 25 }), (specs) => {
        const events = specs.map(event);
        assert.deepEqual(
          reportOutcome(() => pushAllWithReport(events)),
          reportOutcome(() => reduceMissionDossierWithReport(events)),
        );
      }),
      { numRuns: 200 },
    );
  });

  Deno.test(`createDossierReducer() with report and assumeSorted equals reduceMissionDossierWithReport() on sorted arrival (${c.version})`, () => {
    fc.assert(
      fc.property(fc.array(specArbitrary, { maxLength: 25 }), (specs) => {
        const events = sortByEvent(specs.map(event), (e) => e);
        assert.deepEqual(
          reportOutcome(() =>
            pushAllWithReport(events, { assumeSorted: true })
          ),
          reportOutcome(() => reduceMissionDossierWithReport(events)),
        );
      }),
      { numRuns: 200 },
    );
  });

  Deno.test(`createDossierReducer() with report accounts for a late event that sorts first (${c.version})`, () => {
    const other = event({ ...base, kind: 5, id: 9, clock: 9 });
    const rejected = event({ ...base, kind: 4, id: 5, clock: 5 });
    const copy = event({ ...base, clock: 4 });
    const late = event({ ...base, clock: 1 });
    const reducer = createDossierReducer({ report: true });
    for (const item of [other, rejected, copy, late]) reducer.push(item);
    const { state, report } = reducer.finishWithReport();
    assert.deepEqual(report.counts, {
      received: 4,
      applied: 1,
      duplicates: 1,
      ignored: 1,
      rejected: 1,
    });
    // Positions are the order pushed, not the order replayed.
    assert.equal(report.duplicates[0].index, 2);
    assert.equal(report.duplicates[0].kept.index, 3);
    assert.equal(report.rejected[0].index, 1);
    assert.equal(report.rejected[0].issues[0].path, "payload.content_ref");
    assert.deepEqual([...report.ignored], [["WPStatusChanged", 1]]);
    assert.equal(state.artifacts.get("docs/0.md")?.content_ref.hash, "h1-1");
  });

  Deno.test(`createDossierReducer() finishWithReport() returns a new report each time (${c.version})`, () => {
    const reducer = createDossierReducer({ report: true, assumeSorted: true });
    reducer.push(event({ ...base, clock: 1 }));
    const first = reducer.finishWithReport();
    reducer.push(event({ ...base, clock: 2 }));
    reducer.push(event({ ...base, kind: 5, clock: 3 }));
    const second = reducer.finishWithReport();
    assert.deepEqual(first.report.counts, {
      received: 1,
      applied: 1,
      duplicates: 0,
      ignored: 0,
      rejected: 0,
    });
    assert.equal(first.report.duplicates.length, 0);
    assert.equal(first.report.ignored.size, 0);
    assert.equal(second.report.counts.duplicates, 1);
    assert.equal(second.report.counts.ignored, 1);
    assert.deepEqual(reducer.finish(), second.state);
  });

  Deno.test(`createDossierReducer() with report throws a mixed namespace at finishWithReport() (${c.version})`, () => {
    for (const assumeSorted of [false, true]) {
      const reducer = createDossierReducer({ report: true, assumeSorted });
      reducer.push(event({ ...base, clock: 1, id: 1 }));
      reducer.push(event({ ...base, clock: 2, id: 2, feature: 1 }));
      assert.throws(
        () => reducer.finishWithReport(),
        NamespaceMixedStreamError,
      );
    }
  });

  const throwingGetter = (key: string): object => {
    const valid = event({ ...base });
    const copy: Record<string, unknown> = { ...valid };
    Object.defineProperty(copy, key, {
      get() {
        throw new Error("boom");
      },
    });
    return copy;
  };

  Deno.test(`createDossierReducer().push() refuses what is not a parsed event, naming the field (${c.version})`, async (t) => {
    const valid = event({ ...base });
    const cases: [string, unknown, ErrorConstructor, RegExp][] = [
      [
        "null",
        null,
        TypeError,
        /^Cannot reduce events: events\[1\] is not a parsed event \(see parseEvent\): the input must be an object: received null$/,
      ],
      [
        "a number",
        42,
        TypeError,
        /events\[1\] .*: the input must be an object: received 42$/,
      ],
      [
        "an object without event_type",
        {},
        TypeError,
        /events\[1\] .*: field "event_type" must be a string: received nothing$/,
      ],
      [
        "a dossier event whose event_id is a number",
        { ...valid, event_id: 7 },
        TypeError,
        /field "event_id" must be a string: received 7$/,
      ],
      [
        "a lamport_clock beyond 2^53",
        { ...valid, lamport_clock: 2 ** 60 },
        RangeError,
        /field "lamport_clock" must be an integer of at least 0 and at most 2\^53−1: received 1152921504606847000$/,
      ],
      [
        "a lamport_clock that is a string",
        { ...valid, lamport_clock: "2" },
        TypeError,
        /field "lamport_clock" .*: received "2"$/,
      ],
      [
        "a timestamp that is an object",
        { ...valid, timestamp: {} },
        TypeError,
        /field "timestamp" must be a datetime string or a Unix time number: received an object$/,
      ],
      [
        "a throwing event_type getter",
        throwingGetter("event_type"),
        TypeError,
        /field "event_type" must be plain data \(reading it threw Error\)/,
      ],
      [
        "a throwing payload getter",
        throwingGetter("payload"),
        TypeError,
        /field "payload" must be plain data \(reading it threw Error\)/,
      ],
      [
        "a proxy whose get trap throws",
        new Proxy({}, {
          get() {
            throw new Error("trap");
          },
        }),
        TypeError,
        /field "event_type" must be plain data \(reading it threw Error\)/,
      ],
    ];
    for (const [name, item, type, pattern] of cases) {
      await t.step(name, () => {
        for (const options of [{}, { assumeSorted: true }, { report: true }]) {
          const reducer = createDossierReducer(options);
          reducer.push(event({ ...base, clock: 0, id: 2 }));
          assert.throws(
            () => reducer.push(item as Event),
            (error: unknown) =>
              error instanceof type && error.constructor === type &&
              pattern.test((error as Error).message),
          );
          // The refused item was not taken; the reducer goes on.
          reducer.push(valid);
          assert.equal(reducer.finish().event_count, 2);
        }
      });
    }
  });

  Deno.test(`createDossierReducer() refuses options that are not booleans (${c.version})`, async (t) => {
    const cases: [string, unknown, RegExp][] = [
      [
        "null",
        null,
        /^Cannot create a dossier reducer: the options must be an object: received null$/,
      ],
      [
        "a string assumeSorted",
        { assumeSorted: "yes" },
        /^Cannot create a dossier reducer: option "assumeSorted" must be a boolean: received "yes"$/,
      ],
      [
        "a numeric report",
        { report: 1 },
        /^Cannot create a dossier reducer: option "report" must be a boolean: received 1$/,
      ],
      [
        "a throwing getter",
        Object.defineProperty({}, "report", {
          get() {
            throw new RangeError("no");
          },
        }),
        /^Cannot create a dossier reducer: option "report" must be plain data \(reading it threw RangeError\)$/,
      ],
    ];
    for (const [name, options, pattern] of cases) {
      await t.step(name, () => {
        assert.throws(
          () => createDossierReducer(options as never),
          (error: unknown) =>
            error instanceof TypeError && pattern.test(error.message),
        );
      });
    }
  });
}
