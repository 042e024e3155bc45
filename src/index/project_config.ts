// The project side of indexing (docs/indexer.md, "The rules, in order", rules 1
// and 3): `.kittify/config.yaml`'s project uuid and node id, and the org packs
// it declares, each a folder that may carry
// `<mission type>/expected-artifacts.yaml`.

import { parse } from "yaml";
import {
  type MissionSource,
  normalizePath,
  readOrNull,
  subfolder,
} from "./mission_source.ts";

/** What the indexer takes from `.kittify/config.yaml`. */
export interface ProjectConfig {
  /** `project.uuid` as a string; `null` when absent or empty (the CLI then emits nothing). */
  readonly projectUuid: string | null;
  /** `project.node_id`, when it is a non-empty string. */
  readonly nodeId: string | null;
  /** The declared org packs' roots (`local_path` + `subdir`, relative to the project), in declared order. */
  readonly orgPackRoots: readonly string[];
  /** What could not be read, as warnings. */
  readonly warnings: readonly string[];
}

const _CONFIG_PATH = ".kittify/config.yaml";

function _field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** Python's `str()` of a YAML scalar, for a uuid written as a number. */
function _scalarText(value: unknown): string | null {
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" && value !== 0) return String(value);
  if (value === true) return "True";
  return null;
}

/** Reads `.kittify/config.yaml` through the project source; a missing or unparseable file gives no uuid. */
export async function readProjectConfig(
  project: MissionSource,
): Promise<ProjectConfig> {
  const bytes = await readOrNull(project, _CONFIG_PATH);
  if (bytes === null) {
    return {
      projectUuid: null,
      nodeId: null,
      orgPackRoots: [],
      warnings: [`No ${_CONFIG_PATH} in the project`],
    };
  }
  let config: unknown;
  try {
    config = parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    return {
      projectUuid: null,
      nodeId: null,
      orgPackRoots: [],
      warnings: [
        `Cannot read ${_CONFIG_PATH}: ${
          error instanceof Error ? error.message.split("\n")[0] : String(error)
        }`,
      ],
    };
  }
  const projectSection = _field(config, "project");
  const nodeId = _field(projectSection, "node_id");
  const packs = _field(_field(_field(config, "doctrine"), "org"), "packs");
  const orgPackRoots: string[] = [];
  const warnings: string[] = [];
  for (const pack of Array.isArray(packs) ? packs : []) {
    const localPath = _field(pack, "local_path");
    const subdir = _field(pack, "subdir");
    if (typeof localPath !== "string" || localPath === "") {
      warnings.push(
        `Ignored an org pack of ${_CONFIG_PATH}: field "local_path" must be a non-empty string: received ${
          JSON.stringify(localPath ?? null)
        }`,
      );
      continue;
    }
    orgPackRoots.push(
      normalizePath(
        typeof subdir === "string" && subdir !== ""
          ? `${localPath}/${subdir}`
          : localPath,
      ),
    );
  }
  return {
    projectUuid: _scalarText(_field(projectSection, "uuid")),
    nodeId: typeof nodeId === "string" && nodeId !== "" ? nodeId : null,
    orgPackRoots,
    warnings,
  };
}

/** The org packs' roots as sources under the project. */
export function orgPackSources(
  project: MissionSource,
  roots: readonly string[],
): MissionSource[] {
  return roots.map((root) => subfolder(project, root));
}
