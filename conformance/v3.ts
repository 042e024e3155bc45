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
import { _FIXTURES_ROOT_V3 } from "./_fixture_store.ts";
import { _loadCanonicalOutputFrom } from "./load_canonical_output.ts";
import { _loadFixturesFrom, type FixtureCase } from "./load_fixtures.ts";
import { _loadReplayStreamFrom } from "./load_replay_stream.ts";

export {
  type SchemaViolation,
  type ValidatableEventType,
  type ValidateEventResult,
} from "../src/contract/validate_event.ts";
export {
  validateEvent,
  type ValidateEventOptions,
} from "../src/api/validate_event_3_0_0.ts";
export type { FieldIssue } from "../src/contract/_field_issue.ts";
export type { FixtureCase } from "./load_fixtures.ts";

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
export function loadFixtures(category: string): Promise<FixtureCase[]> {
  return _loadFixturesFrom(_FIXTURES_ROOT_V3, category);
}

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
export function loadReplayStream(
  id: string,
): Promise<Record<string, unknown>[]> {
  return _loadReplayStreamFrom(_FIXTURES_ROOT_V3, id);
}

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
export function loadCanonicalOutput(
  id: string = "dossier-canonical-output-snapshot",
): Promise<string> {
  return _loadCanonicalOutputFrom(_FIXTURES_ROOT_V3, id);
}
