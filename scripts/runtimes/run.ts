// `deno task test:runtimes`: the runtime matrix. Builds one ESM bundle of
// the package and its conformance kit, runs the same smoke suite
// (smoke_suite.mjs) on Deno, Node 20 (the machine's), Node 22 and Bun
// (installed from npm into .cache/runtimes, pinned by package-lock.json) and
// workerd through Miniflare, and headless Chromium (Debian's package, see
// host_chromium.ts), then checks the example Worker in workerd.
// Prints a table (runtime, version, checks passed, time) and exits 1 on any
// failure.
import {
  parseEventStream,
  reduceMissionDossier,
  serializeDossierState,
} from "../../mod.ts";
import { namespace } from "../../tests/_builders.ts";
// CONTRACT §7 computed independently: node:crypto and code point arrays.
import { expectedParityHash } from "../../tests/_parity_oracle.ts";
import { chromiumRow, type MatrixRow as Row } from "./host_chromium.ts";

const ROOT = new URL("../../", import.meta.url);
const HERE = new URL("./", import.meta.url);
const CACHE = new URL(".cache/runtimes/", ROOT);
const NODE_MODULES = new URL("node_modules/", CACHE);
const path = (url: URL) => decodeURIComponent(url.pathname);

const ENV = {
  NO_COLOR: "1",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  DO_NOT_TRACK: "1",
};

async function run(
  command: string,
  args: string[],
  options: { quiet?: boolean; cwd?: URL } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(command, {
    args,
    cwd: options.cwd ? path(options.cwd) : path(ROOT),
    env: ENV,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const result = {
    code: output.code,
    stdout: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
  if (result.code !== 0 && !options.quiet) {
    console.error(`${command} ${args.join(" ")} exited ${result.code}`);
    console.error(result.stdout + result.stderr);
  }
  return result;
}

async function readText(url: URL): Promise<string | null> {
  try {
    return await Deno.readTextFile(url);
  } catch {
    return null;
  }
}

/** Installs the pinned runtimes once; a later run with the same lock file reuses them. */
async function installRuntimes(): Promise<void> {
  const lock = await Deno.readTextFile(new URL("npm/package-lock.json", HERE));
  const stamp = new URL(".installed-lock.json", CACHE);
  if (await readText(stamp) === lock) return;
  const started = performance.now();
  await Deno.mkdir(CACHE, { recursive: true });
  await Deno.copyFile(
    new URL("npm/package.json", HERE),
    new URL("package.json", CACHE),
  );
  await Deno.writeTextFile(new URL("package-lock.json", CACHE), lock);
  const install = await run("npm", [
    "ci",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    "--loglevel=error",
  ], { cwd: CACHE });
  if (install.code !== 0) throw new Error("npm ci of the runtimes failed");
  await Deno.writeTextFile(stamp, lock);
  console.log(
    `installed Node 22, Bun and Miniflare into .cache/runtimes in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s`,
  );
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

// ── Data for the suite ────────────────────────────────────────────────────

const NAMESPACE = namespace();

function indexedEvent(
  clock: number,
  path: string,
  hash: string,
  supersedes?: string,
) {
  const identity = (p: string) => ({
    mission_key: "software-dev",
    path: p,
    artifact_class: "output",
  });
  return {
    event_id: `01HV7KA8TQ3R0W2M9X6C4B${String(clock).padStart(4, "0")}`,
    event_type: "MissionDossierArtifactIndexed",
    aggregate_id: "mission-042",
    timestamp: 1700000000 + clock,
    node_id: "laptop-1",
    lamport_clock: clock,
    project_uuid: NAMESPACE.project_uuid,
    correlation_id: "01HV7KA8TQ3R0W2M9X6C4B0000",
    payload: {
      namespace: NAMESPACE,
      artifact_id: identity(path),
      content_ref: { hash, algorithm: "sha256" },
      indexed_at: "2026-02-21T14:00:00Z",
      supersedes: supersedes === undefined ? null : identity(supersedes),
    },
  };
}

function hashVectors() {
  const vector = (
    name: string,
    artifacts: [string, string, string?][],
    live: [string, string][],
  ) => ({
    name,
    events: artifacts.map(([p, h, s], i) => indexedEvent(i + 1, p, h, s)),
    expected: expectedParityHash(live),
  });
  const nonAscii: [string, string][] = [["docs/日本語.md", "aa"], [
    "docs/é.md",
    "bb",
  ], ["docs/Ω.md", "cc"]];
  const astral: [string, string][] = [["a/\u{1F600}.md", "11"], [
    "a/\uFFFD.md",
    "22",
  ]];
  return [
    vector("empty dossier", [], []),
    vector("non-ASCII paths", nonAscii, nonAscii),
    vector("U+1F600 against U+FFFD", astral, astral),
    vector(
      "superseded left out",
      [["contracts/v1.json", "01"], ["spec.md", "02"], [
        "contracts/v2.json",
        "03",
        "contracts/v1.json",
      ]],
      [["spec.md", "02"], ["contracts/v2.json", "03"]],
    ),
  ];
}

async function suiteData(): Promise<unknown> {
  const fixtures = new URL("conformance/fixtures/", ROOT);
  const manifest = JSON.parse(
    await Deno.readTextFile(new URL("manifest.json", fixtures)),
  );
  const files: Record<string, string> = {};
  for (const entry of manifest.fixtures) {
    files[entry.path] = await Deno.readTextFile(new URL(entry.path, fixtures));
  }
  const drift = manifest.fixtures.find((e: { id: string }) =>
    e.id === "dossier-replay-drift-scenario"
  );
  return {
    manifest,
    files,
    hashVectors: hashVectors(),
    reference: {
      driftScenarioOutput: serializeDossierState(
        reduceMissionDossier(parseEventStream(files[drift.path])),
      ),
    },
  };
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

const node22 = path(new URL(".bin/node", NODE_MODULES));
const bun = path(new URL(".bin/bun", NODE_MODULES));
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
