// Peer: TypeBox 0.34 schemas of the envelope and the four payloads, compiled
// with its TypeCompiler (which writes code with `new Function`). TypeBox
// checks and does not copy: the checked value is the output.
import { FormatRegistry, type TSchema, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
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

FormatRegistry.Set("well-formed", (value) => value.isWellFormed());

const Text = Type.String({ format: "well-formed" });
const NonEmpty = Type.String({ minLength: 1, format: "well-formed" });
const Nullable = <T extends TSchema>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));
const Count = Type.Integer({ minimum: 0, maximum: MAX_SAFE_INTEGER });
const OneOf = (options: readonly string[]) =>
  Type.Union(options.map((option) => Type.Literal(option)));
const Diagnostics = Nullable(Type.Record(Type.String(), Text));

const Namespace = Type.Object({
  project_uuid: NonEmpty,
  feature_slug: NonEmpty,
  target_branch: NonEmpty,
  mission_key: NonEmpty,
  manifest_version: NonEmpty,
  step_id: Nullable(Text),
});
const Identity = Type.Object({
  mission_key: NonEmpty,
  path: NonEmpty,
  artifact_class: OneOf(ARTIFACT_CLASSES),
  run_id: Nullable(Text),
  wp_id: Nullable(Text),
});
const Provenance = Type.Object({
  source_event_ids: Nullable(Type.Array(Text)),
  git_sha: Nullable(Text),
  git_ref: Nullable(Text),
  actor_id: Nullable(Text),
  actor_kind: Nullable(OneOf(ACTOR_KINDS)),
  revised_at: Nullable(Text),
});

const EventId = Type.String({ pattern: EVENT_ID.source });
const Envelope = TypeCompiler.Compile(Type.Object({
  event_id: EventId,
  event_type: NonEmpty,
  aggregate_id: NonEmpty,
  payload: Type.Optional(Type.Object({})),
  timestamp: Type.Union([
    Type.String({ pattern: TIMESTAMP.source }),
    Type.Number(),
  ]),
  node_id: NonEmpty,
  lamport_clock: Count,
  causation_id: Nullable(EventId),
  project_uuid: Type.String({ pattern: PROJECT_UUID.source }),
  project_slug: Nullable(Text),
  correlation_id: EventId,
  schema_version: Type.Optional(Type.String()),
  data_tier: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
}));

const Payloads = new Map(
  Object.entries({
    MissionDossierArtifactIndexed: Type.Object({
      namespace: Namespace,
      artifact_id: Identity,
      content_ref: Type.Object({
        hash: NonEmpty,
        algorithm: OneOf(HASH_ALGORITHMS),
        size_bytes: Nullable(Count),
        encoding: Nullable(Text),
      }),
      indexed_at: Text,
      provenance: Nullable(Provenance),
      step_id: Nullable(Text),
      supersedes: Nullable(Identity),
      context_diagnostics: Diagnostics,
    }),
    MissionDossierArtifactMissing: Type.Object({
      namespace: Namespace,
      expected_identity: Identity,
      manifest_step: NonEmpty,
      checked_at: Text,
      last_known_ref: Nullable(Provenance),
      remediation_hint: Nullable(Text),
      context_diagnostics: Diagnostics,
    }),
    MissionDossierSnapshotComputed: Type.Object({
      namespace: Namespace,
      snapshot_hash: NonEmpty,
      artifact_count: Count,
      anomaly_count: Count,
      computed_at: Text,
      algorithm: Nullable(OneOf(HASH_ALGORITHMS)),
      context_diagnostics: Diagnostics,
    }),
    MissionDossierParityDriftDetected: Type.Object({
      namespace: Namespace,
      expected_hash: NonEmpty,
      actual_hash: NonEmpty,
      drift_kind: OneOf(DRIFT_KINDS),
      detected_at: Text,
      artifact_ids_changed: Nullable(Type.Array(Identity)),
      rebuild_hint: Nullable(Text),
      context_diagnostics: Diagnostics,
    }),
  }).map(([type, schema]) => [type, TypeCompiler.Compile(schema)]),
);

function envelope(value: unknown): PeerEnvelope | null {
  if (!Envelope.Check(value)) return null;
  const version = value.schema_version;
  // TypeBox patterns have no `u` flag; \p{Nd} needs it.
  if (version !== undefined && !SCHEMA_VERSION.test(version)) return null;
  return value;
}

function payload(eventType: string, value: unknown): unknown {
  return Payloads.get(eventType)!.Check(value) ? value : null;
}

export const typebox: Peer = {
  name: "TypeBox 0.34 compiled",
  what: "@sinclair/typebox 0.34.52, TypeCompiler.Compile",
  reduceLines: (lines) => peerPipeline(lines, envelope, payload),
};
