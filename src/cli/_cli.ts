// The command line behind `cli.ts`: argument parsing, the four commands, and
// the exit codes (0 fine, 1 invalid input or drift, 2 wrong usage). Every
// effect goes through `_CliIo`, so tests can run it in-process.
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import {
  createDossierReducer,
  type DossierReducer,
} from "../replay/create_dossier_reducer.ts";
import type { DossierReduceReport } from "../replay/reduce_mission_dossier_with_report.ts";
import { diffDossiers, driftPayloads } from "../parity/drift.ts";
import type { MissionDossierState } from "../replay/dossier_state.ts";
import {
  _dossierStateJsonChunks,
  parseDossierState,
} from "../replay/dossier_state_json.ts";
import { safeParseEvent } from "../envelope/event_envelope.ts";
import { _parseEventLine } from "../envelope/event_stream.ts";
import type { FieldIssue } from "../contract/_field_issue.ts";
import { computeParityHash, evaluateParity } from "../parity/parity_hash.ts";
import { validateEvent } from "../contract/validate_event.ts";
import { type _Line, _Progress, _readLines } from "./_input.ts";
import {
  _issueText,
  _renderAccount,
  _renderDossier,
  _renderFindings,
  _renderParity,
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

Input is a JSONL file, or - for standard input, read line by line.
Exit codes: 0 fine, 1 invalid input, drift or error, 2 wrong usage.
Colour only on a terminal, and never when NO_COLOR is set.
Run ${_NAME} <command> --help for the details of a command.
`,
  validate: `Usage: ${_NAME} validate <file|->

Checks every line of a JSONL event log: that it is JSON, that it is a valid
event envelope, and, for the four dossier event types, that the payload passes
both the Valibot schema and the committed JSON Schema. Prints one line per
problem (line 12: payload.artifact_id.path: is required), then a summary.
A problem both layers find is printed once.

Exit codes: 0 every line valid, 1 a line is invalid, 2 wrong usage.
`,
  reduce: `Usage: ${_NAME} reduce [--json] [--report] <file|->

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

Exit codes: 0 reduced, 1 unreadable input or mixed namespaces, 2 wrong usage.
`,
  parity: `Usage: ${_NAME} parity <file|->

Replays the log, recomputes the dossier's parity hash from its live artifacts
and compares it with the latest snapshot's hash.

Exit codes: 0 clean or no snapshot yet, 1 drifted or error, 2 wrong usage.
`,
  drift: `Usage: ${_NAME} drift --baseline <state.json> [--payloads] <file|->

Replays the log and lists how its dossier differs from a stored one (the
canonical JSON that reduce --json prints): artifacts added, removed or
mutated, anomalies introduced or resolved, manifest version changed.

Options:
  --baseline <state.json>   the stored dossier to compare with (required)
  --payloads                print one MissionDossierParityDriftDetected payload
                            per finding, as JSONL, instead of the list

Exit codes: 0 no drift, 1 drift found or error, 2 wrong usage.
`,
};

const _FLAGS: Readonly<Record<string, readonly string[]>> = {
  validate: [],
  reduce: ["--json", "--report"],
  parity: [],
  drift: ["--baseline", "--payloads"],
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
  let baseline: string | null = null;
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
      if (flag === "--baseline") {
        const value = equals === -1 ? rest[++index] : arg.slice(equals + 1);
        if (value === undefined || value === "") {
          throw new _UsageError("--baseline needs a file path");
        }
        baseline = value;
      } else if (equals !== -1) {
        throw new _UsageError(`option ${flag} takes no value${seeHelp}`);
      }
      flags.add(flag);
    }
  }
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
  };
}

/** What a command needs while it runs. */
interface _Context {
  readonly io: _CliIo;
  readonly style: _Style;
  readonly progress: _Progress;
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

/** Signals that an `assumeSorted` fold met an event out of order. */
class _OutOfOrder extends Error {}

/** Pushes every line's event; `lines` gets the line number of each. */
async function _fold(
  input: string,
  reducer: DossierReducer,
  context: _Context,
  lines: number[] | null,
): Promise<void> {
  let events = 0;
  for await (const batch of _lines(input, context)) {
    for (const line of batch) {
      const event = _parseEventLine(line.text, line.number);
      try {
        reducer.push(event);
      } catch (error) {
        // The only error an assumeSorted push throws on a parsed event.
        throw new _OutOfOrder(String(error));
      }
      lines?.push(line.number);
    }
    events += batch.length;
    context.progress.update(events);
  }
  context.progress.clear();
}

/** A reduced input, with the account of its events when asked for. */
interface _Reduction {
  readonly state: MissionDossierState;
  readonly report: DossierReduceReport | null;
  /** The line number of each event, by its index in the report. */
  readonly lines: readonly number[];
}

/** Reduces the input once, in sort order or not. */
async function _reduceOnce(
  input: string,
  context: _Context,
  options: { readonly assumeSorted: boolean; readonly report: boolean },
): Promise<_Reduction> {
  const { assumeSorted, report } = options;
  if (!report) {
    const reducer = createDossierReducer({ assumeSorted });
    await _fold(input, reducer, context, null);
    return { state: reducer.finish(), report: null, lines: [] };
  }
  const reducer = createDossierReducer({ assumeSorted, report });
  const lines: number[] = [];
  await _fold(input, reducer, context, lines);
  return { ...reducer.finishWithReport(), lines };
}

/**
 * Reduces the input. A file is folded as it is read, holding only the fold
 * state; if its events turn out not to be in sort order, it is read a second
 * time and reduced exactly. Standard input cannot be read twice, so its
 * events are kept.
 */
async function _reduceInput(
  input: string,
  context: _Context,
  report = false,
): Promise<_Reduction> {
  if (input === "-") {
    return await _reduceOnce(input, context, { assumeSorted: false, report });
  }
  try {
    return await _reduceOnce(input, context, { assumeSorted: true, report });
  } catch (error) {
    if (!(error instanceof _OutOfOrder)) throw error;
    context.progress.clear();
    return await _reduceOnce(input, context, { assumeSorted: false, report });
  }
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

/** The problems of one line, or an empty list when it is valid. */
function _lineProblems(line: _Line): string[] {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return [`line ${line.number}: not JSON (${(error as Error).message})`];
  }
  const envelope = safeParseEvent(value);
  if (!envelope.success) {
    return envelope.issues.map((issue) => _problem(line.number, issue, ""));
  }
  const event = envelope.output;
  if (!DOSSIER_EVENT_TYPES.has(event.event_type)) return [];
  const result = validateEvent(event.payload, event.event_type);
  const problems = result.modelViolations.map((issue) =>
    _problem(line.number, issue, "payload")
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
      `line ${line.number}: ${
        violation.path === "" ? "payload" : `payload.${violation.path}`
      }: ${violation.message} (JSON Schema ${violation.keyword})`,
    );
  }
  return problems;
}

function _plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

async function _validate(
  command: _Command,
  context: _Context,
): Promise<number> {
  const { io, style } = context;
  let lines = 0;
  let invalid = 0;
  let problems = 0;
  for await (const batch of _lines(command.input, context)) {
    let out = "";
    for (const line of batch) {
      const found = _lineProblems(line);
      lines++;
      if (found.length === 0) continue;
      invalid++;
      problems += found.length;
      out += found.join("\n") + "\n";
    }
    context.progress.update(lines);
    if (out !== "") {
      context.progress.clear();
      await io.write(out);
    }
  }
  context.progress.clear();
  const verdict = invalid === 0
    ? style.green(`all ${_plural(lines, "line")} valid`)
    : style.red(
      `${_plural(invalid, "invalid line")} of ${lines} (${
        _plural(problems, "problem")
      })`,
    );
  await io.write(`${verdict}\n`);
  return invalid === 0 ? 0 : 1;
}

async function _reduce(command: _Command, context: _Context): Promise<number> {
  const { io, style } = context;
  // With --json, stdout is the canonical JSON alone: the account goes to
  // stderr, and only when --report asks for it.
  const account = command.report || !command.json;
  const { state, report, lines } = await _reduceInput(
    command.input,
    context,
    account,
  );
  const accountText = (accountStyle: _Style): string =>
    _renderAccount(report!, accountStyle, !command.report) +
    (command.report ? _renderReport(report!, lines, accountStyle) : "");
  if (!command.json) {
    await io.write(`${_renderDossier(state, style)}\n${accountText(style)}`);
    return 0;
  }
  await _writeStateJson(state, io);
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
  state: MissionDossierState,
  io: _CliIo,
): Promise<void> {
  let buffer = "";
  for (const chunk of _dossierStateJsonChunks(state)) {
    buffer += chunk;
    if (buffer.length >= 65536) {
      await io.write(buffer);
      buffer = "";
    }
  }
  await io.write(`${buffer}\n`);
}

async function _parity(command: _Command, context: _Context): Promise<number> {
  const { state } = await _reduceInput(command.input, context);
  const evaluation = await evaluateParity(state);
  await context.io.write(_renderParity(evaluation, context.style));
  return evaluation.status === "drifted" ? 1 : 0;
}

async function _readBaseline(
  path: string,
  io: _CliIo,
): Promise<MissionDossierState> {
  let text: string;
  try {
    text = await io.readTextFile(path);
  } catch (error) {
    throw new Error(
      `Cannot open baseline ${JSON.stringify(path)}: ${
        (error as Error).message
      }`,
    );
  }
  try {
    return parseDossierState(text);
  } catch (error) {
    throw new Error(
      `Cannot read baseline ${JSON.stringify(path)}: ${
        (error as Error).message
      }`,
    );
  }
}

async function _drift(command: _Command, context: _Context): Promise<number> {
  const baseline = await _readBaseline(command.baseline!, context.io);
  const { state: current } = await _reduceInput(command.input, context);
  const findings = diffDossiers(baseline, current);
  if (!command.payloads) {
    await context.io.write(_renderFindings(findings, context.style));
    return findings.length === 0 ? 0 : 1;
  }
  if (findings.length === 0) return 0;
  const namespace = current.namespace ?? baseline.namespace;
  if (namespace === null) {
    throw new Error(
      "Cannot build drift payloads: neither the baseline nor the stream has a valid namespace",
    );
  }
  const payloads = driftPayloads(findings, {
    namespace,
    expectedHash: await computeParityHash(baseline),
    actualHash: await computeParityHash(current),
    detectedAt: context.io.now().toISOString(),
  });
  await context.io.write(
    payloads.map((payload) => JSON.stringify(payload)).join("\n") + "\n",
  );
  return 1;
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
