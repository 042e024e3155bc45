// A folder on disk as a MissionSource, for Deno, Node and Bun (through
// `node:fs`, which all three offer). Directories are read with
// `opendir`, which returns entries in the raw order of the operating
// system, as the CLI's walk sees them (`readdir` sorts them). Only the disk
// entry point imports this module, so the indexer itself runs where there
// is no file system.

import { opendir, readFile, stat } from "node:fs/promises";
import { basename, isAbsolute, resolve } from "node:path";
import type { MissionSource, MissionSourceEntry } from "./mission_source.ts";

/** The kind of a directory entry, following a symlink only to decide whether it is a file. */
async function _kind(
  directory: string,
  entry: {
    name: string;
    isFile(): boolean;
    isDirectory(): boolean;
    isSymbolicLink(): boolean;
  },
): Promise<MissionSourceEntry["kind"]> {
  if (entry.isFile()) return "file";
  if (entry.isDirectory()) return "directory";
  if (!entry.isSymbolicLink()) return "other";
  try {
    return (await stat(resolve(directory, entry.name))).isFile()
      ? "file"
      : "other";
  } catch {
    return "other";
  }
}

/**
 * A folder on disk as a {@linkcode MissionSource}, for Deno, Node and Bun:
 * a mission folder to index, or a project root (`.kittify/config.yaml`,
 * the lint report, org packs). Directories are listed in the raw order the
 * operating system returns (as the CLI walks them); symlinks to files are
 * followed, symlinks to directories are not; its name is the folder's.
 *
 * @param path The folder, absolute or relative to the working directory.
 * @returns A source the indexer reads.
 * @throws {TypeError} When `path` is not a directory that can be read.
 *
 * @example Index a mission folder on disk
 * ```ts
 * import { readMissionFolder } from "@spec-kitty/dossier/indexer/disk";
 * import { indexMission } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/001-demo`);
 * await Deno.writeTextFile(`${root}/001-demo/spec.md`, "s\n");
 * const mission = await readMissionFolder(`${root}/001-demo`);
 * assert.equal(mission.name, "001-demo");
 * const { snapshot } = await indexMission(mission, { projectUuid: "11111111-2222-4333-8444-555555555555" });
 * assert.equal(snapshot?.snapshot_hash, "sha256:840ea6e716e8fec3b1a8ac4361ef46d8eb561d710f469c72c809e913f1bd3946");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function readMissionFolder(path: string): Promise<MissionSource> {
  const root = resolve(path);
  let isDirectory = false;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch (error) {
    throw new TypeError(
      `Cannot read folder ${JSON.stringify(path)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!isDirectory) {
    throw new TypeError(
      `Cannot read folder ${JSON.stringify(path)}: it is not a directory`,
    );
  }
  const at = (relative: string): string =>
    isAbsolute(relative) ? relative : resolve(root, relative);
  return {
    name: basename(root),
    async list(directory: string): Promise<readonly MissionSourceEntry[]> {
      const folder = at(directory);
      const entries: MissionSourceEntry[] = [];
      const dir = await opendir(folder);
      try {
        for (;;) {
          const entry = await dir.read();
          if (entry === null) break;
          entries.push({ name: entry.name, kind: await _kind(folder, entry) });
        }
      } finally {
        await dir.close();
      }
      return entries;
    },
    async read(file: string): Promise<Uint8Array> {
      return await readFile(at(file));
    },
    async size(file: string): Promise<number> {
      return (await stat(at(file))).size;
    },
  };
}

/**
 * The project root of a mission folder as the CLI finds it: the nearest
 * folder, from the mission's parent up, that holds `.kittify/`.
 *
 * @param missionPath The mission folder.
 * @returns The project root's path (absolute), or `null` when no ancestor holds `.kittify/`.
 *
 * @example The project root holds .kittify
 * ```ts
 * import { findProjectRoot } from "@spec-kitty/dossier/indexer/disk";
 * import assert from "node:assert/strict";
 *
 * const root = await Deno.realPath(await Deno.makeTempDir());
 * await Deno.mkdir(`${root}/.kittify`);
 * await Deno.mkdir(`${root}/kitty-specs/001-demo`, { recursive: true });
 * assert.equal(await findProjectRoot(`${root}/kitty-specs/001-demo`), root);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function findProjectRoot(
  missionPath: string,
): Promise<string | null> {
  // The mission's own `.kittify/` (where snapshots are written) does not count.
  let folder = resolve(missionPath, "..");
  for (;;) {
    try {
      if ((await stat(resolve(folder, ".kittify"))).isDirectory()) {
        return folder;
      }
    } catch {
      // not here: look further up
    }
    const parent = resolve(folder, "..");
    if (parent === folder) return null;
    folder = parent;
  }
}
