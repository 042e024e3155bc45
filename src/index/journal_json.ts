// JSON text as the CLI's Python writes it: its journal lines
// (`json.dumps(sort_keys=True, separators=(",", ":"))`) and its snapshot
// file (`json.dump(indent=2)`), both with ASCII escaping (`\uXXXX`, lowercase
// hex, for everything outside space..tilde).

import { compareCodePoints } from "../replay/event_order.ts";

/** A string as Python's `json.dumps` writes it with `ensure_ascii=True`. */
function _asciiString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    const code = text.charCodeAt(index);
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char === "\b") out += "\\b";
    else if (char === "\f") out += "\\f";
    else if (code < 0x20 || code > 0x7e) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += char;
  }
  return `${out}"`;
}

function _scalar(value: unknown): string | null {
  if (value === null) return "null";
  if (typeof value === "string") return _asciiString(value);
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return null;
}

/** `json.dumps(value, sort_keys=True, separators=(",", ":"))`: one journal line. */
export function journalJson(value: unknown): string {
  const scalar = _scalar(value);
  if (scalar !== null) return scalar;
  if (Array.isArray(value)) return `[${value.map(journalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort((
    a,
    b,
  ) => compareCodePoints(a[0], b[0]));
  return `{${
    entries.map(([key, item]) => `${_asciiString(key)}:${journalJson(item)}`)
      .join(",")
  }}`;
}

/** `json.dump(value, indent=2)`: keys in their order, `": "` after a key, no final newline. */
export function indentedJson(value: unknown, indent = ""): string {
  const scalar = _scalar(value);
  if (scalar !== null) return scalar;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${
      value.map((item) => inner + indentedJson(item, inner)).join(",\n")
    }\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return `{\n${
    entries.map(([key, item]) =>
      `${inner}${_asciiString(key)}: ${indentedJson(item, inner)}`
    ).join(",\n")
  }\n${indent}}`;
}
