import assert from "node:assert/strict";
import fc from "fast-check";
import * as v3 from "../v3.ts";
import { CONTRACTS, ulid } from "./_builders.ts";

const REAL = new URL("./data/real-streams/", import.meta.url);
const realEvents = (name: string) =>
  v3.parseEventStream(Deno.readTextFileSync(new URL(name, REAL)), {
    acceptEmptyBuildId: true,
  });

Deno.test("partitionByNamespace() groups by identity, in first-appearance and input order", async (t) => {
  for (const c of CONTRACTS) {
    await t.step(c.version, () => {
      const other = { namespace: c.namespace({ [c.slug]: "043-other" }) };
      const events = [
        c.indexed(1, "a.md"),
        c.indexed(2, "b.md", other),
        c.event({ event_type: "WPStatusChanged", lamport_clock: 3 }),
        // A different step_id is the same identity.
        c.indexed(4, "c.md", { namespace: c.namespace({ step_id: "plan" }) }),
        c.snapshot(5, { namespace: { project_uuid: "p" } }),
        c.snapshot(6, other),
      ];
      const { groups, withoutNamespace, otherTypes } = c.api
        .partitionByNamespace(events);
      assert.deepEqual(
        groups.map((group) => group.events),
        [[events[0], events[3]], [events[1], events[5]]],
      );
      assert.deepEqual(groups[0].namespace, c.stateNamespace());
      assert.deepEqual(
        groups[1].namespace,
        c.stateNamespace({ [c.slug]: "043-other" }),
      );
      assert.deepEqual(withoutNamespace, [events[4]]);
      assert.deepEqual(otherTypes, [events[2]]);
      // Each group replays where the whole stream cannot.
      assert.throws(
        () => c.api.reduceMissionDossier(events),
        c.api.NamespaceMixedStreamError,
      );
      assert.equal(c.api.reduceMissionDossier(groups[0].events).event_count, 2);
    });
  }
});

Deno.test("partitionByNamespace() reads the namespace with the contract's schema", () => {
  const [v2kit, v3kit] = CONTRACTS;
  // 3.0.0 rejects an unknown key in a namespace; 2.4.0 drops it.
  const withExtra = (c: typeof v2kit) =>
    c.indexed(1, "a.md", { namespace: { ...c.namespace(), extra: "x" } });
  assert.equal(
    v2kit.api.partitionByNamespace([withExtra(v2kit)]).groups.length,
    1,
  );
  assert.equal(
    v3kit.api.partitionByNamespace([withExtra(v3kit)]).withoutNamespace.length,
    1,
  );
  // A 3.0.0 namespace is not a 2.4.0 one.
  assert.equal(
    v2kit.api.partitionByNamespace([v3kit.indexed(1, "a.md")]).withoutNamespace
      .length,
    1,
  );
});

Deno.test("partitionByNamespace() splits a journal of two real missions into what each file reduces to", () => {
  const a = realEvents("ske-001-event-model-project-identity.jsonl");
  const b = realEvents("sk-069-planning-pipeline-integrity.jsonl");
  const c = realEvents(
    "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
  );
  // Interleaved, as a journal shared by missions is.
  const journal = [...a.slice(0, 5), ...b, ...c, ...a.slice(5)];
  assert.throws(
    () => v3.reduceMissionDossier(journal),
    v3.NamespaceMixedStreamError,
  );
  const { groups, withoutNamespace, otherTypes } = v3.partitionByNamespace(
    journal,
  );
  assert.deepEqual(
    groups.map((group) => group.namespace.mission_slug),
    [
      "001-event-model-project-identity",
      "069-planning-pipeline-integrity",
      "008-mission-dossier-parity-event-contracts",
    ],
  );
  assert.deepEqual(groups.map((group) => group.events), [a, b, c]);
  for (
    const [group, alone] of [[groups[0], a], [groups[1], b], [
      groups[2],
      c,
    ]] as const
  ) {
    assert.equal(
      v3.serializeDossierState(v3.reduceMissionDossier(group.events)),
      v3.serializeDossierState(v3.reduceMissionDossier(alone)),
    );
  }
  assert.equal(withoutNamespace.length + otherTypes.length, 0);
});

Deno.test("partitionByNamespace() loses nothing and keeps each group replayable (property)", async (t) => {
  for (const c of CONTRACTS) {
    await t.step(c.version, () => {
      const slugs = ["a", "b", "c"];
      const item = fc.record({
        kind: fc.constantFrom("indexed", "snapshot", "other", "bad"),
        slug: fc.constantFrom(...slugs),
        step: fc.option(fc.constantFrom("plan", "tasks"), { nil: null }),
        clock: fc.nat({ max: 20 }),
      });
      fc.assert(
        fc.property(fc.array(item, { maxLength: 25 }), (items) => {
          const events = items.map((it, index) => {
            const namespace = c.namespace({
              [c.slug]: it.slug,
              step_id: it.step,
            });
            const overrides = { event_id: ulid(index + 1) };
            if (it.kind === "other") {
              return c.event({
                ...overrides,
                event_type: "Noted",
                lamport_clock: it.clock,
              });
            }
            if (it.kind === "bad") {
              return c.event({
                ...overrides,
                event_type: "MissionDossierSnapshotComputed",
                lamport_clock: it.clock,
                payload: { namespace: { [c.slug]: it.slug } },
              });
            }
            return it.kind === "indexed"
              ? c.indexed(it.clock, `${index}.md`, { namespace }, overrides)
              : c.event({
                ...overrides,
                event_type: "MissionDossierSnapshotComputed",
                lamport_clock: it.clock,
                payload: c.snapshotPayload({ namespace }),
              });
          });
          const partition = c.api.partitionByNamespace(events);
          const placed = [
            ...partition.groups.flatMap((group) => group.events),
            ...partition.withoutNamespace,
            ...partition.otherTypes,
          ];
          assert.equal(placed.length, events.length);
          assert.deepEqual(new Set(placed), new Set(events));
          for (const group of partition.groups) {
            // Input order within a group.
            const positions = group.events.map((event) =>
              events.indexOf(event)
            );
            assert.deepEqual(positions, [...positions].sort((x, y) => x - y));
            const slug =
              (group.namespace as unknown as Record<string, unknown>)[c.slug];
            assert.ok(
              group.events.every((event) =>
                (event.payload.namespace as Record<string, unknown>)[c.slug] ===
                  slug
              ),
            );
            c.api.reduceMissionDossier(group.events); // never mixed
          }
          // First-appearance order of the groups.
          const firsts = partition.groups.map((group) =>
            events.indexOf(group.events[0])
          );
          assert.deepEqual(firsts, [...firsts].sort((x, y) => x - y));
          assert.equal(
            partition.groups.length,
            new Set(
              items.filter((it) =>
                it.kind === "indexed" || it.kind === "snapshot"
              ).map((it) => it.slug),
            ).size,
          );
        }),
        { numRuns: 200 },
      );
    });
  }
});

Deno.test("partitionByNamespace() refuses what is not a list of parsed events", async (t) => {
  const [c] = CONTRACTS;
  const throwing = {
    [Symbol.iterator]: () => ({
      next: () => {
        throw new Error("boom");
      },
    }),
  };
  const getter = Object.defineProperty({}, "event_type", {
    get: () => {
      throw new Error("boom");
    },
  });
  const cases: [string, unknown, RegExp][] = [
    [
      "not an iterable",
      42,
      /the input must be an iterable of parsed events: received 42$/,
    ],
    [
      "null",
      null,
      /the input must be an iterable of parsed events: received null$/,
    ],
    [
      "an iterator that throws",
      throwing,
      /^Cannot partition events: the input must be plain data \(iterating it threw Error\)$/,
    ],
    [
      "an item that is not an object",
      [1],
      /events\[0\] must be a parsed event \(see parseEvent\): it must be an object: received 1$/,
    ],
    [
      "an event_type that is not a string",
      [{ event_type: 7 }],
      /events\[0\] must be a parsed event \(see parseEvent\): field "event_type" must be a string: received 7$/,
    ],
    [
      "a getter that throws",
      [getter],
      /events\[0\] must be a parsed event \(see parseEvent\): it must be plain data \(reading it threw Error\)$/,
    ],
  ];
  for (const [name, input, pattern] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => c.api.partitionByNamespace(input as never),
        (error: unknown) =>
          error instanceof TypeError && pattern.test(error.message),
      );
    });
  }
});
