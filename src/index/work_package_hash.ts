/**
 * A work-package file's content hash as the spec-kitty CLI computes it
 * (docs/indexer.md, "Work packages: which files" and the sections after it):
 * the SHA-256 of its frontmatter's static projection, serialised as Python's
 * `json.dumps` does, after the schema and the status log have had their say.
 *
 * ```
 * bytes ─► frontmatter ─► ruamel.yaml values ─► WPMetadata (lax) ─► status-log re-point ─► projection ─► json.dumps ─► SHA-256
 * ```
 *
 * @module
 */

import { extractFrontmatter } from "./frontmatter.ts";
import { pythonJsonDumps } from "./python_json.ts";
import { PyDict, type PyValue } from "./python_value.ts";
import { loadRuamelYaml, YamlLoadError } from "./ruamel_yaml.ts";
import { readStatusEventLog } from "./status_event_log.ts";
import {
  PROJECTED_FIELDS,
  validateWpMetadata,
  type WpValidation,
} from "./wp_schema.ts";

const WP_STEM = /^WP\p{Nd}{2,}/iu;
const RUNTIME_FIELDS = [
  "shell_pid",
  "shell_pid_created_at",
  "agent",
  "assignee",
] as const;
const INVALID_PREFIX = "wp frontmatter invalid: ";
const ENCODER = new TextEncoder();

/** Why a work package aborts its whole mission (docs/indexer.md, "When a mission emits nothing"). */
export type WorkPackageAbortRule =
  /** "Work packages: the status log": the status log beside the work packages has a line the CLI's reader refuses. */
  | "status_events_corrupt"
  /** "Work packages: the schema": the schema's `int(shell_pid)` raises a `TypeError` (a list, a map, a date) or an `OverflowError`. */
  | "frontmatter_type_error"
  /** "Work packages: the projection and its JSON": `json.dumps` raises on the projection (a `subtasks` map with mixed key types, a lone surrogate). */
  | "projection_unserialisable";

/**
 * A work package made the CLI's indexer raise, so the mission emits nothing
 * (docs/indexer.md, "When a mission emits nothing"): the caller aborts the
 * whole mission with this error.
 */
export class WorkPackageAbortError extends Error {
  /** The work package's path, relative to the mission folder. */
  readonly path: string;
  /** The rule that aborts the mission. */
  readonly rule: WorkPackageAbortRule;
  /**
   * Builds the error for one work package, its message naming the file and the rule.
   *
   * @param path The work package's path.
   * @param rule The rule that aborts the mission.
   * @param detail What went wrong, in sentence case.
   */
  constructor(path: string, rule: WorkPackageAbortRule, detail: string) {
    super(
      `Cannot hash work package "${path}" (${rule}): ${
        detail.replace(/\.$/, "")
      }`,
    );
    this.name = "WorkPackageAbortError";
    this.path = path;
    this.rule = rule;
  }
}

/** What {@linkcode hashWorkPackage} reads. */
export interface WorkPackageHashInput {
  /** The file's path, POSIX, relative to the mission folder. */
  readonly path: string;
  /** The file's raw bytes. */
  readonly bytes: Uint8Array;
  /**
   * The bytes of `<parent of the WP file's folder>/status.events.jsonl`, or
   * `null` when there is none. Parsed once per distinct array: pass the same
   * array for every work package that shares the log.
   */
  readonly statusLog: Uint8Array | null;
}

/** How a work package is hashed. */
export type WorkPackageHashResult =
  | {
    /** No usable frontmatter (or not UTF-8, or an undecodable status log): the caller applies the raw-byte rule (docs/indexer.md, "Raw bytes and UTF-8"). */
    readonly kind: "raw";
  }
  | {
    /** Hashed by its projection. */
    readonly kind: "projected";
    /** Lowercase hex SHA-256 of the projection JSON's UTF-8 bytes. */
    readonly contentHash: string;
    /** The projection JSON that was hashed. */
    readonly projectionJson: string;
  }
  | {
    /** The frontmatter fails the schema: the record is not present. */
    readonly kind: "invalid";
    /** `wp frontmatter invalid: ` and pydantic's error text. */
    readonly errorReason: string;
  };

/**
 * Whether a file is a work package: its basename's suffix is `.md` in any case
 * and its stem starts with `WP` and two or more digits, in any case
 * (docs/indexer.md, "Work packages: which files"). `tasks/WP01-x.md`, `WP03.MD`
 * and `tasks/wp04.md` are; `WP1-x.md` and `WP01-x.txt` are not.
 *
 * @param path A POSIX path relative to the mission folder.
 * @returns `true` for a work-package file.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isWorkPackagePath } from "./work_package_hash.ts";
 * assert.equal(isWorkPackagePath("tasks/WP01-core.md"), true);
 * assert.equal(isWorkPackagePath("tasks/wp04-lower.MD"), true);
 * assert.equal(isWorkPackagePath("tasks/WP1-short.md"), false);
 * ```
 */
export function isWorkPackagePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  // pathlib: the suffix starts at the last dot, unless the name starts or ends there.
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return false;
  return name.slice(dot).toLowerCase() === ".md" &&
    WP_STEM.test(name.slice(0, dot));
}

// Whatever the schema or the serialiser raises escapes the CLI's indexer
// and aborts the mission; here too.
function validate(path: string, data: PyDict): WpValidation {
  try {
    return validateWpMetadata(data);
  } catch (error) {
    throw new WorkPackageAbortError(
      path,
      "frontmatter_type_error",
      (error as Error).message,
    );
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}

/**
 * Hashes a work-package file as the CLI does (docs/indexer.md, "Work packages:
 * the frontmatter" to "Work packages: YAML values"): reads its frontmatter with
 * ruamel.yaml's round-trip rules, validates it as the pydantic `WPMetadata`
 * model does, re-validates it with the runtime fields of the mission's status
 * log, and hashes the 14-field projection written as Python's
 * `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
 * default=str)`.
 *
 * @param input The file's path and bytes, and the status log beside its folder.
 * @returns `raw` when the caller must hash the bytes (no usable frontmatter,
 *   not UTF-8, an undecodable status log), `invalid` with the reason when the
 *   schema refuses the frontmatter, or `projected` with the hash and the JSON.
 * @throws {WorkPackageAbortError} Where the CLI's indexer raises and the whole
 *   mission emits nothing (docs/indexer.md, "When a mission emits nothing"):
 *   a corrupt status log, a `shell_pid` that `int()` cannot take, a
 *   projection `json.dumps` cannot write.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashWorkPackage } from "./work_package_hash.ts";
 * const text = "---\nwork_package_id: WP01\ntitle: Probe WP\ndependencies: []\n" +
 *   "subtasks: [T001]\nlane: planned\n---\n# WP01\n";
 * const result = await hashWorkPackage({
 *   path: "tasks/WP01.md",
 *   bytes: new TextEncoder().encode(text),
 *   statusLog: null,
 * });
 * assert.equal(result.kind, "projected");
 * assert.equal(
 *   result.kind === "projected" && result.contentHash,
 *   "30be698bd9407cf7b24b4987e9096c6a8215500f618abd506c525d9e86115672",
 * );
 * ```
 */
export async function hashWorkPackage(
  input: WorkPackageHashInput,
): Promise<WorkPackageHashResult> {
  const { path } = input;
  const yaml = extractFrontmatter(input.bytes);
  if (yaml === null) return { kind: "raw" };
  let loaded: PyValue;
  try {
    loaded = loadRuamelYaml(yaml);
  } catch (error) {
    if (error instanceof YamlLoadError) return { kind: "raw" };
    throw error;
  }
  // The CLI reads an empty document as a plain, empty dict.
  const data = loaded === null ? new PyDict("dict") : loaded;
  if (!(data instanceof PyDict)) return { kind: "raw" };
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name.startsWith("WP") && !data.has("dependencies")) {
    data.set("dependencies", []);
  }
  const first = validate(path, data);
  if (!first.ok) {
    return { kind: "invalid", errorReason: INVALID_PREFIX + first.reason };
  }
  const fields = first.metadata.fields;

  if (input.statusLog !== null) {
    const log = readStatusEventLog(input.statusLog);
    if (log.kind === "undecodable") return { kind: "raw" };
    if (log.kind === "corrupt") {
      throw new WorkPackageAbortError(
        path,
        "status_events_corrupt",
        `the status log beside its folder is corrupt: ${log.reason}`,
      );
    }
    const runtime = log.runtime.get(fields.get("work_package_id") as string);
    if (runtime !== undefined) {
      const repointed = new PyDict();
      for (const [key, value] of fields) repointed.set(key, value);
      for (const key of RUNTIME_FIELDS) repointed.set(key, runtime[key]);
      const second = validate(path, repointed);
      if (!second.ok) {
        return { kind: "invalid", errorReason: INVALID_PREFIX + second.reason };
      }
    }
  }

  const projection = new PyDict();
  for (const key of PROJECTED_FIELDS) projection.set(key, fields.get(key)!);
  let projectionJson: string;
  try {
    projectionJson = pythonJsonDumps(projection);
  } catch (error) {
    throw new WorkPackageAbortError(
      path,
      "projection_unserialisable",
      (error as Error).message,
    );
  }
  const contentHash = await sha256Hex(ENCODER.encode(projectionJson));
  return { kind: "projected", contentHash, projectionJson };
}
