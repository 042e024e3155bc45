/**
 * The conformance kit of the Mission Dossier Parity contract 3.0.0: the
 * sixteen fixtures of the 2.4.0 kit rewritten in the 3.0.0 shape (payloads,
 * replay streams, the canonical reducer output), in their own folder and
 * manifest, and dual-layer validation with the reference's cutover gate.
 *
 * @example Check every payload fixture against both layers
 * ```ts
 * import { loadFixtures, validateEvent } from "@spec-kitty/dossier/v3/conformance";
 * import assert from "node:assert/strict";
 *
 * for (const fixture of await loadFixtures("dossier")) {
 *   const result = validateEvent(fixture.payload, fixture.eventType);
 *   assert.equal(result.valid, fixture.expectedValid, fixture.id);
 * }
 * ```
 *
 * @module
 */

import { fixtureKit } from "./fixture_kit.ts";
import { FIXTURES_ROOT_V3 } from "./fixture_store.ts";
import type { FixtureCase } from "./load_fixtures.ts";
import {
  eventValidator,
  type ValidateEventOptions3_0_0,
  type ValidateEventResult,
} from "../src/contract/validate_event.ts";
import { VALIDATION_3_0_0 } from "../src/api/contract_validations.ts";

export {
  type SchemaViolation,
  type ValidatableEventType,
  type ValidateEventResult,
} from "../src/contract/validate_event.ts";
export type { ValidateEventOptions3_0_0 as ValidateEventOptions } from "../src/contract/validate_event.ts";
export type { FieldIssue } from "../src/contract/field_issue.ts";
export type { FixtureCase } from "./load_fixtures.ts";

const kit = fixtureKit(FIXTURES_ROOT_V3);

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
 * spec-kitty-events 8.0.0 and later (to 10.0.1) removed the gate and kept
 * the dossier models and schemas: `{ cutoverGate: false }` gives their
 * verdict (the envelope still unwrapped, then the payload, or for
 * `"Event"` the envelope, against the model and the schema, nothing
 * else). The default follows 6.1.0, the last release of the 3.0.0 line
 * that the spec-kitty CLI pins.
 *
 * @param payload The payload object, or an envelope carrying it (or, for `"Event"`, the envelope), as received.
 * @param eventType One of the four dossier event types, or `"Event"`.
 * @param options `{ strict, acceptEmptyBuildId, cutoverGate }`; `strict` changes nothing here.
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
 * // spec-kitty-events 8.0.0 and later have no gate:
 * assert.equal(validateEvent(envelope, "MissionDossierSnapshotComputed", { cutoverGate: false }).valid, true);
 *
 * const legacy = validateEvent({ ...payload, feature_slug: "008" }, "MissionDossierSnapshotComputed");
 * assert.equal(legacy.modelViolations[0].type, "unknown_key");
 * ```
 */
export const validateEvent: (
  payload: unknown,
  eventType: string,
  options?: ValidateEventOptions3_0_0,
) => ValidateEventResult = eventValidator(VALIDATION_3_0_0);

/**
 * Loads the contract 3.0.0 payload fixtures of a category, in manifest
 * order, found beside this module as the 2.4.0 kit finds its own.
 *
 * @param category The fixture category; `"dossier"` is the only one.
 * @returns One case per payload fixture: `{ id, payload, expectedValid, eventType, notes, minVersion }`.
 * @throws {TypeError} When the category is unknown (the message lists the
 * known ones), or the manifest is malformed.
 * @throws {SyntaxError} When a fixture file is not JSON.
 * @throws {Error} When a fixture file is missing or cannot be read.
 *
 * @example Ten valid and three invalid payloads
 * ```ts
 * import { loadFixtures } from "@spec-kitty/dossier/v3/conformance";
 * import assert from "node:assert/strict";
 *
 * const cases = await loadFixtures("dossier");
 * assert.equal(cases.filter((fixture) => fixture.expectedValid).length, 10);
 * assert.ok(cases.every((fixture) => fixture.minVersion === "3.0.0"));
 * ```
 */
export const loadFixtures: (category: string) => Promise<FixtureCase[]> =
  kit.loadFixtures;

/**
 * Loads a contract 3.0.0 replay stream: the raw envelopes of its JSONL
 * file, in file order, not parsed (pass them to `parseEvent` of
 * `@spec-kitty/dossier/v3`).
 *
 * @param id The manifest id of a replay stream, such as `dossier-replay-happy-path`.
 * @returns The event objects, in file order.
 * @throws {TypeError} When no fixture has this id (the message lists the
 * replay streams), when the fixture is not a replay stream, or when a line
 * is JSON but not an object.
 * @throws {SyntaxError} When a line is not JSON; the message gives its number.
 * @throws {Error} When the file is missing or cannot be read.
 *
 * @example Replay the happy path
 * ```ts
 * import { loadReplayStream } from "@spec-kitty/dossier/v3/conformance";
 * import { parseEvent, reduceMissionDossier } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const events = await loadReplayStream("dossier-replay-happy-path");
 * const state = reduceMissionDossier(events.map((event) => parseEvent(event)));
 * assert.equal(state.namespace?.mission_type, "software-dev");
 * ```
 */
export const loadReplayStream: (
  id: string,
) => Promise<Record<string, unknown>[]> = kit.loadReplayStream;

/**
 * Loads a contract 3.0.0 reducer output fixture: the canonical JSON of the
 * state a replay stream reduces to, byte for byte.
 *
 * @param id The manifest id of a reducer output; by default
 * `dossier-canonical-output-snapshot`, the output of `dossier-replay-happy-path`.
 * @returns The canonical JSON text, with no final newline.
 * @throws {TypeError} When no fixture has this id, or it is not a reducer output.
 * @throws {Error} When the file is missing or cannot be read.
 *
 * @example The happy path reduces to the canonical output
 * ```ts
 * import { loadCanonicalOutput, loadReplayStream } from "@spec-kitty/dossier/v3/conformance";
 * import { parseEvent, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const events = await loadReplayStream("dossier-replay-happy-path");
 * const state = reduceMissionDossier(events.map((event) => parseEvent(event)));
 * assert.equal(serializeDossierState(state), await loadCanonicalOutput());
 * ```
 */
export const loadCanonicalOutput: (id?: string) => Promise<string> =
  kit.loadCanonicalOutput;
