// What the indexer tests share: reading the CLI's results
// (tests/data/real-missions), comparing an index run with one keyed by path
// (records, payloads with the volatile values blanked, the snapshot, the
// outcome), and checking that a stream is valid for ./v3 and replays to
// the snapshot's hash.

import assert from "node:assert/strict";
import {
  eventsToJsonl,
  type IndexMissionResult,
  MissionIndexError,
  type MissionSource,
} from "../indexer.ts";
import {
  computeParityHash,
  parseEventStream,
  reduceMissionDossier,
} from "../v3.ts";

export const DATA = new URL("./data/real-missions/", import.meta.url);
export const PROJECT_ROOT = new URL("spec-kitty-events/", DATA).pathname;

// deno-lint-ignore no-explicit-any
export type Json = any;

/** The lines of a JSONL file of tests/data/real-missions. */
export async function readCliResults(name: string): Promise<Json[]> {
  return (await Deno.readTextFile(new URL(name, DATA))).trim().split("\n")
    .map((line) => JSON.parse(line));
}

const _RECORD_FIELDS = [
  "artifact_key",
  "artifact_class",
  "required_status",
  "is_present",
  "error_reason",
  "content_hash",
  "hash_kind",
  "size_bytes",
] as const;

function _blank(payload: Json, path: string): void {
  const parts = path.split(".");
  let current = payload;
  for (const part of parts.slice(0, -1)) {
    if (typeof current !== "object" || current === null) return;
    current = current[part];
  }
  if (
    typeof current === "object" && current !== null && parts.at(-1)! in current
  ) {
    current[parts.at(-1)!] = "<volatile>";
  }
}

function _eventKey(event: Json): string {
  const payload = event.payload;
  if (event.event_type === "MissionDossierArtifactIndexed") {
    return `Indexed ${payload.artifact_id.path}`;
  }
  if (event.event_type === "MissionDossierArtifactMissing") {
    return `Missing ${payload.expected_identity.path}`;
  }
  return event.event_type;
}

const _SCHEMA_REASON = "wp frontmatter invalid: ";

function _isSchemaReason(reason: unknown): reason is string {
  return typeof reason === "string" && reason.startsWith(_SCHEMA_REASON);
}

/**
 * A work package whose frontmatter fails its schema: the CLI's reason is
 * pydantic's text, diagnostic only (it reaches no payload and no hash).
 * Ours must carry the same prefix and name every field pydantic names.
 */
function _assertSameSchemaFailure(
  ours: string | null,
  cli: string,
  path: string,
): void {
  assert.ok(
    _isSchemaReason(ours),
    `${path}: error_reason ${JSON.stringify(ours)}`,
  );
  const fields = cli.split("\n").slice(1).filter((line) =>
    line !== "" && !line.startsWith(" ")
  );
  assert.ok(fields.length > 0);
  for (const field of fields) {
    assert.ok(ours.includes(field), `${path}: the reason names ${field}`);
  }
}

/**
 * Asserts that an index run agrees with the CLI's result for the mission:
 * the records keyed by path (every field but the order), the snapshot
 * (counts, hash), every event keyed by path with its payload once the
 * truth's volatile values are blanked, the envelope constants, and a real
 * build_id.
 */
export function assertAgreesWithCli(
  result: IndexMissionResult,
  truth: Json,
): void {
  assert.equal(truth.outcome, "ok", `the CLI's outcome is ${truth.outcome}`);
  assert.deepEqual(result.namespace, truth.namespace);
  const records = new Map(
    result.records.map((record) => [record.relative_path, record]),
  );
  assert.equal(records.size, result.records.length, "paths are unique");
  assert.deepEqual(
    [...records.keys()].sort(),
    truth.artifacts.map((artifact: Json) => artifact.path).sort(),
  );
  for (const artifact of truth.artifacts) {
    const record = records.get(artifact.path)!;
    for (const field of _RECORD_FIELDS) {
      if (field === "error_reason" && _isSchemaReason(artifact.error_reason)) {
        _assertSameSchemaFailure(
          record.error_reason,
          artifact.error_reason,
          artifact.path,
        );
      } else {
        assert.equal(
          record[field],
          artifact[field],
          `${artifact.path}: ${field}`,
        );
      }
    }
    if ("wp_projection_json" in artifact) {
      assert.equal(
        record.wp_projection_json,
        artifact.wp_projection_json,
        `${artifact.path}: projection`,
      );
    }
  }
  assert.equal(result.snapshot?.snapshot_hash, truth.snapshot_hash);
  const { parity_hash_components: components, ...counts } = truth.snapshot;
  for (const [field, value] of Object.entries(counts)) {
    assert.equal((result.snapshot as Json)[field], value, `snapshot.${field}`);
  }
  assert.equal(result.snapshot?.parity_hash_components.length, components);
  const want = new Map(
    truth.events.map((event: Json) => [_eventKey(event), event]),
  );
  const got = new Map(result.events.map((event) => [_eventKey(event), event]));
  assert.equal(got.size, result.events.length, "one event per key");
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort());
  for (const [key, expected] of want as Map<string, Json>) {
    const event = got.get(key)!;
    const payload = structuredClone(event.payload);
    for (const volatile of expected.volatile ?? []) {
      if (volatile.startsWith("payload.")) _blank(payload, volatile.slice(8));
    }
    assert.deepEqual(payload, expected.payload, key);
    if (!(expected.volatile ?? []).includes("aggregate_id")) {
      assert.equal(event.aggregate_id, expected.aggregate_id);
    } else {
      assert.equal(
        event.aggregate_id,
        `${truth.mission}:${result.snapshot?.snapshot_id}`,
      );
    }
    for (const [field, value] of Object.entries(truth.envelope_fields)) {
      if (
        field === "build_id" || field === "aggregate_id_forms" ||
        field === "volatile"
      ) continue;
      assert.deepEqual(
        (event as Json)[field],
        value,
        `${key}: envelope ${field}`,
      );
    }
    assert.notEqual(event.build_id, "");
    assert.equal(event.correlation_id, event.event_id);
  }
}

/** Asserts that the CLI emitted nothing for the mission and the indexer threw, naming the file where the CLI says. */
export function assertFailsLikeCli(
  error: unknown,
  truth: Json,
): MissionIndexError {
  assert.notEqual(truth.outcome, "ok");
  assert.ok(
    error instanceof MissionIndexError,
    `expected a MissionIndexError: ${error}`,
  );
  assert.equal(error.mission, truth.mission);
  if (truth.index_failed_at) assert.equal(error.file, truth.index_failed_at);
  assert.match(
    error.message,
    new RegExp(`^Cannot index mission "${truth.mission}": `),
  );
  if (truth.outcome === "indexer_error") {
    assert.notEqual(error.rule, "no-project-uuid");
    assert.notEqual(error.rule, "corrupt-meta-json");
  } else {
    assert.ok(
      ["no-project-uuid", "corrupt-meta-json"].includes(error.rule),
      error.rule,
    );
  }
  return error;
}

/** Asserts that a stream is valid for ./v3 in strict mode and replays to a dossier whose parity hash is the snapshot's. */
export async function assertReplaysToSnapshot(
  result: IndexMissionResult,
): Promise<void> {
  const events = parseEventStream(eventsToJsonl(result.events));
  assert.equal(events.length, result.events.length);
  const dossier = reduceMissionDossier(events);
  assert.equal(
    await computeParityHash(dossier),
    result.snapshot?.snapshot_hash,
  );
  assert.equal(
    dossier.latest_snapshot?.snapshot_hash,
    result.snapshot?.snapshot_hash,
  );
}

/** Every file under a folder on disk (hidden ones included), in walk order, as a map for missionFromFiles. */
export async function filesUnder(
  folder: string,
  prefix = "",
): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for await (const entry of Deno.readDir(`${folder}/${prefix}`)) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isFile) files[path] = await Deno.readFile(`${folder}/${path}`);
    else if (entry.isDirectory) {
      Object.assign(files, await filesUnder(folder, path));
    }
  }
  return files;
}

/** The bytes of a probe fixture's base64. */
export function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/** Writes a fixture into a new temporary folder; returns the folder. */
export async function materialise(fixture: Json): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "dossier-probe-" });
  for (const [path, spec] of Object.entries(fixture) as [string, Json][]) {
    const target = `${root}/${path}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), {
      recursive: true,
    });
    if ("b64" in spec) await Deno.writeFile(target, bytesOf(spec.b64));
    else if ("symlink" in spec) await Deno.symlink(spec.symlink, target);
    else await Deno.mkdir(target, { recursive: true });
  }
  return root;
}

/** The index of a source, or the error it threw. */
export async function settle<T>(
  run: () => Promise<T>,
): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

export type { MissionSource };
