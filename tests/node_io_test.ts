// The npm package's command line adapter (src/cli/node_io.ts) and its two
// entry modules, run here on Deno's Node API; `deno task test:npm` runs the
// built package on Node 20 and 22 themselves.
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { nodeIo } from "../src/cli/node_io.ts";
import { isProgram } from "../src/cli/node_cli.ts";

const ROOT = new URL("../", import.meta.url);
const REPLAY = new URL("conformance/fixtures/dossier/replay/", ROOT);
const HAPPY = new URL("dossier_replay_happy_path.jsonl", REPLAY).pathname;
const CANONICAL = Deno.readTextFileSync(
  new URL("dossier_canonical_output_snapshot.json", REPLAY),
).trimEnd();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

Deno.test("nodeIo() opens files as byte streams and fails on a missing one when it opens it", async () => {
  const io = nodeIo();
  assert.equal(
    await readAll(await io.open(HAPPY)),
    Deno.readTextFileSync(HAPPY),
  );
  assert.equal(await io.readTextFile(HAPPY), Deno.readTextFileSync(HAPPY));
  const missing = `${await Deno.makeTempDir()}/missing.jsonl`;
  await assert.rejects(io.open(missing), { code: "ENOENT" });
  await assert.rejects(io.readTextFile(missing), { code: "ENOENT" });
  assert.ok(io.now() instanceof Date);
  await io.write("");
  io.writeError("");
});

Deno.test("nodeIo() writes and removes files, and reads mission folders", async () => {
  const io = nodeIo();
  const dir = await Deno.makeTempDir();
  await io.files!.writeFile(`${dir}/a.json`, new TextEncoder().encode("{}"));
  assert.equal(await Deno.readTextFile(`${dir}/a.json`), "{}");
  await io.files!.removeFile(`${dir}/a.json`);
  await io.files!.removeFile(`${dir}/a.json`);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
  assert.equal((await io.folders!.read(dir)).name, dir.split("/").at(-1));
  assert.equal(await io.folders!.projectRoot(dir), null);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("nodeIo() honours NO_COLOR only when it is set and not empty", async (t) => {
  const saved = Deno.env.get("NO_COLOR");
  try {
    for (const [value, expected] of [["1", true], ["", false]] as const) {
      await t.step(JSON.stringify(value), () => {
        Deno.env.set("NO_COLOR", value);
        assert.equal(nodeIo().noColor, expected);
      });
    }
    Deno.env.delete("NO_COLOR");
    assert.equal(nodeIo().noColor, false);
  } finally {
    if (saved === undefined) Deno.env.delete("NO_COLOR");
    else Deno.env.set("NO_COLOR", saved);
  }
});

Deno.test("isProgram() is true only for the module Node was started with, through a symbolic link too", async (t) => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  const file = `${dir}/cli.js`;
  await Deno.writeTextFile(file, "");
  await Deno.symlink(file, `${dir}/dossier`);
  const url = pathToFileURL(file).href;
  const cases: [string, string | undefined, boolean][] = [
    ["the file itself", file, true],
    ["a symbolic link to it", `${dir}/dossier`, true],
    ["another file", HAPPY, false],
    ["a missing file", `${dir}/missing.js`, false],
    ["no argv[1] (node -e, a REPL)", undefined, false],
  ];
  for (const [name, argv1, expected] of cases) {
    await t.step(name, () => assert.equal(isProgram(url, argv1), expected));
  }
  await Deno.remove(dir, { recursive: true });
});

/** Runs one of the npm package's entry modules as a program, on Deno. */
async function run(
  module: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(module, ROOT).pathname, ...args],
    env: { NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("the npm command (node_main.ts) and ./cli (node_cli.ts) run the command line on Node's process API", async (t) => {
  const version = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT)))
    .version;
  await t.step("reduce --json a file", async () => {
    assert.deepEqual(
      await run("src/cli/node_main.ts", ["reduce", "--json", HAPPY]),
      { code: 0, stdout: `${CANONICAL}\n`, stderr: "" },
    );
  });
  await t.step("reduce --json standard input", async () => {
    const text = Deno.readTextFileSync(HAPPY);
    assert.deepEqual(
      await run("src/cli/node_main.ts", ["reduce", "--json", "-"], text),
      { code: 0, stdout: `${CANONICAL}\n`, stderr: "" },
    );
  });
  await t.step("a missing file: exit 1, one line", async () => {
    const result = await run("src/cli/node_main.ts", ["parity", "nope.jsonl"]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /^dossier parity: Cannot open input "nope\.jsonl": no such file or directory\n$/,
    );
  });
  await t.step("./cli run as the program", async () => {
    const result = await run("src/cli/node_cli.ts", ["--version"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`^dossier ${version} \\(`));
  });
});
