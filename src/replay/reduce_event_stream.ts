// Folding while parsing, for callers who hold a whole log as text: each line
// goes through JSON.parse and the envelope straight into the reducer, so
// the log is never held as events. A log out of sort order is parsed again
// and replayed the batch way, with the same result.
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

/** Thrown through the line loop when an event sorts before the last one. */
class _OutOfOrder extends Error {}

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
  const reducer = _createDossierReducer(contract, { assumeSorted: true });
  try {
    _eachJsonlLine(jsonl, (line, lineNumber) => {
      const wellFormed = _wellFormedJson(line);
      const event = _eventOfLine(
        schema,
        _jsonOfLine(line, lineNumber),
        lineNumber,
        wellFormed,
      );
      try {
        reducer[_PUSH_WELL_FORMED](event, wellFormed);
      } catch {
        // The only error an assumeSorted push throws on a parsed event.
        throw new _OutOfOrder();
      }
    });
  } catch (error) {
    if (!(error instanceof _OutOfOrder)) throw error;
    return _replayDossier(contract, _parseEventStream(schema, jsonl), null);
  }
  return reducer.finish();
}
