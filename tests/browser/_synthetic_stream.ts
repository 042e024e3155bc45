// A producer-shaped contract 3.0.0 stream of any size, for the page's
// benchmark and its large-table test: `runs` index runs of the same
// `artifacts` paths (1% of them edited in each later run), each ended by a
// snapshot whose hash is the package's parity hash of that run, and
// `build_id: ""` on every envelope, as the spec-kitty CLI writes.
import * as v3 from "../../v3.ts";

const CLASSES = [
  "input",
  "workflow",
  "output",
  "evidence",
  "policy",
  "runtime",
];

/** A producer-shaped stream: `runs` index runs of `artifacts` artifacts, each ended by its snapshot. */
export async function syntheticStream(
  artifacts: number,
  runs: number,
): Promise<string> {
  const namespace = {
    project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9",
    mission_slug: "900-large-dossier",
    target_branch: "main",
    mission_type: "software-dev",
    manifest_version: "1",
  };
  const lines: string[] = [];
  let clock = 0;
  const envelope = (type: string, payload: object) => {
    clock++;
    const id = `01KX${String(clock).padStart(22, "0")}`;
    const time = new Date(Date.UTC(2026, 11, 1) + clock * 1000).toISOString();
    return JSON.stringify({
      event_id: id,
      event_type: type,
      aggregate_id: `${namespace.mission_slug}:dossier`,
      timestamp: time,
      node_id: "bench",
      build_id: "",
      lamport_clock: clock,
      project_uuid: namespace.project_uuid,
      correlation_id: "01KX0000000000000000000000",
      schema_version: "3.0.0",
      payload: {
        namespace,
        ...payload,
        ...(type.endsWith("Indexed") ? { indexed_at: time } : {}),
      },
    });
  };
  for (let run = 0; run < runs; run++) {
    const start = lines.length;
    for (let index = 0; index < artifacts; index++) {
      const edited = run > 0 && index % 100 === 0;
      const hex = (index * 2654435761 + (edited ? run : 0)).toString(16);
      lines.push(envelope("MissionDossierArtifactIndexed", {
        artifact_id: {
          mission_type: namespace.mission_type,
          path: `area-${index % 50}/section-${
            Math.floor(index / 50)
          }/artifact-${index}.md`,
          artifact_class: CLASSES[index % CLASSES.length],
        },
        content_ref: {
          hash: hex.padStart(64, "0"),
          algorithm: "sha256",
          size_bytes: 100 + index,
        },
      }));
    }
    const events = v3.parseEventStream(lines.slice(start).join("\n"), {
      acceptEmptyBuildId: true,
    });
    const hash = await v3.computeParityHash(v3.reduceMissionDossier(events));
    lines.push(envelope("MissionDossierSnapshotComputed", {
      snapshot_hash: hash,
      artifact_count: artifacts,
      anomaly_count: 0,
      computed_at: new Date(Date.UTC(2026, 11, 2) + run * 1000).toISOString(),
    }));
  }
  return lines.join("\n") + "\n";
}
