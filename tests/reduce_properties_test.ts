// Property tests of the reducer (docs/contract.md, "The reducer") and the canonical JSON (docs/contract.md, "Canonical JSON"),
// for both contracts (docs/contract.md, "Contract 3.0.0 and the divergences"): the streams and states are built with each
// contract's field names.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  ACTOR_KINDS,
  type AnomalyEntry,
  ARTIFACT_CLASSES,
  type ArtifactEntry,
  DRIFT_KINDS,
  type DriftRecord,
  type Event,
  HASH_ALGORITHMS,
  type LocalNamespaceTuple,
  type MissionDossierState,
  PARITY_STATUSES,
  type ProvenanceRef,
  type SnapshotSummary,
} from "../mod.ts";
import {
  type ContractKit,
  CONTRACTS,
  deepFreeze,
  type Json,
  ulid,
} from "./_builders.ts";

const RUNS = { numRuns: 300 };

/** `fc.record` of plain objects (parsed values never have a null prototype). */
function record<T>(
  model: { [K in keyof T]: fc.Arbitrary<T[K]> },
): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

// ── Streams ───────────────────────────────────────────────────────────────

/** Timestamps with their sort texts, worked by hand from docs/contract.md, "The event envelope". */
const TIMESTAMPS: readonly (readonly [string | number, string])[] = [
  ["2026-02-21T14:00:00Z", "2026-02-21T14:00:00+00:00"],
  ["2026-02-21T14:00:00.000+00:00", "2026-02-21T14:00:00+00:00"],
  [1771682400, "2026-02-21T14:00:00+00:00"],
  ["2026-02-21 14:00", "2026-02-21T14:00:00"],
  ["2026-02-21T15:00:00+01:00", "2026-02-21T15:00:00+01:00"],
  ["2026-02-21T14:30:00Z", "2026-02-21T14:30:00+00:00"],
];

/** Event ids as spelled on the wire, and their normalized form. */
const IDS: readonly (readonly [string, string])[] = [...Array(12).keys()]
  .flatMap((n) => [
    [ulid(n), ulid(n)] as const,
    [ulid(n).toLowerCase(), ulid(n)] as const,
  ]);

const PATHS = ["spec.md", "plan.md", "__proto__", "constructor", "10", "2"];

const stepIdArb = fc.constantFrom<(string | null | undefined)[]>(
  undefined,
  null,
  "",
  "plan",
  "tasks",
);

/** Random streams of contract `c`'s events, written by hand from docs/contract.md, "The reducer". */
function streamArbitraries(c: ContractKit) {
  const {
    driftPayload,
    envelope,
    identity,
    indexedPayload,
    missingPayload,
    namespace,
    snapshotPayload,
  } = c;
  const { parseEvent } = c.api;

  /**
   * A namespace: mostly the stream's, sometimes invalid (an unknown key is
   * invalid in 3.0.0 only), rarely another one.
   */
  const namespaceArb: fc.Arbitrary<unknown> = fc.oneof(
    {
      weight: 30,
      arbitrary: stepIdArb.map((step_id) =>
        step_id === undefined ? namespace() : namespace({ step_id })
      ),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        {},
        null,
        namespace({ [c.mission]: "" }),
        namespace({ extra: "x" }),
      ),
    },
    { weight: 1, arbitrary: fc.constant(namespace({ [c.slug]: "another" })) },
  );

  const pathArb = fc.constantFrom(...PATHS);
  const hashArb = fc.constantFrom("aa", "bb", "cc");

  /** An event type and its wire payload. */
  type TypedPayload = readonly [type: string, payload: Json];

  const payloadArb: fc.Arbitrary<TypedPayload> = fc.oneof(
    {
      weight: 4,
      arbitrary: record({
        ns: namespaceArb,
        path: pathArb,
        hash: hashArb,
        supersedes: fc.option(pathArb),
        step_id: fc.option(fc.constantFrom("plan", "")),
      }).map(({ ns, path, hash, supersedes, step_id }): TypedPayload => [
        "MissionDossierArtifactIndexed",
        indexedPayload(path, {
          namespace: ns,
          content_ref: { hash, algorithm: "sha256" },
          supersedes: supersedes === null ? null : identity(supersedes),
          step_id,
        }),
      ]),
    },
    record({
      ns: namespaceArb,
      path: pathArb,
      step: fc.constantFrom("required_always", "plan"),
    }).map(({ ns, path, step }): TypedPayload => [
      "MissionDossierArtifactMissing",
      missingPayload(path, { namespace: ns, manifest_step: step }),
    ]),
    record({ ns: namespaceArb, hash: hashArb, count: fc.nat(5) }).map(
      ({ ns, hash, count }): TypedPayload => [
        "MissionDossierSnapshotComputed",
        snapshotPayload({
          namespace: ns,
          snapshot_hash: hash,
          artifact_count: count,
        }),
      ],
    ),
    record({ ns: namespaceArb, kind: fc.constantFrom(...DRIFT_KINDS) }).map(
      ({ ns, kind }): TypedPayload => [
        "MissionDossierParityDriftDetected",
        driftPayload({ namespace: ns, drift_kind: kind }),
      ],
    ),
    // An invalid payload: skipped, but counted.
    record({
      ns: namespaceArb,
      type: fc.constantFrom(
        "MissionDossierSnapshotComputed",
        "MissionDossierArtifactIndexed",
      ),
    }).map(({ ns, type }): TypedPayload => [
      type,
      { namespace: ns, artifact_count: -1 },
    ]),
    // Another event type: ignored.
    fc.constant<TypedPayload>([
      "WPStatusChanged",
      { namespace: namespace({ [c.slug]: "x" }) },
    ]),
  );

  interface GeneratedEvent {
    readonly event: Event;
    /** The sort key worked by hand: clock, sort text, normalized id. */
    readonly key: string;
  }

  const eventArb: fc.Arbitrary<GeneratedEvent> = record({
    clock: fc.nat(4),
    timestamp: fc.constantFrom(...TIMESTAMPS),
    id: fc.constantFrom(...IDS),
    payload: payloadArb,
  }).map(({ clock, timestamp, id, payload: [type, payload] }) => ({
    event: parseEvent(envelope({
      event_id: id[0],
      lamport_clock: clock,
      timestamp: timestamp[0],
      event_type: type,
      payload,
    })),
    key: `${clock}|${timestamp[1]}|${id[1]}`,
  }));

  /** A stream whose events all have distinct sort keys. */
  const distinctStreamArb: fc.Arbitrary<Event[]> = fc.uniqueArray(eventArb, {
    maxLength: 14,
    selector: (generated) => generated.key,
  }).map((events) => events.map((generated) => generated.event));

  /** A stream that may hold several events with the same sort key. */
  const anyStreamArb: fc.Arbitrary<Event[]> = fc.array(eventArb, {
    maxLength: 14,
  }).map((events) => events.map((generated) => generated.event));

  return { distinctStreamArb, anyStreamArb };
}

for (const c of CONTRACTS) {
  const {
    NamespaceMixedStreamError,
    parseDossierState,
    reduceMissionDossier,
    serializeDossierState,
  } = c.api;
  const { distinctStreamArb, anyStreamArb } = streamArbitraries(c);

  type Outcome =
    | { readonly state: MissionDossierState; readonly json: string }
    | { readonly mismatch: string };

  /** The reducer's state, or the mismatch it threw. */
  const outcome = (events: Iterable<Event>): Outcome => {
    try {
      const state = reduceMissionDossier(events);
      return { state, json: serializeDossierState(state) };
    } catch (error) {
      if (error instanceof NamespaceMixedStreamError) {
        return { mismatch: error.message };
      }
      throw error;
    }
  };

  Deno.test(`reduceMissionDossier() gives the same state for any permutation of a stream with distinct sort keys (${c.version})`, () => {
    fc.assert(
      fc.property(
        distinctStreamArb.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, {
              minLength: events.length,
              maxLength: events.length,
            }),
          )
        ),
        ([events, permuted]) => {
          assert.deepEqual(outcome(permuted), outcome(events));
        },
      ),
      RUNS,
    );
  });

  Deno.test(`reduceMissionDossier() is unchanged by added duplicates of any events (${c.version})`, () => {
    fc.assert(
      fc.property(
        distinctStreamArb.filter((events) => events.length > 0),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        (events, copies) => {
          const withCopies = [...events];
          for (const [which, where, clone] of copies) {
            const original = events[which % events.length];
            withCopies.splice(
              where % (withCopies.length + 1),
              0,
              clone ? structuredClone(original) : original,
            );
          }
          assert.deepEqual(outcome(withCopies), outcome(events));
        },
      ),
      RUNS,
    );
  });

  Deno.test(`reduceMissionDossier() works on deep-frozen input and leaves it unchanged (${c.version})`, () => {
    fc.assert(
      fc.property(anyStreamArb, (events) => {
        const before = structuredClone(events);
        const expected = outcome(before);
        deepFreeze(events);
        assert.deepEqual(outcome(events), expected);
        assert.deepEqual(outcome(events), expected);
        assert.deepEqual(events, before);
      }),
      RUNS,
    );
  });

  Deno.test(`reduceMissionDossier() state round-trips through its canonical JSON (${c.version})`, () => {
    fc.assert(
      fc.property(anyStreamArb, (events) => {
        const result = outcome(events);
        if (!("state" in result)) return;
        const parsed = parseDossierState(result.json);
        assert.deepEqual(parsed, result.state);
        assert.equal(serializeDossierState(parsed), result.json);
      }),
      RUNS,
    );
  });
}

// ── Arbitrary states ──────────────────────────────────────────────────────

/** Any well-formed text, every code point from U+0000 up included. */
const textArb = fc.string({ unit: "binary", maxLength: 12 });
const nonEmptyTextArb = fc.string({
  unit: "binary",
  minLength: 1,
  maxLength: 12,
});
const optionalTextArb = fc.option(textArb);
const countArb = fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER));

const snapshotArb: fc.Arbitrary<SnapshotSummary> = record({
  snapshot_hash: nonEmptyTextArb,
  artifact_count: countArb,
  anomaly_count: countArb,
  computed_at: textArb,
  algorithm: fc.constantFrom(...HASH_ALGORITHMS),
});

const driftArb: fc.Arbitrary<DriftRecord> = record({
  expected_hash: nonEmptyTextArb,
  actual_hash: nonEmptyTextArb,
  drift_kind: fc.constantFrom(...DRIFT_KINDS),
  detected_at: textArb,
});

/** Paths, integer-like and prototype-named ones often. */
const artifactPathArb = fc.oneof(
  textArb,
  fc.constantFrom("__proto__", "constructor", "toString", "0", "2", "10"),
  fc.nat().map(String),
);

/** Random states of contract `c`, every field and odd text included. */
function stateArbitrary(c: ContractKit): fc.Arbitrary<MissionDossierState> {
  const stateNamespaceArb = record({
    project_uuid: nonEmptyTextArb,
    [c.slug]: nonEmptyTextArb,
    target_branch: nonEmptyTextArb,
    [c.mission]: nonEmptyTextArb,
    manifest_version: nonEmptyTextArb,
    step_id: optionalTextArb,
  }) as unknown as fc.Arbitrary<LocalNamespaceTuple>;

  const identityArb = record({
    [c.mission]: nonEmptyTextArb,
    path: nonEmptyTextArb,
    artifact_class: fc.constantFrom(...ARTIFACT_CLASSES),
    run_id: optionalTextArb,
    wp_id: optionalTextArb,
  }) as unknown as fc.Arbitrary<ArtifactEntry["identity"]>;

  const entryArb: fc.Arbitrary<ArtifactEntry> = record({
    identity: identityArb,
    content_ref: record({
      hash: nonEmptyTextArb,
      algorithm: fc.constantFrom(...HASH_ALGORITHMS),
      size_bytes: fc.option(countArb),
      encoding: optionalTextArb,
    }),
    indexed_at: textArb,
    provenance: fc.option(record<ProvenanceRef>({
      source_event_ids: fc.option(fc.array(textArb, { maxLength: 3 })),
      git_sha: optionalTextArb,
      git_ref: optionalTextArb,
      actor_id: optionalTextArb,
      actor_kind: fc.option(fc.constantFrom(...ACTOR_KINDS)),
      revised_at: optionalTextArb,
    })),
    superseded: fc.boolean(),
    step_id: optionalTextArb,
  });

  const anomalyArb: fc.Arbitrary<AnomalyEntry> = record({
    anomaly_type: fc.constant("missing_artifact" as const),
    expected_identity: identityArb,
    manifest_step: nonEmptyTextArb,
    checked_at: textArb,
    remediation_hint: optionalTextArb,
  });

  return record({
    namespace: fc.option(stateNamespaceArb),
    artifacts: fc.uniqueArray(fc.tuple(artifactPathArb, entryArb), {
      maxLength: 6,
      selector: ([path]) => path,
    }).map((entries) => new Map(entries)),
    anomalies: fc.array(anomalyArb, { maxLength: 3 }),
    latest_snapshot: fc.option(snapshotArb),
    drift_history: fc.array(driftArb, { maxLength: 3 }),
    parity_status: fc.constantFrom(...PARITY_STATUSES),
    event_count: countArb,
  });
}

for (const c of CONTRACTS) {
  const { parseDossierState, serializeDossierState } = c.api;
  const stateArb = stateArbitrary(c);

  Deno.test(`parseDossierState(serializeDossierState(s)) deep-equals s (${c.version})`, () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        assert.deepEqual(
          parseDossierState(serializeDossierState(state)),
          state,
        );
      }),
      RUNS,
    );
  });

  Deno.test(`serializeDossierState() ∘ parseDossierState() ∘ serializeDossierState() is the identity (${c.version})`, () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const json = serializeDossierState(state);
        assert.equal(serializeDossierState(parseDossierState(json)), json);
      }),
      RUNS,
    );
  });

  Deno.test(`serializeDossierState() writes JSON whose values JSON.parse reads back (${c.version})`, () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const document = JSON.parse(serializeDossierState(state));
        assert.equal(document.event_count, state.event_count);
        assert.deepEqual(
          Object.keys(document.artifacts).toSorted(),
          [...state.artifacts.keys()].toSorted(),
        );
        for (const [path, entry] of state.artifacts) {
          assert.deepEqual(
            Object.getOwnPropertyDescriptor(document.artifacts, path)?.value,
            entry,
          );
        }
      }),
      RUNS,
    );
  });
}
