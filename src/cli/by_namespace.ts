// Reading a stream that holds several namespaces (a project's journal holds
// every mission of the project): each event placed in its namespace as
// `partitionByNamespace` places it, each namespace folded by its own reducer
// as the input is read (and read again when one namespace's events are out
// of sort order), and the table that shows them. `reduce --by-namespace`,
// `parity --by-namespace` and `partition` read through it.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import type {
  ContractDecider,
  ContractDecision,
} from "../contract/contract_decider.ts";
import type { AnyNamespace } from "../contract/dossier_contract.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { eventOfLine, wellFormedJson } from "../envelope/event_stream.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import {
  createDossierReducerFor,
  type DossierReducerOf,
} from "../replay/create_dossier_reducer.ts";
import { placementOf } from "../replay/partition_by_namespace.ts";
import { rereadOutOfOrder } from "../replay/reread_out_of_order.ts";
import type { CommandIo } from "./cli_io.ts";
import type { InputOptions } from "./command.ts";
import {
  contractDecider,
  contractOf,
  describeDecision,
} from "./contract_choice.ts";
import { decidedValues, envelopeSchemaOf } from "./read_input.ts";
import { type Style, tableLines } from "./style.ts";
import { shown } from "./terminal_text.ts";

/** One line of the input: its event, and the namespace it belongs to. */
export interface Placed {
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
export async function* placedBatches(
  input: InputOptions,
  io: CommandIo,
  decider: ContractDecider,
): AsyncGenerator<Placed[]> {
  let lines = 0;
  for await (const batch of decidedValues(input, io, decider)) {
    const decision = decider.decision!;
    const contract = contractOf(decision);
    const schema = envelopeSchemaOf(decision, input);
    yield batch.map(({ value, number, text }) => {
      const event = eventOfLine(schema, value, number, wellFormedJson(text));
      const placement = placementOf(contract, event.event_type, event.payload);
      return { event, number, text, contract, placement };
    });
    lines += batch.length;
    io.progress.update(lines);
  }
  io.progress.clear();
}

/** The namespace's five identity fields, in contract order, as an object. */
export function namespaceIdentity(
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
export interface Unassigned {
  withoutNamespace: number;
  otherTypes: number;
}

/** One namespace of the input, as it is folded. */
export interface NamespaceGroup {
  readonly namespace: AnyNamespace;
  readonly key: string;
  readonly firstLine: number;
  /** The input lines of this namespace. */
  lines: number;
  /** The input line of each event given to the reducer, in that order. */
  readonly lineNumbers: number[];
  readonly reducer: DossierReducerOf<FoldState, Event>;
}

/** The namespaces of an input, reduced. */
export interface ByNamespace {
  readonly groups: readonly (NamespaceGroup & { readonly state: FoldState })[];
  readonly unassigned: Unassigned;
  readonly decision: ContractDecision;
  readonly lines: number;
}

/** Reads the input once, each namespace folded by its own reducer. */
async function _foldOnce(
  input: InputOptions,
  io: CommandIo,
  assumeSorted: boolean,
): Promise<ByNamespace> {
  const decider = contractDecider(input.contract);
  const groups = new Map<string, NamespaceGroup>();
  const unassigned: Unassigned = { withoutNamespace: 0, otherTypes: 0 };
  let lines = 0;
  for await (const batch of placedBatches(input, io, decider)) {
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
        group.reducer.push(event);
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
function _foldByNamespace(
  input: InputOptions,
  io: CommandIo,
): Promise<ByNamespace> {
  if (input.path === "-") return _foldOnce(input, io, false);
  return rereadOutOfOrder((assumeSorted) => {
    if (!assumeSorted) io.progress.restart();
    return _foldOnce(input, io, assumeSorted);
  });
}

/** The error for dossier events none of which has a namespace of the contract in use. */
function _noNamespace(result: ByNamespace): Error {
  const { version } = result.decision;
  return new Error(
    `Cannot reduce the stream by namespace: none of its ${result.unassigned.withoutNamespace} dossier events has a valid contract ${version} namespace (contract ${
      describeDecision(result.decision, true)
    }); dossier validate says what is wrong with them`,
  );
}

/** The readable table of a stream's namespaces: one row each, `extra` columns last. */
export function namespaceTable(
  result: ByNamespace,
  extra: {
    readonly heads: readonly string[];
    readonly cells: (index: number) => readonly string[];
  },
): string[] {
  const contract = contractOf(result.decision);
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
    const field = (name: string) => shown(String(group.namespace[name]), 60);
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
  const lines = result.groups.length === 0 ? [] : tableLines(rows);
  if (!withProject && projects.size === 1) {
    lines.unshift(`  project ${shown(String([...projects][0]), 60)}`);
  }
  return lines;
}

/** `3 namespaces (contract 3.0.0, detected from line 1 (…))`. */
export function namespacesHeading(
  result: ByNamespace,
  style: Style,
): string {
  const count = result.groups.length;
  return `${
    style.bold(`${count} ${count === 1 ? "namespace" : "namespaces"}`)
  }${style.dim(` · contract ${describeDecision(result.decision, true)}`)}`;
}

/** `Not in a namespace: 2 dossier events without a valid namespace · 1 event of another type`. */
export function unassignedLine(unassigned: Unassigned, style: Style): string {
  const { withoutNamespace, otherTypes } = unassigned;
  return style.dim(
    `Not in a namespace: ${withoutNamespace} dossier ${
      withoutNamespace === 1 ? "event" : "events"
    } without a valid namespace · ${otherTypes} ${
      otherTypes === 1 ? "event of another type" : "events of other types"
    }`,
  );
}

/** Reads every namespace, refusing dossier events of which none has one. */
export async function namespacesOf(
  input: InputOptions,
  io: CommandIo,
): Promise<ByNamespace> {
  const result = await _foldByNamespace(input, io);
  if (result.groups.length === 0 && result.unassigned.withoutNamespace > 0) {
    throw _noNamespace(result);
  }
  return result;
}
