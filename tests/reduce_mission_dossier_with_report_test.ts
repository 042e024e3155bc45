import assert from "node:assert/strict";
import fc from "fast-check";
import {
  DossierPayloadError,
  type Event,
  NamespaceMixedStreamError,
  reduceMissionDossier,
  reduceMissionDossierWithReport,
} from "../mod.ts";
import {
  deepFreeze,
  drift,
  event,
  indexed,
  missing,
  namespace,
  snapshot,
  ulid,
} from "./_builders.ts";

Deno.test("reduceMissionDossierWithReport() returns the state reduceMissionDossier() returns", () => {
  const events = [indexed(1, "spec.md"), snapshot(2), missing(3, "plan.md")];
  const { state } = reduceMissionDossierWithReport(events);
  assert.deepEqual(state, reduceMissionDossier(events));
  assert.equal(state.event_count, 3);
});

Deno.test("reduceMissionDossierWithReport() counts every event as applied", () => {
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

Deno.test("reduceMissionDossierWithReport() names the copy that won a duplicate", () => {
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

Deno.test("reduceMissionDossierWithReport() keeps the earlier input copy of an exact duplicate", () => {
  const copy = snapshot(1);
  const { report } = reduceMissionDossierWithReport([copy, copy, copy]);
  assert.deepEqual(report.duplicates.map((d) => [d.index, d.kept.index]), [
    [1, 0],
    [2, 0],
  ]);
});

Deno.test("reduceMissionDossierWithReport() counts ignored events by type, in order of first appearance", () => {
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

Deno.test("reduceMissionDossierWithReport() lists a rejected payload with each issue's field path", () => {
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

Deno.test('reduceMissionDossierWithReport() throws DossierPayloadError with onInvalidPayload: "throw"', () => {
  const bad = indexed(2, "spec.md", { artifact_id: { mission_key: "m" } });
  const events = [
    indexed(1, "plan.md"),
    bad,
    snapshot(3, { snapshot_hash: "" }),
  ];
  assert.throws(
    () => reduceMissionDossierWithReport(events, { onInvalidPayload: "throw" }),
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
    reduceMissionDossierWithReport(events, { onInvalidPayload: "skip" }).report
      .counts.rejected,
    2,
  );
});

Deno.test("reduceMissionDossierWithReport() in throw mode returns the state when every payload is valid", () => {
  const events = [indexed(1, "plan.md"), snapshot(2)];
  const { state } = reduceMissionDossierWithReport(events, {
    onInvalidPayload: "throw",
  });
  assert.deepEqual(state, reduceMissionDossier(events));
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

Deno.test("reduceMissionDossierWithReport() still throws NamespaceMixedStreamError", () => {
  const other = indexed(2, "b.md", {
    namespace: namespace({ feature_slug: "other" }),
  });
  assert.throws(
    () => reduceMissionDossierWithReport([indexed(1, "a.md"), other]),
    NamespaceMixedStreamError,
  );
});

Deno.test("reduceMissionDossierWithReport() rejects bad options", async (t) => {
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

Deno.test("reduceMissionDossierWithReport() does not mutate its input", () => {
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
      return event({ ...overrides, lamport_clock: clock, event_type: "Noted" });
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

Deno.test("reduceMissionDossierWithReport() accounts for every event exactly once (property)", () => {
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
