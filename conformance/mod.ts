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

export {
  type SchemaViolation,
  type ValidatableEventType,
  type ValidateEventOptions,
  type ValidateEventResult,
} from "../src/contract/validate_event.ts";
export { validateEvent } from "../src/api/validate_event_2_4_0.ts";
export type { FieldIssue } from "../src/contract/_field_issue.ts";
export { type FixtureCase, loadFixtures } from "./load_fixtures.ts";
export { loadReplayStream } from "./load_replay_stream.ts";
export { loadCanonicalOutput } from "./load_canonical_output.ts";
