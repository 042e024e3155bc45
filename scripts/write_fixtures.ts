// Writes the canonical reducer output fixture: serializeDossierState of the
// reduced happy-path stream, byte for byte (no final newline, as the
// reference's model_dump_json() prints it). `deno task fixtures`.
import { loadReplayStream } from "../conformance/load_replay_stream.ts";
import { parseEvent } from "../src/envelope/event_envelope.ts";
import { reduceMissionDossier } from "../src/replay/reduce_mission_dossier.ts";
import { serializeDossierState } from "../src/replay/dossier_state_json.ts";

const events = await loadReplayStream("dossier-replay-happy-path");
const canonical = serializeDossierState(
  reduceMissionDossier(events.map(parseEvent)),
);
const target = new URL(
  "../conformance/fixtures/dossier/replay/dossier_canonical_output_snapshot.json",
  import.meta.url,
);
await Deno.writeTextFile(target, canonical);
console.log(
  `fixtures: wrote ${target.pathname} (${canonical.length} characters)`,
);
