/**
 * The conformance kit of the Mission Dossier Parity contract 2.4.0 (for
 * 3.0.0: `@spec-kitty/dossier/v3/conformance`): the fixtures
 * every implementation must agree on (payloads, replay streams, the
 * canonical reducer output) and dual-layer validation (Valibot, then the
 * committed JSON Schema), as in the reference's `spec_kitty_events.conformance`.
 *
 * @example Check every payload fixture against both layers
 * ```ts
 * import { loadFixtures, validateEvent } from "@spec-kitty/dossier/conformance";
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
import { FIXTURES_ROOT } from "./fixture_store.ts";
import type { FixtureCase } from "./load_fixtures.ts";
import {
  eventValidator,
  type ValidateEventOptions,
  type ValidateEventResult,
} from "../src/contract/validate_event.ts";
import { VALIDATION_2_4_0 } from "../src/api/contract_validations.ts";

export {
  type SchemaViolation,
  type ValidatableEventType,
  type ValidateEventResult,
} from "../src/contract/validate_event.ts";
export type { ValidateEventOptions } from "../src/contract/validate_event.ts";
export type { FieldIssue } from "../src/contract/field_issue.ts";
export type { FixtureCase } from "./load_fixtures.ts";

const kit = fixtureKit(FIXTURES_ROOT);

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
export const validateEvent: (
  payload: unknown,
  eventType: string,
  options?: ValidateEventOptions,
) => ValidateEventResult = eventValidator(VALIDATION_2_4_0);

/**
 * Loads the payload fixtures of a category of the conformance kit, in
 * manifest order. The files are found beside this module with
 * `new URL(…, import.meta.url)`: read from disk for a local checkout or an
 * installed package (Deno needs `--allow-read`), fetched for a module served
 * over HTTP(S) (Deno needs `--allow-net`).
 *
 * @param category The fixture category; `"dossier"` is the only one.
 * @returns One case per payload fixture: `{ id, payload, expectedValid, eventType, notes, minVersion }`.
 * @throws {TypeError} When the category is unknown (the message lists the
 * known ones), or the manifest is malformed.
 * @throws {SyntaxError} When a fixture file is not JSON.
 * @throws {Error} When a fixture file is missing or cannot be read.
 *
 * @example Every fixture gets the verdict the manifest expects
 * ```ts
 * import { loadFixtures, validateEvent } from "@spec-kitty/dossier/conformance";
 * import assert from "node:assert/strict";
 *
 * const cases = await loadFixtures("dossier");
 * assert.equal(cases.length, 13);
 * for (const fixture of cases) {
 *   assert.equal(validateEvent(fixture.payload, fixture.eventType).valid, fixture.expectedValid);
 * }
 * ```
 */
export const loadFixtures: (category: string) => Promise<FixtureCase[]> =
  kit.loadFixtures;

/**
 * Loads a replay stream of the conformance kit: the raw event envelopes of
 * its JSONL file, one per line, in file order, not parsed (pass them to
 * `parseEvent`). Files are found as {@linkcode loadFixtures} finds them.
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
 * import { loadReplayStream } from "@spec-kitty/dossier/conformance";
 * import { parseEvent, reduceMissionDossier } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const events = await loadReplayStream("dossier-replay-happy-path");
 * assert.deepEqual(events.map((event) => event.lamport_clock), [1, 2, 3, 4, 5, 6]);
 * const state = reduceMissionDossier(events.map(parseEvent));
 * assert.equal(state.parity_status, "clean");
 * ```
 */
export const loadReplayStream: (
  id: string,
) => Promise<Record<string, unknown>[]> = kit.loadReplayStream;

/**
 * Loads a reducer output fixture: the canonical JSON of the state that a
 * replay stream reduces to, byte for byte (what `serializeDossierState`
 * prints, and what the reference's `model_dump_json()` prints). Files are
 * found as {@linkcode loadFixtures} finds them.
 *
 * @param id The manifest id of a reducer output; by default
 * `dossier-canonical-output-snapshot`, the output of `dossier-replay-happy-path`.
 * @returns The canonical JSON text, with no final newline.
 * @throws {TypeError} When no fixture has this id (the message lists the
 * reducer outputs), or the fixture is not a reducer output.
 * @throws {Error} When the file is missing or cannot be read.
 *
 * @example The happy path reduces to the canonical output
 * ```ts
 * import { loadCanonicalOutput, loadReplayStream } from "@spec-kitty/dossier/conformance";
 * import { parseEvent, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const events = await loadReplayStream("dossier-replay-happy-path");
 * const state = reduceMissionDossier(events.map(parseEvent));
 * assert.equal(serializeDossierState(state), await loadCanonicalOutput());
 * ```
 */
export const loadCanonicalOutput: (id?: string) => Promise<string> =
  kit.loadCanonicalOutput;
