// Reading a JSONL stream for the page, the command line's way: the contract
// told by the first dossier event's shape (the package's own detection), a
// stream that mixes the two shapes refused, `build_id: ""` read as
// "unknown" and counted for a note, then the entry point's own parser and
// partition. A journal of several namespaces becomes a list to choose from.
import { DOSSIER_EVENT_TYPES } from "../../mod.ts";
import type { ContractVersion } from "../../mod.ts";
import { contractShape } from "../contract/detect_contract.ts";
import { eachJsonlLine, jsonOfLine } from "../envelope/event_stream.ts";
import {
  VIEW_CONTRACTS,
  type ViewContract,
  type ViewEvent,
  type ViewNamespace,
} from "./view_contracts.ts";

/** The contract a stream is read with, and how it was told. */
export interface StreamContract {
  /** The contract's version. */
  readonly version: ContractVersion;
  /** How it was told, for the page: `detected from line 1 (a build_id)`. */
  readonly how: string;
  /** The envelopes whose `build_id` is `""`, read as `"unknown"` (what the spec-kitty CLI writes). */
  readonly emptyBuildIds: number;
}

/** One namespace of a stream, to choose from. */
export interface NamespaceChoice {
  /** What the list shows: the mission slug, its type and branch. */
  readonly label: string;
  /** The namespace, as the partition parsed it; `null` for a stream without one. */
  readonly namespace: ViewNamespace | null;
  /** Its events, in input order. */
  readonly events: readonly ViewEvent[];
}

/** A stream read for the page. */
export interface DossierStreamRead {
  /** The contract and how it was told. */
  readonly contract: StreamContract;
  /** The contract's functions. */
  readonly api: ViewContract;
  /** The events parsed, of every type. */
  readonly eventCount: number;
  /** One entry per namespace (one, with every event, for a stream of one namespace). */
  readonly namespaces: readonly NamespaceChoice[];
  /** Dossier events without a valid namespace, in a journal of several namespaces. */
  readonly withoutNamespace: number;
  /** Events of other types than the four dossier ones (the reducer ignores them). */
  readonly otherTypes: number;
}

function _isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function _isDossierEvent(value: unknown): boolean {
  return _isObject(value) && typeof value.event_type === "string" &&
    DOSSIER_EVENT_TYPES.has(value.event_type);
}

/** The line that tells the contract, and what told it. */
interface _Decision {
  readonly line: number;
  readonly version: ContractVersion;
  readonly reason: string;
}

/**
 * Tells the contract of a JSONL stream as the command line's `--contract
 * auto` does: the first dossier event decides (or the first event, when the
 * stream has no dossier event), and a later dossier event of the other
 * shape is an error.
 *
 * @param text The JSONL text.
 * @returns The contract, how it was told, and how many envelopes carry `build_id: ""`.
 * @throws {SyntaxError} When a line is not JSON (the parser's error, naming the line).
 * @throws {TypeError} When the stream mixes the two contracts' shapes.
 */
export function detectStreamContract(text: string): StreamContract {
  let decided = null as _Decision | null;
  let first = null as _Decision | null;
  let emptyBuildIds = 0;
  eachJsonlLine(text, (line, number) => {
    const value = jsonOfLine(line, number);
    if (_isObject(value) && value.build_id === "") emptyBuildIds++;
    const dossier = _isDossierEvent(value);
    if (!dossier && (first !== null || decided !== null)) return;
    const shape = contractShape(value);
    const at = { line: number, ...shape };
    if (!dossier) {
      first = at;
    } else if (decided === null) {
      decided = at;
    } else if (shape.version !== decided.version) {
      throw new TypeError(
        `Cannot read the stream: line ${number} is a contract ${shape.version} event (${shape.reason}), but the stream's first dossier event, on line ${decided.line}, is contract ${decided.version} (${decided.reason}): a stream holds one contract; split it`,
      );
    }
  });
  const chosen = decided ?? first;
  if (chosen === null) {
    throw new RangeError(
      "Cannot read the stream: it holds no events: received an empty input",
    );
  }
  const reason = decided === null
    ? `no dossier event; ${chosen.reason}`
    : chosen.reason;
  return {
    version: chosen.version,
    how: `detected from line ${chosen.line} (${reason})`,
    emptyBuildIds,
  };
}

/** The label of a namespace in the list: slug, then type and branch. */
export function namespaceLabel(
  namespace: ViewNamespace | null,
  api: ViewContract,
): string {
  if (namespace === null) return "(no namespace)";
  return `${namespace[api.fields.slug]} (${
    namespace[api.fields.type]
  }, ${namespace.target_branch})`;
}

/**
 * Reads a JSONL stream for the page: tells its contract, parses it with that
 * contract's entry point (`build_id: ""` read as `"unknown"`, as the
 * command line does), and splits a journal of several namespaces.
 *
 * @param text The JSONL text.
 * @returns The contract, the events by namespace, and what was set aside.
 * @throws {SyntaxError} When a line is not JSON; `line` names it.
 * @throws {TypeError} When a line is not a valid envelope (the parser's
 * error, with `line` and `issues`), or the stream mixes the two contracts.
 * @throws {RangeError} When the text holds no event, or a value is out of bounds.
 */
export function readDossierStream(text: string): DossierStreamRead {
  const contract = detectStreamContract(text);
  const api = VIEW_CONTRACTS[contract.version];
  const events = api.parseEventStream(text);
  const { groups, withoutNamespace, otherTypes } = api.partitionByNamespace(
    events,
  );
  const namespaces: NamespaceChoice[] = groups.length <= 1
    ? [{
      label: namespaceLabel(groups[0]?.namespace ?? null, api),
      namespace: groups[0]?.namespace ?? null,
      events,
    }]
    : groups.map((group) => ({
      label: namespaceLabel(group.namespace, api),
      namespace: group.namespace,
      events: group.events,
    }));
  return {
    contract,
    api,
    eventCount: events.length,
    namespaces,
    withoutNamespace: groups.length <= 1 ? 0 : withoutNamespace.length,
    otherTypes: otherTypes.length,
  };
}

/** A read error as the page shows it: the message, and its line, field and value when known. */
export interface ReadErrorView {
  /** The error's message, as the command line prints it. */
  readonly message: string;
  /** The line it names; `null` when none. */
  readonly line: number | null;
  /** The first field it names (`payload.artifact_id.path`); `null` when none. */
  readonly field: string | null;
  /** The value received there, as JSON; `null` when none (or the field is missing). */
  readonly value: string | null;
}

/**
 * Describes an error of {@linkcode readDossierStream} for the page.
 *
 * @param error What was thrown.
 * @returns The message, and the line, field and value it names.
 */
export function describeReadError(error: unknown): ReadErrorView {
  if (!(error instanceof Error)) {
    return { message: String(error), line: null, field: null, value: null };
  }
  const data = error as Error & {
    line?: unknown;
    issues?: readonly { path: string; input: unknown }[];
  };
  const issue = Array.isArray(data.issues) ? data.issues[0] : undefined;
  let value: string | null = null;
  if (issue !== undefined && issue.input !== undefined) {
    const json = JSON.stringify(issue.input) ?? String(issue.input);
    value = json.length > 200 ? `${json.slice(0, 200)}…` : json;
  }
  return {
    message: error.message,
    line: typeof data.line === "number" ? data.line : null,
    field: issue === undefined || issue.path === "" ? null : issue.path,
    value,
  };
}
