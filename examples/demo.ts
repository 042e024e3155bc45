// `deno task demo`: the command line on the two bundled replay streams. Two
// dossiers, their parity, and the drift between them, as a newcomer sees it.
import { runCli } from "../src/cli/run_cli.ts";
import { denoIo } from "../src/cli/deno_io.ts";
import { createStyle } from "../src/cli/style.ts";

const replay = new URL(
  "../conformance/fixtures/dossier/replay/",
  import.meta.url,
);
const happyPath = new URL("dossier_replay_happy_path.jsonl", replay).pathname;
const driftScenario =
  new URL("dossier_replay_drift_scenario.jsonl", replay).pathname;

const io = denoIo();
const style = createStyle(io.stdoutIsTerminal && !io.noColor);

async function step(
  title: string,
  note: string,
  args: string[],
  shown: string[] = args,
): Promise<void> {
  console.log(`\n${style.bold(`━━ ${title}`)}`);
  console.log(
    style.dim(
      `${note}\n$ dossier ${shown.join(" ").replaceAll(replay.pathname, "")}\n`,
    ),
  );
  const code = await runCli(args, io);
  console.log(style.dim(`(exit code ${code})`));
}

await step(
  "1. The happy path",
  "Three artifacts indexed, a snapshot, v2 of the contract supersedes v1, a new snapshot.",
  ["reduce", happyPath],
);
await step(
  "2. Its parity",
  "The hash check: the latest snapshot's hash against the hash of what its index run indexed.",
  ["parity", happyPath],
);
await step(
  "3. The drift scenario",
  "Two artifacts, a snapshot, tasks.md found missing, and a drift event recorded.",
  ["reduce", driftScenario],
);
await step(
  "4. Its parity",
  "Two different questions: the hash check is clean (the snapshot is what its run indexed), and one drift event is recorded (which makes the state's parity_status say drifted, for good).",
  ["parity", driftScenario],
);

// The happy path's state becomes the baseline the drift scenario is compared with.
const baseline = await Deno.makeTempFile({ suffix: ".json" });
try {
  let json = "";
  await runCli(["reduce", "--json", happyPath], {
    ...io,
    write: (text) => {
      json += text;
      return Promise.resolve();
    },
  });
  await Deno.writeTextFile(baseline, json);
  await step(
    "5. Drift between them",
    "The happy path's dossier (reduce --json) as the baseline, the drift scenario as the current stream.",
    ["drift", "--baseline", baseline, driftScenario],
    ["drift", "--baseline", "happy-path.json", driftScenario],
  );
} finally {
  await Deno.remove(baseline);
}
const realStream = new URL(
  "../tests/data/real-streams/ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
  import.meta.url,
).pathname;
await step(
  "6. A real stream, contract 3.0.0",
  "Two index runs of a mission written by the spec-kitty CLI; in the second, spec.md was unreadable. The state still holds it (stale); the producer's verdict is clean.",
  ["parity", "--accept-empty-build-id", realStream],
  [
    "parity",
    "--accept-empty-build-id",
    "tests/data/real-streams/ske-008-…-run1+run2.jsonl",
  ],
);
console.log(
  style.dim(
    "\nTry it on your own log: deno run -A cli.ts --help (exit codes: 0 fine, 1 invalid or drift, 2 usage)",
  ),
);
