// The records of a mission (docs/indexer.md, "The rules, in order", rules 5 to
// 8), shared by indexing and reconcile: the walk (with lint staging applied),
// each file classified and hashed, the first file that aborts the mission
// reported as a MissionIndexError, then the ghosts.

import { classifyPath, createClassifier } from "./classify_artifact.ts";
import type { ExpectedArtifactsManifest } from "./expected_artifacts_manifest.ts";
import { ghostRecords } from "./ghost_records.ts";
import { type ArtifactRecord, hashArtifact } from "./hash_artifact.ts";
import { type LintReportStaging, stagedPaths } from "./lint_report_staging.ts";
import { MissionIndexError } from "./mission_index_error.ts";
import type { MissionSource } from "./mission_source.ts";
import { ManifestSchemaError, resolveManifest } from "./resolve_manifest.ts";
import { walkMission } from "./walk_mission.ts";
import { WorkPackageAbortError } from "./work_package_hash.ts";

const _CONCURRENCY = 32;

/** The records of a mission under a manifest: walk, classify, hash, then ghosts. */
export async function indexRecords(
  source: MissionSource,
  mission: string,
  manifest: ExpectedArtifactsManifest | null,
  staging: LintReportStaging,
): Promise<ArtifactRecord[]> {
  const paths = stagedPaths(await walkMission(source), staging);
  const read = staging.action === "copy"
    ? _withFile(source, "lint-report.json", staging.bytes)
    : source;
  const classifier = createClassifier(manifest);
  const context = { source: read, statusLogs: new Map() };
  const outcomes: (
    | { ok: ArtifactRecord }
    | { error: unknown; path: string }
  )[] = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      const path = paths[index];
      try {
        const classification = classifyPath(classifier, path);
        outcomes[index] = {
          ok: await hashArtifact(context, path, classification),
        };
      } catch (error) {
        outcomes[index] = { error, path };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(_CONCURRENCY, paths.length) }, worker),
  );
  const records: ArtifactRecord[] = [];
  for (const outcome of outcomes) {
    if ("ok" in outcome) {
      records.push(outcome.ok);
      continue;
    }
    const { error, path } = outcome;
    if (error instanceof WorkPackageAbortError) {
      throw new MissionIndexError({
        mission,
        file: error.path,
        rule: `work-package:${error.rule}`,
        reason: _withoutPrefix(error.message, `(${error.rule}): `),
        cause: error,
      });
    }
    if (error instanceof RangeError) {
      throw new MissionIndexError({
        mission,
        file: path,
        rule: "artifact-key",
        reason: error.message,
        cause: error,
      });
    }
    throw error;
  }
  return [...records, ...ghostRecords(manifest, records)];
}

/** What follows `marker` in a message, or the whole message (the work-package error already names the file and the rule). */
function _withoutPrefix(message: string, marker: string): string {
  const at = message.indexOf(marker);
  return at < 0 ? message : message.slice(at + marker.length);
}

/** `source` with one file's bytes replaced (the staged lint report). */
function _withFile(
  source: MissionSource,
  path: string,
  bytes: Uint8Array,
): MissionSource {
  return {
    ...(source.name === undefined ? {} : { name: source.name }),
    list: (directory) => source.list(directory),
    read: (file) => file === path ? Promise.resolve(bytes) : source.read(file),
    size: (file) =>
      file === path ? Promise.resolve(bytes.byteLength) : source.size(file),
  };
}

/** The mission's slug from the options or the source, checked. */
export function missionSlugOf(
  source: MissionSource,
  missionSlug: string | undefined,
): string {
  const slug = missionSlug ?? source.name;
  if (typeof slug !== "string" || slug === "") {
    throw new TypeError(
      `Cannot index a mission without a slug: give options.missionSlug or a source with a name: received ${
        JSON.stringify(slug ?? null)
      }`,
    );
  }
  return slug;
}

/** The resolved manifest, a schema failure made a MissionIndexError. */
export async function manifestFor(
  mission: string,
  missionType: string,
  orgPacks: readonly MissionSource[],
): Promise<Awaited<ReturnType<typeof resolveManifest>>> {
  try {
    return await resolveManifest(missionType, orgPacks);
  } catch (error) {
    if (!(error instanceof ManifestSchemaError)) throw error;
    throw new MissionIndexError({
      mission,
      file: error.file,
      rule: "manifest-schema",
      reason: error.message,
      cause: error,
    });
  }
}
