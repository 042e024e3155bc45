// Folding while parsing, for callers who hold a whole log as text: each line
// goes through JSON.parse and the envelope straight into the reducer, so
// the log is never held as events. A log out of sort order is parsed again
// and replayed the batch way, with the same result (`rereadOutOfOrder`).
import type * as v from "valibot";
import type { _DossierContract } from "../contract/dossier_contract.ts";
import type { Event } from "../envelope/event_envelope.ts";
import {
  _eachJsonlLine,
  _eventOfLine,
  _jsonOfLine,
  _notJsonlText,
  _parseEventStream,
  _wellFormedJson,
} from "../envelope/event_stream.ts";
import type { _State } from "./_dossier_fold.ts";
import {
  _createDossierReducer,
  _PUSH_WELL_FORMED,
} from "./create_dossier_reducer.ts";
import { _replayDossier } from "./reduce_mission_dossier.ts";
import { rereadOutOfOrder } from "./reread_out_of_order.ts";

/**
 * Reduces a JSONL log with an envelope schema: the result, and every error,
 * of replaying `parseEventStream(jsonl)` with the contract's reducer.
 */
export function _reduceEventStream(
  contract: _DossierContract,
  schema: v.GenericSchema<unknown, Event>,
  jsonl: string,
): _State {
  if (typeof jsonl !== "string") {
    _notJsonlText("Cannot reduce event stream", jsonl);
  }
  return rereadOutOfOrder((assumeSorted) => {
    if (!assumeSorted) {
      return _replayDossier(contract, _parseEventStream(schema, jsonl), null);
    }
    const reducer = _createDossierReducer(contract, { assumeSorted });
    _eachJsonlLine(jsonl, (line, lineNumber) => {
      const wellFormed = _wellFormedJson(line);
      const event = _eventOfLine(
        schema,
        _jsonOfLine(line, lineNumber),
        lineNumber,
        wellFormed,
      );
      reducer[_PUSH_WELL_FORMED](event, wellFormed);
    });
    return reducer.finish();
  });
}
