// `deno task bench:edge`: 100,000 events into one namespace of the dossier
// edge, in batches of 1,000, timed per batch, with the memory it holds; see
// docs/performance.md. Two measurements:
//
// - in-process: DossierObject on node:sqlite (tests/_sql_storage.ts), the
//   object alone, its JavaScript heap after a forced GC (the heap of every
//   request is gone then; what stays is what the object keeps);
// - served: `deno task serve:edge` (workerd under wrangler dev), each batch a
//   POST /events over HTTP through the router, the resident memory of the
//   workerd processes (/proc/<pid>/status) and the JavaScript heap in use of
//   the Worker's isolate (its inspector's Runtime.getHeapUsage; workerd does
//   not answer a request to collect garbage first).
//
// Each runs the batches in order (the fast path), then the same batches again
// (every event a duplicate), then a restart (the state rebuilt from storage),
// then 100,000 events of another namespace in shuffled batches (each batch
// lands before the tail, so each one refolds from storage).
//
//   deno task bench:edge [--in-process | --served] [events]
import { DossierObject, namespaceKey } from "../edge.ts";
import { APPEND_PATH } from "../src/edge/dossier_object.ts";
import * as v3 from "../v3.ts";
import { testStorage } from "../tests/_sql_storage.ts";
import { seededRandom, shuffled } from "../tests/_edge_kit.ts";
import { EdgeServer, groupMembers } from "../tests/served/_serve_kit.ts";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const args = Deno.args.filter((arg) => !arg.startsWith("--"));
const TOTAL = Number(args[0] ?? 100_000);
const BATCH = 1_000;
const PATHS = 2_000;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function ulid(n: number, prefix: string): string {
  let suffix = "";
  for (let i = 0, rest = n; i < 8; i++, rest = Math.floor(rest / 32)) {
    suffix = CROCKFORD[rest % 32] + suffix;
  }
  return `${prefix}SPA3JNY34W2D07${suffix}`;
}

/**
 * A mission's events as the spec-kitty CLI writes them (contract 3.0.0,
 * `build_id: ""`, extra envelope keys, about 1 KB a line): 90% artifacts
 * indexed over 2,000 paths, 9% snapshots, 1% missing artifacts, clocks rising.
 */
function missionLines(total: number, slug: string, prefix: string): string[] {
  const namespace = {
    manifest_version: "1",
    mission_slug: slug,
    mission_type: "software-dev",
    project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9",
    target_branch: "main",
  };
  const lines: string[] = [];
  for (let n = 0; n < total; n++) {
    const path = `docs/section-${n % PATHS}/artifact-${n % PATHS}.md`;
    const kind = n % 100;
    const at = new Date(Date.UTC(2026, 11, 1, 20) + n * 37).toISOString()
      .replace("Z", "000+00:00");
    const payload = kind < 90
      ? {
        artifact_id: {
          artifact_class: "output",
          mission_type: "software-dev",
          path,
        },
        content_ref: {
          algorithm: "sha256",
          hash: (n * 2654435761 >>> 0).toString(16).padStart(64, "0"),
          size_bytes: 1000 + n % 5000,
        },
        context_diagnostics: {
          artifact_key: `output.section-${n % PATHS}`,
          required_status: "optional",
        },
        indexed_at: at,
        namespace,
      }
      : kind < 99
      ? {
        anomaly_count: 0,
        artifact_count: PATHS,
        computed_at: at,
        namespace,
        snapshot_hash: `sha256:${"0".repeat(60)}${
          n.toString(16).padStart(4, "0")
        }`,
      }
      : {
        checked_at: at,
        expected_identity: {
          artifact_class: "input",
          mission_type: "software-dev",
          path: "spec.md",
        },
        manifest_step: "required_always",
        namespace,
      };
    lines.push(JSON.stringify({
      aggregate_id: `${slug}:${path}`,
      aggregate_type: "MissionDossier",
      build_id: "",
      causation_id: null,
      correlation_id: ulid(n, prefix),
      drain_blocked_reason: null,
      event_id: ulid(n, prefix),
      event_type: kind < 90
        ? "MissionDossierArtifactIndexed"
        : kind < 99
        ? "MissionDossierSnapshotComputed"
        : "MissionDossierArtifactMissing",
      git_branch: "main",
      head_commit_sha: null,
      lamport_clock: n + 1,
      node_id: "b805cd5cee74",
      payload,
      project_slug: null,
      project_uuid: namespace.project_uuid,
      repo_slug: null,
      schema_version: "3.0.0",
      team_slug: null,
      timestamp: at,
    }));
  }
  return lines;
}

function cut(lines: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < lines.length; start += BATCH) {
    batches.push(lines.slice(start, start + BATCH));
  }
  return batches;
}

function quantiles(times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const total = times.reduce((sum, time) => sum + time, 0);
  return `| ${at(0.5).toFixed(1)} | ${at(0.95).toFixed(1)} | ${
    sorted.at(-1)!.toFixed(1)
  } | ${(total / 1000).toFixed(2)} s |`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** What the library says the dossier is, to check the edge's answer. */
function expected(lines: readonly string[]): string {
  return v3.serializeDossierState(
    v3.reduceMissionDossier(
      v3.parseEventStream(lines.join("\n"), { acceptEmptyBuildId: true }),
    ),
  );
}

const first = missionLines(TOTAL, "100-bench-in-order", "01M9");
const second = missionLines(TOTAL, "101-bench-shuffled", "01MA");
const random = seededRandom(7);
/** Batches of events from anywhere in the log: each lands before the tail. */
const shuffledBatches = cut(shuffled(second, random));
const firstKey = await namespaceKey(JSON.parse(first[0]).payload.namespace);
const secondKey = await namespaceKey(JSON.parse(second[0]).payload.namespace);
console.log(
  `${TOTAL} events a namespace, batches of ${BATCH}, lines of ${
    Math.round(first.join("\n").length / TOTAL)
  } bytes on average`,
);

async function inProcess(): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dossier-edge-bench-" });
  let storage = testStorage(`${dir}/object.sqlite`);
  const storage2 = testStorage(`${dir}/object2.sqlite`);
  let object = new DossierObject(storage.ctx());
  const object2 = new DossierObject(storage2.ctx());
  const heap = () => {
    gc();
    return Deno.memoryUsage().heapUsed;
  };
  const append = async (
    target: DossierObject,
    batch: readonly string[],
    key: string,
  ) => {
    const response = await target.fetch(
      new Request(`https://o${APPEND_PATH}`, {
        method: "POST",
        body: JSON.stringify({
          key,
          contract: "3.0.0",
          contractHow: "bench",
          contractReason: null,
          lines: batch,
        }),
      }),
    );
    if (response.status !== 200) throw new Error(await response.text());
    await response.body?.cancel();
  };
  const run = async (
    batches: readonly string[][],
    target: () => DossierObject,
    key: string,
  ) => {
    const times: number[] = [];
    for (const batch of batches) {
      const start = performance.now();
      await append(target(), batch, key);
      times.push(performance.now() - start);
    }
    return times;
  };
  const before = heap();
  console.log(
    "\nin-process (DossierObject on node:sqlite, Deno",
    Deno.version.deno + ")\n",
  );
  console.log("| run | per batch: median ms | p95 ms | max ms | total |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  const marks: string[] = [];
  const inOrder: number[] = [];
  for (const [index, batch] of cut(first).entries()) {
    const start = performance.now();
    await append(object, batch, firstKey);
    inOrder.push(performance.now() - start);
    if ((index + 1) % 25 === 0) {
      marks.push(`${(index + 1) * BATCH}: ${mb(heap() - before)}`);
    }
  }
  console.log(`| in order (fast path) ${quantiles(inOrder)}`);
  console.log(
    `| the same batches again (all duplicates) ${
      quantiles(await run(cut(first), () => object, firstKey))
    }`,
  );
  const stateBytes =
    (await (await object.fetch(new Request(`https://o/dossiers/${firstKey}`)))
      .text()).length;
  const held = heap() - before;
  storage.close();
  storage = testStorage(`${dir}/object.sqlite`);
  const restart = performance.now();
  object = new DossierObject(storage.ctx());
  const state =
    await (await object.fetch(new Request(`https://o/dossiers/${firstKey}`)))
      .text();
  const rebuilt = performance.now() - restart;
  if (state !== expected(first)) {
    throw new Error("the rebuilt state is not the library's reduction");
  }
  const shuffledTimes = await run(shuffledBatches, () => object2, secondKey);
  console.log(`| shuffled batches (each refolds) ${quantiles(shuffledTimes)}`);
  const state2 =
    await (await object2.fetch(new Request(`https://o/dossiers/${secondKey}`)))
      .text();
  if (state2 !== expected(second)) {
    throw new Error("the shuffled state is not the library's reduction");
  }
  console.log(
    `\nrestart (state rebuilt from ${TOTAL} stored events): ${
      rebuilt.toFixed(0)
    } ms`,
  );
  console.log(
    `heap held after GC, beyond the start: ${
      marks.join(", ")
    }; after the duplicates ${mb(held)}`,
  );
  console.log(
    `the state it holds: ${mb(stateBytes)} as canonical JSON; storage file: ${
      mb((await Deno.stat(`${dir}/object.sqlite`)).size)
    }`,
  );
  storage.close();
  storage2.close();
  await Deno.remove(dir, { recursive: true });
}

async function served(): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dossier-edge-bench-served-" });
  const server = new EdgeServer(`${dir}/storage`);
  const rss = () => {
    let kilobytes = 0;
    let peak = 0;
    for (const group of server.groups) {
      for (const pid of groupMembers(group)) {
        let status: string;
        try {
          status = Deno.readTextFileSync(`/proc/${pid}/status`);
        } catch {
          continue;
        }
        if (!/^Name:\s+workerd/m.test(status)) continue;
        kilobytes += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
        peak += Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      }
    }
    return { rss: kilobytes * 1024, peak: peak * 1024 };
  };
  const post = async (batch: readonly string[]) => {
    const response = await fetch(`${server.base}/events`, {
      method: "POST",
      body: batch.join("\n"),
    });
    if (response.status !== 200) throw new Error(await response.text());
    await response.body?.cancel();
  };
  const run = async (batches: readonly string[][]) => {
    const times: number[] = [];
    for (const batch of batches) {
      const start = performance.now();
      await post(batch);
      times.push(performance.now() - start);
    }
    return times;
  };
  /** The Worker isolate's JavaScript heap in use, through its inspector. */
  let inspector: WebSocket | null = null;
  let calls = 0;
  const heap = async (): Promise<number> => {
    if (inspector === null || inspector.readyState !== WebSocket.OPEN) {
      inspector = new WebSocket(`ws://127.0.0.1:${server.inspectorPort}/ws`, {
        headers: { origin: `http://127.0.0.1:${server.inspectorPort}` },
      } as never);
      await new Promise((resolve, reject) => {
        inspector!.onopen = resolve;
        inspector!.onerror = reject;
      });
    }
    const socket = inspector;
    const call = (id: number, method: string) =>
      new Promise<{ result: { usedSize: number } }>((resolve) => {
        const listener = (event: MessageEvent) => {
          const message = JSON.parse(event.data);
          if (message.id !== id) return;
          socket.removeEventListener("message", listener);
          resolve(message);
        };
        socket.addEventListener("message", listener);
        socket.send(JSON.stringify({ id, method }));
      });
    // workerd's inspector does not answer HeapProfiler.collectGarbage: the
    // heap is read as it is, garbage not yet collected included.
    return (await call(++calls, "Runtime.getHeapUsage")).result.usedSize;
  };
  try {
    await server.start();
    const idle = rss();
    const idleHeap = await heap();
    console.log(
      "\nserved (deno task serve:edge: wrangler 4.86.0, workerd; POST /events over HTTP on 127.0.0.1)\n",
    );
    console.log("| run | per batch: median ms | p95 ms | max ms | total |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    const marks: string[] = [];
    const inOrder: number[] = [];
    for (const [index, batch] of cut(first).entries()) {
      const start = performance.now();
      await post(batch);
      inOrder.push(performance.now() - start);
      if ((index + 1) % 25 === 0) {
        marks.push(
          `${(index + 1) * BATCH}: ${mb(rss().rss)}, heap ${mb(await heap())}`,
        );
      }
    }
    console.log(`| in order (fast path) ${quantiles(inOrder)}`);
    console.log(
      `| the same batches again (all duplicates) ${
        quantiles(await run(cut(first)))
      }`,
    );
    const afterFirst = rss();
    const afterFirstHeap = await heap();
    (inspector as WebSocket | null)?.close();
    inspector = null;
    server.signal("SIGKILL");
    await server.waitGone();
    await server.start();
    const restart = performance.now();
    const state = await (await fetch(`${server.base}/dossiers/${firstKey}`))
      .text();
    const rebuilt = performance.now() - restart;
    if (state !== expected(first)) {
      throw new Error("the rebuilt state is not the library's reduction");
    }
    console.log(
      `| shuffled batches (each refolds) ${
        quantiles(await run(shuffledBatches))
      }`,
    );
    const state2 = await (await fetch(`${server.base}/dossiers/${secondKey}`))
      .text();
    if (state2 !== expected(second)) {
      throw new Error("the shuffled state is not the library's reduction");
    }
    console.log(
      `\nafter SIGKILL and restart, first GET (the object starts and rebuilds ${TOTAL} events): ${
        rebuilt.toFixed(0)
      } ms`,
    );
    const endHeap = await heap();
    (inspector as WebSocket | null)?.close();
    console.log(
      `workerd resident memory, and the Worker isolate's heap in use (not collected first): idle ${
        mb(idle.rss)
      }, heap ${mb(idleHeap)}; after ${
        marks.join("; ")
      }; after the duplicates ${mb(afterFirst.rss)}, heap ${
        mb(afterFirstHeap)
      } (peak RSS ${
        mb(afterFirst.peak)
      }); at the end, two dossiers of ${TOTAL} events, ${mb(rss().rss)}, heap ${
        mb(endHeap)
      } (peak RSS since the restart ${mb(rss().peak)})`,
    );
  } finally {
    await server.kill();
    await Deno.remove(dir, { recursive: true });
  }
}

if (!Deno.args.includes("--served")) await inProcess();
if (!Deno.args.includes("--in-process")) await served();
