// Which manifest applies to a mission type (docs/indexer.md, "The rules, in
// order", rule 3): the last org pack whose `<type>/expected-artifacts.yaml`
// parses as a mapping replaces the built-in one whole; a pack file that does
// not parse is passed over with a warning; one that parses and fails the schema
// aborts the mission.

import { parse } from "yaml";
import { BUILT_IN_MANIFESTS } from "./built_in_manifests.ts";
import {
  checkManifest,
  type ExpectedArtifactsManifest,
} from "./expected_artifacts_manifest.ts";
import { type MissionSource, readOrNull } from "./mission_source.ts";

/** The manifest that applies, and where it came from. */
export interface ResolvedManifest {
  /** `null` when the mission type has none (every artifact optional, completeness `unknown`). */
  readonly manifest: ExpectedArtifactsManifest | null;
  /** `"built-in"`, `"org pack <n>"` (0-based, in declared order) or `"none"`. */
  readonly origin: string;
  /** The path of the org file within its pack (for error messages). */
  readonly file: string | null;
  /** Org files passed over. */
  readonly warnings: readonly string[];
}

/** A manifest file that parses but fails the schema: the mission is aborted. */
export class ManifestSchemaError extends TypeError {
  /** The manifest's file, e.g. `"org pack 0: software-dev/expected-artifacts.yaml"`. */
  readonly file: string;
  constructor(file: string, message: string) {
    super(message);
    this.name = "TypeError";
    this.file = file;
  }
}

function _isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Resolves the manifest for a mission type: org packs first (last
 * contributing pack wins), then the built-in manifest, else none.
 *
 * @throws {ManifestSchemaError} When the winning org file fails the schema.
 */
export async function resolveManifest(
  missionType: string,
  orgPacks: readonly MissionSource[],
): Promise<ResolvedManifest> {
  const file = `${missionType}/expected-artifacts.yaml`;
  const warnings: string[] = [];
  let winner: { index: number; value: Record<string, unknown> } | null = null;
  for (const [index, pack] of orgPacks.entries()) {
    const bytes = await readOrNull(pack, file);
    if (bytes === null) continue;
    let value: unknown;
    try {
      value = parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (error) {
      warnings.push(
        `Ignored org pack ${index}'s ${file}: it is not valid YAML (${
          error instanceof Error ? error.message.split("\n")[0] : String(error)
        })`,
      );
      continue;
    }
    if (!_isMapping(value)) {
      warnings.push(
        `Ignored org pack ${index}'s ${file}: it is not a YAML mapping`,
      );
      continue;
    }
    winner = { index, value };
  }
  if (winner !== null) {
    const origin = `org pack ${winner.index}`;
    try {
      return {
        manifest: checkManifest(winner.value),
        origin,
        file: `${origin}: ${file}`,
        warnings,
      };
    } catch (error) {
      throw new ManifestSchemaError(
        `${origin}: ${file}`,
        (error as Error).message,
      );
    }
  }
  const builtIn = BUILT_IN_MANIFESTS.get(missionType) ?? null;
  return {
    manifest: builtIn,
    origin: builtIn === null ? "none" : "built-in",
    file: null,
    warnings,
  };
}
