// The `dossier index` and `dossier reconcile` commands that README.md
// ("Produce a dossier") and docs/indexer.md ("On the command line") show,
// run as written from the checkout with bash, on tests/data/real-missions.

import assert from "node:assert/strict";
import { readCliResults } from "./_indexer_kit.ts";

const ROOT = new URL("../", import.meta.url);
const truth = await readCliResults("truth.jsonl");

/** The `sh` blocks between two headings of a Markdown file. */
async function shBlocks(
  file: string,
  from: string,
  to: string,
): Promise<string[]> {
  const text = await Deno.readTextFile(new URL(file, ROOT));
  const start = text.indexOf(`\n${from}\n`);
  assert.notEqual(start, -1, `${file} has no "${from}"`);
  const section = text.slice(start, text.indexOf(`\n${to}`, start));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) =>
    match[1]
  );
}

/** Runs a script with bash from the checkout; its exit code and outputs. */
async function bash(
  script: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command("bash", {
    args: ["-c", script],
    cwd: decodeURIComponent(ROOT.pathname),
    env: {
      NO_COLOR: "1",
      PATH: `${Deno.execPath().replace(/\/[^/]*$/, "")}:${
        Deno.env.get("PATH")
      }`,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

function snapshotHash(mission: string): string {
  return truth.find((item) => item.mission === mission).snapshot_hash;
}

Deno.test("the README's dossier index and reconcile lines run as written", async () => {
  const blocks = await shBlocks(
    "README.md",
    "## Produce a dossier",
    "## API at a glance",
  );
  const lines = blocks.find((block) => block.includes("cli.ts index"))!
    .trimEnd().split("\n");
  assert.equal(lines.length, 3);
  const runs = [];
  for (const line of lines) runs.push(await bash(line));
  assert.deepEqual(runs.map((run) => run.code), [0, 0, 1]);
  assert.ok(runs.every((run) => run.stderr === ""), runs[0].stderr);
  const indexed = truth.find((item) =>
    item.mission === lines[0].split(" ")[5].split("/").at(-1)
  );
  assert.match(
    runs[1].stdout,
    new RegExp(
      `^all ${indexed.events.length} lines valid \\(contract 3\\.0\\.0`,
    ),
  );
  const mission = lines[2].split("/").at(-1)!;
  const want = truth.find((item) => item.mission === mission)
    .recorded_snapshot.reconcile;
  assert.match(
    runs[2].stdout,
    new RegExp(
      `^DIVERGENCE ${mission} — ${want.differing_artifacts.length} artifact\\(s\\) differ:\n`,
    ),
  );
});

Deno.test("docs/indexer.md's command-line examples run as written", async () => {
  const [journal, snapshot] = await shBlocks(
    "docs/indexer.md",
    "## On the command line",
    "## Departures",
  );
  const first = await bash(journal);
  assert.equal(first.code, 0);
  assert.equal(first.stderr, "");
  // Three missions in one journal, their clocks one run, each clean.
  for (
    const mission of [
      "001-event-model-project-identity",
      "002-github-gate-observability-contracts",
      "003-status-state-model-contracts",
    ]
  ) {
    assert.match(
      first.stdout,
      new RegExp(
        `^ {2}${mission} .* ${snapshotHash(mission).slice(0, 19)}… +clean$`,
        "m",
      ),
    );
  }
  const document = JSON.parse(await Deno.readTextFile("/tmp/008.json"));
  assert.equal(
    document.missions[0].snapshot.snapshot_hash,
    snapshotHash("008-mission-dossier-parity-event-contracts"),
  );
  const second = await bash(snapshot);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stderr, "");
  assert.match(
    second.stdout,
    /^PARITY 014-mission-contract-cutover — dossier matches the recorded snapshot\n\{\n {2}"mission": "002-github-gate-observability-contracts",\n {2}"status": "parity",/,
  );
});
