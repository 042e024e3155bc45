// The edge's HTTP API in-process: the router in front of DossierObjects on
// in-memory SQLite (tests/_edge_kit.ts). The same API is served by workerd
// in tests/served/edge_served.ts.
import assert from "node:assert/strict";
import { quietConsole } from "./_quiet_console.ts";
import fc from "fast-check";
import {
  createDossierRouter,
  DOSSIER_EDGE_LIMITS,
  type DossierBatchResult,
  namespaceKey,
} from "../edge.ts";
import * as v3 from "../v3.ts";
import { type Json, ulid, V2, V3 } from "./_builders.ts";
import {
  batches,
  expectedDossiers,
  postEvents,
  realStreams,
  seededRandom,
  shuffled,
  testEdge,
} from "./_edge_kit.ts";
import { runCliOnFiles } from "./_cli_kit.ts";

const line = (envelope: Json) => JSON.stringify(envelope);

function indexedLine(
  kit: typeof V2,
  clock: number,
  path: string,
  namespace: Json = {},
): string {
  return line(kit.envelope({
    lamport_clock: clock,
    event_type: "MissionDossierArtifactIndexed",
    payload: kit.indexedPayload(path, { namespace: kit.namespace(namespace) }),
  }));
}

async function stateOf(
  route: (request: Request) => Promise<Response>,
  key: string,
): Promise<Response> {
  return await route(new Request(`http://edge.test/dossiers/${key}`));
}

Deno.test("createDossierRouter() checks its options and its binding", async (t) => {
  const DOSSIERS = {
    idFromName: (name: string) => name,
    get: () => ({ fetch: () => Promise.reject(new Error("x")) }),
  };
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    [
      "options that are not an object",
      () => createDossierRouter({ DOSSIERS }, 3 as never),
      TypeError,
      /the options must be an object: received 3/,
    ],
    [
      "a limit of 0",
      () => createDossierRouter({ DOSSIERS }, { maxBodyBytes: 0 }),
      RangeError,
      /option "maxBodyBytes" must be a positive integer: received 0/,
    ],
    [
      "a limit that is not a number",
      () => createDossierRouter({ DOSSIERS }, { maxBatchEvents: Number("x") }),
      RangeError,
      /option "maxBatchEvents" must be a positive integer: received NaN/,
    ],
    [
      "acceptEmptyBuildId not a boolean",
      () =>
        createDossierRouter({ DOSSIERS }, {
          acceptEmptyBuildId: "yes" as never,
        }),
      TypeError,
      /option "acceptEmptyBuildId" must be a boolean: received "yes"/,
    ],
    [
      "no binding",
      () => createDossierRouter({} as never),
      TypeError,
      /env\.DOSSIERS must be the Durable Object binding of DossierObject: received nothing/,
    ],
  ];
  for (const [name, create, type, message] of cases) {
    await t.step(name, () => {
      assert.throws(
        create,
        (error: Error) => error instanceof type && message.test(error.message),
      );
    });
  }
  await t.step("the defaults are the documented ones", () => {
    assert.deepEqual(DOSSIER_EDGE_LIMITS, {
      maxBodyBytes: 4 * 1024 * 1024,
      maxBatchEvents: 1000,
      maxIndexBodyBytes: 8 * 1024 * 1024,
      maxIndexFiles: 2000,
    });
  });
});

Deno.test("POST /events groups a batch by namespace identity and answers each namespace's counts", async () => {
  const edge = testEdge();
  const other = { mission_slug: "043-other" };
  const lines = [
    indexedLine(V3, 1, "spec.md"),
    indexedLine(V3, 2, "spec.md", other),
    // step_id is not part of the identity.
    indexedLine(V3, 3, "plan.md", { step_id: "plan" }),
    indexedLine(V3, 3, "plan.md", { step_id: "plan" }),
    line(
      V3.envelope({
        event_id: ulid(9),
        event_type: "WPStatusChanged",
        payload: {},
      }),
    ),
    line(
      V3.envelope({
        event_id: ulid(10),
        event_type: "MissionDossierSnapshotComputed",
        payload: { namespace: { mission_slug: "x" } },
      }),
    ),
    line(V3.envelope({
      event_id: ulid(11),
      lamport_clock: 4,
      event_type: "MissionDossierArtifactIndexed",
      payload: { namespace: V3.namespace(), artifact_id: null },
    })),
  ];
  const response = await edge.route(postEvents(lines));
  assert.equal(response.status, 200);
  const body: DossierBatchResult = await response.json();
  const first = await namespaceKey(V3.stateNamespace() as never);
  const second = await namespaceKey(V3.stateNamespace(other) as never);
  assert.deepEqual(body, {
    namespaces: [
      {
        key: first,
        namespace: V3.stateNamespace(),
        received: 4,
        applied: 2,
        duplicates: 1,
        rejected: 1,
        ignored: 0,
      },
      {
        key: second,
        namespace: V3.stateNamespace(other),
        received: 1,
        applied: 1,
        duplicates: 0,
        rejected: 0,
        ignored: 0,
      },
    ],
    unassigned: 2,
  });
  assert.deepEqual([...edge.objects.keys()].sort(), [first, second].sort());
  const expected = await expectedDossiers(lines);
  for (const key of [first, second]) {
    assert.equal(
      await (await stateOf(edge.route, key)).text(),
      expected.get(key),
    );
  }
});

Deno.test("POST /events refuses the whole batch when one line is not a valid envelope, naming it, and stores nothing", async (t) => {
  const good = indexedLine(V3, 1, "spec.md");
  const cases: [string, string[], number, string, (body: Json) => void][] = [
    [
      "a line that is not JSON",
      [good, "{"],
      400,
      "malformed_line",
      (body) => assert.equal(body.line, 2),
    ],
    [
      "a line that is an array",
      [good, "", "[1]"],
      400,
      "malformed_line",
      (body) => {
        assert.equal(body.line, 3);
        assert.match(
          body.message as string,
          /must be a JSON object \(an event envelope\): received an array of 1 items/,
        );
      },
    ],
    [
      "an envelope without event_id",
      [good, '{"event_type":"X"}'],
      422,
      "invalid_events",
      (body) => {
        const violations = body.violations as Json[];
        assert.deepEqual(violations[0], {
          line: 2,
          field: "event_id",
          message: "is required",
          type: "missing",
        });
        assert.match(
          body.message as string,
          /1 of its 2 lines is not a valid envelope of contract 3\.0\.0; nothing was stored \(the first, line 2: field "event_id" is required\)/,
        );
      },
    ],
    [
      "an empty build_id without acceptEmptyBuildId",
      [line(V3.envelope({ build_id: "" }))],
      422,
      "invalid_events",
      (body) => {
        assert.match(JSON.stringify(body.violations), /acceptEmptyBuildId/);
      },
    ],
    [
      "a 2.4.0 event after a 3.0.0 one",
      [good, indexedLine(V2, 2, "plan.md")],
      422,
      "mixed_contracts",
      (body) => {
        assert.equal(body.line, 2);
        assert.match(
          body.message as string,
          /line 2 is a contract 2\.4\.0 event \(no 3\.0\.0 marker\), but the batch's first dossier event, on line 1, is contract 3\.0\.0/,
        );
      },
    ],
    ["an empty body", [], 400, "empty_batch", () => {}],
    ["blank lines only", ["", "  ", "\r"], 400, "empty_batch", () => {}],
  ];
  for (const [name, lines, status, error, check] of cases) {
    await t.step(name, async () => {
      const edge = testEdge();
      const response = await edge.route(postEvents(lines));
      const body = await response.json();
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(body.error, error);
      assert.equal(typeof body.message, "string");
      check(body);
      assert.equal(edge.objects.size, 0, "no object was reached");
    });
  }
});

Deno.test("POST /events reads the contract from the batch's first dossier event, or from ?contract=", async (t) => {
  await t.step("a 2.4.0 batch goes to 2.4.0 objects", async () => {
    const edge = testEdge();
    const lines = [
      line(V2.envelope({ event_type: "WPStatusChanged" })),
      indexedLine(V2, 2, "spec.md"),
    ];
    const body = await (await edge.route(postEvents(lines))).json();
    const key = await namespaceKey(V2.stateNamespace() as never);
    assert.equal(body.namespaces[0].key, key);
    const parity = await (await edge.route(
      new Request(`http://edge.test/dossiers/${key}/parity`),
    )).json();
    assert.deepEqual(parity.contract, {
      version: "2.4.0",
      how: "detected from line 2 of the batch that created it",
      reason: "no 3.0.0 marker",
    });
  });
  await t.step(
    "?contract=2.4.0 reads 3.0.0 lines as 2.4.0: their namespaces do not parse",
    async () => {
      const edge = testEdge();
      const response = await edge.route(
        postEvents([indexedLine(V3, 1, "spec.md")], "?contract=2.4.0"),
      );
      assert.deepEqual(await response.json(), {
        namespaces: [],
        unassigned: 1,
      });
    },
  );
  await t.step("?contract=3.0.0 is named in the parity verdict", async () => {
    const edge = testEdge();
    const body = await (await edge.route(
      postEvents([indexedLine(V3, 1, "spec.md")], "?contract=3.0.0"),
    )).json();
    const parity = await (await edge.route(
      new Request(
        `http://edge.test/dossiers/${body.namespaces[0].key}/parity`,
      ),
    )).json();
    assert.deepEqual(parity.contract, {
      version: "3.0.0",
      how: "?contract=3.0.0",
      reason: null,
    });
  });
  await t.step(
    "a batch without a dossier event takes its first line's contract",
    async () => {
      const edge = testEdge();
      const response = await edge.route(
        postEvents([line(V3.envelope({ event_type: "WPStatusChanged" }))]),
      );
      assert.deepEqual(await response.json(), {
        namespaces: [],
        unassigned: 1,
      });
    },
  );
  await t.step("an unknown ?contract= is a 400", async () => {
    const response = await testEdge().route(
      postEvents([indexedLine(V3, 1, "a.md")], "?contract=4.0.0"),
    );
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.error, "unknown_contract");
    assert.match(
      body.message,
      /query parameter "contract" must be "2\.4\.0" or "3\.0\.0": received "4\.0\.0"/,
    );
  });
});

Deno.test("POST /events refuses a body or a batch over the limits with a 413, and reads the body to its end first", async (t) => {
  const edge = testEdge({ maxBodyBytes: 4096, maxBatchEvents: 3 });
  const small = [1, 2, 3, 4].map((clock) =>
    indexedLine(V3, clock, `a${clock}.md`)
  );
  await t.step("four events where three are allowed", async () => {
    const response = await edge.route(postEvents(small.slice(0, 4)));
    const body = await response.json();
    assert.equal(response.status, 413);
    assert.equal(body.error, "batch_too_large");
    assert.equal(body.limit, 3);
    assert.match(
      body.message,
      /at most 3 events: received more \(line 4 is event 4\)/,
    );
  });
  await t.step(
    "a body past maxBodyBytes, streamed without a length",
    async () => {
      let pulled = 0;
      const chunks = 10;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled++ === chunks) controller.close();
          else controller.enqueue(new Uint8Array(1024).fill(0x20));
        },
      });
      const response = await edge.route(
        new Request("http://edge.test/events", {
          method: "POST",
          body: stream,
        }),
      );
      assert.equal(response.status, 413);
      assert.equal((await response.json()).error, "body_too_large");
      assert.equal(pulled, chunks + 1, "the whole body was read");
    },
  );
  await t.step("a body whose content-length says it is too large", async () => {
    const response = await edge.route(
      new Request("http://edge.test/events", {
        method: "POST",
        headers: { "content-length": "999999" },
        body: "x",
      }),
    );
    assert.equal(response.status, 413);
  });
  await t.step("a body that is not UTF-8", async () => {
    const response = await edge.route(
      new Request("http://edge.test/events", {
        method: "POST",
        body: new Uint8Array([0x7b, 0xff]),
      }),
    );
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, "malformed_body");
  });
  await t.step("a body that fails while it is read", async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("connection reset"));
      },
    });
    const response = await edge.route(
      new Request("http://edge.test/events", { method: "POST", body: stream }),
    );
    assert.equal(response.status, 400);
    assert.match(
      (await response.json()).message,
      /could not be read to its end/,
    );
  });
  assert.equal(edge.objects.size, 0);
});

Deno.test("the router answers wrong methods with 405 and other paths and malformed keys with 404, in JSON", async (t) => {
  const edge = testEdge();
  const key = await namespaceKey(V3.stateNamespace() as never);
  const cases: [string, Request, number, string, string | null][] = [
    [
      "GET /events",
      new Request("http://edge.test/events"),
      405,
      "method_not_allowed",
      "POST",
    ],
    [
      "PUT /events with a body",
      new Request("http://edge.test/events", {
        method: "PUT",
        body: "x".repeat(10_000),
      }),
      405,
      "method_not_allowed",
      "POST",
    ],
    [
      "POST /dossiers/{key}",
      new Request(`http://edge.test/dossiers/${key}`, {
        method: "POST",
        body: "{}",
      }),
      405,
      "method_not_allowed",
      "GET",
    ],
    [
      "DELETE /dossiers/{key}/parity",
      new Request(`http://edge.test/dossiers/${key}/parity`, {
        method: "DELETE",
      }),
      405,
      "method_not_allowed",
      "GET",
    ],
    [
      "GET /dossiers/{key}/drift",
      new Request(`http://edge.test/dossiers/${key}/drift`),
      405,
      "method_not_allowed",
      "POST",
    ],
    [
      "a key never stored",
      new Request(`http://edge.test/dossiers/${key}`),
      404,
      "unknown_dossier",
      null,
    ],
    [
      "a key in upper case",
      new Request(`http://edge.test/dossiers/${key.toUpperCase()}`),
      404,
      "unknown_dossier",
      null,
    ],
    [
      "a key too short",
      new Request("http://edge.test/dossiers/abc/parity"),
      404,
      "unknown_dossier",
      null,
    ],
    [
      "no key",
      new Request("http://edge.test/dossiers/"),
      404,
      "unknown_dossier",
      null,
    ],
    ["the root", new Request("http://edge.test/"), 404, "not_found", null],
    [
      "a deeper path",
      new Request(`http://edge.test/dossiers/${key}/parity/x`),
      404,
      "not_found",
      null,
    ],
  ];
  for (const [name, request, status, error, allow] of cases) {
    await t.step(name, async () => {
      const response = await edge.route(request);
      assert.equal(response.status, status);
      assert.equal(
        response.headers.get("content-type"),
        "application/json; charset=utf-8",
      );
      assert.equal(response.headers.get("allow"), allow);
      assert.equal((await response.json()).error, error);
      if (request.body !== null) {
        assert.ok(request.bodyUsed, "the body was read");
      }
    });
  }
});

Deno.test("POST /events answers 503 when an object cannot store its group, and the retried batch lands once", async () => {
  const edge = testEdge();
  const other = { mission_slug: "043-other" };
  const lines = [indexedLine(V3, 1, "a.md"), indexedLine(V3, 2, "b.md", other)];
  const first = await namespaceKey(V3.stateNamespace() as never);
  const second = await namespaceKey(V3.stateNamespace(other) as never);
  edge.unreachable(second);
  const failed = await edge.route(postEvents(lines));
  assert.equal(failed.status, 503);
  assert.equal(failed.headers.get("retry-after"), "1");
  const body = await failed.json();
  assert.equal(body.error, "storage_unavailable");
  assert.deepEqual(body.stored, [first]);
  assert.deepEqual(body.failed, [{
    key: second,
    status: 503,
    error: "unavailable",
  }]);
  const retried = await (await edge.route(postEvents(lines))).json();
  assert.deepEqual(
    retried.namespaces.map((n: Json) => [n.applied, n.duplicates]),
    [[0, 1], [1, 0]],
  );
  const expected = await expectedDossiers(lines);
  for (const key of [first, second]) {
    assert.equal(
      await (await stateOf(edge.route, key)).text(),
      expected.get(key),
    );
  }
});

Deno.test("POST /events answers 409 when an object holds another namespace under the key", async () => {
  // Two namespaces whose keys collide cannot be built; an object that
  // answers 409 stands in for one.
  const key = await namespaceKey(V3.stateNamespace() as never);
  const route = createDossierRouter({
    DOSSIERS: {
      idFromName: (name) => name,
      get: () => ({
        fetch: () =>
          Promise.resolve(
            Response.json({
              error: "namespace_conflict",
              message: "Cannot append to dossier: its identity is …",
            }, { status: 409 }),
          ),
      }),
    },
  });
  const response = await route(postEvents([indexedLine(V3, 1, "a.md")]));
  assert.equal(response.status, 409);
  const body = await response.json();
  assert.equal(body.error, "namespace_conflict");
  assert.deepEqual(body.failed, [{
    key,
    status: 409,
    error: "namespace_conflict",
  }]);
  assert.equal(response.headers.get("retry-after"), null);
});

Deno.test("GET /dossiers/{key}/parity is what dossier parity --json prints, and drift goes to the object", async () => {
  const edge = testEdge({ acceptEmptyBuildId: true });
  const streams = realStreams();
  const run1 = streams.get(
    "ske-008-mission-dossier-parity-event-contracts-run1.jsonl",
  )!;
  const both = streams.get(
    "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
  )!;
  const { namespaces: [{ key }] } = await (await edge.route(postEvents(both)))
    .json();
  const parity = await (await edge.route(
    new Request(`http://edge.test/dossiers/${key}/parity`),
  )).json();
  // What the command line prints for the same file, but for the lines.
  const cli = await runCliOnFiles([
    "parity",
    "--json",
    "--accept-empty-build-id",
    new URL(
      "./data/real-streams/ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
      import.meta.url,
    ).pathname,
  ]);
  const printed = JSON.parse(cli.stdout);
  assert.deepEqual(parity, {
    ...printed,
    snapshot: { ...printed.snapshot, line: null },
    contract: {
      ...printed.contract,
      how: "detected from line 1 of the batch that created it",
    },
  });
  assert.equal(parity.status, "clean");
  assert.deepEqual(parity.stale_artifacts, ["spec.md"]);

  const baseline = v3.serializeDossierState(
    v3.reduceMissionDossier(
      v3.parseEventStream(run1.join("\n"), { acceptEmptyBuildId: true }),
    ),
  );
  const drift = await edge.route(
    new Request(
      `http://edge.test/dossiers/${key}/drift?detectedAt=2026-12-02T00:00:00Z`,
      { method: "POST", body: baseline },
    ),
  );
  const body = await drift.json();
  assert.equal(drift.status, 200);
  assert.equal(body.drift, true);
  assert.equal(body.payloads.length, body.findings.length);
  // The findings as dossier drift --json prints them for the same files.
  const baselinePath = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(baselinePath, baseline);
  const printedDrift = JSON.parse(
    (await runCliOnFiles([
      "drift",
      "--json",
      "--accept-empty-build-id",
      "--baseline",
      baselinePath,
      new URL(
        "./data/real-streams/ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
        import.meta.url,
      ).pathname,
    ])).stdout,
  );
  await Deno.remove(baselinePath);
  assert.deepEqual(body.findings, printedDrift.findings);
  assert.deepEqual(body.events, printedDrift.events);
  assert.ok(
    body.payloads.every((payload: Json) =>
      payload.detected_at === "2026-12-02T00:00:00Z"
    ),
  );

  const tooLarge = await createDossierRouterWith(edge, { maxBodyBytes: 100 })(
    new Request(`http://edge.test/dossiers/${key}/drift`, {
      method: "POST",
      body: baseline,
    }),
  );
  assert.equal(tooLarge.status, 413);
});

/** A second router over the same objects, with other options. */
function createDossierRouterWith(
  edge: ReturnType<typeof testEdge>,
  options: Parameters<typeof createDossierRouter>[1],
) {
  return createDossierRouter({
    DOSSIERS: {
      idFromName: (name) => name,
      get: (name) => ({
        fetch: (request) =>
          edge.objects.get(name as string)!.object.fetch(request),
      }),
    },
  }, options);
}

Deno.test("the real streams as one journal, shuffled, in random batches sent twice at times, from two clients at once: every dossier is the library's reduction (property)", async () => {
  const journal = [...realStreams().values()].flat();
  const expected = await expectedDossiers(journal);
  assert.equal(expected.size, 11);
  await fc.assert(
    fc.asyncProperty(fc.integer(), async (seed) => {
      const random = seededRandom(seed);
      const edge = testEdge({ acceptEmptyBuildId: true });
      const cut = batches(shuffled(journal, random), 40, random);
      const sent = cut.flatMap((batch) =>
        random() < 0.3 ? [batch, batch] : [batch]
      );
      const clients = [
        sent.filter((_, index) => index % 2 === 0),
        sent.filter((_, index) => index % 2 === 1),
      ];
      await Promise.all(clients.map(async (mine) => {
        for (const batch of mine) {
          const response = await edge.route(postEvents(batch));
          assert.equal(response.status, 200, await response.clone().text());
          if (random() < 0.1) edge.restart();
        }
      }));
      for (const [key, json] of expected) {
        assert.equal(await (await stateOf(edge.route, key)).text(), json);
      }
    }),
    { numRuns: 25, seed: 20261201 },
  );
});

Deno.test("the router answers 503 when an object does not answer a read, and 500 in JSON for its own failure", async (t) => {
  const edge = testEdge();
  const key = await namespaceKey(V3.stateNamespace() as never);
  await t.step("an unreachable object", async () => {
    edge.unreachable(key);
    const response = await stateOf(edge.route, key);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("retry-after"), "1");
    assert.match(
      (await response.json()).message,
      /its object did not answer \(Durable Object [0-9a-f]+ is unreachable\); retry/,
    );
  });
  await t.step(
    "an object that answers a failure without saying which",
    async () => {
      const route = createDossierRouter({
        DOSSIERS: {
          idFromName: (name) => name,
          get: () => ({
            fetch: () => Promise.resolve(Response.json({}, { status: 500 })),
          }),
        },
      });
      const response = await route(postEvents([indexedLine(V3, 1, "a.md")]));
      assert.equal(response.status, 503);
      assert.deepEqual((await response.json()).failed, [{
        key,
        status: 500,
        error: null,
      }]);
    },
  );
  await t.step("a request the router cannot read", async () => {
    const unreadable = {
      method: "GET",
      body: null,
      bodyUsed: false,
      get url(): string {
        throw new TypeError("no url");
      },
    } as unknown as Request;
    // The router logs its own failure: held back unless this fails.
    const { result: response, logged } = await quietConsole(() =>
      edge.route(unreadable)
    );
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^TypeError: no url/);
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      error: "internal",
      message: "The dossier router failed; this is a bug",
    });
  });
});

Deno.test("the router reads what is left of a refused request's body, even one that fails on the way", async (t) => {
  const edge = testEdge({ maxBodyBytes: 1024 });
  const failing = (chunks: number) => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < chunks) controller.enqueue(new Uint8Array(800).fill(0x20));
        else controller.error(new Error("connection reset"));
      },
    });
  };
  await t.step("a wrong method", async () => {
    const response = await edge.route(
      new Request("http://edge.test/events", {
        method: "PUT",
        body: failing(2),
      }),
    );
    assert.equal(response.status, 405);
  });
  await t.step("a body past the limit", async () => {
    const response = await edge.route(
      new Request("http://edge.test/events", {
        method: "POST",
        body: failing(3),
      }),
    );
    assert.equal(response.status, 413);
  });
  await t.step("a POST without a body", async () => {
    const response = await edge.route(
      new Request("http://edge.test/events", { method: "POST" }),
    );
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, "empty_batch");
  });
});
