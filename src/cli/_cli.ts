// The command line behind `cli.ts`: argument parsing, the commands, and the
// exit codes (0 fine, 1 invalid input or drift, 2 wrong usage, 130
// interrupted). Every effect goes through `_CliIo`, so tests can run it
// in-process. Both contracts run through the same commands; `_contracts.ts`
// chooses one. `partition` and `--by-namespace` live in `_partition.ts`,
// the escaping of input in `_text.ts`, the messages about files and mixed
// namespaces in `_messages.ts`.
import { _LineNumbers } from "./_line_numbers.ts";
import type { LineLookup } from "../parity/parity_report.ts";
import {
  createDossierReducerFor,
  PUSH_WELL_FORMED,
} from "../replay/create_dossier_reducer.ts";
import type { DossierReduceReport } from "../replay/reduce_mission_dossier_with_report.ts";
import { diffDossiers, driftPayloadsFor } from "../parity/drift.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import {
  dossierStateJsonChunks,
  parseDossierStateFor,
} from "../replay/dossier_state_json.ts";
import { type Event, safeParseEventWith } from "../envelope/event_envelope.ts";
import {
  eventOfLine,
  jsonOfLine,
  wellFormedJson,
} from "../envelope/event_stream.ts";
import { receivedEventId } from "../envelope/parse_event_error.ts";
import { NamespaceMixedStreamError } from "../contract/namespace_mixed_stream_error.ts";
import { placementOf } from "../replay/partition_by_namespace.ts";
import { describeValue } from "../contract/field_issue.ts";
import { CONTRACT_VERSIONS } from "../contract/dossier_contract.ts";
import type { FieldIssue } from "../contract/field_issue.ts";
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import { validateEventWith } from "../contract/validate_event.ts";
import { computeParityHash, evaluateParity } from "../parity/parity_hash.ts";
import {
  type ContractJson,
  findingsJson,
  parityJson,
  rejectedJson,
} from "../parity/parity_report.ts";
import { type _Line, _Progress, _readLines } from "./_input.ts";
import {
  _emptyInputMessage,
  _inputName,
  _ioReason,
  _mixedNamespaceMessage,
} from "./_messages.ts";
import {
  _parityByNamespace,
  _partition,
  type _Reader,
  _reduceByNamespace,
} from "./_partition.ts";
import { _jsonText, _safeForTerminal, _shown } from "./_text.ts";
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
import { _PACKAGE_NAME, _PACKAGE_VERSION, _versionLine } from "./_version.ts";

/** Writing files, for `partition`. */
export interface _CliFiles {
  /** Creates the directory (and its parents) when absent; resolves to the names of its entries. */
  readonly prepareDirectory: (path: string) => Promise<readonly string[]>;
  /** Appends text (as UTF-8) to a file, creating it when absent. */
  readonly appendText: (path: string, text: string) => Promise<void>;
  /** Renames a file, replacing `to` if it exists. */
  readonly rename: (from: string, to: string) => Promise<void>;
}

/**
 * Everything the command line touches outside itself. The optional members
 * are what a runtime may lack; the command line then does without (no
 * percentage, no quiet end on a closed pipe, no `partition`).
 */
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
  /** True when the `CI` environment variable is set and not empty: no progress line then. */
  readonly ci?: boolean;
  /** The size of a file in bytes, `null` when unknown: the progress line's percentage and time left. */
  readonly fileSize?: (path: string) => Promise<number | null>;
  /**
   * True for the error `write` fails with once the reader of stdout has
   * gone (EPIPE: `dossier reduce --json big.jsonl | head -c 10`); the
   * command then ends quietly with status 0.
   */
  readonly isClosedPipe?: (error: unknown) => boolean;
  /**
   * Calls `listener` on Ctrl-C (SIGINT) instead of the default end of the
   * process; returns the function that stops listening.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
  /** Writing files, for `partition`; absent where files cannot be written. */
  readonly files?: _CliFiles;
}

const _NAME = "dossier";

const _CONTRACT_HELP = `
  --contract <v>            2.4.0, 3.0.0 or auto (default): the first dossier
                            event decides (schema_version 3.x, a build_id or a
                            namespace with mission_slug: 3.0.0), and a stream
                            mixing both shapes is an error naming the line
  --accept-empty-build-id   read build_id "" as "unknown", the spec-kitty CLI's way
  --allow-empty             accept an input without a single event (an error
                            otherwise)
`;

const _HELP: Readonly<Record<string, string>> = {
  "": `${_NAME} — check, replay and compare Mission Dossier event logs (JSONL)

Usage:
  ${_NAME} <command> [options] <file|->
  ${_NAME} --version (or -V)          print the package's and the contract's versions

Commands:
  validate [--json] <file|->         check every line: envelope, both payload layers,
                                     one namespace
  reduce [--json] [--report] [--by-namespace] <file|->
                                     replay the log into a dossier, and account for every event
  parity [--by-namespace] <file|->   recompute the parity hash and compare it with the latest snapshot
  drift --baseline <state.json> [--payloads] <file|->
                                     compare the log's dossier with a stored one
  partition --out <dir> [--write-unassigned] [--json] <file|->
                                     split a log that holds several namespaces (a project's
                                     journal) into one file per namespace
  help [<command>]                   this text, or a command's
  version [--json]                   the package's version and its contracts (also --version, -V)

Options of every command:
  --contract <2.4.0|3.0.0|auto>      the contract the stream is written in (default
                                     auto: the first dossier event decides; every
                                     current producer writes 3.0.0)
  --accept-empty-build-id            read build_id "" (what the spec-kitty CLI writes)
                                     as "unknown", as the CLI's own validator does
  --allow-empty                      accept an input without a single event

Input is a JSONL file, or - for standard input, read line by line as UTF-8
(a line that is not is an error naming its line and byte offset). What is
shown from the input has its control characters escaped (\\u001b).
Exit codes: 0 fine, 1 invalid input, drift or error, 2 wrong usage,
130 interrupted (Ctrl-C). A closed stdout (| head) ends a command quietly, 0.
Colour only on a terminal, and never when NO_COLOR is set; the progress line
only on a terminal, and never when NO_COLOR or CI is set.
Run ${_NAME} help <command> for the details of a command.
`,
  validate:
    `Usage: ${_NAME} validate [--json] [--contract <v>] [--accept-empty-build-id] [--allow-empty] <file|->

Checks every line of a JSONL event log: that it is UTF-8 text, that it is
JSON, that it is a valid event envelope, and, for the four dossier event
types, that the payload passes both the Valibot schema and the committed JSON
Schema (for contract 3.0.0, also the reference's cutover gate on the
envelope). Prints one line per problem (line 12: payload.artifact_id.path: is
required), then a summary. A problem both layers find is printed once.

It also checks that the stream holds one namespace, as the reducer demands:
the first event whose namespace differs from the first one's is a problem
naming the fields that differ; the summary then says how many namespaces the
stream holds (dossier partition splits it).

Options:
  --json    print JSON Lines instead: one object per rejected line,
            {"kind":"rejected","line":12,"event_id":"01J…"|null,"issues":[{"path",
            "message","type", …}]}, then {"kind":"summary","lines",…,"contract"}
${_CONTRACT_HELP}
Exit codes: 0 every line valid, 1 a line is invalid or the input is empty,
2 wrong usage.
`,
  reduce:
    `Usage: ${_NAME} reduce [--json] [--report] [--by-namespace] [--contract <v>] [--accept-empty-build-id] [--allow-empty] <file|->

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
  --by-namespace
             reduce each namespace of a stream that holds several (a project's
             journal) on its own, and print one row per namespace; with --json,
             one JSON object per line: {"kind":"namespace","namespace":{…},
             "first_line","lines","state":<canonical JSON>}, then
             {"kind":"summary",…}
${_CONTRACT_HELP}
Dossier events that were read but none applied (every payload rejected) are an
error, never an empty dossier: the message says why. A stream that mixes
namespaces is an error naming the line, the event and the fields that differ.

Exit codes: 0 reduced, 1 unreadable or empty input, mixed namespaces or nothing
applied, 2 wrong usage.
`,
  parity:
    `Usage: ${_NAME} parity [--json] [--allow-rejected] [--by-namespace] [--contract <v>] [--accept-empty-build-id] [--allow-empty] <file|->

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
  --by-namespace     one verdict per namespace of a stream that holds several
${_CONTRACT_HELP}
Exit codes: 0 clean or no snapshot yet, 1 drifted (in any namespace),
rejected events or error, 2 wrong usage.
`,
  drift:
    `Usage: ${_NAME} drift --baseline <state.json> [--payloads] [--json] [--allow-rejected] [--contract <v>] [--accept-empty-build-id] [--allow-empty] <file|->

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
  partition:
    `Usage: ${_NAME} partition --out <dir> [--write-unassigned] [--json] [--contract <v>] [--accept-empty-build-id] [--allow-empty] <file|->

Splits a log that holds several namespaces (a project's journal holds every
mission of the project) into one JSONL file per namespace identity (project,
mission slug, branch, mission type, manifest version), each line copied as
read, in input order; each file reduces on its own. The files are named
<slug>-<8 hex digits of the identity's SHA-256>.jsonl, the same for the same
namespace in any run. <dir>/index.json lists them: namespace, file, events,
first line. Dossier events without a valid namespace and events of other
types are counted, and written only with --write-unassigned.

Options:
  --out <dir>           where to write (created if absent; it must be empty)
  --write-unassigned    also write _without-namespace.jsonl and _other-types.jsonl
  --json                print index.json's content as one line instead of the table
${_CONTRACT_HELP}
Lines that are not valid envelopes are errors, as for reduce: files are then
left with a .partial suffix and no index.json is written.

Exit codes: 0 written, 1 unreadable or empty input, or a directory that is not
empty, 2 wrong usage.
`,
  version:
    `Usage: ${_NAME} version [--json]   (or ${_NAME} --version, ${_NAME} -V)

Prints the package's version and the contract versions it reads. With --json:
{"name":"@spec-kitty/dossier","version":"…","contracts":["2.4.0","3.0.0"]}.
`,
};

const _CONTRACT_FLAGS = [
  "--contract",
  "--accept-empty-build-id",
  "--allow-empty",
];

const _FLAGS: Readonly<Record<string, readonly string[]>> = {
  validate: ["--json", ..._CONTRACT_FLAGS],
  reduce: ["--json", "--report", "--by-namespace", ..._CONTRACT_FLAGS],
  parity: ["--json", "--allow-rejected", "--by-namespace", ..._CONTRACT_FLAGS],
  drift: [
    "--baseline",
    "--payloads",
    "--json",
    "--allow-rejected",
    ..._CONTRACT_FLAGS,
  ],
  partition: ["--out", "--write-unassigned", "--json", ..._CONTRACT_FLAGS],
};

/** The flags that take a value. */
const _VALUE_FLAGS: Readonly<Record<string, string>> = {
  "--baseline": "a file path",
  "--contract": `one of ${_CONTRACT_CHOICES.join(", ")}`,
  "--out": "a directory path",
};

/** What `--version` prints: the package's version, and the contracts it reads. */
function _versionText(json: boolean): string {
  if (json) {
    return `${
      _jsonText({
        name: _PACKAGE_NAME,
        version: _PACKAGE_VERSION,
        contracts: CONTRACT_VERSIONS,
      })
    }\n`;
  }
  return _versionLine(_NAME);
}

/** A wrong command line: exit 2 with a one-line reason. */
class _UsageError extends Error {}

/** A parsed command line. */
export interface _Command {
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
  /** `--allow-empty`: an input without a single event is no error. */
  readonly allowEmpty: boolean;
  /** `--by-namespace` (reduce, parity). */
  readonly byNamespace: boolean;
  /** `--out <dir>` (partition). */
  readonly out: string | null;
  /** `--write-unassigned` (partition). */
  readonly writeUnassigned: boolean;
}

/** What the arguments ask for besides a command: help (of one command, or all) or the version. */
type _Request =
  | { readonly kind: "help"; readonly name: string }
  | { readonly kind: "version"; readonly json: boolean };

const _VERSION_WORDS = ["--version", "-V", "version"];

/** Parses `help [<command>]` and `version [--json]`; `null` for anything else. */
function _parseRequest(args: readonly string[]): _Request | null {
  const [name, ...rest] = args;
  if (name === "--help" || name === "-h" || name === "help") {
    if (rest.length === 0 || (rest.length === 1 && rest[0] === "help")) {
      return { kind: "help", name: "" };
    }
    const [topic] = rest;
    if (rest.length > 1 || !Object.hasOwn(_HELP, topic)) {
      throw new _UsageError(
        `help takes one command: received ${
          rest.map((arg) => _shown(JSON.stringify(arg), 60)).join(" ")
        }; the commands are ${Object.keys(_FLAGS).join(", ")}, version`,
      );
    }
    return { kind: "help", name: topic };
  }
  if (_VERSION_WORDS.includes(name)) {
    if (rest.includes("--help") || rest.includes("-h")) {
      return { kind: "help", name: "version" };
    }
    const extra = rest.filter((arg) => arg !== "--json");
    if (extra.length > 0) {
      const what = extra[0].startsWith("-") ? "option" : "argument";
      throw new _UsageError(
        `${name} takes no ${what} but --json: received ${
          _shown(JSON.stringify(extra[0]), 60)
        }`,
      );
    }
    return { kind: "version", json: rest.includes("--json") };
  }
  return null;
}

/** Parses the arguments of a command. */
function _parseArgs(args: readonly string[]): _Command {
  const [name, ...rest] = args;
  if (name === undefined) throw new _UsageError("missing command");
  const allowed = _FLAGS[name];
  if (allowed === undefined || !Object.hasOwn(_FLAGS, name)) {
    throw new _UsageError(
      `unknown command ${_shown(JSON.stringify(name), 60)}; the commands are ${
        Object.keys(_FLAGS).join(", ")
      }, help, version`,
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
          `unknown option ${_shown(JSON.stringify(arg), 60)}${seeHelp}`,
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
        `expected one input, received ${inputs.length}: ${
          _shown(inputs.join(" "), 200)
        }`,
      );
    }
    if (name === "drift" && baseline === null) {
      throw new _UsageError("drift needs --baseline <state.json>");
    }
    if (name === "partition" && !values.has("--out")) {
      throw new _UsageError("partition needs --out <dir>");
    }
    if (flags.has("--by-namespace") && flags.has("--report")) {
      throw new _UsageError(
        "--report lists one stream's events; it does not combine with --by-namespace",
      );
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
    allowEmpty: flags.has("--allow-empty"),
    byNamespace: flags.has("--by-namespace"),
    out: values.get("--out") ?? null,
    writeUnassigned: flags.has("--write-unassigned"),
  };
}

/** What a command needs while it runs. */
export interface _Context {
  /** The terminal, files and clock; what it writes is escaped for a terminal. */
  readonly io: _CliIo;
  /** Writes to stdout as it is: for JSON that must stay byte for byte (the canonical state). */
  readonly writeRaw: (text: string) => Promise<void>;
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
    const bytes = await context.io.open(input);
    context.progress.setTotal(
      await context.io.fileSize?.(input).catch(() => null) ?? null,
    );
    return bytes;
  } catch (error) {
    throw new Error(
      `Cannot open input ${_inputName(input)}: ${_ioReason(error)}`,
    );
  }
}

/** The input's lines in batches; a failed read is an error naming the input once. */
async function* _lines(
  input: string,
  context: _Context,
): AsyncGenerator<_Line[]> {
  const bytes = await _open(input, context);
  const lines = _readLines(bytes, (count) => context.progress.addBytes(count));
  while (true) {
    let next: IteratorResult<_Line[]>;
    try {
      next = await lines.next();
    } catch (error) {
      throw new Error(
        `Cannot read input ${_inputName(input)}: ${_ioReason(error)}`,
      );
    }
    if (next.done) return;
    yield next.value;
  }
}

/** The error for a line whose bytes are not UTF-8. */
function _notUtf8(line: _Line): Error {
  return new Error(
    `Cannot read line ${line.number}: it must be UTF-8 text: ${line.invalid}`,
  );
}

/** One line's JSON value, with its number and its text as read. */
export interface _Value {
  readonly value: unknown;
  readonly number: number;
  readonly text: string;
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
  let read = 0;
  for await (const batch of _lines(input, context)) {
    const values: _Value[] = [];
    for (const line of batch) {
      if (line.invalid !== undefined) throw _notUtf8(line);
      const value = jsonOfLine(line.text, line.number);
      decider.observe(value, line.number);
      values.push({ value, number: line.number, text: line.text });
    }
    read += values.length;
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
  if (read === 0 && !context.command.allowEmpty) {
    throw new Error(_emptyInputMessage(input));
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
  push: (
    event: Event,
    decision: _ContractDecision,
    wellFormed: boolean,
  ) => void,
  lines: _LineNumbers | null,
): Promise<void> {
  let events = 0;
  for await (const batch of _decidedValues(input, context, decider)) {
    const decision = decider.decision!;
    const schema = _envelopeSchema(decision, context.command);
    for (const { value, number, text } of batch) {
      const wellFormed = wellFormedJson(text);
      const event = eventOfLine(schema, value, number, wellFormed);
      try {
        push(event, decision, wellFormed);
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
  readonly state: FoldState;
  readonly report: DossierReduceReport | null;
  /** The line number of each event, by its index in the report. */
  readonly lines: LineLookup;
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
  let reducer: ReturnType<typeof createDossierReducerFor> | null = null;
  const reducerFor = (decision: _ContractDecision) =>
    reducer ??= createDossierReducerFor(_chosen(decision).contract, options);
  // The line of each event pushed: a report and a mixed stream name lines.
  const lines = new _LineNumbers();
  await _fold(
    input,
    context,
    decider,
    (event, decision, wellFormed) =>
      reducerFor(decision)[PUSH_WELL_FORMED](event, wellFormed),
    lines,
  );
  const contract = decider.finish();
  const reduced = reducerFor(contract);
  try {
    if (!options.report) {
      return { state: reduced.finish(), report: null, lines, contract };
    }
    return { ...reduced.finishWithReport(), lines, contract };
  } catch (error) {
    if (!(error instanceof NamespaceMixedStreamError)) throw error;
    const hint = context.command.name === "drift"
      ? "dossier partition splits it into one file per namespace"
      : "dossier partition splits it into one file per namespace, and --by-namespace reads each on its own";
    throw new Error(
      _mixedNamespaceMessage(
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
      context.progress.restart();
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

/** One problem of a line, as both outputs of `validate` show it. */
interface _Issue {
  /** The field's path from the envelope (`payload.artifact_id.path`); `""` for the line itself. */
  readonly path: string;
  readonly message: string;
  /** A field issue's type, or `json_schema`, `json`, `utf8`, `contract_mixed`, `namespace_mixed`. */
  readonly type: string;
  /** The value received, described (`"draft"`, `an array of 0 items`); absent when there is none to show. */
  readonly received?: string;
  /** The JSON Schema keyword that failed (`json_schema` issues). */
  readonly keyword?: string;
  /** The line of the stream's first namespace (`namespace_mixed` issues). */
  readonly firstLine?: number;
  /** Each identity field that differs, with this event's value and the first namespace's (`namespace_mixed`). */
  readonly fields?: readonly {
    readonly field: string;
    readonly value: string | null;
    readonly expected: string | null;
  }[];
}

/** A line `validate` rejects: where, which event, and every problem. */
interface _Rejection {
  readonly line: number;
  readonly eventId: string | null;
  readonly issues: readonly _Issue[];
}

/** The full path of a field of a payload or an envelope. */
function _fullPath(path: string, prefix: string): string {
  return path === ""
    ? prefix
    : prefix === ""
    ? path
    : path.startsWith("[")
    ? prefix + path
    : `${prefix}.${path}`;
}

/** A field issue of a line, with its full path. */
function _fieldIssue(issue: FieldIssue, prefix: string): _Issue {
  return {
    path: _fullPath(issue.path, prefix),
    message: issue.message,
    type: issue.type,
    ...(issue.type === "missing"
      ? {}
      : { received: describeValue(issue.input) }),
  };
}

/** The problems of one line's JSON value (none when it is valid), and its event when the envelope parses. */
function _lineIssues(
  value: unknown,
  decision: _ContractDecision,
  command: _Command,
): { readonly issues: _Issue[]; readonly event: Event | null } {
  const envelope = safeParseEventWith(
    _envelopeSchema(decision, command),
    value,
  );
  if (!envelope.success) {
    return {
      issues: envelope.issues.map((issue) => _fieldIssue(issue, "")),
      event: null,
    };
  }
  const event = envelope.output;
  if (!DOSSIER_EVENT_TYPES.has(event.event_type)) return { issues: [], event };
  const { validation } = _chosen(decision);
  // Contract 3.0.0's validation unwraps the envelope and runs the cutover
  // gate on it; 2.4.0's checks the payload alone.
  const result = validation.cutover
    ? validateEventWith(validation, value, event.event_type)
    : validateEventWith(validation, event.payload, event.event_type);
  const issues = result.modelViolations.map((issue) =>
    _fieldIssue(issue, issue.type === "cutover_policy" ? "" : "payload")
  );
  const reported = new Set(result.modelViolations.map((issue) => issue.path));
  for (const violation of result.schemaViolations) {
    // Layer 2 adds a line only where layer 1 saw nothing at that place.
    const covered = [...reported].some((path) =>
      path === violation.path || path.startsWith(`${violation.path}.`) ||
      path.startsWith(`${violation.path}[`) || violation.path === ""
    );
    if (covered && reported.size > 0) continue;
    issues.push({
      path: _fullPath(violation.path, "payload"),
      message: violation.message,
      type: "json_schema",
      keyword: violation.keyword,
    });
  }
  return { issues, event };
}

/** The readable form of a rejected line: one line per problem. */
function _rejectionText(rejection: _Rejection): string {
  const at = `line ${rejection.line}`;
  return rejection.issues.map((issue) => {
    switch (issue.type) {
      case "json":
      case "utf8":
        return `${at}: ${issue.message}`;
      case "contract_mixed":
        // Its message starts with the line: `line 7 is a contract 3.0.0 event …`.
        return issue.message;
      case "json_schema":
        return `${at}: ${issue.path}: ${issue.message} (JSON Schema ${issue.keyword})`;
      case "namespace_mixed":
        return `${at}: ${
          rejection.eventId === null
            ? "this event"
            : `event ${_shown(JSON.stringify(rejection.eventId), 80)}`
        } ${issue.message}: ${
          issue.fields!.map((field) =>
            `${field.field} ${_shown(JSON.stringify(field.expected), 80)} → ${
              _shown(JSON.stringify(field.value), 80)
            }`
          ).join(", ")
        }`;
      default:
        return `${at}: ${
          issue.path === "" ? "(envelope)" : _shown(issue.path, 200)
        }: ${issue.message}${
          issue.received === undefined ? "" : `: received ${issue.received}`
        }`;
    }
  }).join("\n");
}

/** The JSON form of a rejected line, for `validate --json`. */
function _rejectionJson(rejection: _Rejection): string {
  return _jsonText({
    kind: "rejected",
    line: rejection.line,
    event_id: rejection.eventId,
    issues: rejection.issues.map((issue) => ({
      path: issue.path,
      message: issue.message,
      type: issue.type,
      ...(issue.received === undefined ? {} : { received: issue.received }),
      ...(issue.keyword === undefined ? {} : { keyword: issue.keyword }),
      ...(issue.firstLine === undefined ? {} : { first_line: issue.firstLine }),
      ...(issue.fields === undefined ? {} : { fields: issue.fields }),
    })),
  });
}

function _plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/** A line of `validate`: its JSON value, or the problems found before one. */
interface _ValidateItem {
  readonly number: number;
  readonly value?: unknown;
  readonly issues?: readonly _Issue[];
}

/** What `validate` knows of the stream's namespaces so far. */
interface _NamespaceWatch {
  /** The first valid namespace, its identity key and its line. */
  first: {
    readonly namespace: Readonly<Record<string, string | null>>;
    readonly key: string;
    readonly line: number;
  } | null;
  /** Every identity met. */
  readonly keys: Set<string>;
  /** Whether the first event of another namespace was reported. */
  reported: boolean;
}

/**
 * The namespace guard of `validate`, in file order: the first event whose
 * namespace's identity differs from the first one's is a problem; later ones
 * are only counted.
 */
function _namespaceIssue(
  watch: _NamespaceWatch,
  event: Event,
  number: number,
  decision: _ContractDecision,
): _Issue | null {
  const { contract } = _chosen(decision);
  const placement = placementOf(contract, event.event_type, event.payload);
  if (placement.kind !== "namespace") return null;
  watch.keys.add(placement.key);
  const first = watch.first;
  if (first === null) {
    watch.first = {
      namespace: placement.namespace,
      key: placement.key,
      line: number,
    };
    return null;
  }
  if (placement.key === first.key || watch.reported) return null;
  watch.reported = true;
  return {
    path: "payload.namespace",
    message: `is in another namespace than line ${first.line}`,
    type: "namespace_mixed",
    firstLine: first.line,
    fields: contract.namespaceFields.slice(0, 5).filter((field) =>
      first.namespace[field] !== placement.namespace[field]
    ).map((field) => ({
      field,
      value: placement.namespace[field],
      expected: first.namespace[field],
    })),
  };
}

async function _validate(
  command: _Command,
  context: _Context,
): Promise<number> {
  const { io, style } = context;
  const decider = new _ContractDecider(command.contract);
  const watch: _NamespaceWatch = {
    first: null,
    keys: new Set(),
    reported: false,
  };
  let lines = 0;
  let invalid = 0;
  let problems = 0;
  // In auto mode, lines before the first dossier event wait for it.
  let waiting: _ValidateItem[] = [];
  const check = (items: readonly _ValidateItem[]): string => {
    let out = "";
    const decision = decider.decision!;
    for (const item of items) {
      let issues = item.issues;
      let eventId: string | null = null;
      if (issues === undefined) {
        const found = _lineIssues(item.value, decision, command);
        issues = found.issues;
        eventId = receivedEventId(item.value);
        if (found.event !== null) {
          const mixed = _namespaceIssue(
            watch,
            found.event,
            item.number,
            decision,
          );
          if (mixed !== null) issues = [...issues, mixed];
        }
      }
      lines++;
      if (issues.length === 0) continue;
      invalid++;
      problems += issues.length;
      const rejection = { line: item.number, eventId, issues };
      out +=
        (command.json ? _rejectionJson(rejection) : _rejectionText(rejection)) +
        "\n";
    }
    return out;
  };
  for await (const batch of _lines(command.input, context)) {
    const items: _ValidateItem[] = [];
    for (const line of batch) {
      if (line.invalid !== undefined) {
        items.push({
          number: line.number,
          issues: [{
            path: "",
            message: `not UTF-8 text: ${line.invalid}`,
            type: "utf8",
          }],
        });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (error) {
        items.push({
          number: line.number,
          issues: [{
            path: "",
            message: `not JSON (${(error as Error).message})`,
            type: "json",
          }],
        });
        continue;
      }
      try {
        decider.observe(value, line.number);
        items.push({ number: line.number, value });
      } catch (error) {
        if (!(error instanceof _MixedContractsError)) throw error;
        items.push({
          number: line.number,
          issues: [{ path: "", message: error.detail, type: "contract_mixed" }],
        });
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
  if (lines === 0 && !command.allowEmpty) {
    throw new Error(_emptyInputMessage(command.input));
  }
  const decision = decider.decision!;
  if (command.json) {
    await io.write(
      _jsonText({
        kind: "summary",
        lines,
        valid: lines - invalid,
        invalid,
        problems,
        namespaces: watch.keys.size,
        contract: {
          version: decision.version,
          how: decision.how,
          reason: decision.reason,
        },
      }) + "\n",
    );
    return invalid === 0 ? 0 : 1;
  }
  const verdict = invalid === 0
    ? style.green(`all ${_plural(lines, "line")} valid`)
    : style.red(
      `${_plural(invalid, "invalid line")} of ${lines} (${
        _plural(problems, "problem")
      })`,
    );
  const namespaces = watch.keys.size > 1
    ? `the stream holds ${watch.keys.size} namespaces: dossier partition splits it into one file per namespace, and reduce --by-namespace reads each\n`
    : "";
  await io.write(
    `${verdict} ${
      style.dim(`(contract ${_describe(decision)})`)
    }\n${namespaces}`,
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
  if (command.byNamespace) return _reduceByNamespace(context, _READER);
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
  await _writeStateJson(state, chosen, context.writeRaw);
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
  state: FoldState,
  contract: _CliContract["contract"],
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

/** The contract of a reduction as the JSON outputs write it. */
function _contractJson(decision: _ContractDecision): ContractJson {
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
  unlisted: LineLookup | null = null,
): boolean {
  const rejected = report.counts.rejected;
  if (rejected === 0 || context.command.allowRejected) return false;
  // Where the output does not list them, the line names the first.
  const first = report.rejected[0];
  const which = unlisted === null
    ? ""
    : ` (the first, line ${unlisted.at(first.index)}: ${first.eventId}: ${
      _issueText(first.issues[0])
    })`;
  context.io.writeError(
    `${_NAME} ${context.command.name}: Cannot pass: ${rejected} dossier ${
      rejected === 1 ? "event was" : "events were"
    } rejected${which}, so the verdict covers only what could be read (--allow-rejected lets it pass)\n`,
  );
  return true;
}

async function _parity(command: _Command, context: _Context): Promise<number> {
  if (command.byNamespace) return _parityByNamespace(context, _READER);
  const { state, report, lines, contract } = await _reduceInput(
    command.input,
    context,
    true,
  );
  const evaluation = await evaluateParity(state);
  // The snapshot's line: the report maps each event's input position to it.
  const snapshotLine = evaluation.snapshotIndex === null
    ? null
    : lines.at(evaluation.snapshotIndex) ?? null;
  if (command.json) {
    await context.io.write(
      JSON.stringify(
        parityJson(
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
      `Cannot open baseline ${_inputName(path)}: ${_ioReason(error)}`,
    );
  }
}

/** Reads the baseline with the stream's contract; says so when it is the other's. */
function _parseBaseline(
  path: string,
  text: string,
  decision: _ContractDecision,
): FoldState {
  const { contract } = _chosen(decision);
  try {
    return parseDossierStateFor(contract, text);
  } catch (error) {
    let other = "";
    try {
      parseDossierStateFor(
        _CLI_CONTRACTS[contract.other.version].contract,
        text,
      );
      other =
        ` (it is a contract ${contract.other.version} state; the stream is contract ${contract.version})`;
    } catch {
      // Not the other contract's either: the first error says why.
    }
    throw new Error(
      `Cannot read baseline ${_inputName(path)}: ${
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
        findings: findingsJson(findings),
        ...(command.payloads ? { payloads } : {}),
        contract: _contractJson(contract),
        events: report!.counts,
        rejected: rejectedJson(report!, lines),
      }) + "\n",
    );
  } else if (command.payloads) {
    // stdout is the payloads alone; the rejected events are named below.
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
  const failed = _failOnRejected(
    report!,
    context,
    command.payloads && !command.json ? lines : null,
  );
  return findings.length > 0 || failed ? 1 : 0;
}

/** The drift payloads of the findings, dated now. */
async function _payloadsOf(
  findings: ReturnType<typeof diffDossiers>,
  baseline: FoldState,
  current: FoldState,
  contract: _ContractDecision,
  context: _Context,
): Promise<unknown[]> {
  const namespace = current.namespace ?? baseline.namespace;
  if (namespace === null) {
    throw new Error(
      "Cannot build drift payloads: neither the baseline nor the stream has a valid namespace",
    );
  }
  return driftPayloadsFor(_chosen(contract).contract, findings, {
    namespace,
    expectedHash: await computeParityHash(baseline),
    actualHash: await computeParityHash(current),
    detectedAt: context.io.now().toISOString(),
  });
}

/** What `_partition.ts` reads the input with: this file's pipeline. */
const _READER: _Reader = {
  values: _decidedValues,
  envelope: _envelopeSchema,
  describe: _describe,
  contractOf: (decision) => _chosen(decision).contract,
};

const _RUN: Readonly<
  Record<string, (command: _Command, context: _Context) => Promise<number>>
> = {
  validate: _validate,
  reduce: _reduce,
  parity: _parity,
  drift: _drift,
  partition: (_command, context) => _partition(context, _READER),
};

/**
 * The same adapter, with what it writes escaped for a terminal (control
 * characters of the input as `\u001b`); only our colours stay, and only
 * when colour is on. The adapter stays the prototype, so that members read
 * lazily (`stdin`) stay lazy.
 */
function _escapingIo(io: _CliIo, colour: boolean): _CliIo {
  return Object.create(io, {
    write: {
      value: (text: string) => io.write(_safeForTerminal(text, colour)),
    },
    writeError: {
      value: (text: string) => io.writeError(_safeForTerminal(text, false)),
    },
  });
}

/** Writes our own text (help, version), ending quietly on a closed stdout. */
async function _writeOwn(io: _CliIo, text: string): Promise<number> {
  try {
    await io.write(text);
  } catch (error) {
    if (!io.isClosedPipe?.(error)) throw error;
  }
  return 0;
}

/**
 * Runs the command line and returns its exit code. Errors are written to
 * stderr as one message, never as a stack trace. A closed stdout ends the
 * command quietly (0); Ctrl-C ends it with 130 and one line on stderr, at
 * once, whatever the command was doing (`cli.ts` then exits).
 */
export async function _runCli(
  args: readonly string[],
  io: _CliIo,
): Promise<number> {
  const colour = io.stdoutIsTerminal && !io.noColor;
  const safe = _escapingIo(io, colour);
  let command: _Command;
  try {
    const request = _parseRequest(args);
    if (request?.kind === "help") return _writeOwn(io, _HELP[request.name]);
    if (request?.kind === "version") {
      return _writeOwn(io, _versionText(request.json));
    }
    command = _parseArgs(args);
  } catch (error) {
    const help = args[0] !== undefined && Object.hasOwn(_FLAGS, args[0])
      ? `${_NAME} ${args[0]} --help`
      : `${_NAME} --help`;
    safe.writeError(
      `${_NAME}: ${(error as Error).message} (run ${help})\n`,
    );
    return 2;
  }
  if (command.help) return _writeOwn(io, _HELP[command.name]);
  const context: _Context = {
    io: safe,
    writeRaw: io.write,
    style: _style(colour),
    progress: new _Progress(
      io.writeError,
      io.stderrIsTerminal && !io.noColor && io.ci !== true,
    ),
    command,
  };
  let stopListening = (): void => {};
  const interrupted = new Promise<number>((resolve) => {
    stopListening = io.onInterrupt?.(() => {
      context.progress.clear();
      safe.writeError(`${_NAME} ${command.name}: interrupted\n`);
      resolve(130);
    }) ?? stopListening;
  });
  try {
    return await Promise.race([
      _RUN[command.name](command, context),
      interrupted,
    ]);
  } catch (error) {
    context.progress.clear();
    if (io.isClosedPipe?.(error)) return 0;
    const message = error instanceof Error ? error.message : String(error);
    safe.writeError(`${_NAME} ${command.name}: ${message}\n`);
    return 1;
  } finally {
    stopListening();
  }
}
