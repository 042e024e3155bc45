// `deno task test:npm`: proves the npm package as a user gets it. Builds
// dist/npm (build.ts), packs it with `npm pack`, and installs the tarball
// into a temporary project with `npm ci --offline`: the project's lock file
// is made from the tarball and from the entries of the build tools' lock
// (scripts/npm/tools/package-lock.json) for the package's dependencies, whose
// tarballs the tools' install put in npm's cache. Then, in that project:
//
// - on Node 20 (the machine's), Node 22 and Bun (.cache/runtimes, pinned by
//   scripts/runtimes/npm/package-lock.json): import every export and run
//   the runtime matrix's smoke suite, the indexer on a folder on disk and
//   the page (consumer/import_all.mjs);
// - on Node 20 and 22: `npx dossier --version`, and `npx dossier reduce
//   --json` of the bundled happy-path stream prints the canonical output;
// - a TypeScript consumer (consumer/uses_api.ts) type-checks under strict
//   with the package's declarations, and the same file without its
//   `@ts-expect-error` directives fails on exactly those lines;
// - the static import graph of each export in dist/npm: "." and "./v3"
//   never reach `yaml` (the indexer's dependency only), "./indexer" and
//   "./view" never reach a `node:` module (they run in Workers and
//   browsers);
// - publint (--strict) and @arethetypeswrong/cli (ESM-only profile) report
//   nothing.
//
// Prints one line per check and `npm package: N passed, N failed`; exits 1
// on any failure. The temporary project is removed at the end.
import { buildNpmPackage, OUT } from "./build.ts";
import { type CommandResult, run } from "../_npm_install.ts";
import { BUN, installRuntimes, NODE_22 } from "../runtimes/install.ts";
import { suiteData } from "../runtimes/suite_data.ts";

const ROOT = new URL("../../", import.meta.url);
const HERE = new URL("./", import.meta.url);
const TOOLS = new URL(".cache/npm/node_modules/", ROOT);
const path = (url: URL) => decodeURIComponent(url.pathname);
const HAPPY =
  "conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl";
const CANONICAL =
  "conformance/fixtures/dossier/replay/dossier_canonical_output_snapshot.json";

interface LockEntry {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly [field: string]: unknown;
}

const results: { name: string; failure: string | null; ms: number }[] = [];

/** Runs one check; a thrown error is its failure. */
async function check(name: string, body: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let failure: string | null = null;
  try {
    await body();
  } catch (error) {
    failure = (error as Error).message;
  }
  const ms = performance.now() - started;
  results.push({ name, failure, ms });
  console.log(
    `${failure === null ? "ok  " : "FAIL"} ${name} (${Math.round(ms)} ms)${
      failure === null ? "" : `\n     ${failure.replaceAll("\n", "\n     ")}`
    }`,
  );
}

function succeeded(result: CommandResult, what: string): CommandResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code}: ${
        (result.stderr + result.stdout).trim().slice(0, 3000)
      }`,
    );
  }
  return result;
}

async function sha512(file: URL): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-512",
    await Deno.readFile(file),
  );
  let binary = "";
  for (const byte of new Uint8Array(digest)) {
    binary += String.fromCharCode(byte);
  }
  return `sha512-${btoa(binary)}`;
}

/**
 * The consumer's package-lock.json: the tarball, and its dependencies as
 * the tools' lock pins them (with theirs), each at the version deno.lock
 * resolved for deno.json's range, so that npm installs what Deno tested.
 */
async function consumerLock(
  tarball: URL,
  manifest: Record<string, unknown>,
): Promise<unknown> {
  const tools = JSON.parse(
    await Deno.readTextFile(new URL("tools/package-lock.json", HERE)),
  ).packages as Record<string, LockEntry>;
  const denoLock = JSON.parse(
    await Deno.readTextFile(new URL("deno.lock", ROOT)),
  );
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const dependencies = manifest.dependencies as Record<string, string>;
  const packages: Record<string, unknown> = {
    "": {
      name: "dossier-npm-consumer",
      dependencies: { [manifest.name as string]: `file:${path(tarball)}` },
    },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: `file:${path(tarball)}`,
      integrity: await sha512(tarball),
      license: manifest.license,
      dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  const add = (name: string) => {
    const key = `node_modules/${name}`;
    if (key in packages) return;
    const entry = tools[key];
    if (entry === undefined) {
      throw new Error(
        `scripts/npm/tools/package-lock.json must pin ${name}, a dependency of the package`,
      );
    }
    const { dev: _dev, ...rest } = entry;
    packages[key] = rest;
    for (const dependency of Object.keys(entry.dependencies ?? {})) {
      add(dependency);
    }
  };
  for (const name of Object.keys(dependencies)) {
    const tested = denoLock.specifiers[config.imports[name]];
    if (tools[`node_modules/${name}`]?.version !== tested) {
      throw new Error(
        `scripts/npm/tools/package-lock.json pins ${name}@${
          tools[`node_modules/${name}`]?.version
        }; deno.lock tested ${
          config.imports[name]
        } at ${tested}: make them agree`,
      );
    }
    add(name);
  }
  return {
    name: "dossier-npm-consumer",
    lockfileVersion: 3,
    requires: true,
    packages,
  };
}

/**
 * npx as the README writes it (`npx dossier …`), told never to fetch a
 * package of that name when the project's own bin is missing.
 */
const NPX_ENV = { npm_config_yes: "false", npm_config_offline: "true" };

/** The PATH on which `node` (and so npx and the bin's shebang) is Node 22. */
function pathWithNode22(): string {
  return `${path(new URL(".", NODE_22))}:${Deno.env.get("PATH") ?? ""}`;
}

/**
 * Each export's static import graph in dist/npm (TypeScript's scanner, as
 * the build lists dependencies): how many of the package's modules it
 * loads, and every specifier outside the package it imports (npm packages,
 * `node:` modules).
 */
async function importGraphs(
  manifest: Record<string, unknown>,
): Promise<Map<string, { modules: number; outside: Set<string> }>> {
  const files: string[] = [];
  const walk = async (folder: URL, prefix: string) => {
    for await (const entry of Deno.readDir(folder)) {
      if (entry.isDirectory) {
        await walk(
          new URL(`${entry.name}/`, folder),
          `${prefix}${entry.name}/`,
        );
      } else if (entry.name.endsWith(".js")) {
        files.push(`${prefix}${entry.name}`);
      }
    }
  };
  await walk(OUT, "");
  const listed = succeeded(
    await run("node", [
      path(new URL("list_imports.mjs", HERE)),
      path(TOOLS),
      ...files,
    ], { cwd: OUT, quiet: true }),
    "list_imports.mjs",
  );
  const imports: Record<string, string[]> = JSON.parse(listed.stdout);
  const graphs = new Map<string, { modules: number; outside: Set<string> }>();
  const exports = manifest.exports as Record<
    string,
    string | { default: string }
  >;
  for (const [key, value] of Object.entries(exports)) {
    if (typeof value === "string") continue;
    const seen = new Set<string>();
    const outside = new Set<string>();
    const pending = [value.default.replace(/^\.\//, "")];
    while (pending.length > 0) {
      const module = pending.pop()!;
      if (seen.has(module)) continue;
      seen.add(module);
      for (const specifier of imports[module] ?? []) {
        if (!specifier.startsWith(".")) {
          outside.add(specifier);
          continue;
        }
        pending.push(
          new URL(specifier, `file:///${module}`).pathname.slice(1),
        );
      }
    }
    graphs.set(key, { modules: seen.size, outside });
  }
  return graphs;
}

const started = performance.now();
const built = await buildNpmPackage();
await installRuntimes();
const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
const work = new URL(
  `file://${await Deno.makeTempDir({ prefix: "dossier-npm-" })}/`,
);
const project = new URL("project/", work);
try {
  let tarball: URL | null = null;
  await check("npm pack", async () => {
    const packed = succeeded(
      await run("npm", [
        "pack",
        "--json",
        "--loglevel=error",
        "--pack-destination",
        path(work),
      ], { cwd: OUT }),
      "npm pack",
    );
    const [report] = JSON.parse(packed.stdout);
    const files = report.files.map((file: { path: string }) => file.path)
      .sort();
    const missing = built.files.filter((file) => !files.includes(file));
    if (missing.length > 0) {
      throw new Error(`the tarball lacks ${missing.join(", ")}`);
    }
    tarball = new URL(report.filename, work);
  });
  if (tarball === null) {
    throw new Error("Cannot check the npm package: it was not packed");
  }
  const tgz: URL = tarball;

  await check("npm ci --offline of the tarball in a new project", async () => {
    await Deno.mkdir(project, { recursive: true });
    await Deno.writeTextFile(
      new URL("package.json", project),
      JSON.stringify({
        name: "dossier-npm-consumer",
        private: true,
        type: "module",
        dependencies: {
          [config.name]: `file:${path(tgz)}`,
        },
      }),
    );
    await Deno.writeTextFile(
      new URL("package-lock.json", project),
      JSON.stringify(await consumerLock(tgz, built.manifest), null, 2),
    );
    succeeded(
      await run("npm", [
        "ci",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ], { cwd: project }),
      "npm ci --offline",
    );
  });

  for (const file of ["consumer/import_all.mjs", "consumer/uses_api.ts"]) {
    await Deno.copyFile(
      new URL(file, HERE),
      new URL(file.split("/")[1], project),
    );
  }
  await Deno.copyFile(
    new URL("scripts/runtimes/smoke_suite.mjs", ROOT),
    new URL("smoke_suite.mjs", project),
  );
  const dataPath = path(new URL("smoke_data.json", work));
  await Deno.writeTextFile(dataPath, JSON.stringify(await suiteData()));

  const runtimes: [string, string, Record<string, string>][] = [
    ["Node 20", "node", {}],
    ["Node 22", path(NODE_22), { PATH: pathWithNode22() }],
    ["Bun", path(BUN), {}],
  ];
  for (const [label, command, env] of runtimes) {
    await check(`${label}: every export imports, smoke suite`, async () => {
      const result = await run(command, ["import_all.mjs", dataPath], {
        cwd: project,
        env,
        quiet: true,
      });
      const line = result.stdout.trim().split("\n").at(-1) ?? "";
      let row: { version: string; passed: number; failures: string[] };
      try {
        row = JSON.parse(line);
      } catch {
        succeeded(result, label);
        throw new Error(`no result line: ${result.stdout.slice(0, 2000)}`);
      }
      if (row.failures.length > 0 || row.passed === 0 || result.code !== 0) {
        throw new Error(
          `${row.passed} passed; ${row.failures.join("; ")} ${result.stderr}`,
        );
      }
      console.log(`     ${label} ${row.version}: ${row.passed} checks`);
    });
  }

  const canonical = (await Deno.readTextFile(new URL(CANONICAL, ROOT)))
    .trimEnd();
  const nodes = [
    ["Node 20", NPX_ENV],
    ["Node 22", { ...NPX_ENV, PATH: pathWithNode22() }],
  ] as const;
  for (const [label, env] of nodes) {
    await check(`${label}: npx dossier --version, reduce --json`, async () => {
      const node = succeeded(
        await run("node", ["--version"], { cwd: project, env }),
        "node --version",
      );
      const major = label.split(" ")[1];
      if (!node.stdout.startsWith(`v${major}.`)) {
        throw new Error(`node on the PATH is ${node.stdout.trim()}`);
      }
      const version = succeeded(
        await run("npx", ["dossier", "--version"], {
          cwd: project,
          env,
        }),
        "npx dossier --version",
      );
      const expected =
        `dossier ${config.version} (Mission Dossier Parity contract`;
      if (!version.stdout.startsWith(expected) || version.stderr !== "") {
        throw new Error(`--version printed ${JSON.stringify(version)}`);
      }
      const reduce = succeeded(
        await run("npx", [
          "dossier",
          "reduce",
          "--json",
          `node_modules/${config.name}/${HAPPY}`,
        ], { cwd: project, env }),
        "npx dossier reduce --json",
      );
      if (reduce.stdout !== `${canonical}\n` || reduce.stderr !== "") {
        throw new Error(
          `reduce --json printed ${reduce.stdout.slice(0, 300)}… and ${
            JSON.stringify(reduce.stderr)
          }, not the canonical output`,
        );
      }
      const missing = await run("npx", [
        "dossier",
        "reduce",
        "missing.jsonl",
      ], { cwd: project, env, quiet: true });
      if (
        missing.code !== 1 ||
        !/^dossier reduce: Cannot open input "missing\.jsonl": [^\n]+\n$/.test(
          missing.stderr,
        )
      ) {
        throw new Error(
          `a missing input gave ${missing.code}: ${missing.stderr}`,
        );
      }
    });
  }

  const tsc = path(new URL("typescript/bin/tsc", TOOLS));
  // The first run also checks the package's declarations (skipLibCheck
  // off); the second, on the same declarations, only looks for the misuses.
  const tsconfig = (file: string, skipLibCheck: boolean) =>
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: [],
        noEmit: true,
        skipLibCheck,
        resolveJsonModule: true,
      },
      files: [file],
    });
  await check("TypeScript: uses_api.ts type-checks under strict", async () => {
    await Deno.writeTextFile(
      new URL("tsconfig.json", project),
      tsconfig("uses_api.ts", false),
    );
    succeeded(
      await run("node", [tsc, "-p", "tsconfig.json"], { cwd: project }),
      "tsc",
    );
  });
  await check("TypeScript: each misuse is an error", async () => {
    const source = await Deno.readTextFile(new URL("uses_api.ts", project));
    const lines = source.split("\n");
    const expected = lines.flatMap((line, index) =>
      line.trim().startsWith("// @ts-expect-error") ? [index + 2] : []
    );
    await Deno.writeTextFile(
      new URL("misuse.ts", project),
      lines.map((line) =>
        line.replace("// @ts-expect-error", "// expected error:")
      ).join("\n"),
    );
    await Deno.writeTextFile(
      new URL("tsconfig.misuse.json", project),
      tsconfig("misuse.ts", true),
    );
    const result = await run("node", [tsc, "-p", "tsconfig.misuse.json"], {
      cwd: project,
      quiet: true,
    });
    const errors = [
      ...new Set(
        [...result.stdout.matchAll(/^misuse\.ts\((\d+),\d+\): error TS\d+/gm)]
          .map((match) => Number(match[1])),
      ),
    ];
    if (
      expected.length < 5 ||
      JSON.stringify(errors) !== JSON.stringify(expected)
    ) {
      throw new Error(
        `expected errors on lines ${expected.join(", ")}, got ${
          errors.join(", ") || "none"
        }: ${result.stdout.slice(0, 2000)}`,
      );
    }
  });

  await check(
    "the import graphs: no yaml under . and ./v3, no node: under ./indexer and ./view",
    async () => {
      const reached = await importGraphs(built.manifest);
      const wanted: [string, (specifier: string) => boolean][] = [
        [".", (specifier) => specifier === "yaml"],
        ["./v3", (specifier) => specifier === "yaml"],
        ["./indexer", (specifier) => specifier.startsWith("node:")],
        ["./view", (specifier) => specifier.startsWith("node:")],
      ];
      const problems: string[] = [];
      for (const [key, refused] of wanted) {
        const { modules, outside } = reached.get(key)!;
        console.log(
          `     ${key}: ${modules} modules, imports ${
            [...outside].sort().join(", ") || "nothing else"
          }`,
        );
        const found = [...outside].filter(refused);
        if (found.length > 0) {
          problems.push(`${key} imports ${found.join(", ")}`);
        }
      }
      if (!reached.get("./indexer")!.outside.has("yaml")) {
        problems.push("./indexer does not import yaml: the check looks wrong");
      }
      if (problems.length > 0) throw new Error(problems.join("; "));
    },
  );

  await check("publint --strict reports nothing", async () => {
    const result = succeeded(
      await run("node", [
        path(new URL("publint/src/cli.js", TOOLS)),
        "--strict",
        path(OUT),
      ], { cwd: OUT }),
      "publint",
    );
    if (
      !/^All good!$/m.test(result.stdout) ||
      /suggestion|warning|error/i.test(result.stdout)
    ) {
      throw new Error(`publint said: ${result.stdout}`);
    }
  });
  await check("attw (ESM-only profile) reports nothing", async () => {
    const result = succeeded(
      await run("node", [
        path(new URL("@arethetypeswrong/cli/dist/index.js", TOOLS)),
        path(tgz),
        "--profile",
        "esm-only",
        "--format",
        "json",
      ], { cwd: work, quiet: true }),
      "attw",
    );
    const report = JSON.parse(result.stdout);
    // The profile ignores node10 and require() from CommonJS: the package
    // is ES modules only (engines: Node >= 20), and says so.
    const problems = Object.values(
      report.problems as Record<string, { resolutionKind?: string }[]>,
    ).flat().filter((problem) =>
      problem.resolutionKind !== "node10" &&
      problem.resolutionKind !== "node16-cjs"
    );
    if (problems.length > 0) {
      throw new Error(`attw found ${JSON.stringify(problems)}`);
    }
  });
} catch (error) {
  await check("the checks ran to their end", () => Promise.reject(error));
} finally {
  await Deno.remove(work, { recursive: true }).catch(() => {});
}

const failed = results.filter((result) => result.failure !== null).length;
console.log(
  `npm package: ${results.length - failed} passed, ${failed} failed (${
    ((performance.now() - started) / 1000).toFixed(1)
  } s)`,
);
if (failed > 0) Deno.exit(1);
