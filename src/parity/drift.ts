import * as v from "valibot";
import { DRIFT_KINDS, type DriftKind } from "../contract/constants.ts";
import type { DossierContract } from "../contract/dossier_contract.ts";
import type { MissionDossierParityDriftDetectedPayloadOf } from "../contract/value_objects.ts";
import type {
  AnomalyEntryOf,
  ArtifactEntryOf,
  MissionDossierStateOf,
} from "../contract/dossier_state.ts";
import { compareCodePoints } from "../replay/event_order.ts";
import { producerViewOf } from "../replay/index_runs.ts";
import {
  describeValue,
  errorForIssues,
  toFieldIssues,
} from "../contract/field_issue.ts";

/** What the drift functions read of an artifact identity, in either contract. */
export interface DriftIdentity {
  /** The artifact's repository-relative path. */
  readonly path: string;
}

/**
 * One kind of drift between a baseline dossier and a current one, naming
 * the artifacts involved (identities of type `I`). Built by
 * {@linkcode diffDossiers}; turned into a `MissionDossierParityDriftDetected`
 * payload by `driftPayloads`.
 */
export interface DriftFindingOf<I> {
  /** What changed, one of {@linkcode DRIFT_KINDS}. */
  readonly driftKind: DriftKind;
  /**
   * The artifacts involved, by path in code point order: the added ones
   * (their current identity), the removed ones (their baseline identity), the
   * mutated ones (their current identity), the expected identity of each
   * introduced or resolved anomaly, or, for `manifest_version_changed`, every
   * live artifact of the current dossier (all of them need re-indexing).
   */
  readonly artifactIds: readonly I[];
  /** For the anomaly kinds, the manifest step of each anomaly, aligned with `artifactIds`; empty otherwise. */
  readonly manifestSteps: readonly string[];
  /** For `manifest_version_changed`, the baseline's and the current manifest version; `null` otherwise. */
  readonly manifestVersions:
    | readonly [baseline: string, current: string]
    | null;
}

/** What `driftPayloads` needs besides the findings, for a contract whose namespace is `N`. */
export interface DriftPayloadContextOf<N> {
  /** The dossier's namespace, usually the current state's. */
  readonly namespace: N;
  /** The hash the dossier should have, usually the baseline's parity hash or its snapshot hash. */
  readonly expectedHash: string;
  /** The hash it has, usually {@linkcode computeParityHash} of the current state. */
  readonly actualHash: string;
  /** When the drift was detected (ISO 8601 by convention); given, as the function reads no clock. */
  readonly detectedAt: string;
}

/**
 * The artifacts the producer has, by path: the live ones (not superseded),
 * less those the latest snapshot's run did not index again (stale, for a
 * state a reducer returned; see `evaluateParity`).
 */
function _presentArtifacts<I>(
  state: MissionDossierStateOf<unknown, I>,
  role: string,
): Map<string, ArtifactEntryOf<I>> {
  if (!(state?.artifacts instanceof Map) || !Array.isArray(state.anomalies)) {
    throw new TypeError(
      `Cannot diff dossiers: the ${role} must be a reduced dossier with an artifacts Map and an anomalies array: received ${
        describeValue(state)
      }`,
    );
  }
  const view = producerViewOf(state);
  const present = new Map<string, ArtifactEntryOf<I>>();
  for (const [path, entry] of state.artifacts) {
    if (entry.superseded) continue;
    if (
      view !== undefined && !view.present.has(path) && !view.pending.has(path)
    ) continue;
    present.set(path, entry);
  }
  return present;
}

/** Anomalies keyed by path and manifest step, the first of each key kept. */
function _anomaliesByKey<I extends DriftIdentity>(
  state: MissionDossierStateOf<unknown, I>,
): Map<string, AnomalyEntryOf<I>> {
  const byKey = new Map<string, AnomalyEntryOf<I>>();
  for (const anomaly of state.anomalies) {
    // JSON of the pair cannot collide, unlike a joined string.
    const key = JSON.stringify([
      anomaly.expected_identity.path,
      anomaly.manifest_step,
    ]);
    if (!byKey.has(key)) byKey.set(key, anomaly);
  }
  return byKey;
}

function _byPath(a: DriftIdentity, b: DriftIdentity): number {
  return compareCodePoints(a.path, b.path);
}

function _anomalyFinding<I extends DriftIdentity>(
  driftKind: DriftKind,
  anomalies: AnomalyEntryOf<I>[],
): DriftFindingOf<I> {
  anomalies.sort((a, b) =>
    _byPath(a.expected_identity, b.expected_identity) ||
    compareCodePoints(a.manifest_step, b.manifest_step)
  );
  return {
    driftKind,
    artifactIds: anomalies.map((anomaly) => anomaly.expected_identity),
    manifestSteps: anomalies.map((anomaly) => anomaly.manifest_step),
    manifestVersions: null,
  };
}

function _artifactFinding<I extends DriftIdentity>(
  driftKind: DriftKind,
  identities: I[],
): DriftFindingOf<I> {
  return {
    driftKind,
    artifactIds: identities.sort(_byPath),
    manifestSteps: [],
    manifestVersions: null,
  };
}

/**
 * Classifies the drift between a baseline dossier and a current one with
 * the six drift kinds of the contract. Artifacts are compared by path, the
 * ones the producer has only: an artifact superseded, or (in a state a
 * reducer returned) not indexed again by the latest snapshot's run, has left
 * the dossier, as it has left the parity hash, and shows as
 * `artifact_removed` (see `evaluateParity` for the rule). Anomalies are
 * compared by the path of their expected identity and their manifest step. `manifest_version_changed` applies when both dossiers have
 * a namespace and their manifest versions differ.
 *
 * The function is pure and deterministic: findings come in the contract's
 * order of {@linkcode DRIFT_KINDS}, identities by path in code point order.
 *
 * @param baseline The dossier as it was (the expected side).
 * @param current The dossier as it is (the actual side).
 * @returns One finding per drift kind that applies; none when the dossiers agree.
 * @throws {TypeError} When either argument is not a reduced dossier.
 *
 * @example A changed content hash is an `artifact_mutated` finding
 * ```ts
 * import { diffDossiers, emptyDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const identity = { mission_key: "m", path: "spec.md", artifact_class: "input", run_id: null, wp_id: null } as const;
 * const entry = (hash: string) => ({ identity, indexed_at: "t", provenance: null, superseded: false, step_id: null,
 *   content_ref: { hash, algorithm: "sha256", size_bytes: null, encoding: null } } as const);
 * const baseline = { ...emptyDossierState(), artifacts: new Map([["spec.md", entry("aa")]]) };
 * const current = { ...emptyDossierState(), artifacts: new Map([["spec.md", entry("bb")]]) };
 *
 * const findings = diffDossiers(baseline, current);
 * assert.deepEqual(findings.map((f) => f.driftKind), ["artifact_mutated"]);
 * assert.equal(findings[0].artifactIds[0].path, "spec.md");
 * assert.deepEqual(diffDossiers(current, current), []);
 * ```
 */
export function diffDossiers<I extends DriftIdentity>(
  baseline: MissionDossierStateOf<unknown, I>,
  current: MissionDossierStateOf<unknown, I>,
): DriftFindingOf<I>[] {
  const before = _presentArtifacts(baseline, "baseline");
  const after = _presentArtifacts(current, "current state");
  const added: I[] = [];
  const mutated: I[] = [];
  for (const [path, entry] of after) {
    const prior = before.get(path);
    if (prior === undefined) added.push(entry.identity);
    else if (prior.content_ref.hash !== entry.content_ref.hash) {
      mutated.push(entry.identity);
    }
  }
  const removed: I[] = [];
  for (const [path, entry] of before) {
    if (!after.has(path)) removed.push(entry.identity);
  }

  const anomaliesBefore = _anomaliesByKey(baseline);
  const anomaliesAfter = _anomaliesByKey(current);
  const introduced = [...anomaliesAfter]
    .filter(([key]) => !anomaliesBefore.has(key))
    .map(([, anomaly]) => anomaly);
  const resolved = [...anomaliesBefore]
    .filter(([key]) => !anomaliesAfter.has(key))
    .map(([, anomaly]) => anomaly);

  const findings: Record<DriftKind, DriftFindingOf<I> | null> = {
    artifact_added: added.length > 0
      ? _artifactFinding("artifact_added", added)
      : null,
    artifact_removed: removed.length > 0
      ? _artifactFinding("artifact_removed", removed)
      : null,
    artifact_mutated: mutated.length > 0
      ? _artifactFinding("artifact_mutated", mutated)
      : null,
    anomaly_introduced: introduced.length > 0
      ? _anomalyFinding("anomaly_introduced", introduced)
      : null,
    anomaly_resolved: resolved.length > 0
      ? _anomalyFinding("anomaly_resolved", resolved)
      : null,
    manifest_version_changed: null,
  };
  const from = _manifestVersion(baseline.namespace);
  const to = _manifestVersion(current.namespace);
  if (from !== undefined && to !== undefined && from !== to) {
    findings.manifest_version_changed = {
      ..._artifactFinding(
        "manifest_version_changed",
        [...after.values()].map((entry) => entry.identity),
      ),
      manifestVersions: [from, to],
    };
  }
  return DRIFT_KINDS.map((kind) => findings[kind]).filter(
    (finding): finding is DriftFindingOf<I> => finding !== null,
  );
}

const _LISTED = 5;

/** Lists the first few labels, then how many more there are. */
function _list(labels: readonly string[]): string {
  const shown = labels.slice(0, _LISTED).join(", ");
  const more = labels.length - _LISTED;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** A rebuild hint that says what changed and what to do about it. */
/** A namespace's manifest version, whatever the contract; `undefined` without one. */
function _manifestVersion(namespace: unknown): string | undefined {
  const version = (namespace as { manifest_version?: unknown } | null)
    ?.manifest_version;
  return typeof version === "string" ? version : undefined;
}

function _rebuildHint(finding: DriftFindingOf<DriftIdentity>): string {
  const paths = _list(finding.artifactIds.map((identity) => identity.path));
  const anomalies = _list(
    finding.artifactIds.map((identity, index) =>
      `${identity.path} (step ${finding.manifestSteps?.[index] ?? "?"})`
    ),
  );
  switch (finding.driftKind) {
    case "artifact_added":
      return `Index the artifacts added since the baseline (${paths}), then recompute the snapshot`;
    case "artifact_removed":
      return `Restore the artifacts removed since the baseline (${paths}) or record their removal, then recompute the snapshot`;
    case "artifact_mutated":
      return `Re-index the artifacts whose content changed since the baseline (${paths}), then recompute the snapshot`;
    case "anomaly_introduced":
      return `Generate the missing artifacts (${anomalies}), index them, then recompute the snapshot`;
    case "anomaly_resolved":
      return `Recompute the snapshot to record the anomalies resolved since the baseline (${anomalies})`;
    case "manifest_version_changed": {
      const [from, to] = finding.manifestVersions ?? ["?", "?"];
      return `Re-index every artifact under manifest version ${to} (was ${from}), then recompute the snapshot`;
    }
  }
}

/** Builds drift payloads with a contract's schema (see `driftPayloads`). */
export function driftPayloadsFor<N, I extends DriftIdentity>(
  contract: DossierContract,
  findings: readonly DriftFindingOf<I>[],
  context: DriftPayloadContextOf<N>,
): MissionDossierParityDriftDetectedPayloadOf<N, I>[] {
  const schema = contract.payloads.MissionDossierParityDriftDetected;
  return findings.map((finding, index) => {
    const action = `Cannot build the drift payload of finding ${index}`;
    if (!Array.isArray(finding?.artifactIds)) {
      throw new TypeError(
        `${action}: field "artifactIds" must be an array of artifact identities: received ${
          describeValue(finding?.artifactIds)
        }`,
      );
    }
    const result = v.safeParse(schema, {
      namespace: context?.namespace,
      expected_hash: context?.expectedHash,
      actual_hash: context?.actualHash,
      drift_kind: finding?.driftKind,
      detected_at: context?.detectedAt,
      artifact_ids_changed: finding?.artifactIds,
      rebuild_hint: _rebuildHint(finding),
      context_diagnostics: null,
    });
    if (result.success) {
      return result.output as MissionDossierParityDriftDetectedPayloadOf<N, I>;
    }
    throw errorForIssues(action, toFieldIssues(result.issues));
  });
}
