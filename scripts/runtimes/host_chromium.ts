// The browser row of the runtime matrix: headless Chromium (Debian's
// package) loads a page from a Deno.serve on 127.0.0.1 (random port). The
// page imports the bundle and smoke_suite.mjs as ES modules, fetches the
// smoke data as JSON, runs the suite and POSTs its result to /result. The
// runner waits for that POST (60 s at most) and always stops Chromium.
//
// The page loads the bundle as it is, with no import map: the conformance
// kit imports node:fs/promises only when it reads a `file:` URL, which a
// browser never does.

/** One row of the runtime matrix, as run.ts prints it. */
export interface MatrixRow {
  runtime: string;
  version: string;
  passed: number;
  failed: number;
  failures: string[];
  ms: number;
  /** Set when Chromium is not installed: the row is reported, not run. */
  skipped?: string;
}

const RESULT_TIMEOUT_MS = 60_000;

// Without the background-networking flags Chromium tries hosts this closed
// network refuses; --no-sandbox because CI runs as root.
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--disable-dev-shm-usage",
  "--no-default-browser-check",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
];

const INDEX_HTML = `<!doctype html>
<meta charset="utf-8">
<title>dossier smoke suite</title>
<script type="module">
  async function report(body) {
    await fetch("/result", { method: "POST", body: JSON.stringify(body) });
  }
  try {
    const { runSmokeSuite } = await import("/smoke_suite.mjs");
    const data = await (await fetch("/smoke_data.json")).json();
    const started = performance.now();
    const pkg = await import("/dossier.mjs");
    const result = await runSmokeSuite(pkg, data);
    await report({
      ...result,
      ms: performance.now() - started,
      userAgent: navigator.userAgent,
    });
  } catch (error) {
    await report({ error: String(error?.stack ?? error) });
  }
</script>
`;

/** Returns Chromium's version ("156.0.8078.108"), or null when it is absent. */
async function chromiumVersion(command: string): Promise<string | null> {
  try {
    const output = await new Deno.Command(command, {
      args: ["--version"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    return text.match(/\d+\.\d+\.\d+\.\d+/)?.[0] ?? (text.trim() || "?");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Collects a stream's text, keeping its last `limit` characters; `ended`
 * settles at the stream's end, `stop()` cancels the read.
 */
function _collect(
  stream: ReadableStream<Uint8Array>,
  limit: number,
): { text: () => string; ended: Promise<void>; stop: () => Promise<void> } {
  let text = "";
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text = (text + value).slice(-limit);
      }
    } catch {
      // cancelled
    }
  })();
  return {
    text: () => text.trim(),
    ended: reading,
    stop: async () => {
      await reader.cancel().catch(() => {});
      await reading;
    },
  };
}

/**
 * Runs the smoke suite in headless Chromium and returns its row; a row with
 * `skipped` set when `chromium` is not on the PATH.
 */
export async function chromiumRow(
  options: { bundle: URL; suite: URL; data: URL; profileParent: URL },
): Promise<MatrixRow> {
  const command = Deno.env.get("CHROMIUM") ?? "chromium";
  const version = await chromiumVersion(command);
  if (version === null) {
    return {
      runtime: "chromium",
      version: "skipped: chromium not installed",
      passed: 0,
      failed: 0,
      failures: [],
      ms: 0,
      skipped: "chromium not installed",
    };
  }
  const row = (
    fields: Partial<MatrixRow> & { failures: string[] },
  ): MatrixRow => ({
    runtime: "chromium",
    version,
    passed: 0,
    ms: 0,
    ...fields,
    failed: fields.failures.length,
  });

  const files = new Map<string, [string, string]>([
    ["/", ["text/html; charset=utf-8", INDEX_HTML]],
    ["/index.html", ["text/html; charset=utf-8", INDEX_HTML]],
    [
      "/dossier.mjs",
      ["text/javascript", await Deno.readTextFile(options.bundle)],
    ],
    [
      "/smoke_suite.mjs",
      ["text/javascript", await Deno.readTextFile(options.suite)],
    ],
    [
      "/smoke_data.json",
      ["application/json", await Deno.readTextFile(options.data)],
    ],
  ]);

  const { promise: posted, resolve: receive } = Promise.withResolvers<
    unknown
  >();
  const controller = new AbortController();
  const { promise: listening, resolve: listen } = Promise.withResolvers<
    number
  >();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: ({ port }) => listen(port),
  }, async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname === "/result") {
      try {
        receive(JSON.parse(await request.text()));
      } catch (error) {
        receive({ error: `the page posted no JSON: ${error}` });
      }
      return new Response("ok");
    }
    const file = request.method === "GET" ? files.get(pathname) : undefined;
    if (file === undefined) return new Response("not found", { status: 404 });
    return new Response(file[1], {
      headers: { "content-type": file[0], "cache-control": "no-store" },
    });
  });
  const port = await listening;

  const profile = await Deno.makeTempDir({
    dir: decodeURIComponent(options.profileParent.pathname),
    prefix: "chromium-profile-",
  });
  let child: Deno.ChildProcess | undefined;
  let stderr: ReturnType<typeof _collect> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    child = new Deno.Command(command, {
      args: [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${profile}`,
        `http://127.0.0.1:${port}/index.html`,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    stderr = _collect(child.stderr, 4000);
    const exited = child.status.then((status) => ({ exited: status }));
    const timedOut = new Promise<{ timedOut: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timedOut: true }), RESULT_TIMEOUT_MS);
    });
    const outcome = await Promise.race([
      posted.then((result) => ({ result })),
      exited,
      timedOut,
    ]);
    if ("timedOut" in outcome) {
      return row({
        failures: [
          `no result within ${
            RESULT_TIMEOUT_MS / 1000
          } s; chromium said: ${stderr.text()}`,
        ],
      });
    }
    if ("exited" in outcome) {
      return row({
        failures: [
          `chromium exited ${outcome.exited.code} before the page reported: ${stderr.text()}`,
        ],
      });
    }
    const result = outcome.result as {
      passed?: number;
      failures?: string[];
      ms?: number;
      error?: string;
    };
    if (typeof result.error === "string") {
      return row({ failures: [`the page failed: ${result.error}`] });
    }
    return row({
      passed: result.passed ?? 0,
      failures: result.failures ?? ["the page posted no failures list"],
      ms: result.ms ?? 0,
    });
  } finally {
    clearTimeout(timer);
    if (child !== undefined) await _stop(child);
    if (stderr !== undefined) {
      // Chromium's helper processes inherit its stderr: the pipe ends when
      // the last of them has exited. Wait for that (5 s at most).
      let wait: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        stderr.ended,
        new Promise((resolve) => wait = setTimeout(resolve, 5000)),
      ]);
      clearTimeout(wait);
      await stderr.stop();
    }
    controller.abort();
    await server.finished;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/** Stops Chromium: SIGTERM, then SIGKILL if it is still running after 5 s. */
async function _stop(child: Deno.ChildProcess): Promise<void> {
  let done = false;
  const status = child.status.then(() => {
    done = true;
  });
  try {
    child.kill("SIGTERM");
  } catch {
    return; // already exited
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    status,
    new Promise((resolve) => timer = setTimeout(resolve, 5000)),
  ]);
  clearTimeout(timer);
  if (!done) {
    try {
      child.kill("SIGKILL");
    } catch {
      // exited in between
    }
    await status;
  }
}
