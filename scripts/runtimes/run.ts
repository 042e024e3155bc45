// `deno task test:runtimes`: the runtime matrix. Builds one ESM bundle of
// the package and its conformance kit, runs the same smoke suite
// (smoke_suite.mjs) on Deno, Node 20 (the machine's), Node 22 and Bun
// (installed from npm into .cache/runtimes, pinned by package-lock.json) and
// workerd through Miniflare, and headless Chromium (Debian's package, see
// host_chromium.ts), then checks the example Worker in workerd.
// Prints a table (runtime, version, checks passed, time) and exits 1 on any
// failure.
import { chromiumRow, type MatrixRow as Row } from "./host_chromium.ts";
import { type CommandResult, run as runCommand } from "../_npm_install.ts";
import { BUN, installRuntimes, NODE_22, NODE_MODULES } from "./install.ts";
import { suiteData } from "./suite_data.ts";

const ROOT = new URL("../../", import.meta.url);
const HERE = new URL("./", import.meta.url);
const CACHE = new URL(".cache/runtimes/", ROOT);
const path = (url: URL) => decodeURIComponent(url.pathname);

const ENV = {
  NO_COLOR: "1",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  DO_NOT_TRACK: "1",
};

function run(
  command: string,
  args: string[],
  options: { quiet?: boolean; cwd?: URL } = {},
): Promise<CommandResult> {
  return runCommand(command, args, {
    cwd: options.cwd ?? ROOT,
    env: ENV,
    quiet: options.quiet,
  });
}

async function bundle(entry: string, output: URL): Promise<void> {
  const result = await run(Deno.execPath(), [
    "bundle",
    "--quiet",
    "--platform",
    "browser",
    "--format",
    "esm",
    "--output",
    path(output),
    entry,
  ]);
  if (result.code !== 0) throw new Error(`deno bundle ${entry} failed`);
}

// ── The matrix ────────────────────────────────────────────────────────────

async function hostRun(
  label: string,
  command: string,
  args: string[],
): Promise<Row> {
  const result = await run(command, args, { quiet: true });
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  try {
    const row = JSON.parse(line) as Row;
    if (result.code !== 0) {
      row.failures.push(`exit code ${result.code}: ${result.stderr.trim()}`);
    }
    return { ...row, runtime: label, failed: row.failures.length };
  } catch {
    return {
      runtime: label,
      version: "?",
      passed: 0,
      failed: 1,
      failures: [
        `${command} exited ${result.code}: ${
          (result.stderr || result.stdout).trim().slice(0, 2000)
        }`,
      ],
      ms: 0,
    };
  }
}

const started = performance.now();
await installRuntimes();
const dist = new URL("dist/", CACHE);
await Deno.mkdir(dist, { recursive: true });
const bundlePath = new URL("dossier.mjs", dist);
const workerPath = new URL("worker.mjs", dist);
await bundle("scripts/runtimes/bundle_entry.ts", bundlePath);
await bundle("examples/cloudflare-worker/worker.ts", workerPath);
const dataPath = new URL("smoke_data.json", CACHE);
await Deno.writeTextFile(dataPath, JSON.stringify(await suiteData()));

const node22 = path(NODE_22);
const bun = path(BUN);
const hostProcess = path(new URL("host_process.mjs", HERE));
const args = [path(bundlePath), path(dataPath)];

const rows: Row[] = [];
{
  const { runSmokeSuite } = await import("./smoke_suite.mjs");
  const t0 = performance.now();
  const pkg = await import(bundlePath.href);
  const result = await runSmokeSuite(
    pkg,
    JSON.parse(await Deno.readTextFile(dataPath)),
  );
  rows.push({
    runtime: "deno",
    version: Deno.version.deno,
    ...result,
    ms: performance.now() - t0,
  });
}
rows.push(await hostRun("node 20", "node", [hostProcess, ...args]));
rows.push(await hostRun("node 22", node22, [hostProcess, ...args]));
rows.push(await hostRun("bun", bun, [hostProcess, ...args]));
rows.push(
  await hostRun("workerd (miniflare)", node22, [
    path(new URL("host_workerd.mjs", HERE)),
    path(NODE_MODULES),
    ...args,
  ]),
);
rows.push(
  await chromiumRow({
    bundle: bundlePath,
    suite: new URL("smoke_suite.mjs", HERE),
    data: dataPath,
    profileParent: CACHE,
  }),
);
rows.push(
  await hostRun("workerd: example Worker", node22, [
    path(new URL("worker_example_check.mjs", HERE)),
    path(NODE_MODULES),
    path(workerPath),
    path(new URL("examples/cloudflare-worker/wrangler.toml", ROOT)),
    path(new URL("conformance/fixtures/", ROOT)),
    path(bundlePath),
  ]),
);

const header = ["runtime", "version", "checks passed", "time"];
const cells = rows.map((r) => [
  r.runtime,
  r.version,
  r.skipped ? "-" : `${r.passed}/${r.passed + r.failed}`,
  r.skipped ? "-" : `${Math.round(r.ms)} ms`,
]);
const widths = header.map((h, i) =>
  Math.max(h.length, ...cells.map((c) => c[i].length))
);
const format = (c: string[]) =>
  `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
console.log(format(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const c of cells) console.log(format(c));
const failures = rows.flatMap((r) =>
  r.failures.map((f) => `${r.runtime}: ${f}`)
);
for (const failure of failures) console.error(`FAILED ${failure}`);
for (const r of rows.filter((r) => r.skipped)) {
  console.error(
    `\nWARNING: the ${r.runtime} row was SKIPPED (${r.skipped}): the browser ` +
      `was not tested. Install it (apt-get install chromium) to run it; ` +
      `.ci/run does so when apt-get is available.\n`,
  );
}
const total = rows.reduce((sum, r) => sum + r.passed, 0);
console.log(
  `runtimes: ${total} passed, ${failures.length} failed (${
    ((performance.now() - started) / 1000).toFixed(1)
  } s)`,
);
if (failures.length > 0 || rows.some((r) => !r.skipped && r.passed === 0)) {
  Deno.exit(1);
}
