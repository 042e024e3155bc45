// Folding while parsing, for callers who hold a whole log as text: each line
// goes through JSON.parse and the envelope straight into the reducer, so
// the log is never held as events. A log out of sort order is parsed again
// and replayed the batch way, with the same result.
import type * as v from "valibot";
import type { DossierContract } from "../contract/dossier_contract.ts";
import type { Event } from "../envelope/event_envelope.ts";
import {
  eachJsonlLine,
  eventOfLine,
  jsonOfLine,
  notJsonlText,
  parseEventStreamWith,
  wellFormedJson,
} from "../envelope/event_stream.ts";
import type { FoldState } from "./dossier_fold.ts";
import {
  createDossierReducerFor,
  PUSH_WELL_FORMED,
} from "./create_dossier_reducer.ts";
import { replayDossier } from "./reduce_mission_dossier.ts";

/** Thrown through the line loop when an event sorts before the last one. */
class _OutOfOrder extends Error {}

/**
 * Reduces a JSONL log with an envelope schema: the result, and every error,
 * of replaying `parseEventStream(jsonl)` with the contract's reducer.
 */
export function reduceEventStreamWith(
  contract: DossierContract,
  schema: v.GenericSchema<unknown, Event>,
  jsonl: string,
): FoldState {
  if (typeof jsonl !== "string") {
    notJsonlText("Cannot reduce event stream", jsonl);
  }
  const reducer = createDossierReducerFor(contract, { assumeSorted: true });
  try {
    eachJsonlLine(jsonl, (line, lineNumber) => {
      const wellFormed = wellFormedJson(line);
      const event = eventOfLine(
        schema,
        jsonOfLine(line, lineNumber),
        lineNumber,
        wellFormed,
      );
      try {
        reducer[PUSH_WELL_FORMED](event, wellFormed);
      } catch {
        // The only error an assumeSorted push throws on a parsed event.
        throw new _OutOfOrder();
      }
    });
  } catch (error) {
    if (!(error instanceof _OutOfOrder)) throw error;
    return replayDossier(contract, parseEventStreamWith(schema, jsonl), null);
  }
  return reducer.finish();
}
