// The README's "Produce a dossier" command, run as written from the
// checkout: examples/produce_dossier.ts on a real mission prints its
// records, the CLI's snapshot hash, and that the events replay to it.

import assert from "node:assert/strict";
import { readCliResults } from "./_indexer_kit.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("examples/produce_dossier.ts runs as the README shows it", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const section = readme.slice(
    readme.indexOf("## Produce a dossier"),
    readme.indexOf("## API at a glance"),
  );
  const command = section.match(
    /```sh\n(deno run -A examples\/produce_dossier\.ts \S+)\n```/,
  )?.[1];
  assert.ok(command, "the README shows the command");
  const [, , ...args] = command.split(" ");
  const { success, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...args],
    cwd: ROOT.pathname,
    stdout: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assert.ok(success);
  const text = new TextDecoder().decode(stdout);
  const mission = args.at(-1)!.split("/").at(-1);
  const truth = (await readCliResults("truth.jsonl")).find((item) =>
    item.mission === mission
  );
  assert.match(
    text,
    new RegExp(`^snapshot ${truth.snapshot_hash} \\(complete\\)$`, "m"),
  );
  assert.match(text, /^replayed: same hash$/m);
  assert.match(
    text,
    /^reconcile: error \(no recorded snapshot to reconcile against for /m,
  );
  assert.equal(
    text.split("\n").filter((line) => line.startsWith("  ")).length,
    truth.artifacts.length,
  );
});
