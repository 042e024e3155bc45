// Peer: ajv 8, compiled from the committed JSON Schemas in schemas/ (the
// contract's second layer, generated from the Valibot schemas). ajv writes
// code with `new Function`; it checks and does not copy, so the checked
// value is the output.
import { Ajv2020 } from "ajv/dist/2020.js";
import { type Peer, type PeerEnvelope, peerPipeline } from "./_fold.ts";

const ajv = new Ajv2020({ strict: false, allErrors: false });

function compiled(name: string) {
  const url = new URL(`../../schemas/${name}.schema.json`, import.meta.url);
  return ajv.compile(JSON.parse(Deno.readTextFileSync(url)));
}

const Envelope = compiled("event");
const Payloads = new Map([
  ["MissionDossierArtifactIndexed", "artifact_indexed"],
  ["MissionDossierArtifactMissing", "artifact_missing"],
  ["MissionDossierSnapshotComputed", "snapshot_computed"],
  ["MissionDossierParityDriftDetected", "parity_drift_detected"],
].map(([type, name]) => [type, compiled(`mission_dossier_${name}_payload`)]));

function envelope(value: unknown): PeerEnvelope | null {
  return Envelope(value) ? value as PeerEnvelope : null;
}

function payload(eventType: string, value: unknown): unknown {
  return Payloads.get(eventType)!(value) ? value : null;
}

export const ajvPeer: Peer = {
  name: "ajv 8 compiled from schemas/",
  what: "ajv 8.20.0 (Ajv2020), the committed draft 2020-12 schemas",
  reduceLines: (lines) => peerPipeline(lines, envelope, payload),
};
