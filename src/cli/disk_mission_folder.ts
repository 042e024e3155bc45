// A mission folder on disk for the command line's adapters (Deno's and
// Node's alike, through `node:fs`): the folder as the indexer reads it, and
// its project root found as the spec-kitty CLI finds it.
import { stat } from "node:fs/promises";
import {
  findProjectRoot,
  readMissionFolder,
} from "../index/read_mission_folder.ts";
import type { MissionFolder } from "./cli_io.ts";

/**
 * The mission folder at `path` and its project, or `null` when `path` is
 * not a directory (a file, or nothing: the caller reads it as a log and
 * names the problem then).
 *
 * @param path The folder.
 * @returns The folder and its project root, or `null`.
 */
export async function diskMissionFolder(
  path: string,
): Promise<MissionFolder | null> {
  try {
    if (!(await stat(path)).isDirectory()) return null;
  } catch {
    return null;
  }
  const root = await findProjectRoot(path);
  return {
    mission: await readMissionFolder(path),
    project: root === null ? null : await readMissionFolder(root),
  };
}
