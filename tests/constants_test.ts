import assert from "node:assert/strict";
import {
  DOSSIER_EVENT_TYPES,
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
} from "../mod.ts";

Deno.test("DOSSIER_EVENT_TYPES holds the four dossier event types", () => {
  assert.deepEqual([...DOSSIER_EVENT_TYPES], [
    "MissionDossierArtifactIndexed",
    "MissionDossierArtifactMissing",
    "MissionDossierSnapshotComputed",
    "MissionDossierParityDriftDetected",
  ]);
  assert.deepEqual([...DOSSIER_EVENT_TYPES], [
    MISSION_DOSSIER_ARTIFACT_INDEXED,
    MISSION_DOSSIER_ARTIFACT_MISSING,
    MISSION_DOSSIER_SNAPSHOT_COMPUTED,
    MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  ]);
});

Deno.test("DOSSIER_EVENT_TYPES cannot be changed at run time", async (t) => {
  const set = DOSSIER_EVENT_TYPES as Set<string>;
  await t.step("add", () => {
    assert.throws(() => set.add("WPStatusChanged"), {
      name: "TypeError",
      message: 'Cannot add to a read-only set: received "WPStatusChanged"',
    });
  });
  await t.step("delete", () => {
    assert.throws(() => set.delete(MISSION_DOSSIER_ARTIFACT_INDEXED), {
      name: "TypeError",
      message:
        'Cannot delete from a read-only set: received "MissionDossierArtifactIndexed"',
    });
  });
  await t.step("clear", () => {
    assert.throws(() => set.clear(), {
      name: "TypeError",
      message: "Cannot clear a read-only set",
    });
  });
  assert.equal(DOSSIER_EVENT_TYPES.size, 4);
  assert.equal(DOSSIER_EVENT_TYPES.has("WPStatusChanged"), false);
});
