// The example Cloudflare Worker (examples/cloudflare-worker/worker.ts),
// through its fetch handler; `deno task test:worker` serves it with
// `wrangler dev`, and the runtime matrix runs it in workerd.
import assert from "node:assert/strict";
import worker from "../examples/cloudflare-worker/worker.ts";

const EXAMPLE = new URL("../examples/cloudflare-worker/", import.meta.url);
const REPLAY = new URL(
  "../conformance/fixtures/dossier/replay/",
  import.meta.url,
);
const URL_EVALUATE = "http://127.0.0.1/evaluate";
const encoder = new TextEncoder();

async function answer(
  request: Request,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await worker.fetch(request, {});
  return { status: response.status, body: await response.json() };
}

Deno.test("the example Worker's input files are the conformance fixtures its README names", async (t) => {
  const pairs: [string, string][] = [
    ["events.jsonl", "dossier_replay_happy_path.jsonl"],
    ["drift.jsonl", "dossier_replay_drift_scenario.jsonl"],
    ["baseline.json", "dossier_canonical_output_snapshot.json"],
  ];
  for (const [file, fixture] of pairs) {
    await t.step(file, async () => {
      assert.equal(
        await Deno.readTextFile(new URL(file, EXAMPLE)),
        await Deno.readTextFile(new URL(fixture, REPLAY)),
      );
    });
  }
});

Deno.test("the example Worker refuses a stream without events with a 400", async (t) => {
  const form = (events: string) => {
    const body = new FormData();
    body.append("events", new Blob([events]), "events.jsonl");
    return body;
  };
  const cases: [string, BodyInit | null, string][] = [
    [
      "no body",
      null,
      "the body must hold at least one JSONL event line: received nothing",
    ],
    [
      "an empty body",
      "",
      "the body must hold at least one JSONL event line: received nothing",
    ],
    [
      "blank lines",
      "\n \r\n\t\n",
      "the body must hold at least one JSONL event line: received blank lines only",
    ],
    [
      "a byte order mark alone",
      "\ufeff",
      "the body must hold at least one JSONL event line: received nothing",
    ],
    [
      "an empty events part",
      form(""),
      'the "events" part must hold at least one JSONL event line: received nothing',
    ],
  ];
  for (const [name, body, message] of cases) {
    await t.step(name, async () => {
      const request = new Request(URL_EVALUATE, { method: "POST", body });
      assert.deepEqual(await answer(request), {
        status: 400,
        body: {
          error: "empty_stream",
          message: `Cannot evaluate the stream: ${message}`,
        },
      });
    });
  }
});

Deno.test("the example Worker reads the whole body of every request it refuses", async (t) => {
  const happy = await Deno.readTextFile(
    new URL("dossier_replay_happy_path.jsonl", REPLAY),
  );
  const chunk = encoder.encode("\n".repeat(64 * 1024));
  /** A body of `chunks` chunks that records how many were read. */
  const tracked = (chunks: number, first: Uint8Array = chunk) => {
    const state = { pulled: 0, done: false };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (state.pulled === chunks) {
          state.done = true;
          return controller.close();
        }
        controller.enqueue(state.pulled === 0 ? first : chunk);
        state.pulled++;
      },
    });
    return { stream, state };
  };
  const cases: [
    string,
    string,
    string,
    Record<string, string>,
    number,
    number,
    Uint8Array?,
  ][] = [
    ["another path", "/other", "POST", {}, 404, 4],
    ["PUT", "/evaluate", "PUT", {}, 405, 4],
    ["DELETE", "/evaluate", "DELETE", {}, 405, 4],
    [
      "a declared length over the limit",
      "/evaluate",
      "POST",
      { "content-length": "99999999" },
      413,
      4,
    ],
    [
      "a streamed body over the limit (1 MiB)",
      "/evaluate",
      "POST",
      {},
      413,
      24,
    ],
    [
      "a line that is not JSON",
      "/evaluate",
      "POST",
      {},
      400,
      2,
      encoder.encode("{not json\n"),
    ],
    [
      "an invalid envelope",
      "/evaluate",
      "POST",
      {},
      422,
      2,
      encoder.encode('{"event_id":"x"}\n'),
    ],
  ];
  for (const [name, path, method, headers, status, chunks, first] of cases) {
    await t.step(name, async () => {
      const { stream, state } = tracked(chunks, first);
      const request = new Request(`http://127.0.0.1${path}`, {
        method,
        headers,
        body: stream,
      });
      const response = await worker.fetch(request, {});
      await response.body?.cancel();
      assert.equal(response.status, status);
      assert.ok(state.done, `read ${state.pulled} of ${chunks} chunks`);
    });
  }
  await t.step("and answers the next request", async () => {
    const request = new Request(URL_EVALUATE, { method: "POST", body: happy });
    assert.equal((await answer(request)).status, 200);
  });
});

Deno.test("the example Worker's lock file pins the package's dependencies at the versions deno.lock tested", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  const denoLock = JSON.parse(
    await Deno.readTextFile(new URL("../deno.lock", import.meta.url)),
  );
  const npmLock = JSON.parse(
    await Deno.readTextFile(new URL("package-lock.json", EXAMPLE)),
  );
  for (const name of ["valibot", "@cfworker/json-schema"]) {
    assert.equal(
      npmLock.packages[`node_modules/${name}`]?.version,
      denoLock.specifiers[config.imports[name]],
      name,
    );
  }
  assert.equal(npmLock.packages["node_modules/wrangler"]?.version, "4.86.0");
});
