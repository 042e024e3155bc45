// Reducing a command's input: a file is folded as it is read, holding only
// the fold state, and read a second time when its events turn out not to
// be in sort order (`rereadOutOfOrder`); standard input, which cannot be
// read twice, is kept. What `reduce`, `parity` and `drift` share: the
// reduction, the canonical JSON written in chunks, and the gate on
// rejected events.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import type { ContractDecision } from "../contract/contract_decider.ts";
import type { LineLookup } from "../parity/parity_report.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import {
  createDossierReducerFor,
  PUSH_WELL_FORMED,
} from "../replay/create_dossier_reducer.ts";
import { dossierStateJsonChunks } from "../replay/dossier_state_json.ts";
import { NamespaceMixedStreamError } from "../contract/namespace_mixed_stream_error.ts";
import type { DossierReduceReport } from "../replay/reduce_mission_dossier_with_report.ts";
import { rereadOutOfOrder } from "../replay/reread_out_of_order.ts";
import { eventOfLine, wellFormedJson } from "../envelope/event_stream.ts";
import type { CommandIo } from "./cli_io.ts";
import type { InputOptions } from "./command.ts";
import { contractDecider, contractOf } from "./contract_choice.ts";
import { LineNumbers } from "./line_numbers.ts";
import { mixedNamespaceMessage } from "./messages.ts";
import { decidedValues, envelopeSchemaOf } from "./read_input.ts";
import { issueText } from "./render_account.ts";

/** A reduced input, with the account of its events when asked for. */
export interface Reduction {
  readonly state: FoldState;
  readonly report: DossierReduceReport | null;
  /** The line number of each event, by its index in the report. */
  readonly lines: LineLookup;
  /** The contract it was read with, and how that was chosen. */
  readonly contract: ContractDecision;
}

/** Reduces the input once, in sort order or not. */
async function _reduceOnce(
  input: InputOptions,
  io: CommandIo,
  options: { readonly assumeSorted: boolean; readonly report: boolean },
): Promise<Reduction> {
  const decider = contractDecider(input.contract);
  // Made once the contract is known: from the first batch of events on.
  let reducer: ReturnType<typeof createDossierReducerFor> | null = null;
  // The line of each event pushed: a report and a mixed stream name lines.
  const lines = new LineNumbers();
  let events = 0;
  for await (const batch of decidedValues(input, io, decider)) {
    const decision = decider.decision!;
    reducer ??= createDossierReducerFor(contractOf(decision), options);
    const schema = envelopeSchemaOf(decision, input);
    for (const { value, number, text } of batch) {
      const wellFormed = wellFormedJson(text);
      const event = eventOfLine(schema, value, number, wellFormed);
      reducer[PUSH_WELL_FORMED](event, wellFormed);
      lines.push(number);
    }
    events += batch.length;
    io.progress.update(events);
  }
  io.progress.clear();
  const contract = decider.finish();
  const reduced = reducer ??
    createDossierReducerFor(contractOf(contract), options);
  try {
    if (!options.report) {
      return { state: reduced.finish(), report: null, lines, contract };
    }
    return { ...reduced.finishWithReport(), lines, contract };
  } catch (error) {
    if (!(error instanceof NamespaceMixedStreamError)) throw error;
    const hint = io.command === "drift"
      ? "dossier partition splits it into one file per namespace"
      : "dossier partition splits it into one file per namespace, and --by-namespace reads each on its own";
    throw new Error(
      mixedNamespaceMessage(
        error,
        error.index === null ? null : lines.at(error.index) ?? null,
        hint,
      ),
    );
  }
}

/** True when dossier events were folded and none of them changed the state. */
function _nothingApplied(state: FoldState): boolean {
  return state.event_count > 0 && state.artifacts.size === 0 &&
    state.anomalies.length === 0 && state.latest_snapshot === null &&
    state.drift_history.length === 0;
}

/**
 * Reduces the input (see the top of this file). When dossier events were
 * read and none applied, this throws with the reason (from the report; a
 * file is read again to make one), never returns an empty dossier.
 *
 * @param input The input and its options.
 * @param io The command's io.
 * @param report Whether to account for every event.
 * @returns The reduction.
 * @throws {Error} When the input cannot be read or reduced, with the one
 * line the command shows.
 */
export async function reduceInput(
  input: InputOptions,
  io: CommandIo,
  report = false,
): Promise<Reduction> {
  const reduction = input.path === "-"
    ? await _reduceOnce(input, io, { assumeSorted: false, report: true })
    : await rereadOutOfOrder((assumeSorted) => {
      if (!assumeSorted) io.progress.restart();
      return _reduceOnce(input, io, { assumeSorted, report });
    });
  if (!_nothingApplied(reduction.state)) return reduction;
  const accounted = reduction.report !== null
    ? reduction
    : await _reduceOnce(input, io, { assumeSorted: false, report: true });
  throw new Error(`Cannot reduce the stream: ${accounted.report!.hint!}`);
}

/**
 * Writes the canonical JSON of a state in 64 KiB writes: a state reduced
 * from a million events is tens of megabytes, never held as one string.
 *
 * @param state The state.
 * @param contract Its contract.
 * @param write Writes text as it is.
 */
export async function writeStateJson(
  state: FoldState,
  contract: ParsingContract,
  write: (text: string) => Promise<void>,
): Promise<void> {
  let buffer = "";
  for (const chunk of dossierStateJsonChunks(contract, state)) {
    buffer += chunk;
    if (buffer.length >= 65536) {
      await write(buffer);
      buffer = "";
    }
  }
  await write(`${buffer}\n`);
}

/**
 * Rejected events make `parity` and `drift` fail unless `--allow-rejected`:
 * a gate must not pass on input it could not read. Says so on stderr.
 *
 * @param report The account of the reduction.
 * @param io The command's io.
 * @param allowRejected `--allow-rejected`.
 * @param unlisted The lines, when the output does not list the rejected
 * events: the message then names the first.
 * @returns True when the command must fail.
 */
export function failOnRejected(
  report: DossierReduceReport,
  io: CommandIo,
  allowRejected: boolean,
  unlisted: LineLookup | null = null,
): boolean {
  const rejected = report.counts.rejected;
  if (rejected === 0 || allowRejected) return false;
  const first = report.rejected[0];
  const which = unlisted === null
    ? ""
    : ` (the first, line ${unlisted.at(first.index)}: ${first.eventId}: ${
      issueText(first.issues[0])
    })`;
  io.writeError(
    `dossier ${io.command}: Cannot pass: ${rejected} dossier ${
      rejected === 1 ? "event was" : "events were"
    } rejected${which}, so the verdict covers only what could be read (--allow-rejected lets it pass)\n`,
  );
  return true;
}
