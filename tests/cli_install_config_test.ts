// `deno task install:cli` (scripts/install_cli.ts) installs with
// cli.install.json, a config that maps only the packages cli.ts imports, and
// its frozen lock: installing from a checkout then fetches those packages and
// nothing else (resolved without a lock, Deno also fetched TypeScript's
// package metadata, an optional peer of valibot's the command never runs).
// tests/deno_checkout_test.ts runs the install itself.
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const read = (name: string) =>
  JSON.parse(Deno.readTextFileSync(new URL(name, ROOT)));

Deno.test("cli.install.json maps exactly the npm packages cli.ts imports, as deno.json does, under a frozen lock", async () => {
  const config = read("cli.install.json");
  const main = read("deno.json");
  const lock = read("cli.install.lock");
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "cli.ts"],
    cwd: decodeURIComponent(ROOT.pathname),
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.equal(info.code, 0);
  const graph = JSON.parse(new TextDecoder().decode(info.stdout));
  const imported = (graph.modules as { specifier: string }[])
    .map((module) => /^npm:\/(@?[^@]+)@/.exec(module.specifier)?.[1])
    .filter((name) => name !== undefined).sort();
  assert.deepEqual(imported, ["@cfworker/json-schema", "valibot", "yaml"]);
  assert.deepEqual(Object.keys(config.imports).sort(), imported);
  for (const name of imported) {
    assert.equal(config.imports[name], main.imports[name], name);
  }
  assert.deepEqual(config.lock, { path: "./cli.install.lock", frozen: true });
  assert.deepEqual(
    [...lock.workspace.dependencies].sort(),
    Object.values(config.imports).sort(),
  );
  assert.match(main.tasks["install:cli"], /scripts\/install_cli\.ts$/);
  const script = Deno.readTextFileSync(
    new URL("scripts/install_cli.ts", ROOT),
  );
  assert.match(script, /"--config",\s+"cli\.install\.json",\s+"cli\.ts"/);
});
