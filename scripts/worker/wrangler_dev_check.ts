// `deno task test:worker`: the example Worker as its README runs it. Installs
// examples/cloudflare-worker from its lock file (wrangler pinned there),
// starts `wrangler dev` on 127.0.0.1 (free ports, no request metadata
// download, no metrics) with a `deno` on the PATH that records any call and
// fails, sends the README's curl commands as written (the port aside) and a
// handful of bad requests, checks every answer, and stops wrangler by its
// process id. Bounded: 90 s for wrangler to be ready, 15 s for it to stop.
// Prints one line per check and `wrangler dev: N passed, N failed`.
import { installFromLock, run } from "../_npm_install.ts";

const ROOT = new URL("../../", import.meta.url);
const EXAMPLE = new URL("examples/cloudflare-worker/", ROOT);
const path = (url: URL) => decodeURIComponent(url.pathname);
const READY_MS = 90_000;
const STOP_MS = 15_000;

const results: { name: string; failure: string | null }[] = [];

async function check(name: string, body: () => Promise<void>): Promise<void> {
  let failure: string | null = null;
  try {
    await body();
  } catch (error) {
    failure = (error as Error).message;
  }
  results.push({ name, failure });
  console.log(
    `${failure === null ? "ok  " : "FAIL"} ${name}${
      failure === null ? "" : `\n     ${failure}`
    }`,
  );
}

function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(what);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** fetch, given up after 20 s: a request that hangs is a failure, not a hang. */
function fetch(input: string, init: RequestInit = {}): Promise<Response> {
  return globalThis.fetch(input, {
    ...init,
    signal: AbortSignal.timeout(20_000),
  });
}

/** The curl commands of the README's "Running at the edge" section. */
async function readmeCurls(): Promise<string[]> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const start = readme.indexOf("\n## Running at the edge\n");
  const end = readme.indexOf("\n## ", start + 1);
  assert(start !== -1, 'README.md has no "Running at the edge" section');
  const section = readme.slice(start, end === -1 ? undefined : end);
  const commands: string[] = [];
  for (const [, block] of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    // A command may go on over lines ending with a backslash.
    for (const command of block.replace(/\\\n\s*/g, "").split("\n")) {
      if (command.startsWith("curl ")) commands.push(command);
    }
  }
  return commands;
}

const expectCanonical = (await Deno.readTextFile(
  new URL("baseline.json", EXAMPLE),
)).trimEnd();

/** What each README curl command must print, in the README's order. */
const README_ANSWERS: ((text: string) => void)[] = [
  (text) => {
    assert(
      text.startsWith(
        `{"state":${expectCanonical},"parity":{"status":"clean",`,
      ),
      "the happy path's state is baseline.json, byte for byte, and parity is clean",
    );
    assert(text.endsWith(`,"findings":[],"payloads":[]}`), "no findings");
  },
  (text) => {
    const body = JSON.parse(text);
    const kinds = body.findings.map((f: { driftKind: string }) => f.driftKind);
    assert(
      JSON.stringify(kinds) ===
        '["artifact_removed","anomaly_introduced"]',
      `findings ${JSON.stringify(kinds)}`,
    );
    assert(body.payloads.length === 2, "one drift payload per finding");
    assert(body.state.parity_status === "drifted", "the state is drifted");
  },
  (text) => {
    assert(
      text ===
        '{"error":"empty_stream","message":"Cannot evaluate the stream: the body must hold at least one JSONL event line: received nothing"}',
      `a missing file (an empty body) gave ${text}`,
    );
  },
];

const started = performance.now();
await installFromLock(EXAMPLE, EXAMPLE, "the example Worker's wrangler");
const work = await Deno.makeTempDir({ prefix: "dossier-wrangler-" });
const denoCalls = `${work}/deno-calls`;
await Deno.mkdir(`${work}/bin`);
await Deno.writeTextFile(
  `${work}/bin/deno`,
  `#!/bin/sh\necho "deno $*" >> '${denoCalls}'\nexit 127\n`,
  { mode: 0o755 },
);
const port = freePort();
const base = `http://127.0.0.1:${port}`;
// The command `npx wrangler` runs, started without npx: npx runs it through
// `sh -c` and does not pass SIGTERM on, so stopping npx would leave
// wrangler and workerd running.
const child = new Deno.Command(
  path(new URL("node_modules/.bin/wrangler", EXAMPLE)),
  {
    args: [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(freePort()),
    ],
    cwd: path(EXAMPLE),
    env: {
      PATH: `${work}/bin:${Deno.env.get("PATH") ?? ""}`,
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_METRICS: "false",
      DO_NOT_TRACK: "1",
      NO_COLOR: "1",
      CI: "true",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  },
).spawn();
// Wrangler's output, kept for a failure report.
let log = "";
const decoder = new TextDecoder();
const collect = async (stream: ReadableStream<Uint8Array>) => {
  for await (const chunk of stream) log += decoder.decode(chunk);
};
const collected = Promise.all([collect(child.stdout), collect(child.stderr)]);

try {
  await check(`wrangler dev answers on ${base} without Deno`, async () => {
    const deadline = Date.now() + READY_MS;
    for (;;) {
      try {
        const response = await fetch(`${base}/evaluate`);
        await response.body?.cancel();
        if (response.status === 405) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`not ready after ${READY_MS / 1000} s:\n${log}`);
      }
      await sleep(250);
    }
  });

  const curls = await readmeCurls();
  await check(`the README shows ${README_ANSWERS.length} curl commands`, () => {
    assert(
      curls.length === README_ANSWERS.length,
      `found ${curls.length}: ${curls.join(" | ")}`,
    );
    return Promise.resolve();
  });
  for (const [index, command] of curls.entries()) {
    await check(`README: ${command}`, async () => {
      assert(command.includes("http://127.0.0.1:8787/"), "port 8787");
      const result = await run("bash", [
        "-c",
        command.replaceAll("127.0.0.1:8787", `127.0.0.1:${port}`),
      ], { cwd: EXAMPLE, quiet: true });
      assert(result.code === 0, `curl exited ${result.code}: ${result.stderr}`);
      README_ANSWERS[index]?.(result.stdout);
    });
  }

  const happy = await Deno.readTextFile(new URL("events.jsonl", EXAMPLE));
  const lines = happy.trim().split("\n");
  const mixed = JSON.parse(lines[1]);
  mixed.payload.namespace.feature_slug = "043-other";
  const bad: [string, () => Promise<Response>, number, string][] = [
    ["GET", () => fetch(`${base}/evaluate`), 405, "method_not_allowed"],
    [
      "another path",
      () => fetch(`${base}/other`, { method: "POST", body: happy }),
      404,
      "not_found",
    ],
    [
      "a line that is not JSON",
      () =>
        fetch(`${base}/evaluate`, { method: "POST", body: `${lines[0]}\n{` }),
      400,
      "malformed_line",
    ],
    [
      "an envelope without event_id",
      () =>
        fetch(`${base}/evaluate`, {
          method: "POST",
          body: '{"event_type":"X"}',
        }),
      422,
      "invalid_events",
    ],
    [
      "a mixed stream",
      () =>
        fetch(`${base}/evaluate`, {
          method: "POST",
          body: `${lines[0]}\n${JSON.stringify(mixed)}`,
        }),
      409,
      "namespace_mismatch",
    ],
    [
      "a body over MAX_BODY_BYTES",
      () =>
        fetch(`${base}/evaluate`, {
          method: "POST",
          body: "\n".repeat(1048577),
        }),
      413,
      "body_too_large",
    ],
    [
      "multipart without events",
      () => {
        const form = new FormData();
        form.append("baseline", new Blob([expectCanonical]), "baseline.json");
        return fetch(`${base}/evaluate`, { method: "POST", body: form });
      },
      400,
      "malformed_body",
    ],
  ];
  for (const [name, send, status, error] of bad) {
    await check(`${name}: ${status} ${error}`, async () => {
      const response = await send();
      const body = await response.json();
      assert(
        response.status === status && body.error === error,
        `${response.status} ${JSON.stringify(body)}`,
      );
    });
  }
  await check(
    "10 refusals with a body, each followed by a POST that is answered",
    async () => {
      for (let round = 0; round < 10; round++) {
        const refused = await fetch(`${base}/evaluate`, {
          method: "PUT",
          body: happy,
        });
        await refused.body?.cancel();
        assert(
          refused.status === 405,
          `round ${round}: PUT got ${refused.status}`,
        );
        const next = await fetch(`${base}/evaluate`, {
          method: "POST",
          body: happy,
        });
        await next.body?.cancel();
        assert(next.status === 200, `round ${round}: POST got ${next.status}`);
      }
    },
  );
} finally {
  child.kill("SIGTERM");
  const stopped = await Promise.race([
    child.status.then(() => true),
    sleep(STOP_MS).then(() => false),
  ]);
  if (!stopped) child.kill("SIGKILL");
  await child.status;
  await collected;
}

await check("wrangler stopped, and nothing ran deno", async () => {
  let listening = true;
  try {
    const response = await fetch(`${base}/evaluate`);
    await response.body?.cancel();
  } catch {
    listening = false;
  }
  assert(!listening, `something still answers on ${base}`);
  const calls = await Deno.readTextFile(denoCalls).catch(() => "");
  assert(calls === "", `deno was called: ${calls}`);
});
await Deno.remove(work, { recursive: true });

const failed = results.filter((result) => result.failure !== null).length;
console.log(
  `wrangler dev: ${results.length - failed} passed, ${failed} failed (${
    ((performance.now() - started) / 1000).toFixed(1)
  } s)`,
);
if (failed > 0) Deno.exit(1);
