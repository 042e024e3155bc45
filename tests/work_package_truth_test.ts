// hashWorkPackage() on the 98 work-package files of a real repository
// (tests/data/real-missions/, see its README) with their missions' real
// status logs: the CLI's projection JSON and hash for every one (from
// truth.jsonl), and every real log read without complaint.
import assert from "node:assert/strict";
import { hashWorkPackage } from "../src/index/work_package_hash.ts";
import { readStatusEventLog } from "../src/index/status_event_log.ts";

const DATA = new URL("./data/real-missions/", import.meta.url);
const MISSIONS = new URL("spec-kitty-events/kitty-specs/", DATA);

interface TruthRecord {
  readonly mission: string;
  readonly path: string;
  readonly is_present: boolean;
  readonly content_hash: string;
  readonly hash_kind: string;
  readonly wp_projection_json: string;
}

const RECORDS: TruthRecord[] = (await Deno.readTextFile(
  new URL("truth.jsonl", DATA),
)).split("\n").filter((line) => line !== "").flatMap((line) => {
  const mission = JSON.parse(line);
  return (mission.artifacts as Omit<TruthRecord, "mission">[])
    .filter((record) => record.hash_kind === "wp_projection")
    .map((record) => ({ ...record, mission: mission.mission as string }));
});

/** Each mission's `status.events.jsonl`, by mission; absent where it has none. */
const LOGS = new Map<string, Uint8Array>();
for await (const entry of Deno.readDir(MISSIONS)) {
  try {
    LOGS.set(
      entry.name,
      await Deno.readFile(
        new URL(`${entry.name}/status.events.jsonl`, MISSIONS),
      ),
    );
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** The status log a work package is re-pointed with: its folder's parent's. */
function statusLogOf(record: TruthRecord): Uint8Array | null {
  const depth = record.path.split("/").length;
  assert.equal(depth, 2, `${record.path} is not in a folder of the mission`);
  return LOGS.get(record.mission) ?? null;
}

Deno.test("readStatusEventLog() reads every real status.events.jsonl of the repository", async (t) => {
  assert.equal(LOGS.size, 22);
  for (const [name, bytes] of [...LOGS].sort()) {
    await t.step(name, () => {
      const log = readStatusEventLog(bytes);
      assert.equal(
        log.kind,
        "ok",
        log.kind === "corrupt" ? log.reason : log.kind,
      );
    });
  }
});

Deno.test("hashWorkPackage() gives the CLI's projection and hash for every real work package", async (t) => {
  assert.equal(RECORDS.length, 98);
  for (const record of RECORDS) {
    await t.step(`${record.mission}/${record.path}`, async () => {
      assert.equal(record.hash_kind, "wp_projection");
      assert.equal(record.is_present, true);
      const bytes = await Deno.readFile(
        new URL(`${record.mission}/${record.path}`, MISSIONS),
      );
      const statusLog = statusLogOf(record);
      const result = await hashWorkPackage({
        path: record.path,
        bytes,
        statusLog,
      });
      assert.equal(result.kind, "projected");
      if (result.kind !== "projected") return;
      assert.equal(result.projectionJson, record.wp_projection_json);
      assert.equal(result.contentHash, record.content_hash);
    });
  }
});
