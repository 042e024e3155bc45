/**
 * The CLI's work-package frontmatter schema (pydantic `WPMetadata`, lax mode,
 * extra keys forbidden; docs/indexer.md, "Work packages: the schema"), applied
 * to the values ruamel.yaml built, with pydantic's error text.
 *
 * @module
 */

import { PyDict, type PyValue, ruamelTypeName } from "./python_value.ts";
import { pyRepr, pyStr, pyStrip } from "./python_repr.ts";
import { pythonIntOf } from "./python_int.ts";

/** The 14 fields the projection keeps, in the order pydantic checks them. */
export const PROJECTED_FIELDS: readonly string[] = [
  "work_package_id",
  "title",
  "dependencies",
  "requirement_refs",
  "tracker_refs",
  "priority",
  "execution_mode",
  "owned_files",
  "create_intent",
  "authoritative_surface",
  "scope",
  "task_type",
  "subtasks",
  "phase",
];

type Kind =
  | "id"
  | "title"
  | "str"
  | "strs"
  | "list"
  | "any"
  | "phase"
  | "pid"
  | "commit"
  | "lane";

// Field order of the model, which is the order of its errors.
const FIELDS: ReadonlyArray<readonly [string, Kind]> = [
  ["work_package_id", "id"],
  ["title", "title"],
  ["dependencies", "strs"],
  ["base_branch", "str"],
  ["base_commit", "commit"],
  ["created_at", "str"],
  ["planning_base_branch", "str"],
  ["merge_target_branch", "str"],
  ["branch_strategy", "str"],
  ["requirement_refs", "strs"],
  ["tracker_refs", "strs"],
  ["priority", "str"],
  ["execution_mode", "str"],
  ["owned_files", "strs"],
  ["create_intent", "strs"],
  ["authoritative_surface", "str"],
  ["scope", "str"],
  ["task_type", "str"],
  ["subtasks", "list"],
  ["phase", "phase"],
  ["phases", "str"],
  ["assignee", "str"],
  ["agent", "any"],
  ["model", "str"],
  ["agent_profile", "str"],
  ["role", "str"],
  ["shell_pid", "pid"],
  ["shell_pid_created_at", "str"],
  ["history", "list"],
  ["lane", "lane"],
  ["feature_slug", "str"],
  ["activity_log", "str"],
  ["review_status", "str"],
  ["reviewed_by", "str"],
  ["approved_by", "str"],
  ["reviewer", "any"],
  ["reviewer_agent", "str"],
  ["reviewer_shell_pid", "str"],
  ["review_feedback", "str"],
  ["review_feedback_file", "str"],
  ["subtitle", "str"],
  ["description", "str"],
  ["estimated_duration", "str"],
  ["tags", "strs"],
  ["mission_id", "str"],
  ["mission_number", "str"],
  ["mission_slug", "str"],
  ["status", "str"],
  ["wp_code", "str"],
  ["work_package_title", "str"],
];
const KNOWN = new Set(FIELDS.map(([name]) => name));
const LANES = new Set([
  "planned",
  "claimed",
  "in_progress",
  "for_review",
  "in_review",
  "approved",
  "done",
  "blocked",
  "canceled",
]);
const LANE_LIST = [...LANES, "doing"].join(", ");
// Python's `re` with a str pattern: \d is any Unicode decimal digit and `$`
// also matches before one final newline.
const WP_ID = /^WP\p{Nd}{2,}\n?$/u;
const COMMIT = /^[0-9a-f]{7,40}\n?$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** One pydantic error. */
interface Issue {
  readonly loc: string;
  readonly message: string;
  readonly type: string;
  readonly input: PyValue;
}

/** What the model kept of a valid frontmatter. */
export interface WpMetadata {
  /** Every field of the model after validation, by name. */
  readonly fields: ReadonlyMap<string, PyValue>;
}

/** The outcome of one validation. */
export type WpValidation =
  | { readonly ok: true; readonly metadata: WpMetadata }
  | { readonly ok: false; readonly reason: string };

function valueError(loc: string, message: string, input: PyValue): Issue {
  return {
    loc,
    message: `Value error, ${message}`,
    type: "value_error",
    input,
  };
}

/** pydantic's lax `str`: a str, or bytes that decode as UTF-8 (a `!!binary` scalar). */
function asStr(
  loc: string,
  input: PyValue,
  issues: Issue[],
): string | undefined {
  if (typeof input === "string") return input;
  if (input instanceof Uint8Array) {
    try {
      return UTF8.decode(input);
    } catch {
      issues.push({
        loc,
        message:
          "Input should be a valid string, unable to parse raw data as a unicode string",
        type: "string_unicode",
        input,
      });
      return undefined;
    }
  }
  issues.push({
    loc,
    message: "Input should be a valid string",
    type: "string_type",
    input,
  });
  return undefined;
}

function asList(
  loc: string,
  input: PyValue,
  issues: Issue[],
): PyValue[] | undefined {
  if (Array.isArray(input)) return input;
  issues.push({
    loc,
    message: "Input should be a valid list",
    type: "list_type",
    input,
  });
  return undefined;
}

/** Python's `str(v)` as the `phase` and `lane` validators call it; `undefined` where the port cannot write it. */
function strOf(input: PyValue): string | undefined {
  try {
    return pyStr(input);
  } catch {
    return undefined;
  }
}

function checkField(
  name: string,
  kind: Kind,
  input: PyValue,
  issues: Issue[],
): PyValue | undefined {
  const nullable = kind !== "id" && kind !== "strs" && kind !== "list";
  if (input === null && nullable && kind !== "pid") return null;
  switch (kind) {
    case "any":
      return input;
    case "list":
      return asList(name, input, issues);
    case "strs": {
      const list = asList(name, input, issues);
      if (list === undefined) return undefined;
      const out = list.map((item, i) => asStr(`${name}.${i}`, item, issues));
      return out.includes(undefined) ? undefined : out as string[];
    }
    case "phase":
      // Python's str() always succeeds; pyStr throws only where the port
      // cannot reproduce it, which aborts like the CLI's own TypeErrors.
      return pyStr(input);
    case "pid": {
      if (input === null || input === "") return null;
      const parsed = pythonIntOf(input);
      if (typeof parsed === "bigint") return parsed;
      issues.push(valueError(name, parsed, input));
      return undefined;
    }
    case "lane": {
      if (input === "") return null;
      const text = strOf(input);
      const canonical = text === "doing" ? "in_progress" : text;
      if (canonical !== undefined && LANES.has(canonical)) return canonical;
      issues.push(valueError(
        name,
        `Invalid lane value: ${
          inputRepr(input, false)
        }. Must be one of: ${LANE_LIST}`,
        input,
      ));
      return undefined;
    }
    default:
      break;
  }
  const text = asStr(name, input, issues);
  if (text === undefined) return undefined;
  if (kind === "id" && !WP_ID.test(text)) {
    issues.push(
      valueError(
        name,
        `Invalid work_package_id: ${pyRepr(text)} (must match WP##)`,
        text,
      ),
    );
    return undefined;
  }
  if (kind === "title" && pyStrip(text) === "") {
    issues.push(valueError(name, "title must not be empty", text));
    return undefined;
  }
  if (kind === "commit") {
    if (text === "unknown") return null;
    if (!COMMIT.test(text)) {
      issues.push(
        valueError(
          name,
          `Invalid base_commit: ${pyRepr(text)} (must be hex SHA)`,
          text,
        ),
      );
      return undefined;
    }
  }
  return text;
}

function splitList(text: string): string[] {
  return text.split(",").map(pyStrip).filter((piece) => piece !== "");
}

/** The model's `mode="before"` validator: the legacy `work_package_title` and comma-separated lists. */
function preprocess(data: PyDict): void {
  if (!data.has("title") && data.has("work_package_title")) {
    data.set("title", data.get("work_package_title")!);
  }
  const dependencies = data.get("dependencies");
  if (typeof dependencies === "string") {
    data.set(
      "dependencies",
      pyStrip(dependencies) === "[]" ? [] : splitList(pyStrip(dependencies)),
    );
  }
  for (const name of ["requirement_refs", "tracker_refs"]) {
    const value = data.get(name);
    if (typeof value === "string") data.set(name, splitList(value));
  }
}

const truncated = (text: string): string =>
  text.length > 50 ? `${text.slice(0, 25)}...${text.slice(-24)}` : text;

// Python shows a TaggedScalar by its memory address, which varies between
// runs: a fixed one of the same length stands in for it.
const ADDRESS = "0x000000000000";

function inputRepr(input: PyValue, truncate = true): string {
  const text = pyRepr(input, ADDRESS);
  return truncate ? truncated(text) : text;
}

/** pydantic's `str(ValidationError)`. */
function formatIssues(issues: readonly Issue[]): string {
  const count = `${issues.length} validation error${
    issues.length === 1 ? "" : "s"
  }`;
  const lines = [`${count} for WPMetadata`];
  for (const issue of issues) {
    lines.push(
      issue.loc,
      `  ${issue.message} [type=${issue.type}, input_value=${
        inputRepr(issue.input)
      }, input_type=${ruamelTypeName(issue.input)}]`,
      `    For further information visit https://errors.pydantic.dev/2.13/v/${issue.type}`,
    );
  }
  return lines.join("\n");
}

/**
 * Validates a frontmatter mapping as the CLI's `WPMetadata.model_validate(
 * data, strict=False)` does: only the model's keys, pre-processing, lax
 * types, the lane, `base_commit`, `shell_pid`, title and id rules.
 *
 * @param data The frontmatter mapping (left unchanged).
 * @returns The validated fields, or pydantic's error text.
 * @throws {PythonTypeError} Where the model's `int(shell_pid)` raises a
 *   `TypeError` (a list, a map, a date) or an `OverflowError` (an infinite
 *   float): pydantic lets these through and the CLI's mission aborts.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateWpMetadata } from "./wp_schema.ts";
 * import { PyDict } from "./python_value.ts";
 * const data = new PyDict();
 * data.set("work_package_id", "WP1");
 * const result = validateWpMetadata(data);
 * assert.ok(!result.ok && result.reason.startsWith("1 validation error for WPMetadata\nwork_package_id\n"));
 * ```
 */
export function validateWpMetadata(data: PyDict): WpValidation {
  const input = new PyDict(data.className);
  data.keys.forEach((key, i) => input.set(key, data.values[i]));
  preprocess(input);
  const issues: Issue[] = [];
  const fields = new Map<string, PyValue>();
  for (const [name, kind] of FIELDS) {
    const value = input.get(name);
    if (value === undefined) {
      if (kind === "id") {
        issues.push({
          loc: name,
          message: "Field required",
          type: "missing",
          input,
        });
      } else fields.set(name, kind === "strs" || kind === "list" ? [] : null);
      continue;
    }
    const checked = checkField(name, kind, value, issues);
    if (checked !== undefined) fields.set(name, checked);
  }
  input.keys.forEach((key, i) => {
    if (typeof key !== "string") {
      issues.push({
        loc: strOf(key) ?? "?",
        message: "Keys should be strings",
        type: "invalid_key",
        input: key,
      });
    } else if (!KNOWN.has(key)) {
      issues.push({
        loc: key,
        message: "Extra inputs are not permitted",
        type: "extra_forbidden",
        input: input.values[i],
      });
    }
  });
  if (issues.length > 0) return { ok: false, reason: formatIssues(issues) };
  return { ok: true, metadata: { fields } };
}
