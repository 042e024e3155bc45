// `deno task build:npm`: builds the npm package into dist/npm/ with
// TypeScript's compiler (pinned by scripts/npm/tools/package-lock.json, installed
// into .cache/npm). Everything that names the package comes from deno.json:
// its name, version and license, one npm export per entry of its "exports"
// (an entry module compiles to .js with its .d.ts and source map; a JSON
// file ships as it is), and one dependency per npm package the compiled
// modules import, with the range of deno.json's "imports". A new entry in
// deno.json is in the next build without any change here.
//
// The compiler works on a copy of the sources in .cache/npm/stage/, below
// the tools' node_modules, so that it resolves `valibot` and
// `@cfworker/json-schema` exactly as a consumer's Node does (through their
// package.json "exports"), and emits each .js beside its .ts, its source map
// naming that .ts and holding its text.
import { installFromLock, run } from "../_npm_install.ts";

const ROOT = new URL("../../", import.meta.url);
const TOOLS = new URL(".cache/npm/", ROOT);
const STAGE = new URL("stage/", TOOLS);
/** Where the package is built. */
export const OUT: URL = new URL("dist/npm/", ROOT);

/**
 * The folders the compiler gets besides the entry files at the root: the
 * modules behind the exports, and the data they read at run time (the
 * JSON Schemas, imported and exported; the conformance fixtures, which the
 * loaders find through `import.meta.url`). Every file of them that is not
 * TypeScript ships as it is, subfolders included (schemas/v3/,
 * conformance/fixtures/v3/, …).
 */
const SOURCE_FOLDERS = ["src/", "conformance/", "schemas/"];

/**
 * Entry modules that need Deno (`Deno.args`, `import.meta.main`) and the
 * module the npm package exports in their place.
 */
const NODE_COUNTERPARTS: Readonly<Record<string, string>> = {
  "./cli.ts": "./src/cli/node_cli.ts",
};

/** The package's command: `npx dossier …`. */
const BIN: Readonly<Record<string, string>> = {
  dossier: "./src/cli/node_main.ts",
};

const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  // The language Node 20 speaks and the web APIs the package uses (streams, crypto,
  // fetch, TextDecoderStream), which Node, Bun, Workers and browsers share.
  lib: ["ES2024", "DOM", "DOM.Iterable", "DOM.AsyncIterable"],
  types: ["node"],
  strict: true,
  declaration: true,
  sourceMap: true,
  inlineSources: true,
  rewriteRelativeImportExtensions: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmitOnError: true,
  newLine: "lf",
};

interface DenoConfig {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly exports: Readonly<Record<string, string>>;
  readonly imports: Readonly<Record<string, string>>;
}

/** What the build wrote, for the checks of test:npm. */
export interface BuiltPackage {
  /** The package.json written. */
  readonly manifest: Record<string, unknown>;
  /** Every file of dist/npm/, relative, sorted. */
  readonly files: readonly string[];
}

const relative = (path: string) => path.replace(/^\.\//, "");

async function* walk(folder: URL, prefix = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(folder)) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      yield* walk(new URL(`${entry.name}/`, folder), `${path}/`);
    } else if (entry.isFile) yield path;
  }
}

async function copy(from: URL, to: URL): Promise<void> {
  await Deno.mkdir(new URL(".", to), { recursive: true });
  await Deno.copyFile(from, to);
}

/** The npm export of one deno.json export, and the staged file it comes from. */
function npmExport(
  key: string,
  target: string,
): { entry: string | null; value: string | Record<string, string> } {
  if (target.endsWith(".json")) return { entry: null, value: target };
  if (!target.endsWith(".ts")) {
    throw new Error(
      `Cannot build the npm package: deno.json export ${
        JSON.stringify(key)
      } must be a .ts module or a .json file: received ${
        JSON.stringify(target)
      }`,
    );
  }
  const source = NODE_COUNTERPARTS[target] ?? target;
  const base = source.slice(0, -".ts".length);
  return {
    entry: source,
    value: { types: `${base}.d.ts`, default: `${base}.js` },
  };
}

/** The package that a bare import names: `valibot`, `@cfworker/json-schema`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The npm dependencies of the compiled modules, with deno.json's ranges. */
async function dependencies(
  config: DenoConfig,
  modules: readonly string[],
): Promise<Record<string, string>> {
  const listed = await run("node", [
    new URL("list_imports.mjs", import.meta.url).pathname,
    new URL("node_modules/", TOOLS).pathname,
    ...modules,
  ], { cwd: OUT });
  if (listed.code !== 0) {
    throw new Error("Cannot build the npm package: listing imports failed");
  }
  const imports: Record<string, string[]> = JSON.parse(listed.stdout);
  const found: Record<string, string> = {};
  for (const [module, specifiers] of Object.entries(imports)) {
    for (const specifier of specifiers) {
      if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
      const name = packageName(specifier);
      const mapped = /^npm:(@?[^@]+)@(.+)$/.exec(config.imports[name] ?? "");
      if (mapped === null || mapped[1] !== name) {
        throw new Error(
          `Cannot build the npm package: ${module} imports ${
            JSON.stringify(specifier)
          }, and deno.json's "imports" must map ${
            JSON.stringify(name)
          } to "npm:${name}@<range>": received ${
            JSON.stringify(config.imports[name] ?? null)
          }`,
        );
      }
      found[name] = mapped[2];
    }
  }
  return Object.fromEntries(
    Object.entries(found).sort(([a], [b]) => a < b ? -1 : 1),
  );
}

/** Builds dist/npm/ and returns what it wrote. */
export async function buildNpmPackage(): Promise<BuiltPackage> {
  const started = performance.now();
  const config: DenoConfig = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  await installFromLock(
    new URL("tools/", import.meta.url),
    TOOLS,
    "the npm build tools",
  );

  const exports: Record<string, string | Record<string, string>> = {};
  const entries = new Set<string>(Object.values(BIN));
  for (const [key, target] of Object.entries(config.exports)) {
    const { entry, value } = npmExport(key, target);
    exports[key] = value;
    if (entry !== null) entries.add(entry);
  }

  // The stage: the source folders, the entry files at the root, and a
  // package.json that makes every .ts an ES module.
  await Deno.remove(STAGE, { recursive: true }).catch(() => {});
  for (const folder of SOURCE_FOLDERS) {
    for await (const path of walk(new URL(folder, ROOT))) {
      await copy(new URL(folder + path, ROOT), new URL(folder + path, STAGE));
    }
  }
  for (const entry of [...entries, ...Object.values(config.exports)]) {
    await copy(new URL(entry, ROOT), new URL(entry, STAGE));
  }
  await Deno.writeTextFile(
    new URL("package.json", STAGE),
    JSON.stringify({ type: "module" }),
  );
  await Deno.writeTextFile(
    new URL("tsconfig.json", STAGE),
    JSON.stringify({
      compilerOptions: COMPILER_OPTIONS,
      files: [...entries].map(relative),
    }),
  );

  const tsc = await run("node", [
    new URL("node_modules/typescript/bin/tsc", TOOLS).pathname,
    "-p",
    new URL("tsconfig.json", STAGE).pathname,
    "--listEmittedFiles",
  ], { cwd: STAGE });
  if (tsc.code !== 0) {
    throw new Error("Cannot build the npm package: tsc reported errors");
  }
  const emitted = [...tsc.stdout.matchAll(/^TSFILE: (.+)$/gm)].map((match) =>
    match[1].slice(decodeURIComponent(STAGE.pathname).length)
  );

  await Deno.remove(OUT, { recursive: true }).catch(() => {});
  for (const path of emitted) {
    await copy(new URL(path, STAGE), new URL(path, OUT));
  }
  for (const folder of SOURCE_FOLDERS) {
    for await (const path of walk(new URL(folder, STAGE))) {
      if (path.endsWith(".ts")) continue;
      await copy(new URL(folder + path, STAGE), new URL(folder + path, OUT));
    }
  }
  for (const file of ["README.md", "LICENSE", "CHANGELOG.md"]) {
    await copy(new URL(file, ROOT), new URL(file, OUT));
  }

  const modules = emitted.filter((path) => path.endsWith(".js"));
  const toJs = (path: string) => `${path.slice(0, -".ts".length)}.js`;
  const manifest = {
    name: config.name,
    version: config.version,
    description:
      "The Mission Dossier Parity event contract of spec-kitty-events: schemas, a byte-exact reducer, parity and drift, a conformance kit and the dossier command",
    license: config.license,
    type: "module",
    exports,
    bin: Object.fromEntries(
      Object.entries(BIN).map(([name, path]) => [name, toJs(path)]),
    ),
    // Only the command modules run code when they load.
    sideEffects: [
      ...Object.values(BIN),
      ...Object.values(NODE_COUNTERPARTS),
    ].map(toJs),
    engines: { node: ">=20" },
    dependencies: await dependencies(config, modules),
    // npm adds README.md, LICENSE and package.json by itself.
    files: [
      ...new Set(
        [...emitted, ...SOURCE_FOLDERS, "CHANGELOG.md"].map((path) =>
          path.includes("/") ? `${path.split("/")[0]}/` : path
        ),
      ),
    ].sort(),
  };
  await Deno.writeTextFile(
    new URL("package.json", OUT),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );

  const files: string[] = [];
  for await (const path of walk(OUT)) files.push(path);
  files.sort();
  for (const value of Object.values(exports)) {
    for (
      const path of typeof value === "string" ? [value] : Object.values(value)
    ) {
      if (!files.includes(relative(path))) {
        throw new Error(
          `Cannot build the npm package: export target ${path} was not built`,
        );
      }
    }
  }
  console.log(
    `built ${config.name}@${config.version} into dist/npm: ${files.length} files, ${
      Object.keys(exports).length
    } exports (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return { manifest, files };
}

if (import.meta.main) {
  try {
    await buildNpmPackage();
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(1);
  }
}
