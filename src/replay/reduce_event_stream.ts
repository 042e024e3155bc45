// Folding while parsing, for callers who hold a whole log as text: each line
// goes through JSON.parse and the envelope straight into the reducer, so
// the log is never held as events. A log out of sort order is parsed again
// and replayed the batch way, with the same result (`rereadOutOfOrder`).
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
import { rereadOutOfOrder } from "./reread_out_of_order.ts";

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
  return rereadOutOfOrder((assumeSorted) => {
    if (!assumeSorted) {
      return replayDossier(contract, parseEventStreamWith(schema, jsonl), null);
    }
    const reducer = createDossierReducerFor(contract, { assumeSorted });
    eachJsonlLine(jsonl, (line, lineNumber) => {
      const wellFormed = wellFormedJson(line);
      const event = eventOfLine(
        schema,
        jsonOfLine(line, lineNumber),
        lineNumber,
        wellFormed,
      );
      reducer[PUSH_WELL_FORMED](event, wellFormed);
    });
    return reducer.finish();
  });
}
