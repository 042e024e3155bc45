import {
  describeValue,
  type FieldIssue,
  fieldText,
} from "../contract/field_issue.ts";

/** What a {@linkcode DossierPayloadError} is built from. */
export interface DossierPayloadErrorOptions {
  /** The normalized `event_id` of the rejected event. */
  readonly eventId: string;
  /** Its `event_type`, one of the four dossier event types. */
  readonly eventType: string;
  /** Every problem found in its payload, each with its field path. */
  readonly issues: readonly FieldIssue[];
}

/** How many issues the message spells out; the rest are counted. */
const _ISSUES_SHOWN = 5;

/**
 * Thrown by {@linkcode reduceMissionDossierWithReport} with
 * `onInvalidPayload: "throw"` when a dossier event's payload does not parse:
 * the reference would skip it silently. It carries the event id, the event
 * type and every issue, and its message names them.
 *
 * @example Build one and read what it carries
 * ```ts
 * import { DossierPayloadError } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const error = new DossierPayloadError({
 *   eventId: "01HV7KA8TQ3R0W2M9X6C4B5N1P",
 *   eventType: "MissionDossierArtifactIndexed",
 *   issues: [{ path: "payload.artifact_id.path", message: "is required", type: "missing", input: undefined }],
 * });
 * assert.equal(error.eventId, "01HV7KA8TQ3R0W2M9X6C4B5N1P");
 * assert.match(error.message, /field "payload\.artifact_id\.path" is required/);
 * ```
 */
export class DossierPayloadError extends Error {
  /** The normalized `event_id` of the rejected event. */
  readonly eventId: string;
  /** Its `event_type`. */
  readonly eventType: string;
  /** Every problem found in its payload. */
  readonly issues: readonly FieldIssue[];

  /**
   * Builds the error and its message, which spells out the first five issues
   * and counts the rest.
   *
   * @param options The event id, the event type and the issues.
   */
  constructor(options: DossierPayloadErrorOptions) {
    const { eventId, eventType, issues } = options;
    const shown = issues.slice(0, _ISSUES_SHOWN).map(fieldText).join("; ");
    const more = issues.length > _ISSUES_SHOWN
      ? ` (and ${issues.length - _ISSUES_SHOWN} more)`
      : "";
    super(
      `Cannot apply dossier event ${describeValue(eventId)} of type ${
        describeValue(eventType)
      }: ${shown === "" ? "its payload is invalid" : shown}${more}`,
    );
    this.name = "DossierPayloadError";
    this.eventId = eventId;
    this.eventType = eventType;
    this.issues = issues;
  }
}
