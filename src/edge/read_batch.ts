// Reading a batch of `POST /events` before anything is stored: its lines
// as JSON objects (JSONL split as everywhere, `envelope/jsonl_lines.ts`),
// its contract (`?contract=`, else decided as the command line decides,
// `contract/contract_decider.ts`), and every line's envelope; each problem
// is a refusal that names its line.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import {
  ContractDecider,
  type ContractDecision,
  MixedContractsError,
} from "../contract/contract_decider.ts";
import { CONTRACT_VERSIONS } from "../contract/dossier_contract.ts";
import { describeValue } from "../contract/field_issue.ts";
import { type Event, safeParseEventWith } from "../envelope/event_envelope.ts";
import { splitJsonlLines } from "../envelope/jsonl_lines.ts";
import { Refusal } from "./edge_http.ts";

/** At most this many violations are listed in a 422. */
const _MAX_VIOLATIONS = 100;

/** One line of the batch, read as JSON. */
export interface BatchLine {
  readonly number: number;
  readonly text: string;
  readonly value: Record<string, unknown>;
}

/**
 * Splits a batch into its lines, read as JSON objects: 413 past the event
 * limit, 400 for an empty batch or a line that is not a JSON object.
 */
export function batchLines(text: string, maxEvents: number): BatchLine[] {
  const lines: BatchLine[] = [];
  splitJsonlLines(text, (line, number) => {
    if (lines.length === maxEvents) {
      throw new Refusal(413, {
        error: "batch_too_large",
        message:
          `Cannot store the batch: it must hold at most ${maxEvents} events: received more (line ${number} is event ${
            maxEvents + 1
          })`,
        limit: maxEvents,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Refusal(400, {
        error: "malformed_line",
        message: `Cannot parse line ${number}: it is not JSON (${
          (error as Error).message
        })`,
        line: number,
      });
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new Refusal(400, {
        error: "malformed_line",
        message:
          `Cannot parse line ${number}: it must be a JSON object (an event envelope): received ${
            describeValue(value)
          }`,
        line: number,
      });
    }
    lines.push({ number, text: line, value: value as Record<string, unknown> });
  });
  if (lines.length === 0) {
    throw new Refusal(400, {
      error: "empty_batch",
      message:
        "Cannot store the batch: the body must hold at least one JSONL event line: received none",
    });
  }
  return lines;
}

/** How the batch's contract is chosen: `?contract=`, or its first dossier event (else its first line). */
export function batchContract(
  lines: readonly BatchLine[],
  choice: string | null,
): ContractDecision {
  if (
    choice !== null &&
    !(CONTRACT_VERSIONS as readonly string[]).includes(choice)
  ) {
    throw new Refusal(400, {
      error: "unknown_contract",
      message: `Cannot store the batch: query parameter "contract" must be ${
        CONTRACT_VERSIONS.map((version) => JSON.stringify(version)).join(
          " or ",
        )
      }: received ${describeValue(choice)}`,
    });
  }
  const decider = new ContractDecider(choice ?? "auto", {
    input: "batch",
    choice: "?contract=",
    detectedSuffix: " of the batch that created it",
  });
  for (const line of lines) {
    try {
      decider.observe(line.value, line.number);
    } catch (error) {
      if (!(error instanceof MixedContractsError)) throw error;
      throw new Refusal(422, {
        error: "mixed_contracts",
        message: `Cannot store the batch: ${error.detail}`,
        line: error.line,
      });
    }
  }
  return decider.finish();
}

/** Parses every line's envelope; one violation anywhere refuses the whole batch. */
export function batchEnvelopes(
  lines: readonly BatchLine[],
  contract: ParsingContract,
  acceptEmptyBuildId: boolean,
): Event[] {
  const schema = acceptEmptyBuildId
    ? contract.envelopeAcceptingEmptyBuildId
    : contract.envelope;
  const events: Event[] = [];
  const violations: {
    line: number;
    field: string;
    message: string;
    type: string;
  }[] = [];
  let refused = 0;
  for (const line of lines) {
    const parsed = safeParseEventWith(schema, line.value);
    if (parsed.success) {
      events.push(parsed.output);
      continue;
    }
    refused++;
    for (const issue of parsed.issues) {
      violations.push({
        line: line.number,
        field: issue.path,
        message: issue.message,
        type: issue.type,
      });
    }
  }
  if (refused > 0) {
    const first = violations[0];
    throw new Refusal(422, {
      error: "invalid_events",
      message:
        `Cannot store the batch: ${refused} of its ${lines.length} lines ${
          refused === 1 ? "is not a valid envelope" : "are not valid envelopes"
        } of contract ${contract.version}; nothing was stored (the first, line ${first.line}: field "${first.field}" ${first.message})`,
      violations: violations.slice(0, _MAX_VIOLATIONS),
    });
  }
  return events;
}
