// Turns Valibot issues into the field issues and error messages the package
// promises: the field path, what was expected, and the value received.
import type * as v from "valibot";

/** One problem found in an input, located by its field path. */
export interface FieldIssue {
  /** Dotted path of the field, such as `payload.artifact_id.path`; `""` for the input itself. */
  readonly path: string;
  /** What the field must be, such as `must be a non-empty string`. */
  readonly message: string;
  /**
   * The kind of check that failed, such as `string`, `min_length`, `object`,
   * `missing` (a required field is absent), `range` (a value out of bounds)
   * or `unknown_key` (a key that contract 3.0.0 does not declare).
   */
  readonly type: string;
  /** The value received (for an unknown key, its value); `undefined` when the field is missing. */
  readonly input: unknown;
}

/**
 * The `expected` marker a custom check sets on an issue when the value has
 * the right shape but lies out of bounds (a day 31 in February, a clock past
 * 2^53−1), so that the error becomes a `RangeError`.
 */
export const RANGE_EXPECTED = "a value in range";

const _IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Joins a Valibot issue path into `a.b[0]["odd key"]`. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = "";
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    if (typeof key === "number") path += `[${key}]`;
    else if (typeof key === "string" && _IDENTIFIER.test(key)) {
      path += path === "" ? key : `.${key}`;
    } else path += `[${JSON.stringify(String(key))}]`;
  }
  return path;
}

function _isMissingKey(issue: v.BaseIssue<unknown>): boolean {
  const last = issue.path?.at(-1) as { origin?: string } | undefined;
  return (issue.type === "object" || issue.type === "strict_object") &&
    issue.expected !== "never" && last?.origin === "key";
}

/** A key that a rejecting object does not declare (see `plainObjectSchema`). */
function _isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === "strict_object" && issue.expected === "never";
}

/** Converts Valibot issues into field issues, missing keys included. */
export function toFieldIssues(
  issues: readonly v.BaseIssue<unknown>[],
  prefix = "",
): FieldIssue[] {
  return issues.map((issue) => {
    const path = issuePath(issue);
    const missing = _isMissingKey(issue);
    const unknown = _isUnknownKey(issue);
    return {
      path: prefix === ""
        ? path
        : path === ""
        ? prefix
        : path.startsWith("[")
        ? prefix + path
        : `${prefix}.${path}`,
      message: missing ? "is required" : issue.message,
      type: missing
        ? "missing"
        : unknown
        ? "unknown_key"
        : issue.expected === RANGE_EXPECTED
        ? "range"
        : issue.type,
      input: missing
        ? undefined
        : unknown
        ? (issue.path?.at(-1) as { value?: unknown } | undefined)?.value
        : issue.input,
    };
  });
}

const _MAX_SHOWN = 80;

/**
 * Describes any value for an error message without ever throwing: JSON for
 * plain data (cut at 80 characters), a phrase for everything else.
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case "undefined":
        return "nothing";
      case "string": {
        const shown = value.length > _MAX_SHOWN
          ? `${value.slice(0, _MAX_SHOWN)}…`
          : value;
        const quoted = JSON.stringify(shown);
        return value.length > _MAX_SHOWN
          ? `${quoted} (${value.length} characters)`
          : quoted;
      }
      case "number":
        return Object.is(value, -0) ? "-0" : String(value);
      case "bigint":
        return `${value}n (a BigInt)`;
      case "boolean":
        return String(value);
      case "symbol":
        return "a symbol";
      case "function":
        return "a function";
    }
    if (value === null) return "null";
    if (Array.isArray(value)) return `an array of ${value.length} items`;
    if (value instanceof Date) return "a Date";
    const prototype = Object.getPrototypeOf(value);
    if (prototype === null || Object.getPrototypeOf(prototype) === null) {
      return "an object";
    }
    const name = prototype?.constructor?.name;
    return typeof name === "string" && name !== ""
      ? `an instance of ${name}`
      : "an object with a prototype";
  } catch {
    return "a value that cannot be inspected";
  }
}

/**
 * The message for input whose getter or proxy trap threw while it was read:
 * `must be plain data (reading it threw TypeError)`.
 */
export function unreadableMessage(
  error: unknown,
  doing = "reading it",
): string {
  return `must be plain data (${doing} threw ${
    error instanceof Error ? error.name : "a value"
  })`;
}

/** `field "<path>" <message>: received <value>`, the core of every error. */
export function fieldText(issue: FieldIssue): string {
  const field = issue.path === "" ? "the input" : `field "${issue.path}"`;
  return issue.type === "missing"
    ? `${field} is required: received nothing`
    : `${field} ${issue.message}: received ${describeValue(issue.input)}`;
}

/** Issue types that mean "out of bounds" rather than "wrong shape". */
const _RANGE_TYPES: ReadonlySet<string> = new Set([
  "min_value",
  "max_value",
  "range",
]);

/** `<action>: <the first issue> (and 2 more problems)`, the message of every error. */
export function issuesMessage(
  action: string,
  issues: readonly FieldIssue[],
): string {
  const more = issues.length > 1
    ? ` (and ${issues.length - 1} more ${
      issues.length === 2 ? "problem" : "problems"
    })`
    : "";
  return `${action}: ${fieldText(issues[0])}${more}`;
}

/** True when the first issue says "out of bounds": the error is then a `RangeError`. */
export function isRangeProblem(issues: readonly FieldIssue[]): boolean {
  return _RANGE_TYPES.has(issues[0].type);
}

/** Builds the documented error for a list of issues: `RangeError` or `TypeError`. */
export function errorForIssues(
  action: string,
  issues: readonly FieldIssue[],
): TypeError | RangeError {
  const message = issuesMessage(action, issues);
  return isRangeProblem(issues)
    ? new RangeError(message)
    : new TypeError(message);
}
