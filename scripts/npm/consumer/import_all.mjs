// Runs in a temporary project that installed the packed npm package, on
// Node 20, Node 22 or Bun (check_package.ts copies it there with
// smoke_suite.mjs): imports every entry of the installed package.json's
// "exports" by its package specifier, runs the runtime matrix's smoke
// suite on "." and "./conformance", and loads the fixtures through the
// installed loaders. Prints one JSON line: { runtime, version, passed,
// failed, failures, ms }.
// Usage: <runtime> import_all.mjs <smoke data.json>
import { Buffer } from "node:buffer";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { indexSuiteMission, runSmokeSuite } from "./smoke_suite.mjs";

const NAME = "@spec-kitty/dossier";
const started = performance.now();
const data = JSON.parse(await readFile(process.argv[2], "utf8"));
const installed = new URL(`./node_modules/${NAME}/`, import.meta.url);
const manifest = JSON.parse(
  await readFile(new URL("package.json", installed), "utf8"),
);

const failures = [];
let passed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
  } catch (error) {
    failures.push(`${name}: ${error?.message ?? String(error)}`);
  }
}
function assert(condition, what) {
  if (!condition) throw new Error(what);
}

const modules = {};
for (const key of Object.keys(manifest.exports)) {
  const specifier = key === "." ? NAME : `${NAME}${key.slice(1)}`;
  await check(`import ${specifier}`, async () => {
    if (key.endsWith(".json")) {
      const { default: document } = await import(specifier, {
        with: { type: "json" },
      });
      const file = JSON.parse(
        await readFile(new URL(manifest.exports[key], installed), "utf8"),
      );
      assert(
        JSON.stringify(document) === JSON.stringify(file),
        "the module is the file",
      );
      return;
    }
    const before = process.exitCode;
    const module = await import(specifier);
    assert(Object.keys(module).length > 0, "it exports something");
    // ./cli runs the command line only as the program, never on import.
    assert(process.exitCode === before, "importing it ran nothing");
    modules[key] = module;
  });
}

await check("the conformance kit is the installed one", () => {
  const resolved = import.meta.resolve(`${NAME}/conformance`);
  assert(
    resolved.startsWith(new URL("conformance/", installed).href),
    `resolved to ${resolved}`,
  );
});

const entries = data.manifest.fixtures;
const canonical = entries.find((e) => e.fixture_type === "reducer_output");
await check(
  "loaders find the fixtures beside the installed modules",
  async () => {
    const kit = modules["./conformance"];
    const fixtures = await kit.loadFixtures("dossier");
    assert(
      fixtures.length === entries.filter((e) => !e.fixture_type).length,
      `${fixtures.length} payload fixtures`,
    );
    const events = await kit.loadReplayStream("dossier-replay-happy-path");
    const happy = entries.find((e) => e.id === "dossier-replay-happy-path");
    assert(
      events.length === data.files[happy.path].trim().split("\n").length,
      `${events.length} events`,
    );
    const main = modules["."];
    const state = main.reduceMissionDossier(events.map(main.parseEvent));
    assert(
      main.serializeDossierState(state) === await kit.loadCanonicalOutput(),
      "the stream reduces to the canonical output",
    );
    assert(
      await kit.loadCanonicalOutput() === data.files[canonical.path].trimEnd(),
      "the canonical output is the fixture",
    );
  },
);

// Every conformance kit (./conformance, and any other export with
// loaders, such as a later contract's) finds its fixtures in the package.
for (const [key, module] of Object.entries(modules)) {
  if (typeof module.loadCanonicalOutput !== "function") continue;
  await check(`${key}: loadCanonicalOutput() reads its fixture`, async () => {
    const state = JSON.parse(await module.loadCanonicalOutput());
    assert(
      typeof state === "object" && state !== null && "artifacts" in state,
      "a dossier state",
    );
  });
}

if (modules["."] && modules["./conformance"]) {
  const suite = await runSmokeSuite(
    {
      ...modules["."],
      conformance: modules["./conformance"],
      v3: modules["./v3"],
      conformanceV3: modules["./v3/conformance"],
      indexer: modules["./indexer"],
    },
    data,
  );
  passed += suite.passed;
  failures.push(...suite.failures);
} else failures.push("smoke suite: the package did not import");

// ./indexer/disk reads the smoke suite's mission from a real folder: the
// same snapshot hash as from memory (the events' order follows the disk).
await check("./indexer/disk: the mission from a folder on disk", async () => {
  const folder = await mkdtemp(join(tmpdir(), "dossier-mission-"));
  try {
    const mission = join(folder, data.indexer.mission);
    for (const [path, base64] of Object.entries(data.indexer.files)) {
      await mkdir(dirname(join(mission, path)), { recursive: true });
      await writeFile(join(mission, path), Buffer.from(base64, "base64"));
    }
    const source = await modules["./indexer/disk"].readMissionFolder(mission);
    const result = await indexSuiteMission(
      modules["./indexer"],
      data.indexer,
      source,
    );
    assert(
      result.snapshot?.snapshot_hash === data.indexer.truth.snapshot_hash,
      `snapshot hash ${result.snapshot?.snapshot_hash}`,
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

await check("./view: the page of a real stream", async () => {
  const view = modules["./view"];
  const files = view.renderDossierPage({
    stream: data.v3.oneRun,
    source: "one.jsonl",
  });
  assert(
    files["index.html"].includes('id="dossier-data"'),
    "the stream is embedded",
  );
  const response = view.pageResponse(files, "");
  assert(
    response.headers.get("content-security-policy")?.startsWith(
      view.DOSSIER_PAGE_CSP,
    ),
    "the CSP header",
  );
  assert(await response.text() === files["index.html"], "the page");
});

const isBun = typeof globalThis.Bun !== "undefined";
console.log(JSON.stringify({
  runtime: isBun ? "bun" : "node",
  version: isBun ? globalThis.Bun.version : process.versions.node,
  passed,
  failed: failures.length,
  failures,
  ms: performance.now() - started,
}));
