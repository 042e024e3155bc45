// hashWorkPackage() on the 98 work-package files of a real repository
// (tests/data/wp-truth/, see its README) with their missions' real status
// logs: the CLI's projection JSON and hash for every one, and every real log
// read without complaint.
import assert from "node:assert/strict";
import { hashWorkPackage } from "../src/index/work_package_hash.ts";
import { readStatusEventLog } from "../src/index/status_event_log.ts";

const DATA = new URL("./data/wp-truth/", import.meta.url);

interface TruthRecord {
  readonly mission: string;
  readonly path: string;
  readonly is_present: boolean;
  readonly content_hash: string;
  readonly hash_kind: string;
  readonly wp_projection_json: string;
  readonly status_log: string | null;
  readonly bytes_b64: string;
}

const RECORDS: TruthRecord[] =
  (await Deno.readTextFile(new URL("wp-records.jsonl", DATA)))
    .split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));

const LOGS = new Map<string, Uint8Array>();
for await (const entry of Deno.readDir(new URL("status-events/", DATA))) {
  LOGS.set(
    entry.name,
    await Deno.readFile(new URL(`status-events/${entry.name}`, DATA)),
  );
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
      const bytes = Uint8Array.from(
        atob(record.bytes_b64),
        (c) => c.charCodeAt(0),
      );
      const statusLog = record.status_log === null
        ? null
        : LOGS.get(record.status_log)!;
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
