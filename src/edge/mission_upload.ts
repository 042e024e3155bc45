// Reading the body of `POST /missions/{slug}/index`: one JSON object per
// line, `{"path": "<POSIX path relative to the mission folder>", "base64":
// "<the file's bytes>"}`, into the files the indexer reads from memory.
// Every problem is a refusal that names its line, its field and the value.
import { describeValue } from "../contract/field_issue.ts";
import { splitJsonlLines } from "../envelope/jsonl_lines.ts";
import type { MissionFiles } from "../index/mission_source.ts";
import { Refusal } from "./edge_http.ts";

const _FIELDS = ["path", "base64"] as const;

/** Canonical base64: whole groups of four, padding only at the end. */
const _BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function _badLine(
  line: number,
  field: string | null,
  detail: string,
  ...received: [unknown] | []
): Refusal {
  return new Refusal(400, {
    error: "malformed_upload",
    message: `Cannot read the mission's files: line ${line}${
      field === null ? "" : `: field "${field}"`
    } ${detail}${
      received.length === 0 ? "" : `: received ${describeValue(received[0])}`
    }`,
    line,
    ...(field === null ? {} : { field }),
  });
}

function _bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) {
    bytes[index] = binary.charCodeAt(index);
  }
  return bytes;
}

/**
 * Reads an upload into the mission's files, by path: 400 for a line that
 * is not such an object, a path that is absolute, empty, names `.` or `..`
 * or is given twice, a file that is also another path's directory, or text
 * that is not canonical base64; 413 past `maxFiles`.
 */
export function readMissionUpload(
  text: string,
  maxFiles: number,
): MissionFiles {
  const files: Record<string, Uint8Array> = {};
  const lineOf = new Map<string, number>();
  splitJsonlLines(text, (source, line) => {
    if (lineOf.size === maxFiles) {
      throw new Refusal(413, {
        error: "too_many_files",
        message:
          `Cannot read the mission's files: at most ${maxFiles} files are indexed at once: received more (line ${line} is file ${
            maxFiles + 1
          })`,
        limit: maxFiles,
        line,
      });
    }
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw _badLine(line, null, `is not JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw _badLine(
        line,
        null,
        'must be a JSON object {"path", "base64"}',
        value,
      );
    }
    const entry = value as Record<string, unknown>;
    const unknown = Object.keys(entry).find((key) =>
      !(_FIELDS as readonly string[]).includes(key)
    );
    if (unknown !== undefined) {
      throw _badLine(line, unknown, 'is not one of "path" and "base64"');
    }
    const { path, base64 } = entry;
    if (typeof path !== "string" || path === "") {
      throw _badLine(line, "path", "must be a non-empty string", path);
    }
    if (
      path.startsWith("/") ||
      path.split("/").some((part) =>
        part === "" || part === "." || part === ".."
      )
    ) {
      throw _badLine(
        line,
        "path",
        'must be relative to the mission folder, with no empty, "." or ".." component',
        path,
      );
    }
    if (typeof base64 !== "string" || !_BASE64.test(base64)) {
      throw _badLine(
        line,
        "base64",
        `must be the bytes of ${JSON.stringify(path)} in base64`,
        typeof base64 === "string" && base64.length > 40
          ? `${base64.slice(0, 40)}…`
          : base64,
      );
    }
    const first = lineOf.get(path);
    if (first !== undefined) {
      throw _badLine(
        line,
        "path",
        `names a file that line ${first} already gave`,
        path,
      );
    }
    lineOf.set(path, line);
    files[path] = _bytesOf(base64);
  });
  if (lineOf.size === 0) {
    throw new Refusal(400, {
      error: "empty_upload",
      message:
        'Cannot read the mission\'s files: the body must hold at least one JSONL line {"path", "base64"}: received none',
    });
  }
  // A file whose path is also the folder of another file: named by both lines.
  for (const [path, line] of lineOf) {
    const parts = path.split("/");
    for (let end = 1; end < parts.length; end++) {
      const folder = parts.slice(0, end).join("/");
      const other = lineOf.get(folder);
      if (other !== undefined) {
        throw _badLine(
          line,
          "path",
          `is inside ${
            JSON.stringify(folder)
          }, which line ${other} gives as a file`,
          path,
        );
      }
    }
  }
  return files;
}
