// Every test runs against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the parity hash and its
// evaluation are the same; only the events' field names differ).
import assert from "node:assert/strict";
import type { Event, MissionDossierState } from "../mod.ts";
import { CONTRACTS } from "./_builders.ts";
import { expectedParityHash, sha256Text } from "./_parity_oracle.ts";

function ulid(n: number): string {
  return `01HV7KA8TQ3R0W2M9X6C4B${String(n).padStart(4, "0")}`;
}

for (const c of CONTRACTS) {
  const {
    computeParityHash,
    emptyDossierState,
    evaluateParity,
    parseEvent,
    reduceMissionDossier,
  } = c.api;

  // expectedParityHash is the independent oracle (tests/_parity_oracle.ts).
  const NAMESPACE = c.namespace();

  const dossierEvent = (
    clock: number,
    event_type: string,
    payload: Record<string, unknown>,
  ): Event => {
    return parseEvent(c.envelope({
      event_id: ulid(clock),
      event_type,
      aggregate_id: "mission-042",
      timestamp: 1700000000 + clock,
      node_id: "laptop-1",
      lamport_clock: clock,
      project_uuid: NAMESPACE.project_uuid,
      correlation_id: ulid(0),
      payload: { namespace: NAMESPACE, ...payload },
    }));
  };

  const indexed = (
    clock: number,
    path: string,
    hash: string,
    supersedes?: string,
  ): Event => {
    const identity = (p: string) => c.identity(p, { artifact_class: "output" });
    return dossierEvent(clock, "MissionDossierArtifactIndexed", {
      artifact_id: identity(path),
      content_ref: { hash, algorithm: "sha256" },
      indexed_at: "2026-02-21T14:00:00Z",
      supersedes: supersedes === undefined ? null : identity(supersedes),
    });
  };

  const snapshot = (clock: number, snapshot_hash: string): Event => {
    return dossierEvent(clock, "MissionDossierSnapshotComputed", {
      snapshot_hash,
      artifact_count: 0,
      anomaly_count: 0,
      computed_at: "2026-02-21T14:00:00Z",
    });
  };

  const dossierOf = (artifacts: [string, string][]): MissionDossierState => {
    return reduceMissionDossier(
      artifacts.map(([path, hash], index) => indexed(index + 1, path, hash)),
    );
  };

  Deno.test(`computeParityHash() matches an independent implementation of the formula (${c.version})`, async (t) => {
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

  Deno.test(`computeParityHash() sorts by code point, not by UTF-16 code unit (${c.version})`, async () => {
    const astral = "a/\u{1F600}.md"; // UTF-16: D83D DE00, below U+FFFD
    const replacement = "a/\uFFFD.md";
    const state = dossierOf([[astral, "11"], [replacement, "22"]]);
    const utf16Order = `${astral}\t11\n${replacement}\t22`;
    const codePointOrder = `${replacement}\t22\n${astral}\t11`;

    const hash = await computeParityHash(state);
    assert.equal(hash, sha256Text(codePointOrder));
    assert.notEqual(hash, sha256Text(utf16Order));
  });

  Deno.test(`computeParityHash() hashes the empty string for an empty dossier (${c.version})`, async () => {
    const emptyDigest = sha256Text("");
    assert.equal(await computeParityHash(emptyDossierState()), emptyDigest);
    assert.equal(
      await computeParityHash(reduceMissionDossier([])),
      emptyDigest,
    );
  });

  Deno.test(`computeParityHash() leaves superseded artifacts out (${c.version})`, async () => {
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

  Deno.test(`computeParityHash() uses the latest content hash of a re-indexed path (${c.version})`, async () => {
    const state = reduceMissionDossier([
      indexed(1, "spec.md", "old0"),
      indexed(2, "spec.md", "new1"),
    ]);
    assert.equal(
      await computeParityHash(state),
      expectedParityHash([["spec.md", "new1"]]),
    );
  });

  Deno.test(`computeParityHash() shows the documented tab ambiguity of the formula (${c.version})`, async () => {
    const a = dossierOf([["a\tb", "c"]]);
    const b = dossierOf([["a", "b\tc"]]);
    assert.equal(await computeParityHash(a), await computeParityHash(b));
  });

  Deno.test(`computeParityHash() rejects a value that is not a dossier (${c.version})`, async () => {
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

  Deno.test(`evaluateParity() compares the latest snapshot with the recomputed hash (${c.version})`, async (t) => {
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

    const cases: { name: string; snapshotHash: string; status: string }[] = [
      { name: "with the sha256: prefix", snapshotHash: hash, status: "clean" },
      { name: "without the prefix", snapshotHash: bare, status: "clean" },
      {
        name: "in upper case",
        snapshotHash: `SHA256:${bare.toUpperCase()}`,
        status: "clean",
      },
      {
        name: "a different hash",
        snapshotHash: `sha256:${"0".repeat(64)}`,
        status: "drifted",
      },
      {
        name: "another algorithm's prefix",
        snapshotHash: `sha512:${bare}`,
        status: "drifted",
      },
    ];
    for (const { name, snapshotHash, status } of cases) {
      await t.step(name, async () => {
        const state = withSnapshot(snapshotHash);
        assert.deepEqual(await evaluateParity(state), {
          status,
          formula: "current",
          basis: "run",
          // Both hashes in one form: sha256: and lowercase hex.
          expectedHash: snapshotHash.toLowerCase().startsWith("sha256:")
            ? snapshotHash.toLowerCase()
            : `sha256:${snapshotHash.toLowerCase()}`,
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

  Deno.test(`evaluateParity() says unknown when there is no snapshot yet (${c.version})`, async () => {
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

  Deno.test(`evaluateParity() finds both replay fixtures clean, as their snapshots were computed with the formula (${c.version})`, async (t) => {
    for (const name of ["happy_path", "drift_scenario"]) {
      await t.step(name, async () => {
        const text = await Deno.readTextFile(
          new URL(`dossier/replay/dossier_replay_${name}.jsonl`, c.fixtures),
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
        // Each run indexes what its snapshot covers (the happy path's second
        // run supersedes a version of the first: an incremental run).
        assert.equal(evaluation.actualHash, expectedParityHash(live));
        assert.equal(evaluation.expectedHash, expectedParityHash(live));
        assert.equal(evaluation.status, "clean");
        assert.equal(evaluation.basis, "run");
        assert.deepEqual(evaluation.staleArtifacts, []);
      });
    }
  });
}
