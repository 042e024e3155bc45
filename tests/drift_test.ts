// Every test runs against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the same drift findings and
// payloads, other field names).
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  type ArtifactIdentity,
  DRIFT_KINDS,
  type DriftFinding,
  type Event,
  type MissionDossierState,
} from "../mod.ts";
import { CONTRACTS, V2, V3 } from "./_builders.ts";

for (const c of CONTRACTS) {
  const {
    diffDossiers,
    driftPayloads,
    emptyDossierState,
    MissionDossierParityDriftDetectedPayloadSchema,
    parseEvent,
    reduceMissionDossier,
  } = c.api;

  const NAMESPACE = c.stateNamespace();

  const identity = (path: string): ArtifactIdentity => {
    return c.identity(path, {
      artifact_class: "output",
      run_id: null,
      wp_id: null,
    }) as unknown as ArtifactIdentity;
  };

  type Step =
    | { indexed: string; hash: string; supersedes?: string }
    | { missing: string; step: string };

  /** Replays a small script of dossier events under one manifest version. */
  const dossier = (
    steps: Step[],
    manifestVersion = "1",
  ): MissionDossierState => {
    const namespace = { ...NAMESPACE, manifest_version: manifestVersion };
    const events: Event[] = steps.map((step, index) =>
      parseEvent(c.envelope({
        event_id: `01HV7KA8TQ3R0W2M9X6C4B${String(index + 1).padStart(4, "0")}`,
        aggregate_id: "mission-042",
        timestamp: 1700000000 + index,
        node_id: "laptop-1",
        lamport_clock: index + 1,
        project_uuid: NAMESPACE.project_uuid,
        correlation_id: "01HV7KA8TQ3R0W2M9X6C4B0000",
        ...("indexed" in step
          ? {
            event_type: "MissionDossierArtifactIndexed",
            payload: {
              namespace,
              artifact_id: identity(step.indexed),
              content_ref: { hash: step.hash, algorithm: "sha256" },
              indexed_at: "2026-02-21T14:00:00Z",
              supersedes: step.supersedes ? identity(step.supersedes) : null,
            },
          }
          : {
            event_type: "MissionDossierArtifactMissing",
            payload: {
              namespace,
              expected_identity: identity(step.missing),
              manifest_step: step.step,
              checked_at: "2026-02-21T14:00:00Z",
            },
          }),
      }))
    );
    return reduceMissionDossier(events);
  };

  const paths = (finding: DriftFinding) =>
    finding.artifactIds.map((i) => i.path);

  Deno.test(`diffDossiers() finds nothing between equal dossiers (${c.version})`, () => {
    const state = dossier([{ indexed: "spec.md", hash: "aa" }, {
      missing: "tasks.md",
      step: "tasks",
    }]);
    assert.deepEqual(diffDossiers(state, state), []);
    assert.deepEqual(
      diffDossiers(emptyDossierState(), emptyDossierState()),
      [],
    );
  });

  Deno.test(`diffDossiers() reports each drift kind with the artifacts involved (${c.version})`, async (t) => {
    const cases: {
      kind: typeof DRIFT_KINDS[number];
      baseline: MissionDossierState;
      current: MissionDossierState;
      paths: string[];
      steps?: string[];
    }[] = [
      {
        kind: "artifact_added",
        baseline: dossier([{ indexed: "spec.md", hash: "aa" }]),
        current: dossier([{ indexed: "spec.md", hash: "aa" }, {
          indexed: "plan.md",
          hash: "bb",
        }]),
        paths: ["plan.md"],
      },
      {
        kind: "artifact_removed",
        baseline: dossier([{ indexed: "spec.md", hash: "aa" }, {
          indexed: "plan.md",
          hash: "bb",
        }]),
        current: dossier([{ indexed: "plan.md", hash: "bb" }]),
        paths: ["spec.md"],
      },
      {
        kind: "artifact_mutated",
        baseline: dossier([{ indexed: "spec.md", hash: "aa" }]),
        current: dossier([{ indexed: "spec.md", hash: "a2" }]),
        paths: ["spec.md"],
      },
      {
        kind: "anomaly_introduced",
        baseline: dossier([{ indexed: "spec.md", hash: "aa" }]),
        current: dossier([{ indexed: "spec.md", hash: "aa" }, {
          missing: "tasks.md",
          step: "tasks",
        }]),
        paths: ["tasks.md"],
        steps: ["tasks"],
      },
      {
        kind: "anomaly_resolved",
        baseline: dossier([{ indexed: "spec.md", hash: "aa" }, {
          missing: "tasks.md",
          step: "tasks",
        }]),
        current: dossier([{ indexed: "spec.md", hash: "aa" }]),
        paths: ["tasks.md"],
        steps: ["tasks"],
      },
      {
        kind: "manifest_version_changed",
        baseline: dossier([{ indexed: "spec.md", hash: "aa" }], "1"),
        current: dossier([{ indexed: "spec.md", hash: "aa" }], "2"),
        paths: ["spec.md"],
      },
    ];
    for (const c of cases) {
      await t.step(c.kind, () => {
        const findings = diffDossiers(c.baseline, c.current);
        assert.deepEqual(findings.map((f) => f.driftKind), [c.kind]);
        assert.deepEqual(paths(findings[0]), c.paths);
        assert.deepEqual(findings[0].manifestSteps, c.steps ?? []);
        assert.deepEqual(
          findings[0].manifestVersions,
          c.kind === "manifest_version_changed" ? ["1", "2"] : null,
        );
      });
    }
  });

  Deno.test(`diffDossiers() orders findings by drift kind and identities by code point (${c.version})`, () => {
    const astral = "a/\u{1F600}.md";
    const replacement = "a/\uFFFD.md";
    const baseline = dossier([
      { indexed: "gone-b.md", hash: "01" },
      { indexed: "gone-a.md", hash: "02" },
      { indexed: "same.md", hash: "03" },
      { missing: "old.md", step: "plan" },
    ], "1");
    const current = dossier([
      { indexed: astral, hash: "04" },
      { indexed: "same.md", hash: "05" },
      { indexed: replacement, hash: "06" },
      { missing: "new.md", step: "tasks" },
      { missing: "new.md", step: "implement" },
      { missing: "new.md", step: "implement" },
    ], "2");
    const findings = diffDossiers(baseline, current);
    assert.deepEqual(findings.map((f) => f.driftKind), [...DRIFT_KINDS]);
    // U+FFFD sorts before U+1F600 by code point, after it by UTF-16 unit.
    assert.deepEqual(paths(findings[0]), [replacement, astral]);
    assert.deepEqual(paths(findings[1]), ["gone-a.md", "gone-b.md"]);
    assert.deepEqual(paths(findings[2]), ["same.md"]);
    assert.deepEqual(paths(findings[3]), ["new.md", "new.md"]);
    assert.deepEqual(findings[3].manifestSteps, ["implement", "tasks"]);
    assert.deepEqual(paths(findings[4]), ["old.md"]);
    assert.deepEqual(paths(findings[5]), [replacement, astral, "same.md"]);
    assert.deepEqual(diffDossiers(baseline, current), findings);
  });

  Deno.test(`diffDossiers() treats a superseded artifact as gone, as the parity hash does (${c.version})`, () => {
    const baseline = dossier([{ indexed: "contracts/v1.json", hash: "aa" }]);
    const current = dossier([
      { indexed: "contracts/v1.json", hash: "aa" },
      {
        indexed: "contracts/v2.json",
        hash: "bb",
        supersedes: "contracts/v1.json",
      },
    ]);
    const findings = diffDossiers(baseline, current);
    assert.deepEqual(findings.map((f) => [f.driftKind, paths(f)]), [
      ["artifact_added", ["contracts/v2.json"]],
      ["artifact_removed", ["contracts/v1.json"]],
    ]);
  });

  Deno.test(`diffDossiers() sees no manifest change when a dossier has no namespace (${c.version})`, () => {
    const current = dossier([{ indexed: "spec.md", hash: "aa" }], "2");
    assert.deepEqual(
      diffDossiers(emptyDossierState(), current).map((f) => f.driftKind),
      ["artifact_added"],
    );
  });

  Deno.test(`diffDossiers() rejects a value that is not a dossier (${c.version})`, () => {
    assert.throws(() => diffDossiers({} as never, emptyDossierState()), {
      name: "TypeError",
      message:
        "Cannot diff dossiers: the baseline must be a reduced dossier with an artifacts Map and an anomalies array: received an object",
    });
    assert.throws(
      () => diffDossiers(emptyDossierState(), null as never),
      /the current state must be a reduced dossier .*: received null/,
    );
  });

  const CONTEXT = {
    namespace: NAMESPACE,
    expectedHash: "sha256:aa",
    actualHash: "sha256:bb",
    detectedAt: "2026-02-21T14:12:00+00:00",
  };

  Deno.test(`driftPayloads() builds a valid payload for every drift kind (${c.version})`, async (t) => {
    const baseline = dossier([
      { indexed: "gone.md", hash: "01" },
      { indexed: "same.md", hash: "02" },
      { missing: "old.md", step: "plan" },
    ], "1");
    const current = dossier([
      { indexed: "new.md", hash: "03" },
      { indexed: "same.md", hash: "04" },
      { missing: "tasks.md", step: "tasks" },
    ], "2");
    const findings = diffDossiers(baseline, current);
    const payloads = driftPayloads(findings, CONTEXT);
    assert.equal(payloads.length, DRIFT_KINDS.length);
    const hints: Record<string, RegExp> = {
      artifact_added:
        /^Index the artifacts added since the baseline \(new\.md\)/,
      artifact_removed: /^Restore the artifacts removed .*\(gone\.md\)/,
      artifact_mutated:
        /^Re-index the artifacts whose content changed .*\(same\.md\)/,
      anomaly_introduced:
        /^Generate the missing artifacts \(tasks\.md \(step tasks\)\)/,
      anomaly_resolved:
        /anomalies resolved since the baseline \(old\.md \(step plan\)\)/,
      manifest_version_changed: /under manifest version 2 \(was 1\)/,
    };
    for (const [index, payload] of payloads.entries()) {
      await t.step(payload.drift_kind, () => {
        assert.equal(payload.drift_kind, findings[index].driftKind);
        assert.deepEqual(
          payload.artifact_ids_changed,
          findings[index].artifactIds,
        );
        assert.equal(payload.expected_hash, CONTEXT.expectedHash);
        assert.equal(payload.actual_hash, CONTEXT.actualHash);
        assert.equal(payload.detected_at, CONTEXT.detectedAt);
        assert.deepEqual(payload.namespace, NAMESPACE);
        assert.match(payload.rebuild_hint ?? "", hints[payload.drift_kind]);
        // The payload survives a JSON round trip through the schema unchanged.
        const wire = JSON.parse(JSON.stringify(payload));
        assert.deepEqual(
          v.parse(MissionDossierParityDriftDetectedPayloadSchema, wire),
          payload,
        );
      });
    }
  });

  Deno.test(`driftPayloads() passes dual-layer validation (${c.version})`, () => {
    const findings = diffDossiers(
      dossier(
        [{ indexed: "a.md", hash: "01" }, { missing: "b.md", step: "s" }],
        "1",
      ),
      dossier([{ indexed: "c.md", hash: "02" }], "2"),
    );
    const payloads = driftPayloads(findings, CONTEXT);
    assert.equal(payloads.length, 4);
    for (const payload of payloads) {
      const result = c.conformance.validateEvent(
        JSON.parse(JSON.stringify(payload)),
        "MissionDossierParityDriftDetected",
      );
      assert.deepEqual(
        [result.valid, result.modelViolations, result.schemaViolations],
        [true, [], []],
      );
    }
  });

  Deno.test(`driftPayloads() lists at most five paths in a hint (${c.version})`, () => {
    const many = Array.from({ length: 7 }, (_, i) => identity(`f${i}.md`));
    const [payload] = driftPayloads([{
      driftKind: "artifact_added",
      artifactIds: many,
      manifestSteps: [],
      manifestVersions: null,
    }], CONTEXT);
    assert.match(
      payload.rebuild_hint ?? "",
      /\(f0\.md, f1\.md, f2\.md, f3\.md, f4\.md and 2 more\)/,
    );
    assert.equal(payload.artifact_ids_changed?.length, 7);
  });

  Deno.test(`driftPayloads() returns nothing for no findings (${c.version})`, () => {
    assert.deepEqual(driftPayloads([], CONTEXT), []);
  });

  Deno.test(`driftPayloads() names the field when the context cannot make a valid payload (${c.version})`, async (t) => {
    const finding: DriftFinding = {
      driftKind: "artifact_mutated",
      artifactIds: [identity("spec.md")],
      manifestSteps: [],
      manifestVersions: null,
    };
    const cases: { name: string; context: unknown; message: RegExp }[] = [
      {
        name: "an empty expected hash",
        context: { ...CONTEXT, expectedHash: "" },
        message:
          /^Cannot build the drift payload of finding 0: field "expected_hash" must be a non-empty string: received ""$/,
      },
      {
        name: "a namespace without a mission field",
        context: {
          ...CONTEXT,
          namespace: { ...NAMESPACE, [c.mission]: undefined },
        },
        message: new RegExp(
          `field "namespace\\.${c.mission}" must be a non-empty string: received nothing$`,
        ),
      },
      {
        name: "no detection time",
        context: { ...CONTEXT, detectedAt: undefined },
        message: /field "detected_at" must be a string: received nothing$/,
      },
      {
        name: "no context at all",
        context: undefined,
        message:
          /field "namespace" must be an object: received nothing \(and 3 more problems\)$/,
      },
    ];
    for (const c of cases) {
      await t.step(c.name, () => {
        assert.throws(
          () => driftPayloads([finding], c.context as never),
          (error: Error) =>
            error instanceof TypeError && c.message.test(error.message),
        );
      });
    }
    await t.step("an unknown drift kind", () => {
      assert.throws(
        () =>
          driftPayloads([{ ...finding, driftKind: "moved" as never }], CONTEXT),
        /field "drift_kind" must be one of/,
      );
    });
    await t.step("a finding without identities", () => {
      assert.throws(
        () =>
          driftPayloads([{ driftKind: "artifact_added" } as never], CONTEXT),
        {
          name: "TypeError",
          message:
            'Cannot build the drift payload of finding 0: field "artifactIds" must be an array of artifact identities: received nothing',
        },
      );
    });
  });
}

for (const c of CONTRACTS) {
  Deno.test(`driftPayloads() refuses a finding whose identities are in the other contract's names (${c.version})`, () => {
    const { [c.mission]: mission, ...rest } = c.identity("spec.md");
    const foreign = { ...rest, [c.otherMission]: mission };
    assert.throws(
      () =>
        c.api.driftPayloads([{
          driftKind: "artifact_added",
          artifactIds: [foreign as never],
          manifestSteps: [],
          manifestVersions: null,
        }], {
          namespace: c.stateNamespace(),
          expectedHash: "sha256:aa",
          actualHash: "sha256:bb",
          detectedAt: "2026-02-21T14:12:00Z",
        }),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.startsWith(
          `Cannot build the drift payload of finding 0: field "artifact_ids_changed[0].${c.mission}" is required: received nothing`,
        ),
    );
  });
}

const FINDING: DriftFinding = {
  driftKind: "artifact_removed",
  artifactIds: [],
  manifestSteps: [],
  manifestVersions: null,
};
const contextWith = (namespace: unknown) => ({
  namespace: namespace as never,
  expectedHash: "sha256:aa",
  actualHash: "sha256:bb",
  detectedAt: "2026-02-21T14:12:00Z",
});

Deno.test("driftPayloads() drops an unknown key of the context's namespace (2.4.0)", () => {
  const [payload] = V2.api.driftPayloads(
    [FINDING],
    contextWith({ ...V2.stateNamespace(), mission_slug: "x" }),
  );
  assert.deepEqual(payload.namespace, V2.stateNamespace());
});

Deno.test("driftPayloads() refuses a context namespace with an unknown key, naming it (3.0.0)", () => {
  assert.throws(
    () =>
      V3.api.driftPayloads(
        [FINDING],
        contextWith({ ...V3.stateNamespace(), feature_slug: "x" }),
      ),
    {
      name: "TypeError",
      message:
        'Cannot build the drift payload of finding 0: field "namespace.feature_slug" is not allowed: contract 3.0.0 renamed it to "mission_slug": received "x"',
    },
  );
});
