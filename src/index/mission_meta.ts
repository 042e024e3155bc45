// What the CLI takes from a mission's `meta.json` (docs/indexer.md, "The rules,
// in order", rule 2, and "The namespace"): the target branch (read fail-closed:
// a file that is there but is not a JSON object stops the mission), the mission
// type, and the handles the lint report may name (docs/indexer.md, "Lint
// staging").

import { pyStrip } from "./python_repr.ts";

/** What `meta.json` gives the namespace. */
export interface MissionMeta {
  /** `target_branch` as a string, or the fallback when absent or falsy. */
  readonly targetBranch: string;
  /** `mission_type` stripped, or `"software-dev"` when absent, blank or not a string. */
  readonly missionType: string;
  /** `mission_slug`, `mission_id` and its first 8 characters, when they are strings. */
  readonly handles: readonly string[];
}

/** `meta.json` is there but is not a JSON object: the CLI emits nothing for the mission. */
export class CorruptMetaError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** Python's truthiness of a JSON value. */
function _truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && value !== null) {
    return Object.keys(value).length > 0;
  }
  return Boolean(value);
}

/** Python's `str()` of a JSON value, for a target branch written as a number or a boolean. */
function _pythonText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === true) return "True";
  return typeof value === "number" ? String(value) : JSON.stringify(value);
}

/**
 * Reads `meta.json`'s bytes (`null` when there is none).
 *
 * @throws {CorruptMetaError} When the file is not UTF-8 JSON holding an object.
 */
export function readMissionMeta(
  bytes: Uint8Array | null,
  fallbackTargetBranch: string,
): MissionMeta {
  if (bytes === null) {
    return {
      targetBranch: fallbackTargetBranch,
      missionType: "software-dev",
      handles: [],
    };
  }
  let meta: unknown;
  try {
    meta = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new CorruptMetaError(
      `meta.json is not valid JSON (${(error as Error).message})`,
    );
  }
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) {
    throw new CorruptMetaError(
      `meta.json must hold a JSON object: received ${
        Array.isArray(meta) ? "an array" : JSON.stringify(meta)
      }`,
    );
  }
  const fields = meta as Record<string, unknown>;
  const type = typeof fields.mission_type === "string"
    ? pyStrip(fields.mission_type)
    : "";
  const handles: string[] = [];
  if (typeof fields.mission_slug === "string") {
    handles.push(fields.mission_slug);
  }
  if (typeof fields.mission_id === "string") {
    handles.push(fields.mission_id, fields.mission_id.slice(0, 8));
  }
  return {
    targetBranch: _truthy(fields.target_branch)
      ? _pythonText(fields.target_branch)
      : fallbackTargetBranch,
    missionType: type === "" ? "software-dev" : type,
    handles,
  };
}
