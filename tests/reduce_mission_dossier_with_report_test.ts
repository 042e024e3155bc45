// Every test of the report runs against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the same
// accounting, other field names); the unknown-key tests at the end are
// each contract's own.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DossierPayloadError, type Event } from "../mod.ts";
import {
  type ContractKit,
  CONTRACTS,
  deepFreeze,
  type Json,
  type KeyLevel,
  keyLevels,
  ulid,
  V2,
  V3,
} from "./_builders.ts";

for (const c of CONTRACTS) {
  const { drift, event, indexed, missing, namespace, snapshot } = c;
  const {
    DossierPayloadError,
    NamespaceMixedStreamError,
    reduceMissionDossier,
    reduceMissionDossierWithReport,
  } = c.api;

  Deno.test(`reduceMissionDossierWithReport() returns the state reduceMissionDossier() returns (${c.version})`, () => {
    const events = [indexed(1, "spec.md"), snapshot(2), missing(3, "plan.md")];
    const { state } = reduceMissionDossierWithReport(events);
    assert.deepEqual(state, reduceMissionDossier(events));
    assert.equal(state.event_count, 3);
  });

  Deno.test(`reduceMissionDossierWithReport() counts every event as applied (${c.version})`, () => {
    const events = [indexed(1, "spec.md"), snapshot(2), drift(3)];
    const { report } = reduceMissionDossierWithReport(events);
    assert.deepEqual(report.counts, {
      received: 3,
      applied: 3,
      duplicates: 0,
      ignored: 0,
      rejected: 0,
    });
    assert.deepEqual(report.duplicates, []);
    assert.deepEqual(report.rejected, []);
    assert.equal(report.ignored.size, 0);
  });

  Deno.test(`reduceMissionDossierWithReport() names the copy that won a duplicate (${c.version})`, () => {
    const late = indexed(5, "spec.md", {}, { event_id: ulid(1) });
    const early = indexed(1, "plan.md");
    const { state, report } = reduceMissionDossierWithReport([late, early]);
    assert.deepEqual([...state.artifacts.keys()], ["plan.md"]);
    assert.equal(report.counts.duplicates, 1);
    assert.deepEqual(report.duplicates, [{
      index: 0,
      eventId: ulid(1),
      eventType: "MissionDossierArtifactIndexed",
      lamportClock: 5,
      timestamp: "2026-02-21T14:00:00Z",
      kept: {
        index: 1,
        eventId: ulid(1),
        eventType: "MissionDossierArtifactIndexed",
        lamportClock: 1,
        timestamp: "2026-02-21T14:00:00Z",
      },
    }]);
  });

  Deno.test(`reduceMissionDossierWithReport() keeps the earlier input copy of an exact duplicate (${c.version})`, () => {
    const copy = snapshot(1);
    const { report } = reduceMissionDossierWithReport([copy, copy, copy]);
    assert.deepEqual(report.duplicates.map((d) => [d.index, d.kept.index]), [
      [1, 0],
      [2, 0],
    ]);
  });

  Deno.test(`reduceMissionDossierWithReport() counts ignored events by type, in order of first appearance (${c.version})`, () => {
    const other = (clock: number, eventType: string) =>
      event({ lamport_clock: clock, event_type: eventType });
    const { state, report } = reduceMissionDossierWithReport([
      other(1, "WorkPackageClaimed"),
      other(2, "__proto__"),
      other(3, "WorkPackageClaimed"),
    ]);
    assert.deepEqual([...report.ignored], [["WorkPackageClaimed", 2], [
      "__proto__",
      1,
    ]]);
    assert.equal(report.counts.ignored, 3);
    assert.equal(state.event_count, 0);
  });

  Deno.test(`reduceMissionDossierWithReport() lists a rejected payload with each issue's field path (${c.version})`, () => {
    const bad = snapshot(2, {
      artifact_count: -1,
      snapshot_hash: 5,
    });
    const { state, report } = reduceMissionDossierWithReport([
      indexed(1, "spec.md"),
      bad,
    ]);
    assert.equal(state.event_count, 2);
    assert.equal(state.latest_snapshot, null);
    assert.equal(report.counts.rejected, 1);
    const [rejected] = report.rejected;
    assert.equal(rejected.eventId, bad.event_id);
    assert.equal(rejected.eventType, "MissionDossierSnapshotComputed");
    assert.equal(rejected.index, 1);
    assert.deepEqual(
      rejected.issues.map((issue) => [issue.path, issue.type]),
      [["payload.snapshot_hash", "string"], [
        "payload.artifact_count",
        "min_value",
      ]],
    );
    assert.ok(rejected.issues.every((issue) => issue.message.length > 0));
  });

  Deno.test(`reduceMissionDossierWithReport() throws DossierPayloadError with onInvalidPayload: "throw" (${c.version})`, () => {
    const bad = indexed(2, "spec.md", { artifact_id: { [c.mission]: "m" } });
    const events = [
      indexed(1, "plan.md"),
      bad,
      snapshot(3, { snapshot_hash: "" }),
    ];
    assert.throws(
      () =>
        reduceMissionDossierWithReport(events, { onInvalidPayload: "throw" }),
      (error: unknown) => {
        assert.ok(error instanceof DossierPayloadError);
        assert.equal(error.name, "DossierPayloadError");
        assert.equal(error.eventId, bad.event_id);
        assert.equal(error.eventType, "MissionDossierArtifactIndexed");
        assert.deepEqual(error.issues.map((issue) => issue.path), [
          "payload.artifact_id.path",
          "payload.artifact_id.artifact_class",
        ]);
        assert.equal(
          error.message,
          `Cannot apply dossier event "${bad.event_id}" of type "MissionDossierArtifactIndexed": field "payload.artifact_id.path" is required: received nothing; field "payload.artifact_id.artifact_class" is required: received nothing`,
        );
        return true;
      },
    );
    assert.equal(
      reduceMissionDossierWithReport(events, { onInvalidPayload: "skip" })
        .report
        .counts.rejected,
      2,
    );
  });

  Deno.test(`reduceMissionDossierWithReport() in throw mode returns the state when every payload is valid (${c.version})`, () => {
    const events = [indexed(1, "plan.md"), snapshot(2)];
    const { state } = reduceMissionDossierWithReport(events, {
      onInvalidPayload: "throw",
    });
    assert.deepEqual(state, reduceMissionDossier(events));
  });

  Deno.test(`reduceMissionDossierWithReport() still throws NamespaceMixedStreamError (${c.version})`, () => {
    const other = indexed(2, "b.md", {
      namespace: namespace({ [c.slug]: "other" }),
    });
    assert.throws(
      () => reduceMissionDossierWithReport([indexed(1, "a.md"), other]),
      NamespaceMixedStreamError,
    );
  });

  Deno.test(`reduceMissionDossierWithReport() rejects bad options (${c.version})`, async (t) => {
    const cases: [string, unknown, RegExp][] = [
      ["a string", "throw", /the options must be an object: received "throw"/],
      ["null", null, /the options must be an object: received null/],
      [
        "an unknown mode",
        { onInvalidPayload: "warn" },
        /option "onInvalidPayload" must be "skip" or "throw": received "warn"/,
      ],
      [
        "a throwing getter",
        {
          get onInvalidPayload() {
            throw new Error("boom");
          },
        },
        /the options must be plain data \(reading them threw Error\)/,
      ],
    ];
    for (const [name, options, message] of cases) {
      await t.step(name, () => {
        assert.throws(
          () => reduceMissionDossierWithReport([], options as never),
          (error: unknown) =>
            error instanceof TypeError && message.test(error.message),
        );
      });
    }
    assert.equal(
      reduceMissionDossierWithReport([], {}).report.counts.received,
      0,
    );
  });

  Deno.test(`reduceMissionDossierWithReport() does not mutate its input (${c.version})`, () => {
    const events = deepFreeze([
      indexed(2, "spec.md"),
      indexed(1, "spec.md", {}, { event_id: ulid(2) }),
      snapshot(3, { artifact_count: "1" }),
    ]);
    const before = structuredClone(events);
    reduceMissionDossierWithReport(events);
    assert.deepEqual(events, before);
  });

  // A stream drawn from a few ids, clocks, paths and types, valid and not, so
  // that duplicates, ignored and rejected events all occur.
  const anyEvent: fc.Arbitrary<Event> = fc.record({
    id: fc.integer({ min: 1, max: 6 }),
    clock: fc.integer({ min: 0, max: 5 }),
    kind: fc.constantFrom(
      "indexed",
      "missing",
      "snapshot",
      "drift",
      "ignored",
      "rejected",
    ),
    path: fc.constantFrom("spec.md", "plan.md", "__proto__", "10"),
    minute: fc.integer({ min: 0, max: 2 }),
  }).map(({ id, clock, kind, path, minute }) => {
    const overrides = {
      event_id: ulid(id),
      timestamp: `2026-02-21T14:0${minute}:00Z`,
    };
    switch (kind) {
      case "indexed":
        return indexed(clock, path, {}, overrides);
      case "ignored":
        return event({
          ...overrides,
          lamport_clock: clock,
          event_type: "Noted",
        });
      case "rejected":
        return event({
          ...overrides,
          lamport_clock: clock,
          event_type: "MissionDossierArtifactMissing",
          payload: { namespace: namespace(), manifest_step: "" },
        });
      default: {
        const make = { missing, snapshot, drift }[kind];
        const built = kind === "missing"
          ? missing(clock, path)
          : make(clock, path as never);
        return { ...built, ...overrides };
      }
    }
  });

  Deno.test(`reduceMissionDossierWithReport() accounts for every event exactly once (property) (${c.version})`, () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 30 }), (events) => {
        const { state, report } = reduceMissionDossierWithReport(events);
        assert.deepEqual(state, reduceMissionDossier(events));
        const { received, applied, duplicates, ignored, rejected } =
          report.counts;
        assert.equal(received, events.length);
        assert.equal(applied + duplicates + ignored + rejected, events.length);
        assert.equal(applied + rejected, state.event_count);
        assert.equal(report.duplicates.length, duplicates);
        assert.equal(report.rejected.length, rejected);
        const indexes = [
          ...report.duplicates.map((d) => d.index),
          ...report.rejected.map((r) => r.index),
        ];
        assert.equal(new Set(indexes).size, indexes.length);
        for (const duplicate of report.duplicates) {
          assert.equal(duplicate.kept.eventId, duplicate.eventId);
          assert.notEqual(duplicate.kept.index, duplicate.index);
        }
      }),
      { numRuns: 500 },
    );
  });
}

/** The other contract's kit. */
const otherOf = (c: ContractKit) => c === V2 ? V3 : V2;

for (const c of CONTRACTS) {
  Deno.test(`reduceMissionDossierWithReport() says which contract the rejected payloads are written in (${c.version})`, () => {
    const other = otherOf(c);
    const events = [
      other.indexed(1, "a.md"),
      other.snapshot(2),
      other.event({ lamport_clock: 3, event_type: "Noted" }),
    ];
    const { state, report } = c.api.reduceMissionDossierWithReport(events);
    assert.equal(report.counts.rejected, 2);
    assert.equal(state.parity_status, "unknown");
    const hints: Record<string, string> = {
      "2.4.0":
        "2 dossier events read, 0 applied: their payloads use mission_slug/mission_type, contract 3.0.0: read them with @spec-kitty/dossier/v3 (dossier --contract 3.0.0 on the command line)",
      "3.0.0":
        "2 dossier events read, 0 applied: their payloads use feature_slug/mission_key, contract 2.4.0: read them with @spec-kitty/dossier (dossier --contract 2.4.0 on the command line)",
    };
    assert.equal(report.hint, hints[c.version]);
  });

  Deno.test(`reduceMissionDossierWithReport() names the first rejection when nothing was applied (${c.version})`, async (t) => {
    const reportOf = (events: Event[]) =>
      c.api.reduceMissionDossierWithReport(events).report;
    await t.step("one event", () => {
      assert.equal(
        reportOf([c.snapshot(2, { snapshot_hash: "" })]).hint,
        `1 dossier event read, 0 applied: the first rejected, event "${
          ulid(2)
        }" (MissionDossierSnapshotComputed), has field "payload.snapshot_hash" must be a non-empty string: received ""`,
      );
    });
    await t.step("duplicates are read, other types are not", () => {
      const bad = c.missing(3, "a.md", { manifest_step: "" });
      assert.equal(
        reportOf([bad, bad, c.event({ event_type: "Noted" })]).hint,
        `2 dossier events read, 0 applied: the first rejected, event "${
          ulid(3)
        }" (MissionDossierArtifactMissing), has field "payload.manifest_step" must be a non-empty string: received ""`,
      );
    });
    await t.step("some in the other contract's shape, some not", () => {
      const { [c.slug]: _, ...namespace } = c.namespace();
      const hint = reportOf([
        c.snapshot(1, { namespace: namespace }),
        otherOf(c).snapshot(2),
      ]).hint;
      assert.equal(
        hint,
        `2 dossier events read, 0 applied: the first rejected, event "${
          ulid(1)
        }" (MissionDossierSnapshotComputed), has field "payload.namespace.${c.slug}" is required: received nothing`,
      );
    });
    await t.step("none when an event was applied or none was rejected", () => {
      assert.equal(
        reportOf([c.snapshot(1), c.snapshot(2, { snapshot_hash: "" })]).hint,
        null,
      );
      assert.equal(reportOf([c.event({ event_type: "Noted" })]).hint, null);
      assert.equal(reportOf([]).hint, null);
    });
  });

  Deno.test(`reduceMissionDossierWithReport() takes any key in context_diagnostics (${c.version})`, async (t) => {
    const diagnostics = {
      feature_slug: "a",
      mission_key: "b",
      mission_slug: "c",
      mission_type: "d",
      feature_number: "e",
      extra: "f",
    };
    for (const level of keyLevels(c).filter((level) => level.path === "")) {
      await t.step(level.eventType, () => {
        const { report } = c.api.reduceMissionDossierWithReport([c.event({
          event_type: level.eventType,
          payload: level.payload({ context_diagnostics: diagnostics }),
        })]);
        assert.deepEqual(report.rejected, []);
        assert.equal(report.counts.applied, 1);
      });
    }
  });
}

// ── An unknown key: dropped by 2.4.0, an error in 3.0.0 (docs/contract.md, "Contract 3.0.0 and the divergences") ─────────────

/** The event of a key level at lamport clock 1, its object holding `keys`. */
function eventAt(c: ContractKit, level: KeyLevel, keys: Json): Event {
  return c.event({
    lamport_clock: 1,
    event_type: level.eventType,
    payload: level.payload(keys),
  });
}

Deno.test("reduceMissionDossierWithReport() drops an unknown key at every level of a payload (2.4.0)", async (t) => {
  for (const level of keyLevels(V2)) {
    for (const key of ["extra", "mission_slug", "mission_type"]) {
      await t.step(`${key} in ${level.name}`, () => {
        const { state, report } = V2.api.reduceMissionDossierWithReport([
          eventAt(V2, level, { [key]: "x" }),
        ]);
        assert.deepEqual(report.counts, {
          received: 1,
          applied: 1,
          duplicates: 0,
          ignored: 0,
          rejected: 0,
        });
        assert.deepEqual(
          state,
          V2.api.reduceMissionDossier([eventAt(V2, level, {})]),
        );
      });
    }
  }
});

/** Keys no 3.0.0 object declares, with the message of each. */
const UNKNOWN_KEYS_3_0_0: readonly (readonly [key: string, message: string])[] =
  [
    ["extra", "is not allowed: contract 3.0.0 rejects unknown keys"],
    [
      "feature_slug",
      'is not allowed: contract 3.0.0 renamed it to "mission_slug"',
    ],
    [
      "mission_key",
      'is not allowed: contract 3.0.0 renamed it to "mission_type"',
    ],
  ];

Deno.test("reduceMissionDossierWithReport() skips and counts a payload with an unknown key at any level, naming it (3.0.0)", async (t) => {
  // A valid snapshot first, at clock 0: the rejected payload changes
  // nothing but event_count, its namespace included.
  const valid = V3.snapshot(0);
  for (const level of keyLevels(V3)) {
    for (const [key, message] of UNKNOWN_KEYS_3_0_0) {
      await t.step(`${key} in ${level.name}`, () => {
        const bad = eventAt(V3, level, { [key]: "x" });
        const events = [valid, bad];
        const { state, report } = V3.api.reduceMissionDossierWithReport(
          events,
        );
        assert.deepEqual(state, {
          ...V3.api.reduceMissionDossier([valid]),
          event_count: 2,
        });
        assert.deepEqual(state, V3.api.reduceMissionDossier(events));
        assert.deepEqual(report.counts, {
          received: 2,
          applied: 1,
          duplicates: 0,
          ignored: 0,
          rejected: 1,
        });
        assert.deepEqual(report.rejected, [{
          index: 1,
          eventId: ulid(1),
          eventType: level.eventType,
          lamportClock: 1,
          timestamp: "2026-02-21T14:00:00Z",
          issues: [{
            path: `payload.${level.path === "" ? "" : `${level.path}.`}${key}`,
            message,
            type: "unknown_key",
            input: "x",
          }],
        }]);
      });
    }
  }
  await t.step('onInvalidPayload: "throw" refuses it', () => {
    assert.throws(
      () =>
        V3.api.reduceMissionDossierWithReport(
          [valid, eventAt(V3, keyLevels(V3)[0], { extra: 1 })],
          { onInvalidPayload: "throw" },
        ),
      {
        name: "DossierPayloadError",
        message: `Cannot apply dossier event "${
          ulid(1)
        }" of type "MissionDossierArtifactIndexed": field "payload.namespace.extra" is not allowed: contract 3.0.0 rejects unknown keys: received 1`,
      },
    );
  });
});

Deno.test("DossierPayloadError counts the issues beyond the fifth", () => {
  const issues = Array.from({ length: 7 }, (_, n) => ({
    path: `payload.f${n}`,
    message: "is required",
    type: "missing",
    input: undefined,
  }));
  const error = new DossierPayloadError({
    eventId: ulid(1),
    eventType: "MissionDossierSnapshotComputed",
    issues,
  });
  assert.match(error.message, /field "payload\.f4" is required/);
  assert.doesNotMatch(error.message, /payload\.f5/);
  assert.match(error.message, /\(and 2 more\)$/);
  assert.match(
    new DossierPayloadError({ eventId: "x", eventType: "y", issues: [] })
      .message,
    /: its payload is invalid$/,
  );
});
