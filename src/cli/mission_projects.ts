// The project a mission folder belongs to, for `index` and `reconcile`:
// the folder `--project-root` names, or, as the spec-kitty CLI finds it,
// the nearest folder above the mission that holds `.kittify/`. Each
// project is read once however many of its missions a run indexes.
import type { MissionSource } from "../index/mission_source.ts";
import type { CliFolders, CommandIo } from "./cli_io.ts";
import { inputName, ioReason } from "./messages.ts";

/**
 * The io's folders, or an error for a runtime without a file system.
 *
 * @param io The command's io.
 * @returns Its folders.
 * @throws {Error} When the io cannot read folders.
 */
export function foldersOf(io: CommandIo): CliFolders {
  if (io.folders === undefined) {
    throw new Error(
      `Cannot read mission folders: ${io.command} needs a file system, and this runtime gives none`,
    );
  }
  return io.folders;
}

/**
 * Why a folder could not be read, in the command line's words, from what
 * `CliFolders.read` rejected with: `no such file or directory`, `it is not
 * a directory`.
 *
 * @param error The rejection.
 * @returns The reason, without the path.
 */
export function folderReason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause !== undefined) return ioReason(cause);
  const message = error instanceof Error ? error.message : String(error);
  // `Cannot read folder "x": it is not a directory`: the part after the path.
  return message.replace(/^Cannot read folder "(?:[^"\\]|\\.)*": /, "");
}

/** A mission's project: its root and the root as a source; both `null` when none was found. */
export interface MissionProject {
  readonly root: string | null;
  readonly source: MissionSource | null;
}

/**
 * The project `--project-root` names, read once for the whole run.
 *
 * @param folders The io's folders.
 * @param root The folder given.
 * @returns The project.
 * @throws {Error} `Cannot read --project-root …` when it is not a folder that can be read.
 */
export async function givenProject(
  folders: CliFolders,
  root: string,
): Promise<MissionProject> {
  try {
    return { root, source: await folders.read(root) };
  } catch (error) {
    throw new Error(
      `Cannot read --project-root ${inputName(root)}: ${folderReason(error)}`,
    );
  }
}

/**
 * Finds the project of each mission of a run.
 *
 * @param folders The io's folders.
 * @param given The project `--project-root` names (see {@linkcode givenProject}), or `undefined` to look above each mission.
 * @returns The project of a mission folder.
 */
export function missionProjects(
  folders: CliFolders,
  given: MissionProject | undefined,
): (missionPath: string) => Promise<MissionProject> {
  const read = new Map<string, Promise<MissionSource>>();
  return async (missionPath) => {
    if (given !== undefined) return given;
    const root = await folders.projectRoot(missionPath);
    if (root === null) return { root: null, source: null };
    let source = read.get(root);
    if (source === undefined) {
      source = folders.read(root);
      read.set(root, source);
    }
    return { root, source: await source };
  };
}
