// One file → one artifact record (docs/indexer.md, "The rules, in order", rule
// 7, and "Raw bytes and UTF-8"): a work-package file through its frontmatter's
// projection, every other file (and a work package without usable frontmatter)
// by the SHA-256 of its raw bytes once they pass a strict UTF-8 check.

import type { ArtifactClass } from "../contract/constants.ts";
import { type MissionSource, readOrNull } from "./mission_source.ts";
import type { Classification } from "./classify_artifact.ts";
import { hashWorkPackage, isWorkPackagePath } from "./work_package_hash.ts";

/** How a record's content hash was made. */
export type HashKind =
  /** SHA-256 of the file's bytes. */
  | "raw"
  /** SHA-256 of the work package's frontmatter projection (docs/indexer.md, "Work packages: the projection and its JSON"). */
  | "wp_projection"
  /** A work-package file with no usable frontmatter, hashed by its bytes. */
  | "wp_raw_fallback"
  /** A record for an expected artifact that no file carries (docs/indexer.md, "The rules, in order", rule 8). */
  | "ghost";

/**
 * One artifact as the CLI records it (docs/indexer.md, "The rules, in order",
 * rules 6 and 7), in the CLI's field names, plus how its hash was made.
 */
export interface ArtifactRecord {
  /** The path relative to the mission folder, `/`-separated, as stored (for a ghost, the manifest's pattern). */
  readonly relative_path: string;
  /** The manifest key, or `artifact.<stem>` (docs/indexer.md, "The rules, in order", rule 6). */
  readonly artifact_key: string;
  /** The class (docs/indexer.md, "The rules, in order", rule 6, and "Filename heuristics"). */
  readonly artifact_class: ArtifactClass;
  /** `required` when a step or `required_always` lists its key (docs/indexer.md, "The rules, in order", rule 6). */
  readonly required_status: "required" | "optional";
  /** Whether the file could be read and hashed. */
  readonly is_present: boolean;
  /** Why it is not present: `invalid_utf8`, `unreadable`, `not_found`, or `wp frontmatter invalid: …`; `null` when present. */
  readonly error_reason: string | null;
  /** Lowercase hex SHA-256; `null` when not present. */
  readonly content_hash: string | null;
  /** How the hash was made. */
  readonly hash_kind: HashKind;
  /** The file's size in bytes (0 for a ghost, and for a work package that could not be read). */
  readonly size_bytes: number;
  /** The projection JSON that was hashed, for a work package hashed by its projection; `null` otherwise. */
  readonly wp_projection_json: string | null;
}

const _HEX = Array.from(
  { length: 256 },
  (_, byte) => byte.toString(16).padStart(2, "0"),
);

/** Lowercase hex SHA-256 of bytes (Web Crypto). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  let hex = "";
  for (const byte of digest) hex += _HEX[byte];
  return hex;
}

const _utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Whether bytes from `from` on are valid UTF-8 by the strict decoder. */
function _decodes(bytes: Uint8Array, from: number): boolean {
  try {
    _utf8.decode(bytes.subarray(from));
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether bytes are valid UTF-8 by Python's strict codec (the same as
 * WHATWG's fatal decoder). ASCII is checked four bytes at a time; the
 * decoder (which builds a string) only sees what follows the first byte
 * above 0x7F, so that a large ASCII file costs a fraction of its SHA-256.
 */
export function isUtf8(bytes: Uint8Array): boolean {
  const length = bytes.byteLength;
  let index = 0;
  const head = (4 - (bytes.byteOffset & 3)) & 3;
  for (; index < head; index++) {
    if (index === length) return true;
    if (bytes[index] & 0x80) return _decodes(bytes, index);
  }
  const words = new Uint32Array(
    bytes.buffer,
    bytes.byteOffset + index,
    (length - index) >>> 2,
  );
  for (let word = 0; word < words.length; word++) {
    if (words[word] & 0x80808080) return _decodes(bytes, index + word * 4);
  }
  for (index += words.length * 4; index < length; index++) {
    if (bytes[index] & 0x80) return _decodes(bytes, index);
  }
  return true;
}

/** The stat size of a file, 0 when it cannot be stat'ed either. */
async function _sizeOrZero(
  source: MissionSource,
  path: string,
): Promise<number> {
  try {
    return await source.size(path);
  } catch {
    return 0;
  }
}

/** Where the CLI reads a work package's status log: `status.events.jsonl` in the parent of the file's folder. */
export function statusLogPath(path: string): string {
  const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
  if (folder === "") return "../status.events.jsonl";
  return folder.includes("/")
    ? `${folder.slice(0, folder.lastIndexOf("/"))}/status.events.jsonl`
    : "status.events.jsonl";
}

/** What hashing needs besides the file: its source and a cache of status logs by path. */
export interface HashContext {
  readonly source: MissionSource;
  readonly statusLogs: Map<string, Promise<Uint8Array | null>>;
}

/** The record of a file the raw rule hashes. */
async function _rawRecord(
  context: HashContext,
  path: string,
  classification: Classification,
  hashKind: HashKind,
  bytes: Uint8Array | null,
): Promise<ArtifactRecord> {
  const base = {
    relative_path: path,
    artifact_key: classification.artifactKey,
    artifact_class: classification.artifactClass,
    required_status: classification.requiredStatus,
    hash_kind: hashKind,
    wp_projection_json: null,
  };
  if (bytes === null) {
    return {
      ...base,
      is_present: false,
      error_reason: "unreadable",
      content_hash: null,
      size_bytes: await _sizeOrZero(context.source, path),
    };
  }
  if (!isUtf8(bytes)) {
    return {
      ...base,
      is_present: false,
      error_reason: "invalid_utf8",
      content_hash: null,
      size_bytes: bytes.byteLength,
    };
  }
  return {
    ...base,
    is_present: true,
    error_reason: null,
    content_hash: await sha256Hex(bytes),
    size_bytes: bytes.byteLength,
  };
}

/**
 * Reads and hashes one file into its record. Throws what the work-package
 * hashing throws for the cases that abort the mission.
 */
export async function hashArtifact(
  context: HashContext,
  path: string,
  classification: Classification,
): Promise<ArtifactRecord> {
  const bytes = await readOrNull(context.source, path);
  if (!isWorkPackagePath(path)) {
    return await _rawRecord(context, path, classification, "raw", bytes);
  }
  if (bytes === null) {
    return {
      relative_path: path,
      artifact_key: classification.artifactKey,
      artifact_class: classification.artifactClass,
      required_status: classification.requiredStatus,
      is_present: false,
      error_reason: "unreadable",
      content_hash: null,
      hash_kind: "wp_projection",
      size_bytes: 0,
      wp_projection_json: null,
    };
  }
  const logPath = statusLogPath(path);
  let statusLog = context.statusLogs.get(logPath);
  if (statusLog === undefined) {
    statusLog = readOrNull(context.source, logPath);
    context.statusLogs.set(logPath, statusLog);
  }
  const result = await hashWorkPackage({
    path,
    bytes,
    statusLog: await statusLog,
  });
  if (result.kind === "raw") {
    return await _rawRecord(
      context,
      path,
      classification,
      "wp_raw_fallback",
      bytes,
    );
  }
  const present = result.kind === "projected";
  return {
    relative_path: path,
    artifact_key: classification.artifactKey,
    artifact_class: classification.artifactClass,
    required_status: classification.requiredStatus,
    is_present: present,
    error_reason: present ? null : result.errorReason,
    content_hash: present ? result.contentHash : null,
    hash_kind: "wp_projection",
    size_bytes: bytes.byteLength,
    wp_projection_json: present ? result.projectionJson : null,
  };
}
