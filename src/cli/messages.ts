// The command line's own words for what goes wrong around the data: a file
// that cannot be opened or read (named once, in our words, whatever the
// runtime's error says), an empty input, and a stream that mixes
// namespaces (the fields that differ, not two JSON blobs).
import type { NamespaceMixedStreamError } from "../contract/namespace_mixed_stream_error.ts";
import { shown } from "./terminal_text.ts";

/** Reasons by the error names of Deno and the error codes of Node. */
const _REASONS: ReadonlyArray<[readonly string[], string]> = [
  [["NotFound", "ENOENT"], "no such file or directory"],
  [["PermissionDenied", "EACCES", "EPERM"], "permission denied"],
  [["IsADirectory", "EISDIR"], "it is a directory, not a file"],
  [["NotADirectory", "ENOTDIR"], "a part of the path is not a directory"],
  [["AlreadyExists", "EEXIST"], "it already exists"],
  [["FilesystemLoop", "ELOOP"], "too many symbolic links"],
  [["AddrInUse", "EADDRINUSE"], "the port is in use"],
];

/**
 * Why a file operation failed, without the path (the caller names it once):
 * `no such file or directory`, `it is a directory, not a file`, or the
 * runtime's message with its own copy of the path and error number taken out.
 */
export function ioReason(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  const code = (error as { code?: unknown } | null)?.code;
  for (const [names, reason] of _REASONS) {
    if (names.includes(name) || names.includes(code as string)) return reason;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Deno: "Input/output error (os error 5): read 'x.jsonl'"; Node: "EIO: i/o error, read".
  const reason = message
    .replace(/[,:]\s*\w+\s+'[^']*'(?:\s*->\s*'[^']*')?$/, "")
    .replace(/\s*\(os error \d+\)/, "")
    .trim();
  return reason === "" ? "the system gave no reason" : shown(reason, 200);
}

/** `"events.jsonl"`, or `standard input` for `-`. */
export function inputName(input: string): string {
  return input === "-" ? "standard input" : shown(JSON.stringify(input), 200);
}

/** The error for an input without a single event (what `--allow-empty` accepts). */
export function emptyInputMessage(input: string): string {
  return `Cannot read ${
    inputName(input)
  }: it holds no events: received an empty input (--allow-empty accepts one)`;
}

/**
 * The short form of a mixed stream: the line and id of the event whose
 * namespace differs, and each field that differs with both values.
 */
export function mixedNamespaceMessage(
  error: NamespaceMixedStreamError<object>,
  line: number | null,
  hint: string,
): string {
  const expected = error.expected as Record<string, unknown>;
  const got = error.got as Record<string, unknown>;
  const value = (field: unknown) => shown(JSON.stringify(field), 80);
  const fields = error.differingFields.map((field) =>
    `${field} (${value(expected[field])} → ${value(got[field])})`
  ).join(", ");
  const where = [
    line === null ? "an event" : `the event on line ${line}`,
    error.eventId === null ? "" : ` (${value(error.eventId)})`,
  ].join("");
  return `Cannot reduce the stream: it mixes namespaces: ${where} differs from the namespace met first in replay order in ${fields}; ${hint}`;
}
