// The problems `dossier validate` finds in a line: the envelope's fields,
// both payload layers (a problem both find is shown once), and the first
// event of a second namespace; and how a rejected line is written, as text
// or as JSON.
import type { ContractDecision } from "../contract/contract_decider.ts";
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import { describeValue, type FieldIssue } from "../contract/field_issue.ts";
import { validateEventWith } from "../contract/validate_event.ts";
import { type Event, safeParseEventWith } from "../envelope/event_envelope.ts";
import { placementOf } from "../replay/partition_by_namespace.ts";
import type { InputOptions } from "./command.ts";
import { contractOf, validationOf } from "./contract_choice.ts";
import { envelopeSchemaOf } from "./read_input.ts";
import { jsonText, shown } from "./terminal_text.ts";

/** One problem of a line, as both outputs of `validate` show it. */
export interface LineIssue {
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
export interface Rejection {
  readonly line: number;
  readonly eventId: string | null;
  readonly issues: readonly LineIssue[];
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
function _fieldIssue(issue: FieldIssue, prefix: string): LineIssue {
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
export function lineIssues(
  value: unknown,
  decision: ContractDecision,
  input: InputOptions,
): { readonly issues: LineIssue[]; readonly event: Event | null } {
  const envelope = safeParseEventWith(envelopeSchemaOf(decision, input), value);
  if (!envelope.success) {
    return {
      issues: envelope.issues.map((issue) => _fieldIssue(issue, "")),
      event: null,
    };
  }
  const event = envelope.output;
  if (!DOSSIER_EVENT_TYPES.has(event.event_type)) return { issues: [], event };
  const validation = validationOf(decision);
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
export function rejectionText(rejection: Rejection): string {
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
            : `event ${shown(JSON.stringify(rejection.eventId), 80)}`
        } ${issue.message}: ${
          issue.fields!.map((field) =>
            `${field.field} ${shown(JSON.stringify(field.expected), 80)} → ${
              shown(JSON.stringify(field.value), 80)
            }`
          ).join(", ")
        }`;
      default:
        return `${at}: ${
          issue.path === "" ? "(envelope)" : shown(issue.path, 200)
        }: ${issue.message}${
          issue.received === undefined ? "" : `: received ${issue.received}`
        }`;
    }
  }).join("\n");
}

/** The JSON form of a rejected line, for `validate --json`. */
export function rejectionJson(rejection: Rejection): string {
  return jsonText({
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

/** What `validate` knows of the stream's namespaces so far. */
export interface NamespaceWatch {
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
export function namespaceIssue(
  watch: NamespaceWatch,
  event: Event,
  number: number,
  decision: ContractDecision,
): LineIssue | null {
  const contract = contractOf(decision);
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
