// DossierObject on a real SQLite database in-process (tests/_sql_storage.ts):
// what it stores, what it answers, and that its state is the library's
// reduction of every event it stored, in any arrival order, across
// restarts and crashes in the middle of an append.
import assert from "node:assert/strict";
import { quietConsole } from "./_quiet_console.ts";
import fc from "fast-check";
import { DossierObject, namespaceKey } from "../edge.ts";
import { APPEND_PATH } from "../src/edge/dossier_object.ts";
import { parityJson } from "../src/parity/parity_report.ts";
import {
  type ContractKit,
  CONTRACTS,
  type Json,
  ulid,
  V2,
  V3,
} from "./_builders.ts";
import { SimulatedCrash, testStorage } from "./_sql_storage.ts";
import { findingsAsJson } from "./_edge_kit.ts";

/** The internal append the router sends, for one namespace's wire envelopes. */
async function appendRequest(
  kit: ContractKit,
  envelopes: readonly Json[],
  overrides: Json = {},
): Promise<Request> {
  const key = await namespaceKey(kit.stateNamespace() as never);
  return new Request(`https://dossier-object${APPEND_PATH}`, {
    method: "POST",
    body: JSON.stringify({
      key,
      contract: kit.version,
      contractHow: "?contract=" + kit.version,
      contractReason: null,
      lines: envelopes.map((envelope) => JSON.stringify(envelope)),
      ...overrides,
    }),
  });
}

async function keyOf(kit: ContractKit): Promise<string> {
  return await namespaceKey(kit.stateNamespace() as never);
}

async function get(object: DossierObject, path: string): Promise<Response> {
  return await object.fetch(new Request(`https://dossier-object${path}`));
}

/** What the library says the dossier of these wire envelopes is. */
function expectedState(kit: ContractKit, envelopes: readonly Json[]): string {
  const events = envelopes.map((envelope) => kit.api.parseEvent(envelope));
  return kit.api.serializeDossierState(kit.api.reduceMissionDossier(events));
}

const wire = (kit: ContractKit, overrides: Json): Json =>
  kit.envelope(overrides);

function indexedWire(kit: ContractKit, clock: number, path: string): Json {
  return wire(kit, {
    lamport_clock: clock,
    event_type: "MissionDossierArtifactIndexed",
    payload: kit.indexedPayload(path),
  });
}

Deno.test("DossierObject stores an append and answers its state byte for byte", async (t) => {
  for (const kit of CONTRACTS) {
    await t.step(kit.version, async () => {
      const storage = testStorage();
      const object = new DossierObject(storage.ctx());
      const envelopes = [
        indexedWire(kit, 1, "spec.md"),
        indexedWire(kit, 2, "plan.md"),
        wire(kit, {
          lamport_clock: 3,
          event_type: "MissionDossierSnapshotComputed",
          payload: kit.snapshotPayload(),
        }),
      ];
      const response = await object.fetch(
        await appendRequest(kit, envelopes),
      );
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        received: 3,
        applied: 3,
        duplicates: 0,
        rejected: 0,
        ignored: 0,
      });
      const state = await get(object, `/dossiers/${await keyOf(kit)}`);
      assert.equal(state.status, 200);
      assert.equal(
        state.headers.get("content-type"),
        "application/json; charset=utf-8",
      );
      assert.equal(await state.text(), expectedState(kit, envelopes));
      assert.equal(storage.count("dossier_events"), 3);
    });
  }
});

Deno.test("DossierObject keeps the copy that sorts first, not the one that came first", async () => {
  const kit = V3;
  const storage = testStorage();
  const object = new DossierObject(storage.ctx());
  const late = wire(kit, {
    event_id: ulid(7),
    lamport_clock: 5,
    event_type: "MissionDossierArtifactIndexed",
    payload: kit.indexedPayload("spec.md", {
      content_ref: { hash: "second", algorithm: "sha256" },
    }),
  });
  // The same id with a smaller clock and another payload, arriving later.
  const early = {
    ...late,
    lamport_clock: 2,
    payload: kit.indexedPayload("spec.md", {
      content_ref: { hash: "first", algorithm: "sha256" },
    }),
  };
  const first = await object.fetch(await appendRequest(kit, [late]));
  assert.equal((await first.json()).applied, 1);
  const second = await object.fetch(await appendRequest(kit, [early]));
  assert.deepEqual(await second.json(), {
    received: 1,
    applied: 1,
    duplicates: 0,
    rejected: 0,
    ignored: 0,
  });
  const key = await keyOf(kit);
  const state = await (await get(object, `/dossiers/${key}`)).text();
  assert.equal(state, expectedState(kit, [late, early]));
  assert.match(state, /"hash":"first"/);
  assert.equal(storage.count("dossier_events"), 1);
  // Sent again, the late copy still loses; an equal copy is a duplicate.
  const again = await object.fetch(await appendRequest(kit, [late, early]));
  assert.deepEqual(await again.json(), {
    received: 2,
    applied: 0,
    duplicates: 2,
    rejected: 0,
    ignored: 0,
  });
  assert.equal(
    await (await get(object, `/dossiers/${key}`)).text(),
    expectedState(kit, [late, early, late, early]),
  );
});

Deno.test("DossierObject folds in-order appends without reading its storage back, and refolds for a late event", async () => {
  const kit = V2;
  const storage = testStorage();
  const object = new DossierObject(storage.ctx());
  const refolds = () =>
    storage.ran("ORDER BY lamport_clock, sort_text, event_id");
  const sent: Json[] = [];
  for (let clock = 10; clock < 20; clock += 2) {
    const batch = [
      indexedWire(kit, clock, `a${clock}.md`),
      indexedWire(kit, clock + 1, `b${clock}.md`),
    ];
    sent.push(...batch);
    assert.equal(
      (await object.fetch(await appendRequest(kit, batch))).status,
      200,
    );
  }
  // The first append builds the fold from what it stored; the others fold
  // only their own events.
  assert.equal(refolds(), 1);
  const late = indexedWire(kit, 3, "late.md");
  sent.push(late);
  await object.fetch(await appendRequest(kit, [late]));
  assert.equal(refolds(), 2);
  // A duplicate changes nothing, so it folds nothing.
  await object.fetch(await appendRequest(kit, [late]));
  assert.equal(refolds(), 2);
  sent.push(late);
  assert.equal(
    await (await get(object, `/dossiers/${await keyOf(kit)}`)).text(),
    expectedState(kit, sent),
  );
});

Deno.test("DossierObject counts a payload that does not parse as rejected, stores it, and lists it in parity", async (t) => {
  for (const kit of CONTRACTS) {
    await t.step(kit.version, async () => {
      const object = new DossierObject(testStorage().ctx());
      const bad = wire(kit, {
        lamport_clock: 2,
        event_type: "MissionDossierArtifactIndexed",
        payload: { ...kit.indexedPayload("x.md"), content_ref: null },
      });
      const envelopes = [indexedWire(kit, 1, "spec.md"), bad];
      const response = await object.fetch(await appendRequest(kit, envelopes));
      assert.deepEqual(await response.json(), {
        received: 2,
        applied: 1,
        duplicates: 0,
        rejected: 1,
        ignored: 0,
      });
      const key = await keyOf(kit);
      const parity = await (await get(object, `/dossiers/${key}/parity`))
        .json();
      const events = envelopes.map((envelope) => kit.api.parseEvent(envelope));
      const { state, report } = kit.api.reduceMissionDossierWithReport(events);
      assert.deepEqual(
        parity,
        JSON.parse(JSON.stringify(parityJson(
          await kit.api.evaluateParity(state),
          state.parity_status,
          {
            version: kit.version,
            how: `?contract=${kit.version}`,
            reason: null,
          },
          report,
          null,
        ))),
      );
      assert.equal(parity.rejected[0].issues[0].path, "payload.content_ref");
    });
  }
});

// ── Any arrival order, restarts and crashes: the property ─────────────────

const TIMESTAMPS = [
  "2026-02-21T14:00:00Z",
  "2026-02-21T14:30:00+00:00",
  // Sorts after 14:30+00:00 as text, although it is the earlier instant.
  "2026-02-21T15:00:00+01:00",
  "2026-02-21 14:00",
  1700000000,
  "1700000000.5",
];
const PATHS = ["spec.md", "plan.md", "__proto__", "10", "2"];

/** One wire envelope of the namespace, any of the four types, sometimes invalid. */
function arbitraryEnvelope(kit: ContractKit): fc.Arbitrary<Json> {
  const namespace = fc.constantFrom<Json>(
    kit.namespace(),
    kit.namespace({ step_id: null }),
    kit.namespace({ step_id: "" }),
    kit.namespace({ step_id: "plan" }),
  );
  const payload = fc.oneof(
    fc.record({
      path: fc.constantFrom(...PATHS),
      hash: fc.constantFrom("h1", "h2", "h3"),
      supersedes: fc.option(fc.constantFrom(...PATHS), { nil: undefined }),
      namespace,
    }).map(({ path, hash, supersedes, namespace }) => ({
      type: "MissionDossierArtifactIndexed",
      payload: kit.indexedPayload(path, {
        namespace,
        content_ref: { hash, algorithm: "sha256" },
        ...(supersedes === undefined
          ? {}
          : { supersedes: kit.identity(supersedes) }),
      }),
    })),
    fc.record({ path: fc.constantFrom(...PATHS), namespace }).map((
      { path, namespace },
    ) => ({
      type: "MissionDossierArtifactMissing",
      payload: kit.missingPayload(path, { namespace }),
    })),
    fc.record({ hash: fc.constantFrom("sha256:aa", "sha256:bb"), namespace })
      .map(({ hash, namespace }) => ({
        type: "MissionDossierSnapshotComputed",
        payload: kit.snapshotPayload({ snapshot_hash: hash, namespace }),
      })),
    namespace.map((namespace) => ({
      type: "MissionDossierParityDriftDetected",
      payload: kit.driftPayload({ namespace }),
    })),
    // Invalid payloads with a valid namespace: stored, skipped, counted.
    namespace.map((namespace) => ({
      type: "MissionDossierArtifactIndexed",
      payload: { namespace, artifact_id: null, size_bytes: 1e400 },
    })),
  );
  return fc.record({
    id: fc.nat({ max: 11 }),
    clock: fc.nat({ max: 6 }),
    timestamp: fc.constantFrom(...TIMESTAMPS),
    payload,
  }).map(({ id, clock, timestamp, payload }) =>
    wire(kit, {
      event_id: ulid(id),
      lamport_clock: clock,
      timestamp,
      event_type: payload.type,
      payload: payload.payload,
    })
  );
}

/** What happens before each append: nothing, a restart, or a crash at the n-th statement of the append. */
type Step = {
  readonly batch: Json[];
  readonly before: "none" | "restart";
  readonly crashAt: number;
};

function arbitrarySteps(kit: ContractKit): fc.Arbitrary<Step[]> {
  return fc.array(
    fc.record({
      batch: fc.array(arbitraryEnvelope(kit), { minLength: 1, maxLength: 6 }),
      before: fc.constantFrom<"none" | "restart">("none", "none", "restart"),
      crashAt: fc.oneof(
        { weight: 3, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }) },
      ),
    }),
    { minLength: 1, maxLength: 8 },
  );
}

Deno.test("DossierObject's state is the reduction of every event it acknowledged, in any order, across restarts and crashes (property)", async (t) => {
  for (const kit of CONTRACTS) {
    await t.step(kit.version, async () => {
      const key = await keyOf(kit);
      // Each crash is logged by the object (a 500): held back unless this fails.
      const { logged } = await quietConsole(() =>
        fc.assert(
          fc.asyncProperty(arbitrarySteps(kit), async (steps) => {
            const storage = testStorage();
            let object = new DossierObject(storage.ctx());
            const acknowledged: Json[] = [];
            for (const { batch, before, crashAt } of steps) {
              if (before === "restart") {
                object = new DossierObject(storage.ctx());
              }
              if (crashAt > 0) {
                storage.crashAt(crashAt);
                const crashed = await object.fetch(
                  await appendRequest(kit, batch),
                );
                storage.crashAt(0);
                if (crashed.status === 200) {
                  // The append ran to its end before the crash point.
                  acknowledged.push(...batch);
                  continue;
                }
                assert.equal(crashed.status, 500);
                // What a crash leaves: a new process on the same storage, and
                // the producer sends the batch again.
                object = new DossierObject(storage.ctx());
              }
              const response = await object.fetch(
                await appendRequest(kit, batch),
              );
              assert.equal(response.status, 200, await response.clone().text());
              const counts = await response.json();
              assert.equal(
                counts.applied + counts.duplicates + counts.rejected,
                batch.length,
              );
              acknowledged.push(...batch);
            }
            const state = await (await get(object, `/dossiers/${key}`)).text();
            assert.equal(state, expectedState(kit, acknowledged));
            // And from storage alone, as after a restart.
            const restarted = new DossierObject(storage.ctx());
            assert.equal(
              await (await get(restarted, `/dossiers/${key}`)).text(),
              state,
            );
            const parity =
              await (await get(restarted, `/dossiers/${key}/parity`))
                .json();
            const events = acknowledged.map((envelope) =>
              kit.api.parseEvent(envelope)
            );
            const result = kit.api.reduceMissionDossierWithReport(events);
            assert.deepEqual(parity.events, result.report.counts);
            assert.deepEqual(
              parity.rejected,
              JSON.parse(JSON.stringify(
                parityJson(
                  await kit.api.evaluateParity(result.state),
                  result.state.parity_status,
                  parity.contract,
                  result.report,
                  null,
                ).rejected,
              )),
            );
            assert.equal(
              parity.status,
              (await kit.api.evaluateParity(result.state)).status,
            );
            storage.close();
          }),
          { numRuns: 150, seed: 20261201 },
        )
      );
      for (const line of logged) assert.match(line, /simulated crash at: /);
    });
  }
});

Deno.test("DossierObject loses nothing committed and keeps nothing rolled back, whichever statement a crash stops", async () => {
  const kit = V3;
  const key = await keyOf(kit);
  const before = [
    indexedWire(kit, 5, "spec.md"),
    indexedWire(kit, 6, "plan.md"),
  ];
  // A late event, a copy that replaces one, a new one after the tail.
  const batch = [
    indexedWire(kit, 1, "early.md"),
    { ...indexedWire(kit, 6, "plan.md"), lamport_clock: 4 },
    indexedWire(kit, 9, "later.md"),
  ];
  let crashes = 0;
  // Each crash is logged by the object (a 500): held back unless this fails.
  const { logged } = await quietConsole(async () => {
    for (let crashAt = 1;; crashAt++) {
      const storage = testStorage();
      const object = new DossierObject(storage.ctx());
      await object.fetch(await appendRequest(kit, before));
      storage.crashAt(crashAt);
      const response = await object.fetch(await appendRequest(kit, batch));
      storage.crashAt(0);
      const restarted = new DossierObject(storage.ctx());
      const state = await (await get(restarted, `/dossiers/${key}`)).text();
      if (response.status === 200) {
        assert.equal(state, expectedState(kit, [...before, ...batch]));
        break;
      }
      crashes++;
      assert.equal(response.status, 500);
      assert.match((await response.json()).message, /simulated crash/);
      assert.equal(state, expectedState(kit, before));
      assert.equal(storage.count("dossier_events"), 2);
      // The object that saw the crash reads its storage again, and is right too.
      assert.equal(await (await get(object, `/dossiers/${key}`)).text(), state);
    }
  });
  // Every statement of the append (lookups, writes, the refold's read) was a crash point.
  assert.ok(crashes >= 8, `${crashes} crash points`);
  assert.equal(logged.length, crashes);
  for (const line of logged) {
    assert.match(line, /simulated crash at: /);
  }
});

Deno.test("DossierObject keeps its events in a file and rebuilds its state when the file is opened again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dossier-object-" });
  try {
    const kit = V3;
    let storage = testStorage(`${dir}/object.sqlite`);
    const object = new DossierObject(storage.ctx());
    const envelopes = [
      indexedWire(kit, 2, "b.md"),
      indexedWire(kit, 1, "a.md"),
    ];
    for (const envelope of envelopes) {
      await object.fetch(await appendRequest(kit, [envelope]));
    }
    storage = storage.reopen();
    const reopened = new DossierObject(storage.ctx());
    assert.equal(
      await (await get(reopened, `/dossiers/${await keyOf(kit)}`)).text(),
      expectedState(kit, envelopes),
    );
    storage.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DossierObject answers 404 for a key it does not hold, and 405 for a wrong method", async (t) => {
  const kit = V3;
  const key = await keyOf(kit);
  const empty = new DossierObject(testStorage().ctx());
  const held = new DossierObject(testStorage().ctx());
  await held.fetch(await appendRequest(kit, [indexedWire(kit, 1, "a.md")]));
  const cases: [string, DossierObject, Request, number, string][] = [
    [
      "an empty object",
      empty,
      new Request(`https://o/dossiers/${key}`),
      404,
      "unknown_dossier",
    ],
    [
      "an empty object's parity",
      empty,
      new Request(`https://o/dossiers/${key}/parity`),
      404,
      "unknown_dossier",
    ],
    [
      "another key",
      held,
      new Request(`https://o/dossiers/${"0".repeat(64)}`),
      404,
      "unknown_dossier",
    ],
    [
      "another path",
      held,
      new Request("https://o/elsewhere"),
      404,
      "unknown_dossier",
    ],
    [
      "PUT on the state",
      held,
      new Request(`https://o/dossiers/${key}`, { method: "PUT", body: "x" }),
      405,
      "method_not_allowed",
    ],
    [
      "GET on drift",
      held,
      new Request(`https://o/dossiers/${key}/drift`),
      405,
      "method_not_allowed",
    ],
  ];
  for (const [name, object, request, status, error] of cases) {
    await t.step(name, async () => {
      const response = await object.fetch(request);
      assert.equal(response.status, status);
      assert.equal((await response.json()).error, error);
    });
  }
});

Deno.test("DossierObject refuses an append that is not what the router sends, storing nothing", async (t) => {
  const kit = V3;
  const good = indexedWire(kit, 1, "a.md");
  const otherNamespace = indexedWire(kit, 2, "b.md");
  (otherNamespace.payload as Json).namespace = kit.namespace({
    mission_slug: "043-other",
  });
  const cases: [string, Request | Promise<Request>, RegExp][] = [
    [
      "a body that is not JSON",
      new Request(`https://o${APPEND_PATH}`, { method: "POST", body: "{" }),
      /must be JSON/,
    ],
    ["no lines", appendRequest(kit, []), /at least one line/],
    [
      "an unknown contract",
      appendRequest(kit, [good], { contract: "9.9.9" }),
      /must be \{ key/,
    ],
    [
      "a line that is not JSON",
      appendRequest(kit, [good], { lines: ["{"] }),
      /lines\[0\] is not JSON/,
    ],
    [
      "a line that is not an envelope",
      appendRequest(kit, [{ event_type: "X" }]),
      /lines\[0\] is not an envelope: field "event_id"/,
    ],
    [
      "an event of another type",
      appendRequest(kit, [wire(kit, { event_type: "WPStatusChanged" })]),
      /not a dossier event with a valid namespace/,
    ],
    [
      "two namespaces",
      appendRequest(kit, [good, otherNamespace]),
      /lines\[1\] has another namespace identity/,
    ],
    [
      "another key",
      appendRequest(kit, [good], { key: "0".repeat(64) }),
      /namespace key is [0-9a-f]{64}: received "0{64}"/,
    ],
  ];
  for (const [name, request, message] of cases) {
    await t.step(name, async () => {
      const storage = testStorage();
      const object = new DossierObject(storage.ctx());
      const response = await object.fetch(await request);
      assert.equal(response.status, 400);
      const body = await response.json();
      assert.equal(body.error, "malformed_append");
      assert.match(body.message, message);
      assert.equal(storage.count("dossier_events"), 0);
    });
  }
});

Deno.test("DossierObject refuses, with a 409, an append of another contract than the one it holds", async () => {
  // Built by hand: the router never sends it (the key tells contracts apart).
  const storage = testStorage();
  const object = new DossierObject(storage.ctx());
  const v2Event = indexedWire(V2, 1, "a.md");
  await object.fetch(await appendRequest(V2, [v2Event]));
  // The same namespace key, claimed for a contract 3.0.0 append.
  const { DossierStore } = await import("../src/edge/dossier_store.ts");
  const { ForeignAppendError } = await import(
    "../src/edge/dossier_storage.ts"
  );
  const store = new DossierStore(storage);
  assert.throws(
    () =>
      store.append({
        key: store.identity!.key,
        contract: "3.0.0",
        identity: store.identity!.identity,
        contractHow: "x",
        contractReason: null,
      }, []),
    (error: Error) =>
      error instanceof ForeignAppendError &&
      /its contract is "2\.4\.0".*received "3\.0\.0"/.test(error.message),
  );
  // What the object answers for it.
  const key = await keyOf(V2);
  const conflict = await object.fetch(
    new Request(`https://o${APPEND_PATH}`, {
      method: "POST",
      body: JSON.stringify({
        key: await keyOf(V3),
        contract: "3.0.0",
        contractHow: "x",
        contractReason: null,
        lines: [JSON.stringify(indexedWire(V3, 1, "a.md"))],
      }),
    }),
  );
  assert.equal(conflict.status, 409);
  const body = await conflict.json();
  assert.equal(body.error, "namespace_conflict");
  assert.match(body.message, /its key is "[0-9a-f]{64}"/);
  // Nothing of it was stored.
  assert.equal(
    await (await get(object, `/dossiers/${key}`)).text(),
    expectedState(V2, [v2Event]),
  );
});

Deno.test("DossierObject answers drift against a baseline: the findings and their payloads", async () => {
  const kit = V3;
  const object = new DossierObject(testStorage().ctx());
  const baselineEvents = [
    indexedWire(kit, 1, "spec.md"),
    indexedWire(kit, 2, "plan.md"),
  ];
  const later = wire(kit, {
    lamport_clock: 3,
    event_type: "MissionDossierArtifactIndexed",
    payload: kit.indexedPayload("spec.md", {
      content_ref: { hash: "edited", algorithm: "sha256" },
    }),
  });
  await object.fetch(await appendRequest(kit, [...baselineEvents, later]));
  const key = await keyOf(kit);
  const baseline = expectedState(kit, baselineEvents);
  const response = await object.fetch(
    new Request(
      `https://o/dossiers/${key}/drift?detectedAt=2026-12-01T00:00:00Z`,
      { method: "POST", body: baseline },
    ),
  );
  assert.equal(response.status, 200);
  const body = await response.json();
  const current = kit.api.reduceMissionDossier(
    [...baselineEvents, later].map((envelope) => kit.api.parseEvent(envelope)),
  );
  const findings = kit.api.diffDossiers(
    kit.api.parseDossierState(baseline),
    current,
  );
  assert.equal(body.drift, true);
  assert.deepEqual(body.findings, findingsAsJson(findings));
  assert.deepEqual(
    body.payloads,
    JSON.parse(JSON.stringify(kit.api.driftPayloads(findings, {
      namespace: current.namespace!,
      expectedHash: await kit.api.computeParityHash(
        kit.api.parseDossierState(baseline),
      ),
      actualHash: await kit.api.computeParityHash(current),
      detectedAt: "2026-12-01T00:00:00Z",
    }))),
  );
  assert.equal(body.payloads[0].drift_kind, "artifact_mutated");
  assert.deepEqual(body.events, {
    received: 3,
    applied: 3,
    duplicates: 0,
    ignored: 0,
    rejected: 0,
  });

  const same = await object.fetch(
    new Request(`https://o/dossiers/${key}/drift`, {
      method: "POST",
      body: expectedState(kit, [...baselineEvents, later]),
    }),
  );
  const none = await same.json();
  assert.equal(none.drift, false);
  assert.deepEqual(none.payloads, []);

  const bad = await object.fetch(
    new Request(`https://o/dossiers/${key}/drift`, {
      method: "POST",
      body: "{}",
    }),
  );
  assert.equal(bad.status, 400);
  const refusal = await bad.json();
  assert.equal(refusal.error, "malformed_baseline");
  assert.match(
    refusal.message,
    /Cannot parse dossier state: field "namespace"/,
  );
});

Deno.test("DossierObject answers 500 with a JSON body, and no stack trace, when its storage cannot be read", async () => {
  const storage = testStorage();
  const object = new DossierObject(storage.ctx());
  await object.fetch(await appendRequest(V3, [indexedWire(V3, 1, "a.md")]));
  storage.sql.exec("UPDATE dossier_meta SET layout = 99");
  const reopened = new DossierObject(storage.ctx());
  const key = await keyOf(V3);
  // The object logs the error with its stack: held back unless this fails.
  const { result: response, logged } = await quietConsole(() =>
    reopened.fetch(new Request(`https://o/dossiers/${key}`))
  );
  assert.equal(logged.length, 1);
  assert.match(logged[0], /^RangeError: Cannot open the dossier's storage/);
  assert.equal(response.status, 500);
  const body = await response.json();
  assert.equal(body.error, "internal");
  assert.match(body.message, /its layout must be 1: received 99/);
  assert.doesNotMatch(body.message, /\n\s+at /);
});

Deno.test("the SQL stand-in refuses transaction statements, as workerd does", () => {
  const storage = testStorage();
  assert.throws(() => storage.sql.exec("BEGIN"), /transactionSync/);
  assert.throws(
    () =>
      storage.transactionSync(() => {
        throw new SimulatedCrash("x");
      }),
    SimulatedCrash,
  );
});

Deno.test("DossierObject starts empty on a storage whose tables exist without a dossier, and stores its first append", async () => {
  const storage = testStorage();
  storage.sql.exec(
    "CREATE TABLE dossier_meta (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), layout INTEGER NOT NULL, namespace_key TEXT NOT NULL, contract TEXT NOT NULL, identity TEXT NOT NULL, contract_how TEXT NOT NULL, contract_reason TEXT, received INTEGER NOT NULL)",
  );
  const object = new DossierObject(storage.ctx());
  const key = await keyOf(V3);
  assert.equal((await get(object, `/dossiers/${key}`)).status, 404);
  const envelopes = [indexedWire(V3, 1, "a.md")];
  assert.equal(
    (await object.fetch(await appendRequest(V3, envelopes))).status,
    200,
  );
  assert.equal(
    await (await get(object, `/dossiers/${key}`)).text(),
    expectedState(V3, envelopes),
  );
});
