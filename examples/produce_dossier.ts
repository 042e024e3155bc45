// Produce a dossier from a mission folder, as the spec-kitty CLI does, and
// check it: `deno run -A examples/produce_dossier.ts <mission folder>`.
// Prints the records, writes nothing; the JSONL events go to stdout with
// --events.
import { parseArgs } from "node:util";
import { eventsToJsonl, indexMission, reconcileMission } from "../indexer.ts";
import { findProjectRoot, readMissionFolder } from "../indexer_disk.ts";
import {
  computeParityHash,
  parseEventStream,
  reduceMissionDossier,
} from "../v3.ts";

const { values, positionals } = parseArgs({
  options: { events: { type: "boolean" } },
  allowPositionals: true,
});
const folder = positionals[0];
if (folder === undefined) {
  console.error("Usage: produce_dossier.ts [--events] <mission folder>");
  Deno.exit(2);
}

const root = await findProjectRoot(folder);
const project = root === null ? undefined : await readMissionFolder(root);
const mission = await readMissionFolder(folder);
const result = await indexMission(mission, { project });

if (values.events) {
  await Deno.stdout.write(
    new TextEncoder().encode(eventsToJsonl(result.events)),
  );
  Deno.exit(0);
}
for (const record of result.records) {
  console.log(
    `${
      record.is_present ? " " : "!"
    } ${record.relative_path}  ${record.artifact_key} (${record.artifact_class}, ${record.required_status})`,
  );
}
console.log(
  `snapshot ${result.snapshot?.snapshot_hash} (${result.snapshot?.completeness_status})`,
);

// Every stream the indexer emits is valid for ./v3 and replays to its snapshot's hash.
const dossier = reduceMissionDossier(
  parseEventStream(eventsToJsonl(result.events)),
);
console.log(
  `replayed: ${
    await computeParityHash(dossier) === result.snapshot?.snapshot_hash
      ? "same hash"
      : "DIFFERENT HASH"
  }`,
);

// And the folder against the snapshot recorded in it, as `spec-kitty reconcile` judges it.
const verdict = await reconcileMission(mission, undefined, { project });
console.log(
  `reconcile: ${verdict.status}${verdict.error ? ` (${verdict.error})` : ""}`,
);
