// The README's "Deno, from a checkout (no JSR)" recipe, run as written: a
// temporary folder holds `dossier` (a link to this checkout) and `project`,
// which gets the README's deno.json and main.ts; the README's commands then
// run in `project` with a fresh HOME (so `deno task install:cli` installs
// into it) and this process's Deno cache and executable.
// The "Command line" tour runs the same way, from the checkout itself.
import assert from "node:assert/strict";
import { registryEnv } from "./_registry_env.ts";

const ROOT = new URL("../", import.meta.url);
const README = Deno.readTextFileSync(new URL("README.md", ROOT));

/** The code blocks of one README section, by language. */
function sectionBlocks(heading: string): Record<string, string[]> {
  const start = README.indexOf(`\n${heading}\n`);
  assert.notEqual(start, -1, `README.md has no "${heading}"`);
  const end = README.indexOf("\n### ", start + heading.length + 2);
  const section = README.slice(start, end === -1 ? undefined : end);
  const blocks: Record<string, string[]> = {};
  for (
    const [, language, body] of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)
  ) {
    (blocks[language] ??= []).push(body);
  }
  return blocks;
}

async function denoDir(): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return JSON.parse(new TextDecoder().decode(output.stdout)).denoDir;
}

/**
 * Runs `commands` with bash in `cwd`, with a fresh `home`, this process's
 * Deno cache and executable first on PATH, what reaches the registry
 * (`registryEnv`) and nothing else from the environment; asserts that it
 * exits 0 and returns what it printed.
 */
async function runClean(
  commands: string,
  options: { cwd: string; home: string; bashOptions: string[] },
): Promise<{ stdout: string; stderr: string }> {
  const execDir = Deno.execPath().replace(/\/[^/]+$/, "");
  const output = await new Deno.Command("bash", {
    args: [...options.bashOptions, "-c", commands],
    cwd: options.cwd,
    env: {
      ...registryEnv(),
      HOME: options.home,
      DENO_DIR: await denoDir(),
      PATH: `${execDir}:${Deno.env.get("PATH") ?? ""}`,
      NO_COLOR: "1",
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `${stdout}\n${stderr}`);
  return { stdout, stderr };
}

Deno.test("the README's recipe for a Deno project without JSR runs as written: links, then the installed dossier command", async () => {
  const blocks = sectionBlocks("### Deno, from a checkout (no JSR)");
  assert.equal(blocks.json?.length, 1, "one deno.json");
  assert.equal(blocks.ts?.length, 1, "one main.ts");
  assert.equal(blocks.sh?.length, 1, "one block of commands");
  const work = await Deno.makeTempDir({ prefix: "dossier-checkout-" });
  try {
    await Deno.symlink(decodeURIComponent(ROOT.pathname), `${work}/dossier`);
    await Deno.mkdir(`${work}/project`);
    await Deno.mkdir(`${work}/home`);
    await Deno.writeTextFile(`${work}/project/deno.json`, blocks.json[0]);
    await Deno.writeTextFile(`${work}/project/main.ts`, blocks.ts[0]);
    const commands = blocks.sh[0];
    const { stdout } = await runClean(commands, {
      cwd: `${work}/project`,
      home: `${work}/home`,
      bashOptions: ["-e"],
    });
    // Each command that prints says what in its comment.
    const expected = commands.split("\n").flatMap((line) => {
      const said = /#\s*(?:prints\s+)?(.+)$/.exec(line);
      return said === null ? [] : [said[1]];
    });
    assert.deepEqual(stdout.trimEnd().split("\n"), expected);
    const version = JSON.parse(
      Deno.readTextFileSync(new URL("deno.json", ROOT)),
    ).version;
    assert.match(stdout, new RegExp(`^dossier ${version} \\(`, "m"));
    assert.ok(
      (await Deno.stat(`${work}/home/.deno/bin/dossier`)).isFile,
      "installed into ~/.deno/bin",
    );
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("the README's command-line tour runs as written from the checkout", async () => {
  const { sh } = sectionBlocks("## Command line");
  assert.ok(sh !== undefined && sh.length >= 1, "a block of commands");
  const [install, ...tour] = sh[0].split("\n");
  assert.match(install, /^deno task install:cli && export PATH=/);
  const home = await Deno.makeTempDir({ prefix: "dossier-tour-" });
  // The install line's stderr is Deno's progress, kept apart: the tour's
  // own stderr must be empty.
  const commands = `{ ${install}\n} 2>"${home}/install.log"\n${
    tour.join("\n")
  }`;
  try {
    // No -e: drift exits 1 when it finds drift, which the tour shows.
    const { stdout, stderr } = await runClean(commands, {
      cwd: decodeURIComponent(ROOT.pathname),
      home,
      bashOptions: [],
    });
    // What each command prints first, in the tour's order.
    const marks = [
      /^all 15 lines valid \(contract 3\.0\.0/m,
      /^Mission dossier {2}008-mission-dossier-parity-event-contracts/m,
      /^Rejected \(0\)/m,
      /^Hash check: clean/m,
      /^Drift found: 4 kinds of change since the baseline$/m,
      /^7 namespaces from "\/tmp\/journal\.jsonl" written to /m,
      /^7 namespaces · contract 3\.0\.0/m,
      /^dossier \d+\.\d+\.\d+ \(Mission Dossier Parity contracts/m,
      /^Usage: dossier reduce /m,
    ];
    let from = 0;
    for (const mark of marks) {
      const found = mark.exec(stdout.slice(from));
      assert.ok(found !== null, `${mark} after offset ${from}:\n${stdout}`);
      from += found.index + found[0].length;
    }
    // The only stderr a tour line writes: for each command that reads one
    // of the spec-kitty CLI's streams, one line about its build_id "".
    const readers = tour.filter((line) =>
      /^dossier (validate|reduce|parity|drift|partition) /.test(line)
    );
    const warnings = stderr.split("\n").filter((line) => line !== "");
    assert.equal(warnings.length, readers.length, stderr);
    for (const [index, warning] of warnings.entries()) {
      const command = /^dossier (\w+)/.exec(readers[index])![1];
      assert.match(
        warning,
        new RegExp(
          `^dossier ${command}: warning: \\d+ events of "[^"]+" carry build_id "" .*--strict refuses them$`,
        ),
      );
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
