// The producer's pipeline for one mission (docs/indexer.md, "The rules, in
// order"): project identity, meta.json, mission type and manifest, lint
// staging, the records, then the snapshot and the events. Where the CLI emits
// nothing, a MissionIndexError and nothing else.

import { BUILT_IN_MANIFESTS } from "./built_in_manifests.ts";
import {
  buildEvents,
  type IndexedEvent,
  type IndexedNamespace,
  isoTime,
  newUlid,
  pythonDateText,
} from "./dossier_events.ts";
import type { ExpectedArtifactsManifest } from "./expected_artifacts_manifest.ts";
import type { ArtifactRecord } from "./hash_artifact.ts";
import { indexRecords, manifestFor, missionSlugOf } from "./index_records.ts";
import {
  type LintReportStaging,
  lintReportStaging,
  PROJECT_LINT_REPORT,
} from "./lint_report_staging.ts";
import { MissionIndexError } from "./mission_index_error.ts";
import { CorruptMetaError, readMissionMeta } from "./mission_meta.ts";
import { type MissionSource, readOrNull } from "./mission_source.ts";
import {
  computeSnapshot,
  type MissionSnapshot,
  snapshotFileText,
} from "./mission_snapshot.ts";
import { orgPackSources, readProjectConfig } from "./project_config.ts";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../contract/package_identity.ts";

/** Options of {@linkcode indexMission}: where the project side comes from, and every run-dependent value. */
export interface IndexMissionOptions {
  /** The project root (`.kittify/config.yaml`, `.kittify/lint-report.json`, org packs), as a source. */
  readonly project?: MissionSource;
  /** The project uuid; overrides `.kittify/config.yaml`'s `project.uuid`. */
  readonly projectUuid?: string;
  /** The org packs' roots in declared order; overrides `.kittify/config.yaml`'s `doctrine.org.packs`. */
  readonly orgPacks?: readonly MissionSource[];
  /** The mission's slug; default: the source's name (the folder's name). */
  readonly missionSlug?: string;
  /** The target branch when `meta.json` gives none (the CLI asks git; default `"main"`, its answer outside a git checkout). */
  readonly fallbackTargetBranch?: string;
  /** Stage the project's lint report as the CLI does (docs/indexer.md, "Lint staging"); default `true`. */
  readonly stageLintReport?: boolean;
  /** The envelopes' `build_id`; default `"@spec-kitty/dossier@<version>"`. */
  readonly buildId?: string;
  /** The envelopes' `node_id`; default `.kittify/config.yaml`'s `project.node_id`, else `"000000000000"`. */
  readonly nodeId?: string;
  /** The first event's Lamport clock, one more per event; default 1. */
  readonly firstLamportClock?: number;
  /** The clock, read once per payload time and once per envelope; default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Makes each event's id (a ULID or a UUID); default a new ULID. */
  readonly eventId?: () => string;
  /** Makes the snapshot's id; default `crypto.randomUUID()`. */
  readonly snapshotId?: () => string;
}

/** What {@linkcode indexMission} returns. */
export interface IndexMissionResult {
  /** The mission's slug. */
  readonly missionSlug: string;
  /** The namespace of every payload. */
  readonly namespace: IndexedNamespace;
  /** The manifest that applied (`null`: none for the mission type). */
  readonly manifest: ExpectedArtifactsManifest | null;
  /** Where it came from: `"built-in"`, `"org pack <n>"` or `"none"`. */
  readonly manifestOrigin: string;
  /** The records in the CLI's order: walk order, then ghosts. */
  readonly records: readonly ArtifactRecord[];
  /** The snapshot; `null` when a path cannot be encoded as UTF-8 (then no snapshot event either). */
  readonly snapshot: MissionSnapshot | null;
  /** The events: artifact events in record order, then the snapshot event. */
  readonly events: readonly IndexedEvent[];
  /** The text of `.kittify/dossiers/<slug>/snapshot-latest.json` as the CLI writes it; `null` without a snapshot. */
  readonly snapshotFile: string | null;
  /** Where that file goes, relative to the mission folder. */
  readonly snapshotFilePath: string;
  /** What lint staging did to the mission's `lint-report.json` (for a caller to apply on disk). */
  readonly lintReport: LintReportStaging;
  /** What was passed over (an unreadable config, an org manifest that does not parse). */
  readonly warnings: readonly string[];
}

/**
 * The package's build id, `<name>@<version>` (the producer's `build_id` when
 * the caller gives none).
 */
export const DEFAULT_BUILD_ID = `${PACKAGE_NAME}@${PACKAGE_VERSION}`;

/** `meta.json`'s bytes; `null` when there is none; a file there that cannot be read stops the mission. */
async function _metaBytes(
  source: MissionSource,
  mission: string,
): Promise<Uint8Array | null> {
  try {
    return await source.read("meta.json");
  } catch (error) {
    const exists = await source.size("meta.json").then(() => true, () => false);
    if (!exists) return null;
    throw new MissionIndexError({
      mission,
      file: "meta.json",
      rule: "corrupt-meta-json",
      reason: `meta.json cannot be read (${String(error)})`,
      cause: error,
    });
  }
}

function _checkedRun(options: IndexMissionOptions): void {
  const first = options.firstLamportClock ?? 1;
  if (!Number.isSafeInteger(first) || first < 0) {
    throw new RangeError(
      `Cannot index with options.firstLamportClock ${first}: it must be an integer from 0 to 2^53-1`,
    );
  }
  if (options.buildId !== undefined && options.buildId === "") {
    throw new RangeError(
      `Cannot index with options.buildId "": contract 3.0.0 requires a non-empty build_id`,
    );
  }
}

/**
 * Indexes one mission folder as the spec-kitty CLI does (CLI commit e6e3b7357;
 * docs/indexer.md): walks it, classifies and hashes every file, and returns the
 * artifact records, the snapshot and the contract 3.0.0 events the CLI emits
 * for it (its payloads field for field; its envelopes, with a real `build_id`),
 * and the `snapshot-latest.json` it writes. Runs on any runtime: files come
 * from `source` (a folder on disk with `readMissionFolder` of
 * `@spec-kitty/dossier/indexer/disk`, or files in memory with
 * {@linkcode missionFromFiles}); the project side from `options.project` or
 * the options themselves.
 *
 * Where the CLI emits nothing for the mission (no project uuid, a corrupt
 * `meta.json`, a manifest that fails its schema, a key the record model
 * refuses, a work package that aborts), it throws and returns nothing.
 * Where the CLI marks a file not present (not UTF-8, unreadable, a work
 * package whose frontmatter fails its schema), so does the record, with
 * the reason.
 *
 * @param source The mission folder.
 * @param options The project side and the run-dependent values (clock, ids, node, Lamport clock, build id).
 * @returns The records, the snapshot, the events and the snapshot file.
 * @throws {MissionIndexError} Where the CLI emits nothing for the mission; it names the mission, the file and the rule.
 * @throws {TypeError} When the mission has no slug (no `options.missionSlug`, a source without a name).
 * @throws {RangeError} When `options.firstLamportClock` is not an integer ≥ 0, or `options.buildId` is empty.
 *
 * @example Index a mission held in memory, reproducibly
 * ```ts
 * import { indexMission, missionFromFiles } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const mission = missionFromFiles({
 *   "plan.md": "# Plan\n",
 *   "spec.md": "# Spec\n",
 * }, { name: "001-demo" });
 * let id = 0;
 * const result = await indexMission(mission, {
 *   projectUuid: "11111111-2222-4333-8444-555555555555",
 *   clock: () => new Date("2026-01-02T03:04:05.678Z"),
 *   eventId: () => `01J00000000000000000000${String(++id).padStart(3, "0")}`,
 *   snapshotId: () => "00000000-0000-4000-8000-000000000000",
 * });
 * assert.deepEqual(result.records.map((record) => [record.relative_path, record.artifact_key]), [
 *   ["plan.md", "output.plan.main"], ["spec.md", "input.spec.main"],
 * ]);
 * assert.equal(
 *   result.snapshot?.snapshot_hash,
 *   "sha256:917d5437f479cf3a8b377fde53b8ea72241c7d2a920dc057959dfb50dfc71330",
 * );
 * assert.equal(result.events.length, 3);
 * assert.equal(result.events[2].event_type, "MissionDossierSnapshotComputed");
 * assert.equal(result.events[0].build_id.startsWith("@spec-kitty/dossier@"), true);
 * assert.equal(result.events[0].timestamp, "2026-01-02T03:04:05.678000+00:00");
 * ```
 */
export async function indexMission(
  source: MissionSource,
  options: IndexMissionOptions = {},
): Promise<IndexMissionResult> {
  const mission = missionSlugOf(source, options.missionSlug);
  _checkedRun(options);
  const project = options.project;
  const config = project === undefined
    ? null
    : await readProjectConfig(project);
  const warnings: string[] = [...(config?.warnings ?? [])];
  const projectUuid = options.projectUuid ?? config?.projectUuid ?? null;
  if (projectUuid === null || projectUuid === "") {
    throw new MissionIndexError({
      mission,
      file: ".kittify/config.yaml",
      rule: "no-project-uuid",
      reason:
        "no project.uuid (the CLI skips the mission: No project UUID; skipping dossier sync)",
    });
  }
  let meta;
  try {
    meta = readMissionMeta(
      await _metaBytes(source, mission),
      options.fallbackTargetBranch ?? "main",
    );
  } catch (error) {
    if (!(error instanceof CorruptMetaError)) throw error;
    throw new MissionIndexError({
      mission,
      file: "meta.json",
      rule: "corrupt-meta-json",
      reason: error.message,
      cause: error,
    });
  }
  const namespace: IndexedNamespace = {
    project_uuid: projectUuid,
    mission_slug: mission,
    target_branch: meta.targetBranch,
    mission_type: meta.missionType,
    manifest_version:
      BUILT_IN_MANIFESTS.get(meta.missionType)?.manifest_version ?? "1",
  };
  const lintReport: LintReportStaging =
    project === undefined || options.stageLintReport === false
      ? { action: "none" }
      : lintReportStaging(
        await readOrNull(project, PROJECT_LINT_REPORT),
        [
          mission,
          ...(source.name === undefined ? [] : [source.name]),
          ...meta.handles,
        ],
      );
  const orgPacks = options.orgPacks ??
    (config === null ? [] : orgPackSources(project!, config.orgPackRoots));
  const resolved = await manifestFor(mission, meta.missionType, orgPacks);
  warnings.push(...resolved.warnings);
  const records = await indexRecords(
    source,
    mission,
    resolved.manifest,
    lintReport,
  );
  const snapshotId = options.snapshotId?.() ?? crypto.randomUUID();
  const encodable = records.every((record) =>
    record.relative_path.isWellFormed()
  );
  const snapshot = encodable
    ? await computeSnapshot(records, resolved.manifest !== null, snapshotId)
    : null;
  if (!encodable) {
    warnings.push(
      "No snapshot: a path cannot be encoded as UTF-8 (the CLI emits the artifact events and no snapshot)",
    );
  }
  const clock = options.clock ?? (() => new Date());
  const { events, indexedAt, computedAt } = buildEvents(
    {
      namespace,
      buildId: options.buildId ?? DEFAULT_BUILD_ID,
      nodeId: options.nodeId ?? config?.nodeId ?? "000000000000",
      firstLamportClock: options.firstLamportClock ?? 1,
      now: () => isoTime(clock()),
      eventId: options.eventId ?? (() => newUlid(clock().getTime())),
    },
    records,
    snapshot,
  );
  return {
    missionSlug: mission,
    namespace,
    manifest: resolved.manifest,
    manifestOrigin: resolved.origin,
    records,
    snapshot,
    events,
    snapshotFile: snapshot === null ? null : snapshotFileText(
      mission,
      snapshot,
      records,
      { indexedAt, computedAt: pythonDateText(computedAt) },
    ),
    snapshotFilePath: `.kittify/dossiers/${mission}/snapshot-latest.json`,
    lintReport,
    warnings,
  };
}
