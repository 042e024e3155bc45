// Writes the canonical reducer output fixture of each contract:
// serializeDossierState of its reduced happy-path stream, byte for byte (no
// final newline, as the reference's model_dump_json() prints it).
// `deno task fixtures`.
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import { loadReplayStream as loadV2 } from "../conformance/mod.ts";
import { loadReplayStream as loadV3 } from "../conformance/v3.ts";

const outputs = [
  {
    canonical: v2.serializeDossierState(
      v2.reduceMissionDossier(
        (await loadV2("dossier-replay-happy-path")).map((event) =>
          v2.parseEvent(event)
        ),
      ),
    ),
    folder: "../conformance/fixtures/dossier/replay/",
  },
  {
    canonical: v3.serializeDossierState(
      v3.reduceMissionDossier(
        (await loadV3("dossier-replay-happy-path")).map((event) =>
          v3.parseEvent(event)
        ),
      ),
    ),
    folder: "../conformance/fixtures/v3/dossier/replay/",
  },
];
for (const { canonical, folder } of outputs) {
  const target = new URL(
    `${folder}dossier_canonical_output_snapshot.json`,
    import.meta.url,
  );
  await Deno.writeTextFile(target, canonical);
  console.log(
    `fixtures: wrote ${target.pathname} (${canonical.length} characters)`,
  );
}
