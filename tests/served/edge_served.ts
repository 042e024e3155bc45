// `deno task test:edge`: the dossier edge as it is served, black box. Each
// test starts `deno task serve:edge` (examples/edge-worker under wrangler dev,
// workerd from npm, pinned by the example's lock file) on a free port of
// 127.0.0.1 with storage of its own, drives it over HTTP, and stops it by
// process id and process group, checking that no process is left behind.
// Bounded: every request 20 s, every start 60 s (180 s for the first, which
// may install), every stop 20 s.
//
// What the dossiers must be comes from the library: partitionByNamespace and
// reduceMissionDossier of the events sent (tests/_edge_kit.ts).
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v3 from "../../v3.ts";
import { namespaceKey } from "../../edge.ts";
import { parityJson } from "../../src/parity/parity_report.ts";
import {
  batches,
  expectedDossiers,
  findingsAsJson,
  realStreams,
  seededRandom,
  shuffled,
} from "../_edge_kit.ts";
import { EDGE_STATUSES, edgeRequest, toRequest } from "../_edge_fuzz.ts";
import { V3 } from "../_builders.ts";
import { filesUnder, PROJECT_ROOT, readCliResults } from "../_indexer_kit.ts";
import { indexMission, missionFromFiles } from "../../indexer.ts";
import { EdgeServer, fetchWithin, groupMembers, sleep } from "./_serve_kit.ts";

const ROOT = new URL("../../", import.meta.url);
const SEED = Number(Deno.env.get("EDGE_SEED") ?? "20261201");
const work = await Deno.makeTempDir({ prefix: "dossier-edge-served-" });
let servers = 0;

/** A server on storage of its own; always killed at the end of `body`. */
async function withServer(
  body: (server: EdgeServer) => Promise<void>,
): Promise<void> {
  const server = new EdgeServer(`${work}/storage-${++servers}`);
  try {
    await server.start();
    await body(server);
  } catch (error) {
    console.error(`serve:edge printed, last:\n${server.log.slice(-4000)}`);
    throw error;
  } finally {
    await server.kill();
  }
}

const STREAMS = realStreams();
/** Events the journal holds beside the real streams: other types, and dossier events no namespace takes or whose payload does not parse. */
const EXTRA = [
  V3.envelope({
    event_id: "01M8SPA3JNY34W2D07E7F7X201",
    event_type: "WPStatusChanged",
    build_id: "",
    payload: { wp: "WP01" },
  }),
  V3.envelope({
    event_id: "01M8SPA3JNY34W2D07E7F7X202",
    event_type: "MissionDossierSnapshotComputed",
    payload: { namespace: { mission_slug: "no-project" } },
  }),
  V3.envelope({
    event_id: "01M8SPA3JNY34W2D07E7F7X203",
    lamport_clock: 2,
    event_type: "MissionDossierArtifactIndexed",
    payload: { namespace: V3.namespace(), artifact_id: null },
  }),
  V3.envelope({
    event_id: "01M8SPA3JNY34W2D07E7F7X204",
    lamport_clock: 1,
    event_type: "MissionDossierArtifactIndexed",
    payload: V3.indexedPayload("spec.md"),
  }),
].map((envelope) => JSON.stringify(envelope));
const JOURNAL = [...[...STREAMS.values()].flat(), ...EXTRA];

/** POSTs a batch; `null` when the request did not get an answer. */
async function post(
  server: EdgeServer,
  lines: readonly string[],
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const response = await fetchWithin(`${server.base}/events`, {
      method: "POST",
      body: lines.join("\n"),
    });
    return { status: response.status, body: await response.json() };
  } catch {
    return null;
  }
}

/** Checks every dossier of the journal against the library. */
async function assertDossiers(
  server: EdgeServer,
  expected: ReadonlyMap<string, string>,
): Promise<void> {
  for (const [key, state] of expected) {
    const response = await fetchWithin(`${server.base}/dossiers/${key}`);
    assert.equal(response.status, 200, key);
    assert.equal(await response.text(), state, `dossier ${key}`);
  }
}

// ── The README, as written ───────────────────────────────────────────────

/**
 * The curl commands of the README's "Dossiers at the edge" section: the
 * lines that start with curl, or pipe into it.
 */
async function readmeCurls(): Promise<string[]> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const start = readme.indexOf("\n## Dossiers at the edge\n");
  assert.ok(start !== -1, 'README.md has no "Dossiers at the edge" section');
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const commands: string[] = [];
  for (const [, block] of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const command of block.replace(/\\\n\s*/g, "").split("\n")) {
      if (/^curl |\| curl /.test(command)) commands.push(command);
    }
  }
  return commands;
}

Deno.test("the README's curl commands, run as written against deno task serve:edge, print what it says", async () => {
  const [run1, run2] = [
    "ske-008-mission-dossier-parity-event-contracts-run1.jsonl",
    "ske-008-mission-dossier-parity-event-contracts-run2.jsonl",
  ].map((name) => STREAMS.get(name)!);
  const read = (lines: readonly string[]) =>
    v3.parseEventStream(lines.join("\n"), { acceptEmptyBuildId: true });
  const afterRun1 = v3.reduceMissionDossier(read(run1));
  // What the README says step 4 prints: the reduction of the file of both runs.
  const afterRun2 = v3.reduceMissionDossier(
    read(
      STREAMS.get(
        "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
      )!,
    ),
  );
  const key = await namespaceKey(afterRun1.namespace!);
  const baseline = v3.serializeDossierState(afterRun1);
  const both = STREAMS.get(
    "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
  )!;
  // The indexed mission: what the library makes of the same folder, and
  // what the spec-kitty CLI made of it.
  const mission = "011-wp03-decisionpoint-lifecycle-contracts";
  const truth = (await readCliResults("truth.jsonl")).find((record) =>
    record.mission === mission
  );
  const indexed = await indexMission(
    missionFromFiles(
      await filesUnder(`${PROJECT_ROOT}kitty-specs/${mission}`),
      { name: mission },
    ),
    { projectUuid: truth.namespace.project_uuid },
  );
  const missionKey = await namespaceKey({
    ...indexed.namespace,
    step_id: null,
  });
  const findings = v3.diffDossiers(v3.parseDossierState(baseline), afterRun2);
  const answers: ((text: string) => void | Promise<void>)[] = [
    (text) => {
      const body = JSON.parse(text);
      assert.equal(body.namespaces[0].key, key);
      assert.equal(body.namespaces[0].applied, run1.length);
    },
    (text) => assert.equal(text, ""), // written to the baseline file
    (text) => assert.equal(JSON.parse(text).namespaces[0].applied, run2.length),
    (text) => assert.equal(text, v3.serializeDossierState(afterRun2)),
    (text) => {
      const parity = JSON.parse(text);
      assert.equal(parity.status, "clean");
      assert.deepEqual(parity.stale_artifacts, ["spec.md"]);
      assert.equal(parity.recorded_drift_events, 1);
      assert.equal(parity.snapshot.line, null);
    },
    (text) => {
      const drift = JSON.parse(text);
      assert.equal(drift.drift, true);
      assert.deepEqual(drift.findings, findingsAsJson(findings));
      assert.equal(drift.payloads.length, findings.length);
      assert.equal(drift.payloads[0].detected_at, "2026-12-02T09:00:00Z");
    },
    (text) => assert.equal(JSON.parse(text).error, "unknown_dossier"),
    (text) => {
      assert.equal(text.trimEnd().split("\n").length, new Set(both).size);
      assert.equal(
        v3.serializeDossierState(
          v3.reduceMissionDossier(
            v3.parseEventStream(text, { acceptEmptyBuildId: true }),
          ),
        ),
        v3.serializeDossierState(afterRun2),
      );
    },
    (text) => {
      assert.match(text, /^<!doctype html>/);
      const data =
        /<script type="application\/json" id="dossier-data">(.*)<\/script>/s
          .exec(text);
      assert.ok(data, "the page embeds the stored stream");
      assert.equal(
        JSON.parse(data[1]).stream.trimEnd().split("\n").length,
        new Set(both).size,
      );
    },
    (text) => {
      const body = JSON.parse(text);
      assert.equal(body.key, missionKey);
      assert.equal(body.mission_slug, mission);
      assert.equal(body.snapshot.snapshot_hash, truth.snapshot_hash);
      assert.equal(
        body.snapshot.snapshot_hash,
        indexed.snapshot?.snapshot_hash,
      );
      assert.equal(body.events.received, indexed.events.length);
      assert.equal(body.events.applied, indexed.events.length);
    },
  ];
  const curls = await readmeCurls();
  assert.equal(curls.length, answers.length, curls.join("\n"));
  await withServer(async (server) => {
    const baselineFile = `${work}/dossier-baseline.json`;
    for (const [index, command] of curls.entries()) {
      assert.ok(command.includes("http://127.0.0.1:8788/"), command);
      const output = await new Deno.Command("bash", {
        args: [
          "-c",
          command.replaceAll("127.0.0.1:8788", `127.0.0.1:${server.port}`)
            .replaceAll("/tmp/dossier-baseline.json", baselineFile),
        ],
        cwd: decodeURIComponent(ROOT.pathname),
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(20_000),
      }).output();
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      await answers[index](new TextDecoder().decode(output.stdout));
    }
    assert.equal(await Deno.readTextFile(baselineFile), baseline);
  });
});

// ── Any arrival order, twice, from two clients ───────────────────────────

Deno.test("the real streams as one journal, shuffled, in random batches, some sent twice, from two clients at once: every dossier is the library's reduction", async () => {
  const random = seededRandom(SEED);
  const cut = batches(shuffled(JOURNAL, random), 30, random);
  const plan = cut.flatMap((batch) =>
    random() < 0.3 ? [batch, batch] : [batch]
  );
  const expected = await expectedDossiers(JOURNAL);
  await withServer(async (server) => {
    let unassigned = 0;
    await Promise.all([0, 1].map(async (client) => {
      for (const [index, batch] of plan.entries()) {
        if (index % 2 !== client) continue;
        const answer = await post(server, batch);
        assert.equal(answer?.status, 200, JSON.stringify(answer));
        const { namespaces, unassigned: left } = answer!.body as {
          namespaces: {
            received: number;
            applied: number;
            duplicates: number;
            rejected: number;
          }[];
          unassigned: number;
        };
        let received = left;
        for (const entry of namespaces) {
          assert.equal(
            entry.applied + entry.duplicates + entry.rejected,
            entry.received,
          );
          received += entry.received;
        }
        assert.equal(received, batch.length);
        unassigned += left;
      }
    }));
    await assertDossiers(server, expected);
    // Two of the extra events are assigned to no namespace, in every copy sent.
    const extraCopies = plan.flat().filter((line) =>
      EXTRA.slice(0, 2).includes(line)
    ).length;
    assert.equal(unassigned, extraCopies);
    // The parity verdict of each is dossier parity --json's for every copy sent.
    const sent = v3.parseEventStream(plan.flat().join("\n"), {
      acceptEmptyBuildId: true,
    });
    for (const group of v3.partitionByNamespace(sent).groups) {
      const key = await namespaceKey(group.namespace);
      const parity =
        await (await fetchWithin(`${server.base}/dossiers/${key}/parity`))
          .json();
      const { state, report } = v3.reduceMissionDossierWithReport(group.events);
      assert.deepEqual(
        parity,
        JSON.parse(JSON.stringify(parityJson(
          await v3.evaluateParity(state),
          state.parity_status,
          parity.contract,
          report,
          null,
        ))),
      );
    }
    console.log(
      `${plan.length} batches (${
        plan.length - cut.length
      } sent twice) of ${JOURNAL.length} events, ${expected.size} dossiers`,
    );
  });
});

// ── Killed and restarted on the same storage ─────────────────────────────

Deno.test("the same, with the server killed (SIGKILL) between and during batches and restarted on the same storage, unacknowledged batches retried: every dossier is the library's reduction", async () => {
  const KILLS = 8;
  const random = seededRandom(SEED + 1);
  const cut = batches(shuffled(JOURNAL, random), 12, random);
  const plan = cut.flatMap((batch) =>
    random() < 0.3 ? [batch, batch] : [batch]
  );
  const expected = await expectedDossiers(JOURNAL);
  await withServer(async (server) => {
    let acknowledged = 0;
    let inflight = 0;
    let unanswered = 0;
    let finished = false;
    // While the killer brings the server back, the clients start no new
    // batch (a batch under way is retried as usual): otherwise, when a
    // restart is slow, they could send every batch left before the last
    // kills, and the kills would not all land.
    let restarting = false;
    const stats = { between: 0, during: 0 };
    const send = async (batch: readonly string[]) => {
      for (;;) {
        inflight++;
        const answer = await post(server, batch);
        inflight--;
        if (answer?.status === 200) {
          acknowledged++;
          return;
        }
        // No answer (killed, or not back yet) or a 5xx: not acknowledged, sent again.
        if (answer !== null && answer.status < 500) {
          throw new Error(`refused: ${JSON.stringify(answer)}`);
        }
        unanswered++;
        await sleep(50);
      }
    };
    const clients = Promise.all([0, 1].map(async (client) => {
      for (const [index, batch] of plan.entries()) {
        if (index % 2 !== client) continue;
        while (restarting) await sleep(5);
        await send(batch);
        await sleep(random() * 15);
      }
    })).finally(() => finished = true);
    const killer = (async () => {
      for (let kill = 0; kill < KILLS; kill++) {
        const threshold = Math.floor(plan.length * (kill + 1) / (KILLS + 1));
        while (acknowledged < threshold && !finished) await sleep(2);
        if (finished) return;
        if (kill % 2 === 1) {
          // During a batch: once a request is under way, a moment later.
          while (inflight === 0 && !finished) await sleep(1);
          await sleep(random() * 8);
        } else {
          // Between batches: when neither client has a request under way
          // (they pause up to 15 ms between batches), or after 2 s.
          const until = Date.now() + 2000;
          while (inflight > 0 && Date.now() < until) await sleep(0);
        }
        if (inflight > 0) stats.during++;
        else stats.between++;
        // SIGKILL to deno task's process group: serve:edge's watcher takes
        // wrangler's group down; waitGone fails if anything is left.
        restarting = true;
        server.signal("SIGKILL");
        await server.waitGone();
        await server.start();
        restarting = false;
      }
    })();
    await Promise.all([clients, killer]);
    assert.equal(
      stats.between + stats.during,
      KILLS,
      "every kill happened before the clients were done",
    );
    assert.ok(
      stats.during >= KILLS / 2 - 1,
      `${stats.during} kills during a batch`,
    );
    assert.ok(
      stats.between >= KILLS / 2 - 1,
      `${stats.between} kills between batches`,
    );
    await assertDossiers(server, expected);
    // Once more from storage alone.
    server.signal("SIGKILL");
    await server.waitGone();
    await server.start();
    await assertDossiers(server, expected);
    console.log(
      `${
        KILLS + 1
      } SIGKILLs (${stats.during} with a batch under way, ${stats.between} between batches), ${server.starts} starts, ${plan.length} batches acknowledged, ${unanswered} requests unanswered and sent again, from 2 clients`,
    );
  });
});

// ── Hostile requests ─────────────────────────────────────────────────────

Deno.test("the served edge answers hostile requests with a 4xx and a JSON body, never a 5xx, and keeps serving", async (t) => {
  await withServer(async (server) => {
    const good = STREAMS.get("ske-001-event-model-project-identity.jsonl")!;
    const v2Line = JSON.stringify(V3.envelope({ schema_version: "2.4.0" }))
      .replace('"build_id":"build-1",', "");
    const cases: [string, () => Promise<Response>, number, string][] = [
      [
        "GET /events",
        () => fetchWithin(`${server.base}/events`),
        405,
        "method_not_allowed",
      ],
      [
        "a line that is not JSON",
        () =>
          fetchWithin(`${server.base}/events`, {
            method: "POST",
            body: `${good[0]}\n{`,
          }),
        400,
        "malformed_line",
      ],
      [
        "an envelope without event_id",
        () =>
          fetchWithin(`${server.base}/events`, {
            method: "POST",
            body: '{"event_type":"X"}',
          }),
        422,
        "invalid_events",
      ],
      [
        "two contracts in one batch",
        () =>
          fetchWithin(`${server.base}/events`, {
            method: "POST",
            body: `${good[0]}\n${
              JSON.stringify({
                ...JSON.parse(v2Line),
                event_type: "MissionDossierSnapshotComputed",
              })
            }`,
          }),
        422,
        "mixed_contracts",
      ],
      [
        "a body over 4 MiB",
        () =>
          fetchWithin(`${server.base}/events`, {
            method: "POST",
            body: "\n".repeat(4 * 1024 * 1024 + 1),
          }),
        413,
        "body_too_large",
      ],
      [
        "1,001 events",
        () =>
          fetchWithin(`${server.base}/events`, {
            method: "POST",
            body: Array.from({ length: 1001 }, () => good[0]).join("\n"),
          }),
        413,
        "batch_too_large",
      ],
      [
        "bytes that are not UTF-8",
        () =>
          fetchWithin(`${server.base}/events`, {
            method: "POST",
            body: new Uint8Array([0x7b, 0xff]),
          }),
        400,
        "malformed_body",
      ],
      [
        "a malformed key",
        () => fetchWithin(`${server.base}/dossiers/abc`),
        404,
        "unknown_dossier",
      ],
      [
        "a key never stored",
        () => fetchWithin(`${server.base}/dossiers/${"0".repeat(64)}/parity`),
        404,
        "unknown_dossier",
      ],
      [
        "PUT on a dossier",
        () =>
          fetchWithin(`${server.base}/dossiers/${"0".repeat(64)}`, {
            method: "PUT",
            body: "x",
          }),
        405,
        "method_not_allowed",
      ],
      [
        "another path",
        () => fetchWithin(`${server.base}/elsewhere`),
        404,
        "not_found",
      ],
    ];
    for (const [name, send, status, error] of cases) {
      await t.step(`${name}: ${status} ${error}`, async () => {
        const response = await send();
        const body = await response.json();
        assert.equal(response.status, status, JSON.stringify(body));
        assert.equal(body.error, error);
      });
    }
    await t.step("300 requests drawn from the in-process fuzz", async () => {
      const requests = fc.sample(edgeRequest, { numRuns: 300, seed: SEED });
      for (const request of requests) {
        const response = await fetchWithin(toRequest(request, server.base));
        const text = await response.text();
        assert.ok(
          EDGE_STATUSES.has(response.status),
          `${response.status} for ${request.method} ${request.target}: ${text}`,
        );
        if (request.method !== "HEAD") JSON.parse(text);
      }
    });
    await t.step(
      "10 refusals with a body, each followed by a batch that is stored",
      async () => {
        for (let round = 0; round < 10; round++) {
          const refused = await fetchWithin(`${server.base}/events`, {
            method: "PUT",
            body: good.join("\n"),
          });
          await refused.body?.cancel();
          assert.equal(refused.status, 405);
          const stored = await post(server, good);
          assert.equal(stored?.status, 200, `round ${round}`);
        }
      },
    );
  });
});

// ── Stopped like any server ──────────────────────────────────────────────

Deno.test("deno task serve:edge stops, with wrangler and workerd, on SIGTERM and on SIGKILL of its process alone", async (t) => {
  for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"] as const) {
    await t.step(signal, async () => {
      await withServer(async (server) => {
        const groups = server.groups;
        assert.equal(groups.length, 2, "deno task's group and wrangler's");
        assert.ok(groups.every((group) => groupMembers(group).length > 0));
        server.signal(signal, { group: false });
        await server.waitGone();
        assert.deepEqual(groups.flatMap(groupMembers), []);
        await assert.rejects(() => fetchWithin(`${server.base}/events`));
      });
    });
  }
});

Deno.test("a SIGKILL of serve:edge's process alone, and at once another serve:edge on the same port and storage: it serves the same dossiers", async () => {
  const stream = STREAMS.get("ske-005-event-contract-conformance-suite.jsonl")!;
  const expected = await expectedDossiers(stream);
  await withServer(async (server) => {
    assert.equal((await post(server, stream))?.status, 200);
    server.signal("SIGKILL", { group: false });
    const next = new EdgeServer(server.persistDir, server.port);
    try {
      await next.start();
      await assertDossiers(next, expected);
    } finally {
      await next.kill();
    }
    await server.waitGone();
  });
});

addEventListener("unload", () => {
  Deno.removeSync(work, { recursive: true });
});
