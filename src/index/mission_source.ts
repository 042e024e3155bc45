// Where the indexer reads files from: a folder seen through three questions
// (what is in this directory, what are this file's bytes, how big is it),
// so that the same indexer runs on a disk, on files held in memory and on
// a git tree. Paths are POSIX and relative to the folder.

/** One entry of a directory listing, as {@linkcode MissionSource.list} gives it. */
export interface MissionSourceEntry {
  /** The entry's name (one path component, exactly as stored: no normalisation). */
  readonly name: string;
  /**
   * `"file"`: a regular file, or a symlink to one (followed).
   * `"directory"`: a real directory (a symlink to a directory is `"other"`:
   * the CLI does not follow it). `"other"`: anything else (broken symlinks,
   * symlinks to directories, FIFOs, sockets), which the indexer drops.
   */
  readonly kind: "file" | "directory" | "other";
}

/**
 * A folder the indexer reads: a mission folder, or a project root (for
 * `.kittify/config.yaml`, the lint report and org packs). Paths are POSIX,
 * relative to the folder, without a leading `/`; `""` is the folder itself.
 * A path may start with `../` when the CLI looks beside the folder (the
 * status log of a work package at the mission's root); a source that cannot
 * see there answers as for a missing file.
 */
export interface MissionSource {
  /** The folder's own name (the default mission slug), when it has one. */
  readonly name?: string;
  /**
   * The entries of a directory, in the order the source holds them (on
   * disk: the raw order the operating system returns, as the CLI walks).
   * Rejects when the directory cannot be listed; the walk then skips it,
   * as the CLI does.
   */
  list(directory: string): Promise<readonly MissionSourceEntry[]>;
  /** The bytes of a file (following symlinks). Rejects when it cannot be read. */
  read(path: string): Promise<Uint8Array>;
  /** The size of a file in bytes (following symlinks). Rejects when it cannot be stat'ed. */
  size(path: string): Promise<number>;
}

/** What {@linkcode missionFromFiles} takes: each file's path (POSIX, relative) and its bytes or text (written as UTF-8). */
export type MissionFiles = Readonly<Record<string, Uint8Array | string>>;

/** Options of {@linkcode missionFromFiles}. */
export interface MissionFromFilesOptions {
  /** The folder's name, the default mission slug. */
  readonly name?: string;
}

interface _Directory {
  readonly entries: MissionSourceEntry[];
  readonly names: Set<string>;
}

/** A path with `.` components and empty components removed and `..` applied where it can be; an absolute path stays absolute. */
export function normalizePath(path: string): string {
  const root = path.startsWith("/") ? "/" : "";
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts.at(-1) !== "..") {
      parts.pop();
    } else parts.push(part);
  }
  return root + parts.join("/");
}

/** `directory/name`, or `name` at the root. */
export function joinPath(directory: string, name: string): string {
  return directory === "" ? name : `${directory}/${name}`;
}

/**
 * A {@linkcode MissionSource} over files held in memory: for a Worker, a
 * browser or a test. Directories are made from the paths, each listing
 * its entries in the order the paths first name them. Text is written as
 * UTF-8.
 *
 * @param files Each file's path (POSIX, relative to the folder) and its bytes or text.
 * @param options The folder's name (the default mission slug).
 * @returns A source the indexer reads like a folder on disk.
 * @throws {TypeError} When a path is empty, absolute, names `.` or `..`, or a
 * file is also a directory of another path.
 *
 * @example Index a mission held in memory
 * ```ts
 * import { indexMission, missionFromFiles } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const mission = missionFromFiles({ "spec.md": "s\n" }, { name: "001-demo" });
 * const listing = await mission.list("");
 * assert.deepEqual(listing, [{ name: "spec.md", kind: "file" }]);
 * const { snapshot } = await indexMission(mission, {
 *   projectUuid: "11111111-2222-4333-8444-555555555555",
 * });
 * assert.equal(
 *   snapshot?.snapshot_hash,
 *   "sha256:840ea6e716e8fec3b1a8ac4361ef46d8eb561d710f469c72c809e913f1bd3946",
 * );
 * ```
 */
export function missionFromFiles(
  files: MissionFiles,
  options: MissionFromFilesOptions = {},
): MissionSource {
  const encoder = new TextEncoder();
  const contents = new Map<string, Uint8Array>();
  const directories = new Map<string, _Directory>([["", {
    entries: [],
    names: new Set(),
  }]]);
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split("/");
    if (
      path === "" || parts.some((part) =>
        part === "" || part === "." ||
        part === ".."
      )
    ) {
      throw new TypeError(
        `Cannot hold file ${
          JSON.stringify(path)
        } in memory: a path must be relative, with no empty, "." or ".." component`,
      );
    }
    let directory = "";
    for (const [index, name] of parts.entries()) {
      const isFile = index === parts.length - 1;
      const child = joinPath(directory, name);
      const listing = directories.get(directory)!;
      const clash = isFile
        ? directories.has(child) || contents.has(child)
        : contents.has(child);
      if (clash) {
        throw new TypeError(
          `Cannot hold file ${JSON.stringify(path)} in memory: ${
            JSON.stringify(child)
          } is both a file and a directory`,
        );
      }
      if (!listing.names.has(name)) {
        listing.names.add(name);
        listing.entries.push({ name, kind: isFile ? "file" : "directory" });
        if (!isFile) directories.set(child, { entries: [], names: new Set() });
      }
      directory = child;
    }
    contents.set(
      path,
      typeof content === "string" ? encoder.encode(content) : content,
    );
  }
  const missing = (path: string): Error =>
    new Error(`No file ${JSON.stringify(path)} in the in-memory folder`);
  return {
    ...(options.name === undefined ? {} : { name: options.name }),
    list(directory: string): Promise<readonly MissionSourceEntry[]> {
      const listing = directories.get(normalizePath(directory));
      return listing === undefined
        ? Promise.reject(missing(directory))
        : Promise.resolve(listing.entries);
    },
    read(path: string): Promise<Uint8Array> {
      const bytes = contents.get(normalizePath(path));
      return bytes === undefined
        ? Promise.reject(missing(path))
        : Promise.resolve(bytes);
    },
    size(path: string): Promise<number> {
      const bytes = contents.get(normalizePath(path));
      return bytes === undefined
        ? Promise.reject(missing(path))
        : Promise.resolve(bytes.byteLength);
    },
  };
}

/** The part of `source` under `prefix`, as a source of its own (an org pack's root, a mission inside a project). */
export function subfolder(
  source: MissionSource,
  prefix: string,
): MissionSource {
  const base = normalizePath(prefix);
  if (base === "") return source;
  const inside = (path: string): string =>
    path === "" ? base : `${base}/${path}`;
  return {
    name: base.split("/").at(-1)!,
    list: (directory) => source.list(inside(directory)),
    read: (path) => source.read(inside(path)),
    size: (path) => source.size(inside(path)),
  };
}

/** The bytes of a file, or `null` when it cannot be read. */
export async function readOrNull(
  source: MissionSource,
  path: string,
): Promise<Uint8Array | null> {
  try {
    return await source.read(path);
  } catch {
    return null;
  }
}
