// The 23 real missions of spec-kitty-events (tests/data/real-missions):
// indexing each gives what the spec-kitty CLI gave (truth.jsonl), read
// from disk and from memory, and reconcile gives the CLI's verdicts.

import assert from "node:assert/strict";
import {
  indexMission,
  missionFromFiles,
  reconcileMission,
} from "../indexer.ts";
import { readMissionFolder } from "../indexer_disk.ts";
import {
  assertAgreesWithCli,
  assertReplaysToSnapshot,
  filesUnder,
  type Json,
  PROJECT_ROOT,
  readCliResults,
} from "./_indexer_kit.ts";

const truth = await readCliResults("truth.jsonl");

Deno.test("indexMission() agrees with the spec-kitty CLI on the 23 real missions, from disk", async (t) => {
  assert.equal(truth.length, 23);
  const project = await readMissionFolder(PROJECT_ROOT);
  for (const mission of truth) {
    await t.step(mission.mission, async () => {
      const result = await indexMission(
        await readMissionFolder(
          `${PROJECT_ROOT}kitty-specs/${mission.mission}`,
        ),
        { project },
      );
      assertAgreesWithCli(result, mission);
      await assertReplaysToSnapshot(result);
      assert.deepEqual(result.lintReport, { action: "none" });
    });
  }
});

Deno.test("indexMission() agrees with the spec-kitty CLI on the 23 real missions, from memory", async (t) => {
  const project = missionFromFiles(await filesUnder(PROJECT_ROOT, ".kittify"));
  for (const mission of truth) {
    await t.step(mission.mission, async () => {
      const folder = `${PROJECT_ROOT}kitty-specs/${mission.mission}`;
      const result = await indexMission(
        missionFromFiles(await filesUnder(folder), { name: mission.mission }),
        { project },
      );
      assertAgreesWithCli(result, mission);
    });
  }
});

Deno.test("reconcileMission() gives the spec-kitty CLI's verdicts on the recorded snapshots", async (t) => {
  const project = await readMissionFolder(PROJECT_ROOT);
  const recorded = truth.filter((mission) => mission.recorded_snapshot);
  assert.equal(recorded.length, 5);
  for (const mission of recorded) {
    const want: Json = mission.recorded_snapshot.reconcile;
    await t.step(`${mission.mission}: ${want.status}`, async () => {
      const result = await reconcileMission(
        await readMissionFolder(
          `${PROJECT_ROOT}kitty-specs/${mission.mission}`,
        ),
        undefined,
        { project },
      );
      assert.equal(result.status, want.status);
      assert.equal(result.mission, want.mission);
      assert.equal(result.rebuilt_hash, want.rebuilt_hash);
      assert.equal(result.recorded_hash, want.recorded_hash);
      assert.deepEqual(result.differing_artifacts, want.differing_artifacts);
      if (want.status === "error") {
        assert.match(
          result.error!,
          new RegExp(
            `^could not load recorded snapshot for ${mission.mission}: .*mission_slug`,
          ),
        );
      } else assert.equal(result.error, null);
    });
  }
});
