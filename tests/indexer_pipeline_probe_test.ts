// The 25 crafted repositories the spec-kitty CLI's pipeline was run on
// (tests/data/real-missions/pipeline-probe.jsonl): each fixture is
// materialised on disk (symlinks and directories included) and indexed
// from there, and, when it holds only files, from memory too. Same outcome,
// records, payloads and snapshot as the CLI; failures name the mission and
// the file; lint staging changes what the CLI changed.

import assert from "node:assert/strict";
import {
  indexMission,
  type IndexMissionResult,
  missionFromFiles,
  type MissionSource,
} from "../indexer.ts";
import { readMissionFolder } from "../indexer_disk.ts";
import {
  assertAgreesWithCli,
  assertFailsLikeCli,
  assertReplaysToSnapshot,
  bytesOf,
  type Json,
  materialise,
  readCliResults,
  settle,
} from "./_indexer_kit.ts";

const probes = await readCliResults("pipeline-probe.jsonl");

/** The fixture's mission and project as in-memory sources, or null when it holds a symlink or a bare directory. */
function inMemory(
  probe: Json,
): { mission: MissionSource; project: MissionSource } | null {
  const prefix = `kitty-specs/${probe.mission}/`;
  const mission: Record<string, Uint8Array> = {};
  const project: Record<string, Uint8Array> = {};
  for (
    const [path, spec] of Object.entries(probe.fixture) as [string, Json][]
  ) {
    if (!("b64" in spec)) return null;
    if (path.startsWith(prefix)) {
      mission[path.slice(prefix.length)] = bytesOf(
        spec.b64,
      );
    } else project[path] = bytesOf(spec.b64);
  }
  return {
    mission: missionFromFiles(mission, { name: probe.mission }),
    project: missionFromFiles(project),
  };
}

function check(
  outcome: { value: IndexMissionResult } | { error: unknown },
  probe: Json,
): IndexMissionResult | null {
  if (probe.outcome === "ok") {
    if ("error" in outcome) throw outcome.error;
    assertAgreesWithCli(outcome.value, probe);
    return outcome.value;
  }
  assert.ok(
    "error" in outcome,
    `the CLI emitted nothing (${probe.outcome}); the indexer returned events`,
  );
  assertFailsLikeCli(outcome.error, probe);
  return null;
}

Deno.test("indexMission() agrees with the spec-kitty CLI on the 25 pipeline probes, on disk", async (t) => {
  assert.equal(probes.length, 25);
  for (const probe of probes) {
    await t.step(probe.case, async () => {
      const root = await materialise(probe.fixture);
      try {
        const missionPath = `${root}/kitty-specs/${probe.mission}`;
        const outcome = await settle(async () =>
          indexMission(await readMissionFolder(missionPath), {
            project: await readMissionFolder(root),
          })
        );
        const result = check(outcome, probe);
        if (result === null) return;
        await assertReplaysToSnapshot(result);
        const changed = probe.mission_dir_changed_by_pipeline ?? [];
        assert.equal(result.lintReport.action !== "none", changed.length > 0);
        assert.deepEqual(
          changed.length > 0 ? ["lint-report.json"] : [],
          changed,
        );
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    });
  }
});

Deno.test("indexMission() agrees with the spec-kitty CLI on the pipeline probes held in memory", async (t) => {
  let run = 0;
  for (const probe of probes) {
    const sources = inMemory(probe);
    if (sources === null) continue;
    run++;
    await t.step(probe.case, async () => {
      check(
        await settle(() =>
          indexMission(sources.mission, { project: sources.project })
        ),
        probe,
      );
    });
  }
  assert.equal(
    run,
    24,
    "every probe but the one with symlinks and an empty directory",
  );
});
