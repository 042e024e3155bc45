// The command line for a stream that holds several namespaces (a project's
// journal holds every mission of the project): `partition` writes one JSONL
// file per namespace identity, and `reduce --by-namespace` and
// `parity --by-namespace` replay each namespace on its own, as the input is
// read. Each event is placed as `partitionByNamespace` places it.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import type * as v from "valibot";
import type { _Command, _Context, _Value } from "./_cli.ts";
import { _ContractDecider, type _ContractDecision } from "./_contracts.ts";
import type { AnyNamespace } from "../contract/dossier_contract.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { eventOfLine, wellFormedJson } from "../envelope/event_stream.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import {
  createDossierReducerFor,
  type DossierReducerOf,
} from "../replay/create_dossier_reducer.ts";
import { dossierStateJsonChunks } from "../replay/dossier_state_json.ts";
import { placementOf } from "../replay/partition_by_namespace.ts";
import {
  evaluateParity,
  type ParityEvaluation,
} from "../parity/parity_hash.ts";
import { verdictJson } from "../parity/parity_report.ts";
import { _namespaceKey } from "../edge/namespace_key.ts";
import { _shortHash, _status, type _Style, _table } from "./_render.ts";
import { _inputName, _ioReason } from "./_messages.ts";
import { _jsonText, _shown } from "./_text.ts";

/** How `_cli.ts` reads an input, lent to this file. */
export interface _Reader {
  /** The JSON values of the input's lines, in batches, once the contract is decided. */
  readonly values: (
    input: string,
    context: _Context,
    decider: _ContractDecider,
  ) => AsyncGenerator<_Value[]>;
  /** The envelope schema of a decision, `--accept-empty-build-id` applied. */
  readonly envelope: (
    decision: _ContractDecision,
    command: _Command,
  ) => v.GenericSchema<unknown, Event>;
  /** `3.0.0, detected from line 1`, and with `why` what told it. */
  readonly describe: (decision: _ContractDecision, why?: boolean) => string;
  /** The contract a decision names. */
  readonly contractOf: (decision: _ContractDecision) => ParsingContract;
}

/** One line of the input: its event, and the namespace it belongs to. */
interface _Placed {
  readonly event: Event;
  readonly number: number;
  readonly text: string;
  readonly contract: ParsingContract;
  readonly placement: ReturnType<typeof placementOf>;
}

/**
 * The input's lines, batch by batch, each parsed and placed in its
 * namespace; the progress line counts them. Reduction by namespace and
 * `partition` both read the input through it.
 */
async function* _placedBatches(
  context: _Context,
  reader: _Reader,
  decider: _ContractDecider,
): AsyncGenerator<_Placed[]> {
  const { command } = context;
  let lines = 0;
  for await (const batch of reader.values(command.input, context, decider)) {
    const decision = decider.decision!;
    const contract = reader.contractOf(decision);
    const schema = reader.envelope(decision, command);
    yield batch.map(({ value, number, text }) => {
      const event = eventOfLine(schema, value, number, wellFormedJson(text));
      const placement = placementOf(contract, event.event_type, event.payload);
      return { event, number, text, contract, placement };
    });
    lines += batch.length;
    context.progress.update(lines);
  }
  context.progress.clear();
}

/** The namespace's five identity fields, in contract order, as an object. */
function _identity(
  contract: ParsingContract,
  namespace: AnyNamespace,
): Record<string, string | null> {
  const identity: Record<string, string | null> = {};
  for (const field of contract.namespaceFields.slice(0, 5)) {
    identity[field] = namespace[field];
  }
  return identity;
}

/** What was read besides the namespaces: the events no namespace takes. */
interface _Unassigned {
  withoutNamespace: number;
  otherTypes: number;
}

/** One namespace of the input, as it is folded. */
interface _Group {
  readonly namespace: AnyNamespace;
  readonly key: string;
  readonly firstLine: number;
  /** The input lines of this namespace. */
  lines: number;
  /** The input line of each event given to the reducer, in that order. */
  readonly lineNumbers: number[];
  readonly reducer: DossierReducerOf<FoldState, Event>;
}

/** Signals that an `assumeSorted` fold of one namespace met an event out of order. */
class _OutOfOrder extends Error {}

/** The namespaces of an input, reduced. */
interface _ByNamespace {
  readonly groups: readonly (_Group & { readonly state: FoldState })[];
  readonly unassigned: _Unassigned;
  readonly decision: _ContractDecision;
  readonly lines: number;
}

/** Reads the input once, each namespace folded by its own reducer. */
async function _foldOnce(
  context: _Context,
  reader: _Reader,
  assumeSorted: boolean,
): Promise<_ByNamespace> {
  const decider = new _ContractDecider(context.command.contract);
  const groups = new Map<string, _Group>();
  const unassigned: _Unassigned = { withoutNamespace: 0, otherTypes: 0 };
  let lines = 0;
  for await (const batch of _placedBatches(context, reader, decider)) {
    for (const { event, number, contract, placement } of batch) {
      if (placement.kind === "other-type") unassigned.otherTypes++;
      else if (placement.kind === "without-namespace") {
        unassigned.withoutNamespace++;
      } else {
        let group = groups.get(placement.key);
        if (group === undefined) {
          group = {
            namespace: placement.namespace,
            key: placement.key,
            firstLine: number,
            lines: 0,
            lineNumbers: [],
            reducer: createDossierReducerFor(contract, { assumeSorted }),
          };
          groups.set(placement.key, group);
        }
        try {
          group.reducer.push(event);
        } catch (error) {
          // The only error an assumeSorted push throws on a parsed event.
          throw new _OutOfOrder(String(error));
        }
        group.lines++;
        group.lineNumbers.push(number);
      }
    }
    lines += batch.length;
  }
  const decision = decider.finish();
  return {
    groups: [...groups.values()].map((group) => ({
      ...group,
      state: group.reducer.finish(),
    })),
    unassigned,
    decision,
    lines,
  };
}

/**
 * Reduces each namespace of the input. A file is folded as it is read;
 * when one namespace's events turn out not to be in sort order, the file is
 * read a second time without that promise. Standard input is read once.
 */
async function _foldByNamespace(
  context: _Context,
  reader: _Reader,
): Promise<_ByNamespace> {
  if (context.command.input === "-") {
    return await _foldOnce(context, reader, false);
  }
  try {
    return await _foldOnce(context, reader, true);
  } catch (error) {
    if (!(error instanceof _OutOfOrder)) throw error;
    context.progress.restart();
    return await _foldOnce(context, reader, false);
  }
}

/** The error for dossier events none of which has a namespace of the contract in use. */
function _noNamespace(result: _ByNamespace, reader: _Reader): Error {
  const { version } = result.decision;
  return new Error(
    `Cannot reduce the stream by namespace: none of its ${result.unassigned.withoutNamespace} dossier events has a valid contract ${version} namespace (contract ${
      reader.describe(result.decision, true)
    }); dossier validate says what is wrong with them`,
  );
}

/** The readable table of a stream's namespaces: one row each, `extra` columns last. */
function _namespaceTable(
  result: _ByNamespace,
  reader: _Reader,
  extra: {
    readonly heads: readonly string[];
    readonly cells: (index: number) => readonly string[];
  },
): string[] {
  const contract = reader.contractOf(result.decision);
  const [project, slug, branch, mission, manifest] = contract.namespaceFields;
  const projects = new Set(
    result.groups.map((group) => group.namespace[project]),
  );
  const withProject = projects.size > 1;
  const rows: string[][] = [[
    ...(withProject ? ["PROJECT"] : []),
    "MISSION",
    "TYPE",
    "BRANCH",
    "MANIFEST",
    "FIRST LINE",
    ...extra.heads,
  ]];
  result.groups.forEach((group, index) => {
    const field = (name: string) => _shown(String(group.namespace[name]), 60);
    rows.push([
      ...(withProject ? [field(project)] : []),
      field(slug),
      field(mission),
      field(branch),
      field(manifest),
      String(group.firstLine),
      ...extra.cells(index),
    ]);
  });
  const lines = result.groups.length === 0 ? [] : _table(rows);
  if (!withProject && projects.size === 1) {
    lines.unshift(`  project ${_shown(String([...projects][0]), 60)}`);
  }
  return lines;
}

/** `3 namespaces (contract 3.0.0, detected from line 1 (…))`. */
function _heading(
  result: _ByNamespace,
  reader: _Reader,
  style: _Style,
): string {
  const count = result.groups.length;
  return `${
    style.bold(`${count} ${count === 1 ? "namespace" : "namespaces"}`)
  }${style.dim(` · contract ${reader.describe(result.decision, true)}`)}`;
}

/** `Not in a namespace: 2 dossier events without a valid namespace · 1 event of another type`. */
function _unassignedLine(unassigned: _Unassigned, style: _Style): string {
  const { withoutNamespace, otherTypes } = unassigned;
  return style.dim(
    `Not in a namespace: ${withoutNamespace} dossier ${
      withoutNamespace === 1 ? "event" : "events"
    } without a valid namespace · ${otherTypes} ${
      otherTypes === 1 ? "event of another type" : "events of other types"
    }`,
  );
}

/** The JSON of the decision, as `validate --json` writes it. */
function _contractJson(decision: _ContractDecision) {
  return {
    version: decision.version,
    how: decision.how,
    reason: decision.reason,
  };
}

/** Reads every namespace, refusing dossier events of which none has one. */
async function _namespacesOf(
  context: _Context,
  reader: _Reader,
): Promise<_ByNamespace> {
  const result = await _foldByNamespace(context, reader);
  if (result.groups.length === 0 && result.unassigned.withoutNamespace > 0) {
    throw _noNamespace(result, reader);
  }
  return result;
}

/**
 * `reduce --by-namespace`: one row per namespace (or, with `--json`, one
 * JSON object per line, the state as canonical JSON), then what no
 * namespace took.
 */
export async function _reduceByNamespace(
  context: _Context,
  reader: _Reader,
): Promise<number> {
  const result = await _namespacesOf(context, reader);
  const contract = reader.contractOf(result.decision);
  const { style } = context;
  if (context.command.json) {
    for (const group of result.groups) {
      let line = `${
        _jsonText({
          kind: "namespace",
          namespace: _identity(contract, group.namespace),
          first_line: group.firstLine,
          lines: group.lines,
        }).slice(0, -1)
      },"state":`;
      for (const chunk of dossierStateJsonChunks(contract, group.state)) {
        line += chunk;
      }
      // The state is canonical JSON, byte for byte: written as it is.
      await context.writeRaw(`${line}}\n`);
    }
    await context.io.write(
      `${
        _jsonText({
          kind: "summary",
          namespaces: result.groups.length,
          without_namespace: result.unassigned.withoutNamespace,
          other_types: result.unassigned.otherTypes,
          contract: _contractJson(result.decision),
        })
      }\n`,
    );
    return 0;
  }
  const table = _namespaceTable(result, reader, {
    heads: ["EVENTS", "ARTIFACTS", "ANOMALIES", "SNAPSHOT", "STATUS"],
    cells: (index) => {
      const { state } = result.groups[index];
      return [
        String(state.event_count),
        String(state.artifacts.size),
        String(state.anomalies.length),
        state.latest_snapshot === null
          ? "-"
          : _shown(_shortHash(state.latest_snapshot.snapshot_hash), 40),
        // The last column is not padded: colour cannot misalign it.
        _status(state.parity_status, style),
      ];
    },
  });
  await context.io.write(
    [
      _heading(result, reader, style),
      ...table,
      _unassignedLine(result.unassigned, style),
      "",
    ].join("\n"),
  );
  return 0;
}

/**
 * `parity --by-namespace`: the parity verdict of each namespace; exit 1
 * when any namespace drifted.
 */
export async function _parityByNamespace(
  context: _Context,
  reader: _Reader,
): Promise<number> {
  const result = await _namespacesOf(context, reader);
  const { style } = context;
  const evaluations: ParityEvaluation[] = [];
  for (const group of result.groups) {
    evaluations.push(await evaluateParity(group.state));
  }
  const count = (status: string) =>
    evaluations.filter((evaluation) => evaluation.status === status).length;
  if (context.command.json) {
    const contract = reader.contractOf(result.decision);
    for (const [index, group] of result.groups.entries()) {
      await context.io.write(
        `${
          _jsonText({
            kind: "namespace",
            namespace: _identity(contract, group.namespace),
            first_line: group.firstLine,
            lines: group.lines,
            ...verdictJson(
              evaluations[index],
              group.state.parity_status,
              group.lineNumbers,
            ),
          })
        }\n`,
      );
    }
    await context.io.write(
      `${
        _jsonText({
          kind: "summary",
          namespaces: result.groups.length,
          clean: count("clean"),
          drifted: count("drifted"),
          unknown: count("unknown"),
          without_namespace: result.unassigned.withoutNamespace,
          other_types: result.unassigned.otherTypes,
          contract: _contractJson(result.decision),
        })
      }\n`,
    );
    return count("drifted") > 0 ? 1 : 0;
  }
  const table = _namespaceTable(result, reader, {
    heads: ["EVENTS", "RECOMPUTED", "SNAPSHOT", "HASH CHECK"],
    cells: (index) => {
      const evaluation = evaluations[index];
      return [
        String(result.groups[index].state.event_count),
        _shortHash(evaluation.actualHash),
        evaluation.expectedHash === null
          ? "-"
          : _shown(_shortHash(evaluation.expectedHash), 40),
        _status(evaluation.status, style),
      ];
    },
  });
  await context.io.write(
    [
      _heading(result, reader, style),
      ...table,
      `Hash check: ${count("clean")} clean, ${count("drifted")} drifted, ${
        count("unknown")
      } without a snapshot yet`,
      _unassignedLine(result.unassigned, style),
      "",
    ].join("\n"),
  );
  return count("drifted") > 0 ? 1 : 0;
}

// ── partition ────────────────────────────────────────────────────────────

/** Where `partition` writes one namespace's lines (or the unassigned ones). */
interface _Target {
  readonly file: string;
  readonly firstLine: number;
  events: number;
  /** Lines not written yet. */
  buffer: string;
  /** True once something was written to its `.partial` file. */
  started: boolean;
}

/** Lines held before they are written: a few megabytes, whatever the input's size. */
const _BUFFERED = 4 * 1_048_576;

const _WITHOUT_NAMESPACE_FILE = "_without-namespace.jsonl";
const _OTHER_TYPES_FILE = "_other-types.jsonl";

/**
 * A safe, stable file name for a namespace: its slug with anything but
 * letters, digits, `.`, `_` and `-` replaced, starting with a letter or a
 * digit (so never `_`, `.` or `..`), at most 60 characters, then the first
 * 8 hex digits of its namespace key (more if two keys share 8): the key the
 * edge serves it under, `/dossiers/{key}`.
 */
export function _fileName(
  slug: string,
  key: string,
  taken: ReadonlySet<string>,
): string {
  const safe = slug.normalize("NFC").replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "").slice(0, 60).replace(/[._-]+$/, "") ||
    "namespace";
  for (const length of [8, 16, 64]) {
    const name = `${safe}-${key.slice(0, length)}.jsonl`;
    if (!taken.has(name)) return name;
  }
  // Equal SHA-256 digests of two different identities: not in this universe.
  throw new Error(`Cannot name the file of namespace ${key}`);
}

/**
 * `partition --out <dir>`: one JSONL file per namespace identity, each line
 * copied as read, in input order; `index.json` lists them. The files are
 * written as `<name>.partial` while the input is read (a few megabytes
 * held at a time) and renamed once it was read whole, then index.json is
 * written: a run that fails leaves `.partial` files and no index.
 */
export async function _partition(
  context: _Context,
  reader: _Reader,
): Promise<number> {
  const { command, style } = context;
  const files = context.io.files;
  if (files === undefined) {
    throw new Error(
      "Cannot partition the stream: this runtime's adapter cannot write files",
    );
  }
  const dir = command.out!.length > 1
    ? command.out!.replace(/\/+$/, "")
    : command.out!;
  const shownDir = _inputName(dir);
  const pathOf = (name: string) => `${dir}/${name}`;
  let entries: readonly string[];
  try {
    entries = await files.prepareDirectory(dir);
  } catch (error) {
    throw new Error(`Cannot write to ${shownDir}: ${_ioReason(error)}`);
  }
  if (entries.length > 0) {
    throw new Error(
      `Cannot partition into ${shownDir}: the directory must be empty or absent: received one holding ${entries.length} ${
        entries.length === 1 ? "entry" : "entries"
      } (${
        entries.slice(0, 3).map((name) => _shown(JSON.stringify(name), 60))
          .join(", ")
      }${entries.length > 3 ? ", …" : ""})`,
    );
  }
  const write = async (name: string, text: string) => {
    try {
      await files.appendText(pathOf(name), text);
    } catch (error) {
      throw new Error(
        `Cannot write ${_inputName(pathOf(name))}: ${_ioReason(error)}`,
      );
    }
  };
  const targets = new Map<
    string,
    _Target & { namespace: AnyNamespace; key: string }
  >();
  const names = new Set<string>();
  const unassigned = {
    withoutNamespace: {
      file: _WITHOUT_NAMESPACE_FILE,
      firstLine: 0,
      events: 0,
      buffer: "",
      started: false,
    } as _Target,
    otherTypes: {
      file: _OTHER_TYPES_FILE,
      firstLine: 0,
      events: 0,
      buffer: "",
      started: false,
    } as _Target,
  };
  const all = (): _Target[] => [
    ...targets.values(),
    unassigned.withoutNamespace,
    unassigned.otherTypes,
  ];
  let buffered = 0;
  const flush = async () => {
    for (const target of all()) {
      if (target.buffer === "") continue;
      await write(`${target.file}.partial`, target.buffer);
      target.buffer = "";
      target.started = true;
    }
    buffered = 0;
  };
  const decider = new _ContractDecider(command.contract);
  let lines = 0;
  for await (const batch of _placedBatches(context, reader, decider)) {
    lines += batch.length;
    for (const { number, text, contract, placement } of batch) {
      let target: _Target;
      if (placement.kind === "namespace") {
        let found = targets.get(placement.key);
        if (found === undefined) {
          const slug = String(placement.namespace[contract.namespaceFields[1]]);
          const key = await _namespaceKey(contract, placement.namespace);
          const file = _fileName(slug, key, names);
          names.add(file);
          found = {
            file,
            key,
            firstLine: number,
            events: 0,
            buffer: "",
            started: false,
            namespace: placement.namespace,
          };
          targets.set(placement.key, found);
        }
        target = found;
      } else {
        target = placement.kind === "other-type"
          ? unassigned.otherTypes
          : unassigned.withoutNamespace;
        if (!command.writeUnassigned) {
          target.events++;
          continue;
        }
      }
      target.events++;
      target.buffer += `${text}\n`;
      buffered += text.length + 1;
    }
    if (buffered >= _BUFFERED) await flush();
  }
  const decision = decider.finish();
  await flush();
  for (const target of all()) {
    if (!target.started) continue;
    try {
      await files.rename(pathOf(`${target.file}.partial`), pathOf(target.file));
    } catch (error) {
      throw new Error(
        `Cannot write ${_inputName(pathOf(target.file))}: ${_ioReason(error)}`,
      );
    }
  }
  const contract = reader.contractOf(decision);
  const written = (target: _Target) => target.started ? target.file : null;
  const index = {
    contract: _contractJson(decision),
    lines,
    namespaces: [...targets.values()].map((target) => ({
      file: target.file,
      key: target.key,
      events: target.events,
      first_line: target.firstLine,
      namespace: _identity(contract, target.namespace),
    })),
    without_namespace: {
      events: unassigned.withoutNamespace.events,
      file: written(unassigned.withoutNamespace),
    },
    other_types: {
      events: unassigned.otherTypes.events,
      file: written(unassigned.otherTypes),
    },
  };
  await write("index.json.partial", `${JSON.stringify(index, null, 2)}\n`);
  try {
    await files.rename(pathOf("index.json.partial"), pathOf("index.json"));
  } catch (error) {
    throw new Error(
      `Cannot write ${_inputName(pathOf("index.json"))}: ${_ioReason(error)}`,
    );
  }
  if (command.json) {
    await context.io.write(`${_jsonText(index)}\n`);
    return 0;
  }
  const [, slug, branch] = contract.namespaceFields;
  const rows = [["FILE", "EVENTS", "FIRST LINE", "MISSION · BRANCH"]];
  for (const target of targets.values()) {
    rows.push([
      _shown(target.file, 80),
      String(target.events),
      String(target.firstLine),
      `${_shown(String(target.namespace[slug]), 60)} · ${
        _shown(String(target.namespace[branch]), 40)
      }`,
    ]);
  }
  const count = targets.size;
  const rest = [unassigned.withoutNamespace, unassigned.otherTypes];
  const restNote = rest.some((target) => target.events > 0)
    ? command.writeUnassigned
      ? ` (written to ${
        rest.filter((target) => target.started).map((target) => target.file)
          .join(" and ")
      })`
      : " (--write-unassigned writes them to files of their own)"
    : "";
  await context.io.write(
    [
      `${
        style.bold(`${count} ${count === 1 ? "namespace" : "namespaces"}`)
      } from ${_inputName(command.input)} written to ${shownDir}${
        style.dim(` · contract ${reader.describe(decision, true)}`)
      }`,
      ...(count === 0 ? [] : _table(rows)),
      _unassignedLine(
        {
          withoutNamespace: unassigned.withoutNamespace.events,
          otherTypes: unassigned.otherTypes.events,
        },
        style,
      ) + restNote,
      `${_shown(pathOf("index.json"), 200)} lists the files`,
      "",
    ].join("\n"),
  );
  return 0;
}
