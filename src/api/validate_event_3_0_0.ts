// `validateEvent` of `@spec-kitty/dossier/v3/conformance` (contract 3.0.0):
// the two layers of each event type, the committed 3.0.0 JSON Schemas
// imported as JSON modules, and the reference's cutover gate.
import {
  type _ContractValidation,
  _contractValidation,
  _validateEvent,
  type ValidateEventResult,
} from "../contract/validate_event.ts";
import { _acceptEmptyBuildId } from "./_options.ts";
import { _CONTRACT_3_0_0 } from "../contract/contract_3_0_0.ts";
import eventJsonSchema from "../../schemas/v3/event.schema.json" with {
  type: "json",
};
import indexedJsonSchema from "../../schemas/v3/mission_dossier_artifact_indexed_payload.schema.json" with {
  type: "json",
};
import missingJsonSchema from "../../schemas/v3/mission_dossier_artifact_missing_payload.schema.json" with {
  type: "json",
};
import snapshotJsonSchema from "../../schemas/v3/mission_dossier_snapshot_computed_payload.schema.json" with {
  type: "json",
};
import driftJsonSchema from "../../schemas/v3/mission_dossier_parity_drift_detected_payload.schema.json" with {
  type: "json",
};

/** Options of the contract 3.0.0 {@linkcode validateEvent}. */
export interface ValidateEventOptions {
  /**
   * Accepted for parity with the reference, where it demands the JSON
   * Schema layer; here that layer is always available, so it changes nothing.
   */
  readonly strict?: boolean;
  /**
   * For `"Event"`: read `build_id: ""` as `"unknown"` in both layers, as the
   * spec-kitty CLI's own validator does (it writes `""` on every event; the
   * 3.0.0 reference rejects it). Default `false`.
   */
  readonly acceptEmptyBuildId?: boolean;
}

/** The envelope with `build_id: ""` read as `"unknown"`, when asked for. */
function _emptyBuildIdAsUnknown(
  options: ValidateEventOptions | undefined,
): (envelope: unknown) => unknown {
  const accept = _acceptEmptyBuildId(options, "Cannot validate event");
  return (envelope) => {
    if (!accept || envelope === null || typeof envelope !== "object") {
      return envelope;
    }
    try {
      return (envelope as { build_id?: unknown }).build_id === ""
        ? { ...envelope, build_id: "unknown" }
        : envelope;
    } catch {
      // A getter or a proxy trap threw: as it is, for both layers to report.
      return envelope;
    }
  };
}

export const _VALIDATION_3_0_0: _ContractValidation = _contractValidation(
  _CONTRACT_3_0_0,
  {
    MissionDossierArtifactIndexed: indexedJsonSchema,
    MissionDossierArtifactMissing: missingJsonSchema,
    MissionDossierSnapshotComputed: snapshotJsonSchema,
    MissionDossierParityDriftDetected: driftJsonSchema,
    Event: eventJsonSchema,
  },
  true,
);

/**
 * Checks a contract 3.0.0 dossier payload (or an event envelope) with both
 * layers of the contract, the Valibot schema and the committed 3.0.0 JSON
 * Schema, as the reference's 6.1.0 `validate_event` does: given an envelope
 * whose `event_type` is `eventType` and whose `payload` is an object, it
 * checks the inner payload and runs the cutover gate on the envelope; for
 * `"Event"` it runs the gate and the envelope schema. The gate fails (one
 * model violation of type `cutover_policy` on `schema_version`) when
 * `schema_version` is not exactly `"3.0.0"`, when a legacy key
 * (`feature_slug`, `feature_number`, `mission_key`, `legacy_aggregate_id`)
 * stands as a key anywhere in the envelope, when `event_type` is
 * `FeatureCreated` or `FeatureClosed`, or when `aggregate_id` starts with
 * `feature/` or `feature_catalog/`. Nothing is thrown for an invalid
 * payload: every problem is reported.
 *
 * @param payload The payload object, or an envelope carrying it (or, for `"Event"`, the envelope), as received.
 * @param eventType One of the four dossier event types, or `"Event"`.
 * @param options `{ strict, acceptEmptyBuildId }`; `strict` changes nothing here.
 * @returns `{ valid, modelViolations, schemaViolations, schemaCheckSkipped, eventType }`.
 * @throws {TypeError} When `eventType` is not one of the known types (the
 * message lists them), or an option has the wrong type.
 *
 * @example An envelope is unwrapped, and its schema_version judged
 * ```ts
 * import { validateEvent } from "@spec-kitty/dossier/v3/conformance";
 * import assert from "node:assert/strict";
 *
 * const payload = {
 *   namespace: {
 *     project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *     target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 *   },
 *   snapshot_hash: "sha256:ff", artifact_count: 0, anomaly_count: 0, computed_at: "2026-12-01T20:56:31+00:00",
 * };
 * assert.equal(validateEvent(payload, "MissionDossierSnapshotComputed").valid, true);
 *
 * const envelope = { event_type: "MissionDossierSnapshotComputed", schema_version: "2.4.0", payload };
 * const result = validateEvent(envelope, "MissionDossierSnapshotComputed");
 * assert.equal(result.valid, false);
 * assert.equal(result.modelViolations[0].type, "cutover_policy");
 *
 * const legacy = validateEvent({ ...payload, feature_slug: "008" }, "MissionDossierSnapshotComputed");
 * assert.equal(legacy.modelViolations[0].type, "unknown_key");
 * ```
 */
export function validateEvent(
  payload: unknown,
  eventType: string,
  options?: ValidateEventOptions,
): ValidateEventResult {
  return _validateEvent(
    _VALIDATION_3_0_0,
    payload,
    eventType,
    _emptyBuildIdAsUnknown(options),
  );
}
