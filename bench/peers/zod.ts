// Peer: Zod 4 schemas of the envelope and the four payloads. Zod copies the
// declared fields into new objects (unknown keys dropped), as the contract
// asks of a parsed value.
import { z } from "zod";
import {
  ACTOR_KINDS,
  ARTIFACT_CLASSES,
  DRIFT_KINDS,
  EVENT_ID,
  HASH_ALGORITHMS,
  MAX_SAFE_INTEGER,
  PROJECT_UUID,
  SCHEMA_VERSION,
  TIMESTAMP,
} from "./_rules.ts";
import { type Peer, type PeerEnvelope, peerPipeline } from "./_fold.ts";

const text = () => z.string().refine((value) => value.isWellFormed());
const nonEmpty = () =>
  z.string().min(1).refine((value) => value.isWellFormed());
const nullable = <T extends z.ZodType>(schema: T) =>
  schema.nullable().default(null);
const count = () => z.number().int().min(0).max(MAX_SAFE_INTEGER);
const diagnostics = () => nullable(z.record(z.string(), text()));

const namespace = z.object({
  project_uuid: nonEmpty(),
  feature_slug: nonEmpty(),
  target_branch: nonEmpty(),
  mission_key: nonEmpty(),
  manifest_version: nonEmpty(),
  step_id: nullable(text()),
});
const identity = z.object({
  mission_key: nonEmpty(),
  path: nonEmpty(),
  artifact_class: z.enum(ARTIFACT_CLASSES),
  run_id: nullable(text()),
  wp_id: nullable(text()),
});
const provenance = z.object({
  source_event_ids: nullable(z.array(text())),
  git_sha: nullable(text()),
  git_ref: nullable(text()),
  actor_id: nullable(text()),
  actor_kind: nullable(z.enum(ACTOR_KINDS)),
  revised_at: nullable(text()),
});
const eventId = () => z.string().regex(EVENT_ID);

const Envelope = z.object({
  event_id: eventId(),
  event_type: nonEmpty(),
  aggregate_id: nonEmpty(),
  payload: z.record(z.string(), z.unknown()).default(() => ({})),
  timestamp: z.union([z.string().regex(TIMESTAMP), z.number()]),
  node_id: nonEmpty(),
  lamport_clock: count(),
  causation_id: nullable(eventId()),
  project_uuid: z.string().regex(PROJECT_UUID),
  project_slug: nullable(text()),
  correlation_id: eventId(),
  schema_version: z.string().regex(SCHEMA_VERSION).default("1.0.0"),
  data_tier: z.number().int().min(0).max(4).default(0),
});

const Payloads: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  [
    "MissionDossierArtifactIndexed",
    z.object({
      namespace,
      artifact_id: identity,
      content_ref: z.object({
        hash: nonEmpty(),
        algorithm: z.enum(HASH_ALGORITHMS),
        size_bytes: nullable(count()),
        encoding: nullable(text()),
      }),
      indexed_at: text(),
      provenance: nullable(provenance),
      step_id: nullable(text()),
      supersedes: nullable(identity),
      context_diagnostics: diagnostics(),
    }),
  ],
  [
    "MissionDossierArtifactMissing",
    z.object({
      namespace,
      expected_identity: identity,
      manifest_step: nonEmpty(),
      checked_at: text(),
      last_known_ref: nullable(provenance),
      remediation_hint: nullable(text()),
      context_diagnostics: diagnostics(),
    }),
  ],
  [
    "MissionDossierSnapshotComputed",
    z.object({
      namespace,
      snapshot_hash: nonEmpty(),
      artifact_count: count(),
      anomaly_count: count(),
      computed_at: text(),
      algorithm: nullable(z.enum(HASH_ALGORITHMS)),
      context_diagnostics: diagnostics(),
    }),
  ],
  [
    "MissionDossierParityDriftDetected",
    z.object({
      namespace,
      expected_hash: nonEmpty(),
      actual_hash: nonEmpty(),
      drift_kind: z.enum(DRIFT_KINDS),
      detected_at: text(),
      artifact_ids_changed: nullable(z.array(identity)),
      rebuild_hint: nullable(text()),
      context_diagnostics: diagnostics(),
    }),
  ],
]);

function envelope(value: unknown): PeerEnvelope | null {
  const result = Envelope.safeParse(value);
  return result.success ? result.data : null;
}

function payload(eventType: string, value: unknown): unknown {
  const result = Payloads.get(eventType)!.safeParse(value);
  return result.success ? result.data : null;
}

export const zodPeer: Peer = {
  name: "Zod 4",
  what: "zod 4.6.7, safeParse",
  reduceLines: (lines) => peerPipeline(lines, envelope, payload),
};
