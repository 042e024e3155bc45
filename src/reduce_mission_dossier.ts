import { DOSSIER_EVENT_TYPES } from "./constants.ts";
import { _DossierFold } from "./_dossier_fold.ts";
import {
  emptyDossierState,
  type MissionDossierState,
} from "./dossier_state.ts";
import type { Event } from "./event_envelope.ts";
import { _sortEvents, dedupEvents } from "./event_order.ts";

/** Keeps the dossier events of a stream (§4 step 1). */
export function _dossierEvents(events: Iterable<Event>): Event[] {
  const kept: Event[] = [];
  for (const event of events) {
    if (DOSSIER_EVENT_TYPES.has(event.event_type)) kept.push(event);
  }
  return kept;
}

/**
 * Replays a stream of parsed event envelopes into a mission dossier, with
 * the exact result of the reference reducer: dossier events only, sorted by
 * (`lamport_clock`, timestamp sort text, `event_id`), the first copy of each
 * id kept, one namespace per stream, invalid payloads skipped but counted.
 *
 * The function is pure: no I/O, no clock, no randomness, and the input is
 * never mutated. Envelopes are trusted as {@linkcode parseEvent} returned
 * them; they are not checked again.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @returns The reduced state.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity (project, feature, branch, mission, manifest version); no
 * partial state is returned.
 *
 * @example Replay a stream and read the dossier
 * ```ts
 * import { parseEvent, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = parseEvent({
 *   event_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P", event_type: "MissionDossierArtifactIndexed",
 *   aggregate_id: "mission-042", timestamp: "2026-02-21T14:00:00Z", node_id: "laptop-1",
 *   lamport_clock: 1, project_uuid: namespace.project_uuid,
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1Q",
 *   payload: {
 *     namespace,
 *     artifact_id: { mission_key: "software-dev", path: "spec.md", artifact_class: "input" },
 *     content_ref: { hash: "ab12", algorithm: "sha256" },
 *     indexed_at: "2026-02-21T14:00:00Z",
 *   },
 * });
 * const state = reduceMissionDossier([event]);
 * assert.equal(state.artifacts.get("spec.md")?.content_ref.hash, "ab12");
 * assert.equal(state.parity_status, "unknown");
 * assert.ok(serializeDossierState(state).startsWith('{"namespace":{"project_uuid"'));
 * ```
 */
export function reduceMissionDossier(
  events: Iterable<Event>,
): MissionDossierState {
  const dossierEvents = _dossierEvents(events);
  if (dossierEvents.length === 0) return emptyDossierState();
  const fold = new _DossierFold();
  for (const event of dedupEvents(_sortEvents(dossierEvents))) {
    fold.apply(event);
  }
  return fold.result();
}
