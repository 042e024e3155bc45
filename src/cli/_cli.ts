// The command line behind `cli.ts`: argument parsing, the four commands, and
// the exit codes (0 fine, 1 invalid input or drift, 2 wrong usage). Every
// effect goes through `_CliIo`, so tests can run it in-process. Both
// contracts run through the same commands; `_contracts.ts` chooses one.
import { _createDossierReducer } from "../replay/create_dossier_reducer.ts";
import type { DossierReduceReport } from "../replay/reduce_mission_dossier_with_report.ts";
import { _driftPayloads, diffDossiers } from "../parity/drift.ts";
import type { _State } from "../replay/_dossier_fold.ts";
import {
  _dossierStateJsonChunks,
  _parseDossierState,
} from "../replay/dossier_state_json.ts";
import { _safeParseEvent, type Event } from "../envelope/event_envelope.ts";
import { _eventOfLine, _jsonOfLine } from "../envelope/event_stream.ts";
import type { FieldIssue } from "../contract/_field_issue.ts";
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import { _validateEvent } from "../contract/validate_event.ts";
import { computeParityHash, evaluateParity } from "../parity/parity_hash.ts";
import {
  type _ContractJson,
  _parityJson,
  _rejectedJson,
} from "../parity/parity_report.ts";
import { type _Line, _Progress, _readLines } from "./_input.ts";
import {
  _CLI_CONTRACTS,
  type _CliContract,
  _CONTRACT_CHOICES,
  _ContractDecider,
  type _ContractDecision,
  _MixedContractsError,
} from "./_contracts.ts";
import {
  _issueText,
  _renderAccount,
  _renderDossier,
  _renderFindings,
  _renderHashCheckLine,
  _renderParity,
  _renderRejected,
  _renderReport,
  type _Style,
  _style,
} from "./_render.ts";
import { _versionLine } from "./_version.ts";

/** Everything the command line touches outside itself. */
export interface _CliIo {
  readonly stdin: ReadableStream<Uint8Array>;
  /** Writes to stdout. */
  readonly write: (text: string) => Promise<void>;
  /** Writes to stderr. */
  readonly writeError: (text: string) => void;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  /** True when the `NO_COLOR` environment variable is set and not empty. */
  readonly noColor: boolean;
  /** Opens a file as a byte stream. */
  readonly open: (path: string) => Promise<ReadableStream<Uint8Array>>;
  readonly readTextFile: (path: string) => Promise<string>;
  /** The clock, read only to date drift payloads. */
  readonly now: () => Date;
}

const _NAME = "dossier";

const _CONTRACT_HELP = `
  --contract <v>            2.4.0, 3.0.0 or auto (default): the first dossier
                            event decides (schema_version 3.x, a build_id or a
                            namespace with mission_slug: 3.0.0), and a stream
                            mixing both shapes is an error naming the line
  --accept-empty-build-id   read build_id "" as "unknown", the spec-kitty CLI's way
`;

const _HELP: Readonly<Record<string, string>> = {
  "": `${_NAME} — check, replay and compare Mission Dossier event logs (JSONL)

Usage:
  ${_NAME} <command> [options] <file|->
  ${_NAME} --version (or -V)          print the package's and the contract's versions

Commands:
  validate <file|->                  check every line: envelope, then both payload layers
  reduce [--json] [--report] <file|->
                                     replay the log into a dossier, and account for every event
  parity <file|->                    recompute the parity hash and compare it with the latest snapshot
  drift --baseline <state.json> [--payloads] <file|->
                                     compare the log's dossier with a stored one

Options of every command:
  --contract <2.4.0|3.0.0|auto>      the contract the stream is written in (default
                                     auto: the first dossier event decides; every
                                     current producer writes 3.0.0)
  --accept-empty-build-id            read build_id "" (what the spec-kitty CLI writes)
                                     as "unknown", as the CLI's own validator does

Input is a JSONL file, or - for standard input, read line by line.
Exit codes: 0 fine, 1 invalid input, drift or error, 2 wrong usage.
Colour only on a terminal, and never when NO_COLOR is set.
Run ${_NAME} <command> --help for the details of a command.
`,
  validate:
    `Usage: ${_NAME} validate [--contract <v>] [--accept-empty-build-id] <file|->

Checks every line of a JSONL event log: that it is JSON, that it is a valid
event envelope, and, for the four dossier event types, that the payload passes
both the Valibot schema and the committed JSON Schema (for contract 3.0.0,
also the reference's cutover gate on the envelope). Prints one line per
problem (line 12: payload.artifact_id.path: is required), then a summary.
A problem both layers find is printed once.
${_CONTRACT_HELP}
Exit codes: 0 every line valid, 1 a line is invalid, 2 wrong usage.
`,
  reduce:
    `Usage: ${_NAME} reduce [--json] [--report] [--contract <v>] [--accept-empty-build-id] <file|->

Replays a JSONL event log into its mission dossier: artifacts, anomalies,
latest snapshot, drift history and parity status, then one line that accounts
for every event: applied, duplicates (later copies of an id, dropped), ignored
(other event types) and rejected (dossier payloads that do not validate:
skipped but counted in event_count, as the reference does). Lines that are not
valid envelopes are errors.

Options:
  --json     print the canonical JSON of the state (what serializeDossierState
             writes, byte for byte the reference's) instead of the tables, and
             no account line, so that stdout stays that JSON
  --report   after the account, list each rejected event (line, event id, type,
             and every field path with its problem), each duplicate (with the
             line of the copy kept) and the ignored types; with --json, the
             account and this list go to stderr
${_CONTRACT_HELP}
Dossier events that were read but none applied (every payload rejected) are an
error, never an empty dossier: the message says why.

Exit codes: 0 reduced, 1 unreadable input, mixed namespaces or nothing applied,
2 wrong usage.
`,
  parity:
    `Usage: ${_NAME} parity [--json] [--allow-rejected] [--contract <v>] [--accept-empty-build-id] <file|->

Replays the log and makes the hash check the producer makes: is the latest
snapshot's hash the hash of what its index run indexed? It names the stale
artifacts (the state still holds them; that run did not index them: deleted,
renamed or unreadable) and, apart from the hash check, the drift events the
state recorded (what makes its parity_status "drifted", for good). A bare
64-hex snapshot hash (written before mid-2026) is checked with the retired
formula. Rejected events are counted and listed before the verdict.

Options:
  --json             print one JSON object instead (see the README)
  --allow-rejected   do not fail on rejected events (by default they make the
                     command exit 1: a gate must not pass on input it could
                     not read)
${_CONTRACT_HELP}
Exit codes: 0 clean or no snapshot yet, 1 drifted, rejected events or error,
2 wrong usage.
`,
  drift:
    `Usage: ${_NAME} drift --baseline <state.json> [--payloads] [--json] [--allow-rejected] [--contract <v>] [--accept-empty-build-id] <file|->

Replays the log and lists how its dossier differs from a stored one (the
canonical JSON that reduce --json prints): artifacts added, removed or
mutated, anomalies introduced or resolved, manifest version changed. An
artifact the producer no longer has (superseded, or not indexed again by the
latest snapshot's run) counts as removed. Rejected events are counted and
listed before the findings.

Options:
  --baseline <state.json>   the stored dossier to compare with (required)
  --payloads                print one MissionDossierParityDriftDetected payload
                            per finding, as JSONL, instead of the list
  --json                    print one JSON object instead (see the README)
  --allow-rejected          do not fail on rejected events (default: exit 1)
${_CONTRACT_HELP}
Exit codes: 0 no drift, 1 drift found, rejected events or error, 2 wrong usage.
`,
};

const _CONTRACT_FLAGS = ["--contract", "--accept-empty-build-id"];

const _FLAGS: Readonly<Record<string, readonly string[]>> = {
  validate: _CONTRACT_FLAGS,
  reduce: ["--json", "--report", ..._CONTRACT_FLAGS],
  parity: ["--json", "--allow-rejected", ..._CONTRACT_FLAGS],
  drift: [
    "--baseline",
    "--payloads",
    "--json",
    "--allow-rejected",
    ..._CONTRACT_FLAGS,
  ],
};

/** The flags that take a value. */
const _VALUE_FLAGS: Readonly<Record<string, string>> = {
  "--baseline": "a file path",
  "--contract": `one of ${_CONTRACT_CHOICES.join(", ")}`,
};

/** A wrong command line: exit 2 with a one-line reason. */
class _UsageError extends Error {}

interface _Command {
  readonly name: string;
  readonly help: boolean;
  readonly input: string;
  readonly json: boolean;
  readonly report: boolean;
  readonly payloads: boolean;
  readonly baseline: string | null;
  /** `2.4.0`, `3.0.0` or `auto`. */
  readonly contract: string;
  readonly acceptEmptyBuildId: boolean;
  readonly allowRejected: boolean;
}

/** Parses the arguments; `null` means the top-level help was asked for. */
function _parseArgs(args: readonly string[]): _Command | null {
  const [name, ...rest] = args;
  if (name === undefined) throw new _UsageError("missing command");
  if (name === "--help" || name === "-h" || name === "help") return null;
  if (name === "--version" || name === "-V") {
    throw new _UsageError(`${name} takes no arguments`);
  }
  const allowed = _FLAGS[name];
  if (allowed === undefined || !Object.hasOwn(_FLAGS, name)) {
    throw new _UsageError(
      `unknown command ${JSON.stringify(name)}; the commands are ${
        Object.keys(_FLAGS).join(", ")
      }`,
    );
  }
  const seeHelp = ` for ${name}`;
  const inputs: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let help = false;
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index];
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "-" || !arg.startsWith("-")) inputs.push(arg);
    else {
      const equals = arg.indexOf("=");
      const flag = equals === -1 ? arg : arg.slice(0, equals);
      if (!allowed.includes(flag)) {
        throw new _UsageError(
          `unknown option ${JSON.stringify(arg)}${seeHelp}`,
        );
      }
      if (Object.hasOwn(_VALUE_FLAGS, flag)) {
        const value = equals === -1 ? rest[++index] : arg.slice(equals + 1);
        if (value === undefined || value === "") {
          throw new _UsageError(`${flag} needs ${_VALUE_FLAGS[flag]}`);
        }
        values.set(flag, value);
      } else if (equals !== -1) {
        throw new _UsageError(`option ${flag} takes no value${seeHelp}`);
      }
      flags.add(flag);
    }
  }
  const contract = values.get("--contract") ?? "auto";
  if (!_CONTRACT_CHOICES.includes(contract)) {
    throw new _UsageError(
      `--contract must be ${_VALUE_FLAGS["--contract"]}: received ${
        JSON.stringify(contract)
      }`,
    );
  }
  const baseline = values.get("--baseline") ?? null;
  if (!help) {
    if (inputs.length === 0) {
      throw new _UsageError(`missing input file (or - for stdin)${seeHelp}`);
    }
    if (inputs.length > 1) {
      throw new _UsageError(
        `expected one input, received ${inputs.length}: ${inputs.join(" ")}`,
      );
    }
    if (name === "drift" && baseline === null) {
      throw new _UsageError("drift needs --baseline <state.json>");
    }
  }
  return {
    name,
    help,
    input: inputs[0] ?? "-",
    json: flags.has("--json"),
    report: flags.has("--report"),
    payloads: flags.has("--payloads"),
    baseline,
    contract,
    acceptEmptyBuildId: flags.has("--accept-empty-build-id"),
    allowRejected: flags.has("--allow-rejected"),
  };
}

/** What a command needs while it runs. */
interface _Context {
  readonly io: _CliIo;
  readonly style: _Style;
  readonly progress: _Progress;
  readonly command: _Command;
}

async function _open(
  input: string,
  context: _Context,
): Promise<ReadableStream<Uint8Array>> {
  if (input === "-") return context.io.stdin;
  try {
    return await context.io.open(input);
  } catch (error) {
    throw new Error(
      `Cannot open input ${JSON.stringify(input)}: ${(error as Error).message}`,
    );
  }
}

async function* _lines(
  input: string,
  context: _Context,
): AsyncGenerator<_Line[]> {
  const bytes = await _open(input, context);
  yield* _readLines(bytes, (count) => context.progress.addBytes(count));
}

/** One line's JSON value, with its number. */
interface _Value {
  readonly value: unknown;
  readonly number: number;
}

/**
 * The JSON values of the input's lines, in batches, each batch handed over
 * only once the contract is decided (in auto mode, lines before the first
 * dossier event wait for it), with the decision made.
 */
async function* _decidedValues(
  input: string,
  context: _Context,
  decider: _ContractDecider,
): AsyncGenerator<_Value[]> {
  let waiting: _Value[] = [];
  for await (const batch of _lines(input, context)) {
    const values: _Value[] = [];
    for (const line of batch) {
      const value = _jsonOfLine(line.text, line.number);
      decider.observe(value, line.number);
      values.push({ value, number: line.number });
    }
    if (decider.decision === null) {
      waiting.push(...values);
      continue;
    }
    if (waiting.length > 0) {
      values.unshift(...waiting);
      waiting = [];
    }
    yield values;
  }
  decider.finish();
  if (waiting.length > 0) yield waiting;
}

/** The contract a decision names. */
function _chosen(decision: _ContractDecision): _CliContract {
  return _CLI_CONTRACTS[decision.version];
}

/** The envelope schema of a decision, with `--accept-empty-build-id` applied. */
function _envelopeSchema(decision: _ContractDecision, command: _Command) {
  const { contract } = _chosen(decision);
  return command.acceptEmptyBuildId
    ? contract.envelopeAcceptingEmptyBuildId
    : contract.envelope;
}

/** Signals that an `assumeSorted` fold met an event out of order. */
class _OutOfOrder extends Error {}

/** Pushes every line's event; `lines` gets the line number of each. */
async function _fold(
  input: string,
  context: _Context,
  decider: _ContractDecider,
  push: (event: Event, decision: _ContractDecision) => void,
  lines: number[] | null,
): Promise<void> {
  let events = 0;
  for await (const batch of _decidedValues(input, context, decider)) {
    const decision = decider.decision!;
    const schema = _envelopeSchema(decision, context.command);
    for (const { value, number } of batch) {
      const event = _eventOfLine(schema, value, number);
      try {
        push(event, decision);
      } catch (error) {
        // The only error an assumeSorted push throws on a parsed event.
        throw new _OutOfOrder(String(error));
      }
      lines?.push(number);
    }
    events += batch.length;
    context.progress.update(events);
  }
  context.progress.clear();
}

/** A reduced input, with the account of its events when asked for. */
interface _Reduction {
  readonly state: _State;
  readonly report: DossierReduceReport | null;
  /** The line number of each event, by its index in the report. */
  readonly lines: readonly number[];
  /** The contract it was read with, and how that was chosen. */
  readonly contract: _ContractDecision;
}

/** Reduces the input once, in sort order or not. */
async function _reduceOnce(
  input: string,
  context: _Context,
  options: { readonly assumeSorted: boolean; readonly report: boolean },
): Promise<_Reduction> {
  const decider = new _ContractDecider(context.command.contract);
  // Made once the contract is known: from the first batch of events on.
  let reducer: ReturnType<typeof _createDossierReducer> | null = null;
  const reducerFor = (decision: _ContractDecision) =>
    reducer ??= _createDossierReducer(_chosen(decision).contract, options);
  const lines: number[] = [];
  await _fold(
    input,
    context,
    decider,
    (event, decision) => reducerFor(decision).push(event),
    options.report ? lines : null,
  );
  const contract = decider.finish();
  const reduced = reducerFor(contract);
  if (!options.report) {
    return { state: reduced.finish(), report: null, lines: [], contract };
  }
  return { ...reduced.finishWithReport(), lines, contract };
}

/** True when dossier events were folded and none of them changed the state. */
function _nothingApplied(state: _State): boolean {
  return state.event_count > 0 && state.artifacts.size === 0 &&
    state.anomalies.length === 0 && state.latest_snapshot === null &&
    state.drift_history.length === 0;
}

/**
 * Reduces the input. A file is folded as it is read, holding only the fold
 * state; if its events turn out not to be in sort order, it is read a second
 * time and reduced exactly. Standard input cannot be read twice, so its
 * events are kept (and accounted for, for the reason below). When dossier
 * events were read and none applied, this throws with the reason (from the
 * report; a file is read again to make one), never returns an empty dossier.
 */
async function _reduceInput(
  input: string,
  context: _Context,
  report = false,
): Promise<_Reduction> {
  let reduction: _Reduction;
  if (input === "-") {
    reduction = await _reduceOnce(input, context, {
      assumeSorted: false,
      report: true,
    });
  } else {
    try {
      reduction = await _reduceOnce(input, context, {
        assumeSorted: true,
        report,
      });
    } catch (error) {
      if (!(error instanceof _OutOfOrder)) throw error;
      context.progress.clear();
      reduction = await _reduceOnce(input, context, {
        assumeSorted: false,
        report,
      });
    }
  }
  if (!_nothingApplied(reduction.state)) return reduction;
  const accounted = reduction.report !== null
    ? reduction
    : await _reduceOnce(input, context, { assumeSorted: false, report: true });
  throw new Error(`Cannot reduce the stream: ${accounted.report!.hint!}`);
}

/** `line 12: payload.artifact_id.path: is required`. */
function _problem(line: number, issue: FieldIssue, prefix: string): string {
  const path = issue.path === ""
    ? prefix === "" ? "(envelope)" : prefix
    : prefix === ""
    ? issue.path
    : issue.path.startsWith("[")
    ? prefix + issue.path
    : `${prefix}.${issue.path}`;
  return `line ${line}: ${_issueText({ ...issue, path })}`;
}

/** The problems of one line's JSON value, or an empty list when it is valid. */
function _lineProblems(
  value: unknown,
  number: number,
  decision: _ContractDecision,
  command: _Command,
): string[] {
  const envelope = _safeParseEvent(_envelopeSchema(decision, command), value);
  if (!envelope.success) {
    return envelope.issues.map((issue) => _problem(number, issue, ""));
  }
  const event = envelope.output;
  if (!DOSSIER_EVENT_TYPES.has(event.event_type)) return [];
  const { validation } = _chosen(decision);
  // Contract 3.0.0's validation unwraps the envelope and runs the cutover
  // gate on it; 2.4.0's checks the payload alone.
  const result = validation.cutover
    ? _validateEvent(validation, value, event.event_type)
    : _validateEvent(validation, event.payload, event.event_type);
  const problems = result.modelViolations.map((issue) =>
    _problem(
      number,
      issue,
      issue.type === "cutover_policy" ? "" : "payload",
    )
  );
  const reported = new Set(result.modelViolations.map((issue) => issue.path));
  for (const violation of result.schemaViolations) {
    // Layer 2 adds a line only where layer 1 saw nothing at that place.
    const covered = [...reported].some((path) =>
      path === violation.path || path.startsWith(`${violation.path}.`) ||
      path.startsWith(`${violation.path}[`) || violation.path === ""
    );
    if (covered && reported.size > 0) continue;
    problems.push(
      `line ${number}: ${
        violation.path === "" ? "payload" : `payload.${violation.path}`
      }: ${violation.message} (JSON Schema ${violation.keyword})`,
    );
  }
  return problems;
}

function _plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/** A line of `validate`: its JSON value, or the problems found before one. */
interface _ValidateItem {
  readonly number: number;
  readonly value?: unknown;
  readonly problems?: readonly string[];
}

async function _validate(
  command: _Command,
  context: _Context,
): Promise<number> {
  const { io, style } = context;
  const decider = new _ContractDecider(command.contract);
  let lines = 0;
  let invalid = 0;
  let problems = 0;
  // In auto mode, lines before the first dossier event wait for it.
  let waiting: _ValidateItem[] = [];
  const check = (items: readonly _ValidateItem[]): string => {
    let out = "";
    for (const item of items) {
      const found = item.problems ??
        _lineProblems(item.value, item.number, decider.decision!, command);
      lines++;
      if (found.length === 0) continue;
      invalid++;
      problems += found.length;
      out += found.join("\n") + "\n";
    }
    return out;
  };
  for await (const batch of _lines(command.input, context)) {
    const items: _ValidateItem[] = [];
    for (const line of batch) {
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (error) {
        items.push({
          number: line.number,
          problems: [
            `line ${line.number}: not JSON (${(error as Error).message})`,
          ],
        });
        continue;
      }
      try {
        decider.observe(value, line.number);
        items.push({ number: line.number, value });
      } catch (error) {
        if (!(error instanceof _MixedContractsError)) throw error;
        items.push({ number: line.number, problems: [error.detail] });
      }
    }
    if (decider.decision === null) {
      waiting.push(...items);
      continue;
    }
    const out = check([...waiting, ...items]);
    waiting = [];
    context.progress.update(lines);
    if (out !== "") {
      context.progress.clear();
      await io.write(out);
    }
  }
  decider.finish();
  const rest = check(waiting);
  context.progress.clear();
  if (rest !== "") await io.write(rest);
  const verdict = invalid === 0
    ? style.green(`all ${_plural(lines, "line")} valid`)
    : style.red(
      `${_plural(invalid, "invalid line")} of ${lines} (${
        _plural(problems, "problem")
      })`,
    );
  await io.write(
    `${verdict} ${style.dim(`(contract ${_describe(decider.decision!)})`)}\n`,
  );
  return invalid === 0 ? 0 : 1;
}

/** `3.0.0, detected from line 1`, and with `why` the marker: `(a build_id)`. */
function _describe(decision: _ContractDecision, why = false): string {
  return `${decision.version}, ${decision.how}${
    why && decision.reason !== null ? ` (${decision.reason})` : ""
  }`;
}

async function _reduce(command: _Command, context: _Context): Promise<number> {
  const { io, style } = context;
  // With --json, stdout is the canonical JSON alone: the account goes to
  // stderr, and only when --report asks for it.
  const account = command.report || !command.json;
  const { state, report, lines, contract } = await _reduceInput(
    command.input,
    context,
    account,
  );
  const accountText = (accountStyle: _Style): string =>
    _renderAccount(report!, accountStyle, !command.report) +
    (command.report ? _renderReport(report!, lines, accountStyle) : "");
  const { contract: chosen } = _chosen(contract);
  if (!command.json) {
    const evaluation = await evaluateParity(state);
    await io.write(
      `${_renderDossier(state, chosen, style, _describe(contract, true))}${
        _renderHashCheckLine(evaluation, style)
      }\n\n${accountText(style)}`,
    );
    return 0;
  }
  await _writeStateJson(state, chosen, io);
  if (account) {
    io.writeError(accountText(_style(io.stderrIsTerminal && !io.noColor)));
  }
  return 0;
}

/**
 * Writes the canonical JSON of a state in 64 KiB writes: a state reduced
 * from a million events is tens of megabytes, never held as one string.
 */
async function _writeStateJson(
  state: _State,
  contract: _CliContract["contract"],
  io: _CliIo,
): Promise<void> {
  let buffer = "";
  for (const chunk of _dossierStateJsonChunks(contract, state)) {
    buffer += chunk;
    if (buffer.length >= 65536) {
      await io.write(buffer);
      buffer = "";
    }
  }
  await io.write(`${buffer}\n`);
}

/** The contract of a reduction as the JSON outputs write it. */
function _contractJson(decision: _ContractDecision): _ContractJson {
  return {
    version: decision.version,
    how: decision.how,
    reason: decision.reason,
  };
}

/**
 * Rejected events make `parity` and `drift` fail unless --allow-rejected:
 * a gate must not pass on input it could not read. Says so on stderr.
 */
function _failOnRejected(
  report: DossierReduceReport,
  context: _Context,
): boolean {
  const rejected = report.counts.rejected;
  if (rejected === 0 || context.command.allowRejected) return false;
  context.io.writeError(
    `${_NAME} ${context.command.name}: Cannot pass: ${rejected} dossier ${
      rejected === 1 ? "event was" : "events were"
    } rejected, so the verdict covers only what could be read (--allow-rejected lets it pass)\n`,
  );
  return true;
}

async function _parity(command: _Command, context: _Context): Promise<number> {
  const { state, report, lines, contract } = await _reduceInput(
    command.input,
    context,
    true,
  );
  const evaluation = await evaluateParity(state);
  // The snapshot's line: the report maps each event's input position to it.
  const snapshotLine = evaluation.snapshotIndex === null
    ? null
    : lines[evaluation.snapshotIndex] ?? null;
  if (command.json) {
    await context.io.write(
      JSON.stringify(
        _parityJson(
          evaluation,
          state.parity_status,
          _contractJson(contract),
          report!,
          lines,
        ),
      ) + "\n",
    );
  } else {
    const { style } = context;
    await context.io.write(
      _renderAccount(report!, style, false) +
        _renderRejected(report!, lines, style) +
        _renderParity(
          evaluation,
          style,
          evaluation.snapshotEventId === null ? null : {
            eventId: evaluation.snapshotEventId,
            line: snapshotLine,
          },
        ) +
        style.dim(`  contract    ${_describe(contract, true)}`) + "\n",
    );
  }
  const failed = _failOnRejected(report!, context);
  return evaluation.status === "drifted" || failed ? 1 : 0;
}

async function _readBaselineText(path: string, io: _CliIo): Promise<string> {
  try {
    return await io.readTextFile(path);
  } catch (error) {
    throw new Error(
      `Cannot open baseline ${JSON.stringify(path)}: ${
        (error as Error).message
      }`,
    );
  }
}

/** Reads the baseline with the stream's contract; says so when it is the other's. */
function _parseBaseline(
  path: string,
  text: string,
  decision: _ContractDecision,
): _State {
  const { contract } = _chosen(decision);
  try {
    return _parseDossierState(contract, text);
  } catch (error) {
    let other = "";
    try {
      _parseDossierState(_CLI_CONTRACTS[contract.other.version].contract, text);
      other =
        ` (it is a contract ${contract.other.version} state; the stream is contract ${contract.version})`;
    } catch {
      // Not the other contract's either: the first error says why.
    }
    throw new Error(
      `Cannot read baseline ${JSON.stringify(path)}: ${
        (error as Error).message
      }${other}`,
    );
  }
}

async function _drift(command: _Command, context: _Context): Promise<number> {
  const text = await _readBaselineText(command.baseline!, context.io);
  const { state: current, report, lines, contract } = await _reduceInput(
    command.input,
    context,
    true,
  );
  const baseline = _parseBaseline(command.baseline!, text, contract);
  const findings = diffDossiers(baseline, current);
  const payloads = command.payloads && findings.length > 0
    ? await _payloadsOf(findings, baseline, current, contract, context)
    : [];
  const { style } = context;
  if (command.json) {
    await context.io.write(
      JSON.stringify({
        drift: findings.length > 0,
        findings,
        ...(command.payloads ? { payloads } : {}),
        contract: _contractJson(contract),
        events: report!.counts,
        rejected: _rejectedJson(report!, lines),
      }) + "\n",
    );
  } else if (command.payloads) {
    context.io.writeError(_renderRejected(report!, lines, _style(false)));
    if (payloads.length > 0) {
      await context.io.write(
        payloads.map((payload) => JSON.stringify(payload)).join("\n") + "\n",
      );
    }
  } else {
    await context.io.write(
      _renderRejected(report!, lines, style) +
        _renderFindings(findings, style),
    );
  }
  const failed = _failOnRejected(report!, context);
  return findings.length > 0 || failed ? 1 : 0;
}

/** The drift payloads of the findings, dated now. */
async function _payloadsOf(
  findings: ReturnType<typeof diffDossiers>,
  baseline: _State,
  current: _State,
  contract: _ContractDecision,
  context: _Context,
): Promise<unknown[]> {
  const namespace = current.namespace ?? baseline.namespace;
  if (namespace === null) {
    throw new Error(
      "Cannot build drift payloads: neither the baseline nor the stream has a valid namespace",
    );
  }
  return _driftPayloads(_chosen(contract).contract, findings, {
    namespace,
    expectedHash: await computeParityHash(baseline),
    actualHash: await computeParityHash(current),
    detectedAt: context.io.now().toISOString(),
  });
}

const _RUN: Readonly<
  Record<string, (command: _Command, context: _Context) => Promise<number>>
> = { validate: _validate, reduce: _reduce, parity: _parity, drift: _drift };

/**
 * Runs the command line and returns its exit code. Errors are written to
 * stderr as one message, never as a stack trace.
 */
export async function _runCli(
  args: readonly string[],
  io: _CliIo,
): Promise<number> {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
    await io.write(_versionLine(_NAME));
    return 0;
  }
  let command: _Command | null;
  try {
    command = _parseArgs(args);
  } catch (error) {
    const help = args[0] !== undefined && Object.hasOwn(_FLAGS, args[0])
      ? `${_NAME} ${args[0]} --help`
      : `${_NAME} --help`;
    io.writeError(
      `${_NAME}: ${(error as Error).message} (run ${help})\n`,
    );
    return 2;
  }
  if (command === null || command.help) {
    await io.write(_HELP[command?.name ?? ""]);
    return 0;
  }
  const context: _Context = {
    io,
    style: _style(io.stdoutIsTerminal && !io.noColor),
    progress: new _Progress(io.writeError, io.stderrIsTerminal),
    command,
  };
  try {
    return await _RUN[command.name](command, context);
  } catch (error) {
    context.progress.clear();
    const message = error instanceof Error ? error.message : String(error);
    io.writeError(`${_NAME} ${command.name}: ${message}\n`);
    return 1;
  }
}
