// `validateEvent` of `@spec-kitty/dossier/conformance` (contract 2.4.0):
// the two layers of each event type, the committed JSON Schemas imported as
// JSON modules.
import {
  type _ContractValidation,
  _contractValidation,
  _validateEvent,
  type ValidateEventOptions,
  type ValidateEventResult,
} from "../contract/validate_event.ts";
import { _CONTRACT_2_4_0 } from "../contract/contract_2_4_0.ts";
import eventJsonSchema from "../../schemas/event.schema.json" with {
  type: "json",
};
import indexedJsonSchema from "../../schemas/mission_dossier_artifact_indexed_payload.schema.json" with {
  type: "json",
};
import missingJsonSchema from "../../schemas/mission_dossier_artifact_missing_payload.schema.json" with {
  type: "json",
};
import snapshotJsonSchema from "../../schemas/mission_dossier_snapshot_computed_payload.schema.json" with {
  type: "json",
};
import driftJsonSchema from "../../schemas/mission_dossier_parity_drift_detected_payload.schema.json" with {
  type: "json",
};

export const _VALIDATION_2_4_0: _ContractValidation = _contractValidation(
  _CONTRACT_2_4_0,
  {
    MissionDossierArtifactIndexed: indexedJsonSchema,
    MissionDossierArtifactMissing: missingJsonSchema,
    MissionDossierSnapshotComputed: snapshotJsonSchema,
    MissionDossierParityDriftDetected: driftJsonSchema,
    Event: eventJsonSchema,
  },
  false,
);

/**
 * Checks a dossier payload (or an event envelope) with both layers of the
 * contract: the Valibot schema, then the committed JSON Schema. Nothing is
 * thrown for an invalid payload: every problem is reported.
 *
 * @param payload The payload object (or, for `"Event"`, the envelope), as received.
 * @param eventType One of the four dossier event types, or `"Event"`.
 * @param options `{ strict }`, accepted for parity with the reference; it changes nothing here.
 * @returns `{ valid, modelViolations, schemaViolations, schemaCheckSkipped, eventType }`.
 * @throws {TypeError} When `eventType` is not one of the known types; the
 * message lists them.
 *
 * @example Both layers name the missing field
 * ```ts
 * import { validateEvent } from "@spec-kitty/dossier/conformance";
 * import assert from "node:assert/strict";
 *
 * const result = validateEvent({
 *   namespace: {
 *     project_uuid: "bef12780-fc81-4e02-85a3-a3181ce8f3aa", feature_slug: "042-mission-dossier",
 *     target_branch: "main", mission_key: "software-dev", manifest_version: "1.0.0",
 *   },
 *   artifact_id: { mission_key: "software-dev", artifact_class: "input" },
 *   content_ref: { hash: "5136…", algorithm: "sha256" },
 *   indexed_at: "2026-02-21T14:01:00+00:00",
 * }, "MissionDossierArtifactIndexed");
 * assert.equal(result.valid, false);
 * assert.equal(result.modelViolations[0].path, "artifact_id.path");
 * assert.equal(result.schemaViolations[0].keyword, "required");
 * assert.equal(result.schemaViolations[0].path, "artifact_id");
 * assert.throws(() => validateEvent({}, "Unknown"), /must be one of/);
 * ```
 */
export function validateEvent(
  payload: unknown,
  eventType: string,
  options?: ValidateEventOptions,
): ValidateEventResult {
  void options;
  return _validateEvent(_VALIDATION_2_4_0, payload, eventType);
}
