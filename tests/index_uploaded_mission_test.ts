// POST /missions/{slug}/index in-process: a real mission's files posted as
// JSONL {path, base64} lines, indexed in the router and stored in the
// namespace's DossierObject (tests/_edge_kit.ts), and every refusal, with
// nothing stored.
import assert from "node:assert/strict";
import { createDossierRouter, namespaceKey } from "../edge.ts";
import { indexMission, missionFromFiles } from "../indexer.ts";
import * as v3 from "../v3.ts";
import { filesUnder, PROJECT_ROOT, readCliResults } from "./_indexer_kit.ts";
import { testEdge } from "./_edge_kit.ts";

const MISSION = "011-wp03-decisionpoint-lifecycle-contracts";
const PROJECT_UUID = "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9";
const truth = (await readCliResults("truth.jsonl")).find((record) =>
  record.mission === MISSION
);
const files = await filesUnder(`${PROJECT_ROOT}kitty-specs/${MISSION}`);

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function uploadOf(of: Record<string, Uint8Array>): string {
  return Object.entries(of).map(([path, bytes]) =>
    JSON.stringify({ path, base64: base64(bytes) })
  ).join("\n");
}

function postIndex(
  body: string,
  { slug = MISSION, query = `?project_uuid=${PROJECT_UUID}` } = {},
): Request {
  return new Request(`http://edge.test/missions/${slug}/index${query}`, {
    method: "POST",
    body,
  });
}

Deno.test("createDossierRouter() indexes a real mission posted to POST /missions/{slug}/index and stores its events", async () => {
  const edge = testEdge();
  const response = await edge.route(postIndex(uploadOf(files)));
  assert.equal(response.status, 200);
  const body = await response.json();
  const key = await namespaceKey({ ...truth.namespace, step_id: null });
  assert.equal(body.key, key);
  assert.equal(body.mission_slug, MISSION);
  assert.deepEqual(body.namespace, truth.namespace);
  assert.equal(body.snapshot.snapshot_hash, truth.snapshot_hash);
  assert.equal(body.snapshot.total_artifacts, truth.artifacts.length);
  assert.equal(body.snapshot.completeness_status, "complete");
  assert.equal("parity_hash_components" in body.snapshot, false);
  assert.deepEqual(body.events, {
    received: truth.events.length,
    applied: truth.events.length,
    duplicates: 0,
    rejected: 0,
  });
  assert.deepEqual(body.lamport_clocks, {
    first: 1,
    last: truth.events.length,
  });
  assert.deepEqual([...edge.objects.keys()], [key]);

  // The stored dossier is the run's: its parity hash is the CLI's snapshot
  // hash, and it is the state the events give in-process.
  const state = v3.parseDossierState(
    await (await edge.route(new Request(`http://edge.test/dossiers/${key}`)))
      .text(),
  );
  assert.equal(state.latest_snapshot?.snapshot_hash, truth.snapshot_hash);
  assert.equal(await v3.computeParityHash(state), truth.snapshot_hash);
  const parity = await (await edge.route(
    new Request(`http://edge.test/dossiers/${key}/parity`),
  )).json();
  assert.equal(parity.status, "clean");
  const stream = await (await edge.route(
    new Request(`http://edge.test/dossiers/${key}/events`),
  )).text();
  assert.equal(
    v3.serializeDossierState(
      v3.reduceMissionDossier(v3.parseEventStream(stream)),
    ),
    v3.serializeDossierState(state),
  );
});

Deno.test("createDossierRouter() continues the Lamport clock of a namespace on each index run", async () => {
  const edge = testEdge();
  const first = await (await edge.route(postIndex(uploadOf(files)))).json();
  // A second run without plan.md: its events come after the first run's.
  const { "plan.md": _plan, ...fewer } = files;
  const second = await (await edge.route(postIndex(uploadOf(fewer)))).json();
  assert.equal(second.key, first.key);
  assert.equal(second.lamport_clocks.first, first.lamport_clocks.last + 1);
  const expected = await indexMission(
    missionFromFiles(fewer, { name: MISSION }),
    { projectUuid: PROJECT_UUID },
  );
  assert.equal(second.snapshot.snapshot_hash, expected.snapshot?.snapshot_hash);
  assert.notEqual(second.snapshot.snapshot_hash, first.snapshot.snapshot_hash);
  const state = v3.parseDossierState(
    await (await edge.route(
      new Request(`http://edge.test/dossiers/${first.key}`),
    )).text(),
  );
  assert.equal(
    state.latest_snapshot?.snapshot_hash,
    second.snapshot.snapshot_hash,
  );
  assert.equal(state.event_count, first.events.received * 2 - 1);
});

Deno.test("createDossierRouter() refuses an upload it cannot read, naming the line, the field and the value, and stores nothing", async (t) => {
  const spec = base64(new TextEncoder().encode("# Spec\n"));
  const line = (value: unknown) => JSON.stringify(value);
  const cases: [
    string,
    Request,
    number,
    string,
    Record<string, unknown>,
    RegExp,
  ][] = [
    [
      "a line that is not JSON",
      postIndex(`${line({ path: "spec.md", base64: spec })}\n{"path":`),
      400,
      "malformed_upload",
      { line: 2 },
      /^Cannot read the mission's files: line 2 is not JSON/,
    ],
    [
      "a line that is not an object",
      postIndex("[1]"),
      400,
      "malformed_upload",
      { line: 1 },
      /line 1 must be a JSON object \{"path", "base64"\}: received an array of 1 items/,
    ],
    [
      "an unknown field",
      postIndex(line({ path: "spec.md", base64: spec, mode: 644 })),
      400,
      "malformed_upload",
      { line: 1, field: "mode" },
      /line 1: field "mode" is not one of "path" and "base64"/,
    ],
    [
      "no path",
      postIndex(line({ base64: spec })),
      400,
      "malformed_upload",
      { line: 1, field: "path" },
      /field "path" must be a non-empty string: received nothing/,
    ],
    [
      "an absolute path",
      postIndex(line({ path: "/etc/passwd", base64: spec })),
      400,
      "malformed_upload",
      { line: 1, field: "path" },
      /field "path" must be relative to the mission folder, with no empty, "\." or "\.\." component: received "\/etc\/passwd"/,
    ],
    [
      "a path that climbs out",
      postIndex(line({ path: "tasks/../../x.md", base64: spec })),
      400,
      "malformed_upload",
      { line: 1, field: "path" },
      /received "tasks\/\.\.\/\.\.\/x\.md"/,
    ],
    [
      "an empty component",
      postIndex(line({ path: "tasks//WP01.md", base64: spec })),
      400,
      "malformed_upload",
      { line: 1, field: "path" },
      /received "tasks\/\/WP01\.md"/,
    ],
    [
      "text that is not base64",
      postIndex(line({ path: "spec.md", base64: "a$b=" })),
      400,
      "malformed_upload",
      { line: 1, field: "base64" },
      /field "base64" must be the bytes of "spec\.md" in base64: received "a\$b="/,
    ],
    [
      "base64 without its padding",
      postIndex(line({ path: "spec.md", base64: "YQ" })),
      400,
      "malformed_upload",
      { line: 1, field: "base64" },
      /received "YQ"/,
    ],
    [
      "a path given twice",
      postIndex(
        [
          line({ path: "spec.md", base64: spec }),
          line({ path: "plan.md", base64: spec }),
          line({ path: "spec.md", base64: spec }),
        ].join("\n"),
      ),
      400,
      "malformed_upload",
      { line: 3, field: "path" },
      /line 3: field "path" names a file that line 1 already gave: received "spec\.md"/,
    ],
    [
      "a file that is another path's folder",
      postIndex(
        [
          line({ path: "tasks", base64: spec }),
          line({ path: "tasks/WP01.md", base64: spec }),
        ].join("\n"),
      ),
      400,
      "malformed_upload",
      { line: 2, field: "path" },
      /line 2: field "path" is inside "tasks", which line 1 gives as a file/,
    ],
    [
      "an empty body",
      postIndex("\n\n"),
      400,
      "empty_upload",
      {},
      /must hold at least one JSONL line \{"path", "base64"\}: received none/,
    ],
    [
      "no project uuid",
      postIndex(line({ path: "spec.md", base64: spec }), { query: "" }),
      400,
      "missing_project_uuid",
      { field: "project_uuid" },
      /query parameter "project_uuid" must be the project's uuid .*: received none/,
    ],
    [
      "a slug that is not percent-encoded text",
      postIndex(line({ path: "spec.md", base64: spec }), { slug: "%E0%A4" }),
      400,
      "malformed_slug",
      { field: "slug" },
      /received "%E0%A4"/,
    ],
    [
      "a GET",
      new Request(`http://edge.test/missions/${MISSION}/index`),
      405,
      "method_not_allowed",
      {},
      /^Cannot GET \/missions\/.+\/index: use POST$/,
    ],
  ];
  for (const [name, request, status, error, fields, message] of cases) {
    await t.step(name, async () => {
      const edge = testEdge();
      const response = await edge.route(request);
      const body = await response.json();
      assert.equal(response.status, status, JSON.stringify(body));
      assert.equal(body.error, error);
      for (const [field, value] of Object.entries(fields)) {
        assert.equal(body[field], value, field);
      }
      assert.match(body.message, message);
      assert.equal(edge.objects.size, 0, "nothing stored");
    });
  }
});

Deno.test("createDossierRouter() refuses an upload past its limits with a 413", async (t) => {
  await t.step("more files than maxIndexFiles", async () => {
    const edge = testEdge({ maxIndexFiles: 3 });
    const response = await edge.route(postIndex(uploadOf(files)));
    const body = await response.json();
    assert.equal(response.status, 413);
    assert.equal(body.error, "too_many_files");
    assert.equal(body.limit, 3);
    assert.equal(body.line, 4);
    assert.match(body.message, /at most 3 files .*line 4 is file 4/);
    assert.equal(edge.objects.size, 0);
  });
  await t.step("more bytes than maxIndexBodyBytes", async () => {
    const edge = testEdge({ maxIndexBodyBytes: 1000 });
    const response = await edge.route(postIndex(uploadOf(files)));
    const body = await response.json();
    assert.equal(response.status, 413);
    assert.equal(body.error, "body_too_large");
    assert.match(
      body.message,
      /^Cannot read the mission's files: the body must be at most 1000 bytes/,
    );
    assert.equal(edge.objects.size, 0);
  });
});

Deno.test("createDossierRouter() answers 422 where the spec-kitty CLI emits nothing, naming the mission, the file and the rule", async () => {
  const edge = testEdge();
  const response = await edge.route(
    postIndex(uploadOf({
      ...files,
      "meta.json": new TextEncoder().encode("{not json"),
    })),
  );
  const body = await response.json();
  assert.equal(response.status, 422);
  assert.equal(body.error, "mission_not_indexed");
  assert.equal(body.mission, MISSION);
  assert.equal(body.file, "meta.json");
  assert.equal(body.rule, "corrupt-meta-json");
  assert.match(
    body.message,
    /^Cannot index mission "011-wp03-decisionpoint-lifecycle-contracts": meta\.json: .* \(rule corrupt-meta-json\); nothing was stored$/,
  );
  assert.equal(edge.objects.size, 0);
});

Deno.test("createDossierRouter() answers 503 when the namespace's object does not answer, and stores nothing", async () => {
  const edge = testEdge();
  const key = await namespaceKey({ ...truth.namespace, step_id: null });
  edge.unreachable(key);
  const response = await edge.route(postIndex(uploadOf(files)));
  const body = await response.json();
  assert.equal(response.status, 503);
  assert.equal(body.error, "storage_unavailable");
  assert.equal(response.headers.get("retry-after"), "1");
  assert.match(body.message, /its dossier's object did not answer/);
  const state = await edge.route(
    new Request(`http://edge.test/dossiers/${key}`),
  );
  assert.equal(state.status, 404);
  await state.body?.cancel();
});

Deno.test("createDossierRouter() answers 503 when the object answers the clock question with an error", async (t) => {
  const cases: [string, Response, RegExp][] = [
    [
      "a JSON refusal",
      new Response(
        JSON.stringify({ error: "internal", message: "disk on fire" }),
        { status: 500 },
      ),
      /did not answer \(disk on fire\); retry$/,
    ],
    [
      "a body that is not JSON",
      new Response("oops", { status: 502 }),
      /did not answer \(status 502\); retry$/,
    ],
  ];
  for (const [name, answer, message] of cases) {
    await t.step(name, async () => {
      const requests: string[] = [];
      const route = createDossierRouter({
        DOSSIERS: {
          idFromName: (name) => name,
          get: () => ({
            fetch: (request) => {
              requests.push(new URL(request.url).pathname);
              return Promise.resolve(answer);
            },
          }),
        },
      });
      const response = await route(postIndex(uploadOf(files)));
      const body = await response.json();
      assert.equal(response.status, 503);
      assert.equal(body.error, "storage_unavailable");
      assert.match(body.message, message);
      assert.deepEqual(requests, ["/_clock"], "nothing appended");
    });
  }
});
