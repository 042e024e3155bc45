// Expected states are worked by hand from docs/contract.md, "The reducer"; every test runs
// against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the same reducer, other field names), the
// 3.0.0 texts derived from the 2.4.0 ones by the renames of docs/contract.md, "Contract 3.0.0 and the divergences".
import assert from "node:assert/strict";
import type { Event } from "../mod.ts";
import { CONTRACTS, fieldOf, PROJECT_UUID, ulid, V2, V3 } from "./_builders.ts";

for (const c of CONTRACTS) {
  const { drift, event, identity, indexed, missing, namespace, snapshot } = c;
  const {
    emptyDossierState,
    NamespaceMixedStreamError,
    reduceMissionDossier,
    serializeDossierState,
  } = c.api;
  const slugOf = (state: { namespace: unknown }) =>
    fieldOf(state.namespace, c.slug);

  const hashOf = (events: Event[], path: string): string | undefined =>
    reduceMissionDossier(events).artifacts.get(path)?.content_ref.hash;

  Deno.test(`reduceMissionDossier() builds the state of the contract, field by field (${c.version})`, () => {
    const events = [
      indexed(1, "spec.md", {
        namespace: namespace({ step_id: "specify" }),
        content_ref: { hash: "ab12", algorithm: "sha256", size_bytes: 42 },
        provenance: { git_sha: "abc", actor_kind: "human" },
        step_id: "specify",
      }),
      missing(2, "plan.md", {
        manifest_step: "plan",
        remediation_hint: "run plan",
      }),
      snapshot(3, { anomaly_count: 1 }),
      drift(4),
    ];
    const ns =
      `{"project_uuid":"${PROJECT_UUID}","feature_slug":"042-dossier","target_branch":"main","mission_key":"software-dev","manifest_version":"1","step_id":"specify"}`;
    const specIdentity =
      '{"mission_key":"software-dev","path":"spec.md","artifact_class":"input","run_id":null,"wp_id":null}';
    const planIdentity =
      '{"mission_key":"software-dev","path":"plan.md","artifact_class":"input","run_id":null,"wp_id":null}';
    assert.equal(
      serializeDossierState(reduceMissionDossier(events)),
      c.rename(
        `{"namespace":${ns},"artifacts":{"spec.md":{"identity":${specIdentity},` +
          `"content_ref":{"hash":"ab12","algorithm":"sha256","size_bytes":42,"encoding":null},` +
          `"indexed_at":"2026-02-21T14:00:00Z",` +
          `"provenance":{"source_event_ids":null,"git_sha":"abc","git_ref":null,"actor_id":null,"actor_kind":"human","revised_at":null},` +
          `"superseded":false,"step_id":"specify"}},` +
          `"anomalies":[{"anomaly_type":"missing_artifact","expected_identity":${planIdentity},` +
          `"manifest_step":"plan","checked_at":"2026-02-21T14:05:00Z","remediation_hint":"run plan"}],` +
          `"latest_snapshot":{"snapshot_hash":"sha256:ff00","artifact_count":1,"anomaly_count":1,` +
          `"computed_at":"2026-02-21T14:10:00Z","algorithm":"sha256"},` +
          `"drift_history":[{"expected_hash":"sha256:aa","actual_hash":"sha256:bb",` +
          `"drift_kind":"artifact_added","detected_at":"2026-02-21T14:20:00Z"}],` +
          `"parity_status":"drifted","event_count":4}`,
      ),
    );
  });

  Deno.test(`reduceMissionDossier() returns the empty state for a stream with no dossier event (${c.version})`, async (t) => {
    await t.step("no events", () => {
      assert.deepEqual(reduceMissionDossier([]), emptyDossierState());
    });
    await t.step("only other event types", () => {
      const others = [
        event({ event_type: "WPStatusChanged", lamport_clock: 1 }),
        event({
          event_type: "missiondossierartifactindexed",
          lamport_clock: 2,
        }),
      ];
      // Written out, not emptyDossierState(): this is the one place a test
      // pins what the empty state holds, independently of src/.
      assert.deepEqual(reduceMissionDossier(others), {
        namespace: null,
        artifacts: new Map(),
        anomalies: [],
        latest_snapshot: null,
        drift_history: [],
        parity_status: "unknown",
        event_count: 0,
      });
    });
  });

  Deno.test(`reduceMissionDossier() ignores unknown event types (${c.version})`, () => {
    const foreign = event({
      event_type: "WPStatusChanged",
      lamport_clock: 2,
      // A different namespace: it would be a mismatch if it were looked at.
      payload: { namespace: namespace({ [c.slug]: "other" }) },
    });
    const state = reduceMissionDossier([
      indexed(1, "spec.md"),
      foreign,
      snapshot(3),
    ]);
    assert.equal(state.event_count, 2);
    assert.deepEqual([...state.artifacts.keys()], ["spec.md"]);
    assert.equal(slugOf(state), "042-dossier");
  });

  Deno.test(`reduceMissionDossier() reads an array as iterating it would (${c.version})`, async (t) => {
    const events = [indexed(1, "spec.md"), indexed(2, "plan.md"), snapshot(3)];
    const expected = serializeDossierState(reduceMissionDossier(events));
    await t.step("a plain array, read by index", () => {
      assert.equal(
        serializeDossierState(reduceMissionDossier([...events])),
        expected,
      );
    });
    await t.step("an array with its own iterator is iterated", () => {
      const own = [indexed(9, "other.md")];
      Object.defineProperty(own, Symbol.iterator, {
        value: () => events[Symbol.iterator](),
      });
      assert.equal(serializeDossierState(reduceMissionDossier(own)), expected);
    });
    await t.step(
      "a subclass of Array with another iterator is iterated",
      () => {
        class FirstTwo extends Array<Event> {}
        Object.defineProperty(FirstTwo.prototype, Symbol.iterator, {
          value: function* (this: Event[]) {
            yield this[0];
            yield this[1];
          },
        });
        const firstTwo = FirstTwo.from(events);
        assert.equal(
          serializeDossierState(reduceMissionDossier(firstTwo)),
          serializeDossierState(reduceMissionDossier(events.slice(0, 2))),
        );
      },
    );
    await t.step("an array with holes reads them as undefined", () => {
      const holes: Event[] = [events[0]];
      holes[2] = events[1];
      assert.throws(
        () => reduceMissionDossier(holes),
        /events\[1\] is not a parsed event/,
      );
    });
  });

  Deno.test(`reduceMissionDossier() orders by lamport_clock before the timestamp (${c.version})`, () => {
    const late = indexed(2, "a.md", {
      content_ref: { hash: "clock-2", algorithm: "sha256" },
    }, {
      timestamp: "2000-01-01",
    });
    const early = indexed(1, "a.md", {
      content_ref: { hash: "clock-1", algorithm: "sha256" },
    }, {
      timestamp: "2099-01-01",
    });
    assert.equal(hashOf([late, early], "a.md"), "clock-2");
    assert.equal(hashOf([early, late], "a.md"), "clock-2");
  });

  Deno.test(`reduceMissionDossier() breaks clock ties by the timestamp sort text, then the event id (${c.version})`, async (t) => {
    await t.step("timestamp text: 15:00+01:00 is applied after 14:30Z", () => {
      const a = indexed(1, "a.md", {
        content_ref: { hash: "15:00+01:00", algorithm: "sha256" },
      }, {
        timestamp: "2026-02-21T15:00:00+01:00",
        event_id: ulid(1),
      });
      const b = indexed(1, "a.md", {
        content_ref: { hash: "14:30Z", algorithm: "sha256" },
      }, {
        timestamp: "2026-02-21T14:30:00Z",
        event_id: ulid(2),
      });
      assert.equal(hashOf([a, b], "a.md"), "15:00+01:00");
      assert.equal(hashOf([b, a], "a.md"), "15:00+01:00");
    });
    await t.step(
      "event id, when the sort texts are equal though spelled differently",
      () => {
        const one = indexed(1, "a.md", {
          content_ref: { hash: "id-1", algorithm: "sha256" },
        }, {
          timestamp: "2026-02-21T14:00:00.000+00:00",
          event_id: ulid(1),
        });
        const two = indexed(1, "a.md", {
          content_ref: { hash: "id-2", algorithm: "sha256" },
        }, {
          timestamp: "2026-02-21T14:00:00Z",
          event_id: ulid(2),
        });
        assert.equal(hashOf([two, one], "a.md"), "id-2");
        assert.equal(hashOf([one, two], "a.md"), "id-2");
      },
    );
    await t.step(
      "the normalized id: a UUID's lowercase hex sorts after a ULID's digits",
      () => {
        // "0f2a…" vs "01HV…": "0" = "0", then "f" (U+0066) > "1" (U+0031).
        const uuid = indexed(1, "a.md", {
          content_ref: { hash: "uuid", algorithm: "sha256" },
        }, {
          event_id: "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2",
        });
        const ulidEvent = indexed(1, "a.md", {
          content_ref: { hash: "ulid", algorithm: "sha256" },
        }, {
          event_id: ulid(1),
        });
        assert.equal(hashOf([uuid, ulidEvent], "a.md"), "uuid");
      },
    );
  });

  Deno.test(`reduceMissionDossier() keeps the first copy of a duplicate event after sorting (${c.version})`, async (t) => {
    await t.step("a later copy with a different payload is dropped", () => {
      const first = indexed(1, "a.md", {
        content_ref: { hash: "first", algorithm: "sha256" },
      }, {
        event_id: ulid(7),
      });
      const copy = indexed(2, "a.md", {
        content_ref: { hash: "copy", algorithm: "sha256" },
      }, {
        event_id: ulid(7),
      });
      for (const order of [[first, copy], [copy, first]]) {
        const state = reduceMissionDossier(order);
        assert.equal(state.artifacts.get("a.md")?.content_ref.hash, "first");
        assert.equal(state.event_count, 1);
      }
    });
    await t.step("a copy of another type is dropped too", () => {
      const state = reduceMissionDossier([
        indexed(1, "a.md", {}, { event_id: ulid(7) }),
        snapshot(2, {}),
        missing(3, "b.md"),
      ].map((e, i) => i === 2 ? { ...e, event_id: ulid(7) } : e));
      assert.deepEqual(state.anomalies, []);
      assert.equal(state.event_count, 2);
    });
    await t.step(
      "ids spelled differently but equal after normalization",
      () => {
        const cases: [string, string][] = [
          ["01hv7ka8tq3r0w2m9x6c4b5n1p", "01HV7KA8TQ3R0W2M9X6C4B5N1P"],
          [
            "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2",
            "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2",
          ],
        ];
        for (const [a, b] of cases) {
          const state = reduceMissionDossier([
            indexed(1, "a.md", {}, { event_id: a }),
            indexed(2, "b.md", {}, { event_id: b }),
          ]);
          assert.deepEqual([...state.artifacts.keys()], ["a.md"]);
          assert.equal(state.event_count, 1);
        }
      },
    );
    await t.step(
      "identical sort keys: the first in input order wins (stable sort)",
      () => {
        const x = indexed(1, "a.md", {
          content_ref: { hash: "x", algorithm: "sha256" },
        });
        const y = indexed(1, "a.md", {
          content_ref: { hash: "y", algorithm: "sha256" },
        });
        assert.equal(x.event_id, y.event_id);
        assert.equal(hashOf([x, y], "a.md"), "x");
        assert.equal(hashOf([y, x], "a.md"), "y");
      },
    );
    await t.step("a dropped copy's namespace is never checked", () => {
      const first = indexed(1, "a.md", {}, { event_id: ulid(7) });
      const foreign = indexed(2, "a.md", {
        namespace: namespace({ [c.slug]: "other" }),
      }, {
        event_id: ulid(7),
      });
      assert.equal(
        slugOf(reduceMissionDossier([foreign, first])),
        "042-dossier",
      );
    });
  });

  Deno.test(`reduceMissionDossier() accepts namespaces that differ only in step_id (${c.version})`, () => {
    const state = reduceMissionDossier([
      indexed(1, "a.md", { namespace: namespace({ step_id: "specify" }) }),
      indexed(2, "b.md", { namespace: namespace({ step_id: "plan" }) }),
      snapshot(3, { namespace: namespace({ step_id: null }) }),
    ]);
    assert.equal(state.event_count, 3);
    assert.deepEqual(state.namespace, { ...namespace(), step_id: null });
  });

  Deno.test(`reduceMissionDossier() normalizes the state's step_id (${c.version})`, async (t) => {
    const run = (...stepIds: (string | null | undefined)[]) =>
      reduceMissionDossier(
        stepIds.map((step_id, i) =>
          snapshot(i + 1, {
            namespace: step_id === undefined
              ? namespace()
              : namespace({ step_id }),
          })
        ),
      ).namespace?.step_id;
    await t.step("several distinct step_ids give null", () => {
      assert.equal(run("specify", "plan"), null);
      assert.equal(run("specify", null, "plan", "specify"), null);
    });
    await t.step("the empty string counts as a value", () => {
      assert.equal(run("", "plan"), null);
      assert.equal(run("", ""), "");
    });
    await t.step(
      "one distinct step_id keeps the first namespace as parsed",
      () => {
        assert.equal(run("plan", null, "plan"), "plan");
        assert.equal(run("plan", undefined), "plan");
      },
    );
    await t.step(
      "a first null stays null even when every later one says plan",
      () => {
        assert.equal(run(null, "plan", "plan"), null);
        assert.equal(run(undefined, "plan"), null);
      },
    );
  });

  Deno.test(`reduceMissionDossier() passes over a first event with a malformed namespace (${c.version})`, () => {
    const { [c.mission]: _, ...rest } = namespace();
    const malformed = { ...rest, [c.slug]: "elsewhere" };
    const state = reduceMissionDossier([
      indexed(1, "bad.md", { namespace: malformed }),
      indexed(2, "good.md", { namespace: namespace({ step_id: "plan" }) }),
      snapshot(3),
    ]);
    assert.deepEqual(state.namespace, namespace({ step_id: "plan" }));
    assert.deepEqual([...state.artifacts.keys()], ["good.md"]);
    assert.equal(state.event_count, 3);
  });

  Deno.test(`reduceMissionDossier() takes the next valid namespace as the reference (${c.version})`, () => {
    assert.throws(
      () =>
        reduceMissionDossier([
          indexed(1, "a.md", { namespace: { [c.slug]: "first" } }),
          indexed(2, "b.md", {
            namespace: namespace({ [c.slug]: "second" }),
          }),
          indexed(3, "c.md", { namespace: namespace({ [c.slug]: "third" }) }),
        ]),
      (error: unknown) =>
        error instanceof NamespaceMixedStreamError &&
        slugOf({ namespace: error.expected }) === "second" &&
        slugOf({ namespace: error.got }) === "third",
    );
  });

  Deno.test(`reduceMissionDossier() gives a null namespace when none is valid, still counting events (${c.version})`, () => {
    const state = reduceMissionDossier([
      indexed(1, "a.md", { namespace: "not an object" }),
      snapshot(2, { namespace: null }),
      missing(3, "b.md", {
        namespace: { ...namespace(), manifest_version: "" },
      }),
    ]);
    assert.equal(state.namespace, null);
    assert.equal(state.event_count, 3);
    assert.equal(state.artifacts.size, 0);
    assert.equal(state.parity_status, "unknown");
  });

  Deno.test(`reduceMissionDossier() throws NamespaceMixedStreamError with both namespaces (${c.version})`, async (t) => {
    await t.step("message and fields", () => {
      const other = namespace({ target_branch: "release", step_id: "plan" });
      let caught: unknown;
      try {
        reduceMissionDossier([
          indexed(1, "a.md"),
          snapshot(2),
          indexed(3, "b.md", { namespace: other }),
          drift(4),
        ]);
      } catch (error) {
        caught = error;
      }
      assert.ok(caught instanceof NamespaceMixedStreamError);
      assert.ok(caught instanceof Error);
      assert.equal(caught.name, "NamespaceMixedStreamError");
      assert.equal(
        caught.message,
        c.rename(
          `Namespace mismatch in dossier event stream. Expected: {"project_uuid":"${PROJECT_UUID}","feature_slug":"042-dossier","target_branch":"main","mission_key":"software-dev","manifest_version":"1","step_id":null}. Got: {"project_uuid":"${PROJECT_UUID}","feature_slug":"042-dossier","target_branch":"release","mission_key":"software-dev","manifest_version":"1","step_id":"plan"}.`,
        ),
      );
      assert.deepEqual(caught.expected, { ...namespace(), step_id: null });
      assert.deepEqual(caught.got, other);
    });
    for (
      const field of [
        "project_uuid",
        c.slug,
        "target_branch",
        c.mission,
        "manifest_version",
      ]
    ) {
      await t.step(`a different ${field}`, () => {
        assert.throws(
          () =>
            reduceMissionDossier([
              snapshot(1),
              snapshot(2, { namespace: namespace({ [field]: "different" }) }),
            ]),
          NamespaceMixedStreamError,
        );
      });
    }
    await t.step("seen in an event whose payload is otherwise invalid", () => {
      assert.throws(
        () =>
          reduceMissionDossier([
            snapshot(1),
            missing(2, "b.md", {
              namespace: namespace({ [c.mission]: "other" }),
              manifest_step: "",
            }),
          ]),
        NamespaceMixedStreamError,
      );
    });
    await t.step("in sorted order, whatever the input order", () => {
      assert.throws(
        () =>
          reduceMissionDossier([
            snapshot(2, { namespace: namespace({ [c.slug]: "later" }) }),
            snapshot(1),
          ]),
        (error: unknown) =>
          error instanceof NamespaceMixedStreamError &&
          slugOf({ namespace: error.expected }) === "042-dossier" &&
          slugOf({ namespace: error.got }) === "later",
      );
    });
  });

  Deno.test(`reduceMissionDossier() returns no partial state on a namespace mismatch (${c.version})`, () => {
    const events = [
      indexed(1, "a.md"),
      snapshot(2, { namespace: namespace({ manifest_version: "2" }) }),
    ];
    let result: unknown = "nothing returned";
    assert.throws(() => {
      result = reduceMissionDossier(events);
    }, NamespaceMixedStreamError);
    assert.equal(result, "nothing returned");
    // The input is untouched and a clean stream still reduces afterwards.
    assert.equal(events.length, 2);
    assert.equal(reduceMissionDossier([events[0]]).event_count, 1);
  });

  Deno.test(`reduceMissionDossier() applies supersedes (${c.version})`, async (t) => {
    await t.step(
      "naming another known path marks it superseded, in place",
      () => {
        const state = reduceMissionDossier([
          indexed(1, "v1.md"),
          indexed(2, "other.md"),
          indexed(3, "v2.md", { supersedes: identity("v1.md") }),
        ]);
        assert.deepEqual([...state.artifacts.keys()], [
          "v1.md",
          "other.md",
          "v2.md",
        ]);
        assert.equal(state.artifacts.get("v1.md")?.superseded, true);
        assert.equal(
          state.artifacts.get("v1.md")?.content_ref.hash,
          "hash-of-v1.md",
        );
        assert.equal(state.artifacts.get("other.md")?.superseded, false);
        assert.equal(state.artifacts.get("v2.md")?.superseded, false);
      },
    );
    await t.step("naming the same path ends as superseded: false", () => {
      const state = reduceMissionDossier([
        indexed(1, "spec.md"),
        indexed(2, "spec.md", {
          supersedes: identity("spec.md"),
          content_ref: { hash: "new", algorithm: "sha256" },
        }),
      ]);
      assert.equal(state.artifacts.size, 1);
      assert.equal(state.artifacts.get("spec.md")?.superseded, false);
      assert.equal(state.artifacts.get("spec.md")?.content_ref.hash, "new");
    });
    await t.step("naming an unknown path changes nothing else", () => {
      const state = reduceMissionDossier([
        indexed(1, "a.md"),
        indexed(2, "b.md", { supersedes: identity("never-indexed.md") }),
      ]);
      assert.deepEqual([...state.artifacts.keys()], ["a.md", "b.md"]);
      assert.equal(state.artifacts.get("a.md")?.superseded, false);
    });
    await t.step(
      "re-indexing a superseded path clears the flag and keeps its place",
      () => {
        const state = reduceMissionDossier([
          indexed(1, "v1.md"),
          indexed(2, "v2.md", { supersedes: identity("v1.md") }),
          indexed(3, "v1.md", {
            content_ref: { hash: "again", algorithm: "md5" },
          }),
        ]);
        assert.deepEqual([...state.artifacts.keys()], ["v1.md", "v2.md"]);
        assert.equal(state.artifacts.get("v1.md")?.superseded, false);
        assert.equal(
          state.artifacts.get("v1.md")?.content_ref.algorithm,
          "md5",
        );
      },
    );
  });

  Deno.test(`reduceMissionDossier() takes an entry's step_id from the payload, not the namespace (${c.version})`, () => {
    const state = reduceMissionDossier([
      indexed(1, "a.md", { namespace: namespace({ step_id: "plan" }) }),
      indexed(2, "b.md", {
        namespace: namespace({ step_id: "plan" }),
        step_id: "tasks",
      }),
    ]);
    assert.equal(state.artifacts.get("a.md")?.step_id, null);
    assert.equal(state.artifacts.get("b.md")?.step_id, "tasks");
    assert.equal(state.namespace?.step_id, "plan");
  });

  Deno.test(`reduceMissionDossier() skips an invalid payload but counts it in event_count (${c.version})`, async (t) => {
    const cases: [string, Event][] = [
      [
        "indexed without artifact_id.path",
        indexed(2, "x.md", {
          artifact_id: { [c.mission]: "m", artifact_class: "input" },
        }),
      ],
      [
        "indexed with an unknown artifact_class",
        indexed(2, "x.md", {
          artifact_id: identity("x.md", { artifact_class: "draft" }),
        }),
      ],
      [
        "missing with an empty manifest_step",
        missing(2, "x.md", { manifest_step: "" }),
      ],
      [
        "snapshot with a fractional count",
        snapshot(2, { artifact_count: 1.5 }),
      ],
      ["snapshot with a string count", snapshot(2, { anomaly_count: "0" })],
      ["drift with an unknown drift_kind", drift(2, { drift_kind: "moved" })],
      [
        "context_diagnostics with a non-string value",
        drift(2, { context_diagnostics: { note: 1 } }),
      ],
      [
        "context_diagnostics with a __proto__ key",
        drift(2, { context_diagnostics: JSON.parse('{"__proto__":1}') }),
      ],
      [
        "context_diagnostics with a lone surrogate key",
        drift(2, { context_diagnostics: { "\uDC00": "x" } }),
      ],
    ];
    for (const [name, invalid] of cases) {
      await t.step(name, () => {
        const state = reduceMissionDossier([indexed(1, "a.md"), invalid]);
        assert.equal(state.event_count, 2);
        assert.deepEqual([...state.artifacts.keys()], ["a.md"]);
        assert.deepEqual(state.anomalies, []);
        assert.equal(state.latest_snapshot, null);
        assert.deepEqual(state.drift_history, []);
        assert.equal(state.parity_status, "unknown");
      });
    }
    await t.step(
      "a __proto__ key with a string value is kept and valid",
      () => {
        const state = reduceMissionDossier([
          drift(1, { context_diagnostics: JSON.parse('{"__proto__":"note"}') }),
        ]);
        assert.equal(state.drift_history.length, 1);
      },
    );
  });

  Deno.test(`reduceMissionDossier() sets each parity_status (${c.version})`, async (t) => {
    const cases: [string, Event[], string][] = [
      [
        "unknown: no snapshot, no drift",
        [indexed(1, "a.md"), missing(2, "b.md")],
        "unknown",
      ],
      [
        "clean: a snapshot, no drift",
        [indexed(1, "a.md"), snapshot(2)],
        "clean",
      ],
      ["drifted: a drift after a snapshot", [snapshot(1), drift(2)], "drifted"],
      [
        "drifted: a drift before a snapshot",
        [drift(1), snapshot(2)],
        "drifted",
      ],
      ["drifted: a drift and no snapshot", [drift(1)], "drifted"],
    ];
    for (const [name, events, status] of cases) {
      await t.step(name, () => {
        assert.equal(reduceMissionDossier(events).parity_status, status);
      });
    }
  });

  Deno.test(`reduceMissionDossier() keeps the latest snapshot and every anomaly and drift, in order (${c.version})`, () => {
    const state = reduceMissionDossier([
      snapshot(1, { snapshot_hash: "first", algorithm: "md5" }),
      missing(2, "a.md"),
      drift(3, { drift_kind: "artifact_removed" }),
      missing(4, "a.md", { manifest_step: "plan" }),
      drift(5, { drift_kind: "anomaly_resolved" }),
      snapshot(6, {
        snapshot_hash: "second",
        artifact_count: 0,
        algorithm: null,
      }),
    ]);
    assert.deepEqual(state.latest_snapshot, {
      snapshot_hash: "second",
      artifact_count: 0,
      anomaly_count: 0,
      computed_at: "2026-02-21T14:10:00Z",
      algorithm: "sha256",
    });
    assert.deepEqual(state.anomalies.map((a) => a.manifest_step), [
      "required_always",
      "plan",
    ]);
    assert.deepEqual(state.drift_history.map((d) => d.drift_kind), [
      "artifact_removed",
      "anomaly_resolved",
    ]);
    assert.equal(
      reduceMissionDossier([snapshot(1, { algorithm: "md5" })]).latest_snapshot
        ?.algorithm,
      "md5",
    );
  });

  Deno.test(`reduceMissionDossier() keeps paths as data: __proto__, constructor, 10 and 2 in insertion order (${c.version})`, () => {
    const paths = ["__proto__", "constructor", "10", "2", "toString"];
    const state = reduceMissionDossier(
      paths.map((path, i) => indexed(i + 1, path)),
    );
    assert.deepEqual([...state.artifacts.keys()], paths);
    const json = serializeDossierState(state);
    const keys = json.slice(json.indexOf('"artifacts":{')).match(
      /"(__proto__|constructor|10|2|toString)":\{"identity"/g,
    );
    assert.deepEqual(keys, paths.map((path) => `"${path}":{"identity"`));
    assert.equal(
      JSON.stringify(JSON.parse(json).artifacts.__proto__.identity),
      c.rename(
        '{"mission_key":"software-dev","path":"__proto__","artifact_class":"input","run_id":null,"wp_id":null}',
      ),
    );
    // No prototype was touched.
    const plain: Record<string, unknown> = {};
    assert.equal(plain.identity, undefined);
    assert.equal(plain.superseded, undefined);
    assert.equal(Object.getPrototypeOf(plain), Object.prototype);
    assert.equal(typeof plain.constructor, "function");
    assert.equal(Object.hasOwn(Object.prototype, "identity"), false);
  });

  Deno.test(`reduceMissionDossier() accepts any iterable and gives the same output twice (${c.version})`, () => {
    const events = [indexed(2, "b.md"), indexed(1, "a.md"), snapshot(3)];
    function* generate() {
      yield* events;
    }
    const fromGenerator = reduceMissionDossier(generate());
    assert.deepEqual(fromGenerator, reduceMissionDossier(events));
    assert.deepEqual(
      reduceMissionDossier(events),
      reduceMissionDossier(events),
    );
    assert.deepEqual([...fromGenerator.artifacts.keys()], ["a.md", "b.md"]);
  });

  Deno.test(`reduceMissionDossier() returns a new state object each time (${c.version})`, () => {
    const events = [indexed(1, "a.md"), missing(2, "b.md"), drift(3)];
    const first = reduceMissionDossier(events);
    const second = reduceMissionDossier(events);
    assert.notEqual(first.artifacts, second.artifacts);
    assert.notEqual(first.anomalies, second.anomalies);
    assert.notEqual(
      emptyDossierState().artifacts,
      emptyDossierState().artifacts,
    );
  });
}

for (const c of CONTRACTS) {
  Deno.test(`reduceMissionDossier() passes over a namespace in the other contract's field names (${c.version})`, () => {
    const { [c.slug]: _, [c.mission]: mission, ...rest } = c.namespace();
    // Were it read as a namespace, its slug would be a mismatch.
    const other = {
      ...rest,
      [c.otherSlug]: "elsewhere",
      [c.otherMission]: mission,
    };
    const state = c.api.reduceMissionDossier([
      c.indexed(1, "a.md", { namespace: other }),
      c.snapshot(2),
    ]);
    assert.deepEqual(state.namespace, c.stateNamespace());
    assert.equal(state.artifacts.size, 0);
    assert.equal(state.event_count, 2);
  });

  Deno.test(`NamespaceMixedStreamError names the differing fields and the event that carried them (${c.version})`, () => {
    const other = c.namespace({ [c.slug]: "other", manifest_version: "2" });
    const events = [
      c.indexed(2, "a.md"),
      c.event({
        event_id: ulid(5).toLowerCase(),
        lamport_clock: 5,
        event_type: "MissionDossierSnapshotComputed",
        payload: c.snapshotPayload({ namespace: other }),
      }),
      c.indexed(1, "b.md"),
      c.drift(6, { namespace: other }),
    ];
    let caught: unknown;
    try {
      c.api.reduceMissionDossier(events);
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof c.api.NamespaceMixedStreamError);
    assert.deepEqual(caught.differingFields, [c.slug, "manifest_version"]);
    assert.equal(caught.eventId, ulid(5));
    // The position in the input, not in replay order.
    assert.equal(caught.index, 1);
    const fields = [
      "project_uuid",
      c.slug,
      "target_branch",
      c.mission,
      "manifest_version",
      "step_id",
    ];
    assert.deepEqual(Object.keys(caught.expected), fields);
    assert.deepEqual(Object.keys(caught.got), fields);
    assert.deepEqual(caught.expected, c.stateNamespace());
    assert.deepEqual(caught.got, c.stateNamespace(other));
  });
}

Deno.test("reduceMissionDossier() keeps a namespace with an unknown key, the key dropped (2.4.0)", () => {
  const state = V2.api.reduceMissionDossier([
    V2.indexed(1, "a.md", { namespace: V2.namespace({ extra: "x" }) }),
    V2.snapshot(2),
  ]);
  assert.deepEqual(state.namespace, V2.stateNamespace());
  assert.deepEqual([...state.artifacts.keys()], ["a.md"]);
  // Being valid, it is the stream's namespace: a different one is a mismatch.
  assert.throws(
    () =>
      V2.api.reduceMissionDossier([
        V2.indexed(1, "a.md", {
          namespace: V2.namespace({ extra: "x", feature_slug: "first" }),
        }),
        V2.snapshot(2),
      ]),
    V2.api.NamespaceMixedStreamError,
  );
});

Deno.test("reduceMissionDossier() passes over a namespace with an unknown key (3.0.0)", async (t) => {
  for (
    const key of ["extra", "feature_slug", "mission_key", "feature_number"]
  ) {
    await t.step(key, () => {
      // Were it valid, its slug would be a mismatch.
      const strange = V3.namespace({ mission_slug: "elsewhere", [key]: "x" });
      const state = V3.api.reduceMissionDossier([
        V3.indexed(1, "a.md", { namespace: strange }),
        V3.snapshot(2, { namespace: V3.namespace({ step_id: "plan" }) }),
      ]);
      assert.deepEqual(state.namespace, V3.stateNamespace({ step_id: "plan" }));
      // Its own payload does not parse either: skipped, but counted.
      assert.equal(state.artifacts.size, 0);
      assert.equal(state.event_count, 2);
      assert.equal(state.parity_status, "clean");
    });
  }
});
