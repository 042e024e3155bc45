import assert from "node:assert/strict";
import {
  computeParityHash,
  emptyDossierState,
  evaluateParity,
  parseEvent,
  reduceMissionDossier,
} from "../mod.ts";
import type { Event, MissionDossierState } from "../mod.ts";
import { namespace } from "./_builders.ts";
import { expectedParityHash, sha256Text } from "./_parity_oracle.ts";

// expectedParityHash is the independent oracle (tests/_parity_oracle.ts).
const NAMESPACE = namespace();

function ulid(n: number): string {
  return `01HV7KA8TQ3R0W2M9X6C4B${String(n).padStart(4, "0")}`;
}

function dossierEvent(
  clock: number,
  event_type: string,
  payload: Record<string, unknown>,
): Event {
  return parseEvent({
    event_id: ulid(clock),
    event_type,
    aggregate_id: "mission-042",
    timestamp: 1700000000 + clock,
    node_id: "laptop-1",
    lamport_clock: clock,
    project_uuid: NAMESPACE.project_uuid,
    correlation_id: ulid(0),
    payload: { namespace: NAMESPACE, ...payload },
  });
}

function indexed(
  clock: number,
  path: string,
  hash: string,
  supersedes?: string,
): Event {
  const identity = (p: string) => ({
    mission_key: "software-dev",
    path: p,
    artifact_class: "output",
  });
  return dossierEvent(clock, "MissionDossierArtifactIndexed", {
    artifact_id: identity(path),
    content_ref: { hash, algorithm: "sha256" },
    indexed_at: "2026-02-21T14:00:00Z",
    supersedes: supersedes === undefined ? null : identity(supersedes),
  });
}

function snapshot(clock: number, snapshot_hash: string): Event {
  return dossierEvent(clock, "MissionDossierSnapshotComputed", {
    snapshot_hash,
    artifact_count: 0,
    anomaly_count: 0,
    computed_at: "2026-02-21T14:00:00Z",
  });
}

function dossierOf(artifacts: [string, string][]): MissionDossierState {
  return reduceMissionDossier(
    artifacts.map(([path, hash], index) => indexed(index + 1, path, hash)),
  );
}

Deno.test("computeParityHash() matches an independent implementation of the formula", async (t) => {
  const vectors: { name: string; artifacts: [string, string][] }[] = [
    { name: "one ASCII artifact", artifacts: [["spec.md", "ab12"]] },
    {
      name: "paths given out of order",
      artifacts: [["z.md", "01"], ["a.md", "02"], ["m/n.md", "03"]],
    },
    {
      name: "non-ASCII paths",
      artifacts: [
        ["docs/日本語.md", "aa"],
        ["docs/é.md", "bb"],
        ["docs/e\u0301.md", "cc"],
        ["docs/Ω.md", "dd"],
      ],
    },
    {
      name: "a path beyond U+FFFF and one with U+FFFD",
      artifacts: [["a/\u{1F600}.md", "11"], ["a/\uFFFD.md", "22"]],
    },
    {
      name: "integer-like and prototype paths",
      artifacts: [["10", "a"], ["2", "b"], ["__proto__", "c"]],
    },
  ];
  for (const vector of vectors) {
    await t.step(vector.name, async () => {
      assert.equal(
        await computeParityHash(dossierOf(vector.artifacts)),
        expectedParityHash(vector.artifacts),
      );
    });
  }
});

Deno.test("computeParityHash() sorts by code point, not by UTF-16 code unit", async () => {
  const astral = "a/\u{1F600}.md"; // UTF-16: D83D DE00, below U+FFFD
  const replacement = "a/\uFFFD.md";
  const state = dossierOf([[astral, "11"], [replacement, "22"]]);
  const utf16Order = `${astral}\t11\n${replacement}\t22`;
  const codePointOrder = `${replacement}\t22\n${astral}\t11`;

  const hash = await computeParityHash(state);
  assert.equal(hash, sha256Text(codePointOrder));
  assert.notEqual(hash, sha256Text(utf16Order));
});

Deno.test("computeParityHash() hashes the empty string for an empty dossier", async () => {
  const emptyDigest = sha256Text("");
  assert.equal(await computeParityHash(emptyDossierState()), emptyDigest);
  assert.equal(await computeParityHash(reduceMissionDossier([])), emptyDigest);
});

Deno.test("computeParityHash() leaves superseded artifacts out", async () => {
  const state = reduceMissionDossier([
    indexed(1, "contracts/v1.json", "aaaa"),
    indexed(2, "spec.md", "bbbb"),
    indexed(3, "contracts/v2.json", "cccc", "contracts/v1.json"),
  ]);
  assert.equal(state.artifacts.get("contracts/v1.json")?.superseded, true);
  assert.equal(
    await computeParityHash(state),
    expectedParityHash([["spec.md", "bbbb"], ["contracts/v2.json", "cccc"]]),
  );
});

Deno.test("computeParityHash() uses the latest content hash of a re-indexed path", async () => {
  const state = reduceMissionDossier([
    indexed(1, "spec.md", "old0"),
    indexed(2, "spec.md", "new1"),
  ]);
  assert.equal(
    await computeParityHash(state),
    expectedParityHash([["spec.md", "new1"]]),
  );
});

Deno.test("computeParityHash() shows the documented tab ambiguity of the formula", async () => {
  const a = dossierOf([["a\tb", "c"]]);
  const b = dossierOf([["a", "b\tc"]]);
  assert.equal(await computeParityHash(a), await computeParityHash(b));
});

Deno.test("computeParityHash() rejects a value that is not a dossier", async () => {
  await assert.rejects(
    () => computeParityHash({ artifacts: {} } as never),
    {
      name: "TypeError",
      message:
        "Cannot compute the parity hash: the state must have an artifacts Map (a reduced dossier): received an object",
    },
  );
  await assert.rejects(() => computeParityHash(null as never), TypeError);
});

Deno.test("evaluateParity() compares the latest snapshot with the recomputed hash", async (t) => {
  const artifacts: [string, string][] = [["spec.md", "ab12"], [
    "plan.md",
    "cd",
  ]];
  const hash = expectedParityHash(artifacts);
  const bare = hash.slice("sha256:".length);
  const withSnapshot = (snapshotHash: string) =>
    reduceMissionDossier([
      indexed(1, "spec.md", "ab12"),
      indexed(2, "plan.md", "cd"),
      snapshot(3, snapshotHash),
    ]);

  const cases: {
    name: string;
    snapshotHash: string;
    status: string;
    expectedHash: string;
  }[] = [
    {
      name: "with the sha256: prefix",
      snapshotHash: hash,
      status: "clean",
      expectedHash: hash,
    },
    {
      name: "without the prefix",
      snapshotHash: bare,
      status: "clean",
      expectedHash: hash,
    },
    {
      name: "in upper case",
      snapshotHash: `SHA256:${bare.toUpperCase()}`,
      status: "clean",
      expectedHash: hash,
    },
    {
      name: "a different hash",
      snapshotHash: `sha256:${"0".repeat(64)}`,
      status: "drifted",
      expectedHash: `sha256:${"0".repeat(64)}`,
    },
    {
      name: "another algorithm's prefix",
      snapshotHash: `sha512:${bare}`,
      status: "drifted",
      expectedHash: `sha256:sha512:${bare}`,
    },
  ];
  for (const { name, snapshotHash, status, expectedHash } of cases) {
    await t.step(name, async () => {
      assert.deepEqual(await evaluateParity(withSnapshot(snapshotHash)), {
        status,
        formula: "current",
        basis: "run",
        expectedHash,
        actualHash: hash,
        recordedHash: snapshotHash,
        snapshotEventId: ulid(3),
        snapshotIndex: 2,
        staleArtifacts: [],
        pendingArtifacts: [],
        recordedDriftEvents: 0,
      });
    });
  }
});

Deno.test("evaluateParity() says unknown when there is no snapshot yet", async () => {
  const state = dossierOf([["spec.md", "ab12"]]);
  assert.deepEqual(await evaluateParity(state), {
    status: "unknown",
    formula: null,
    basis: "state",
    expectedHash: null,
    actualHash: expectedParityHash([["spec.md", "ab12"]]),
    recordedHash: null,
    snapshotEventId: null,
    snapshotIndex: null,
    staleArtifacts: [],
    pendingArtifacts: [],
    recordedDriftEvents: 0,
  });
});

Deno.test("evaluateParity() finds both replay fixtures clean, as their snapshots were computed with the formula", async (t) => {
  for (const name of ["happy_path", "drift_scenario"]) {
    await t.step(name, async () => {
      const text = await Deno.readTextFile(
        new URL(
          `../conformance/fixtures/dossier/replay/dossier_replay_${name}.jsonl`,
          import.meta.url,
        ),
      );
      const events = text.split("\n").filter((line) => line.trim() !== "")
        .map((line) => parseEvent(JSON.parse(line)));
      const state = reduceMissionDossier(events);
      const live = [...state.artifacts]
        .filter(([, entry]) => !entry.superseded)
        .map(([path, entry]): [string, string] => [
          path,
          entry.content_ref.hash,
        ]);
      const evaluation = await evaluateParity(state);
      assert.equal(evaluation.actualHash, expectedParityHash(live));
      // expectedHash comes as sha256: + lowercase hex since 2.5.0.
      assert.equal(evaluation.expectedHash, expectedParityHash(live));
      assert.equal(evaluation.status, "clean");
    });
  }
});
