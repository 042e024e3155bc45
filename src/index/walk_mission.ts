// The CLI's walk of a mission folder (docs/indexer.md, "The rules, in order",
// rule 5): a directory's entries in listing order, then each real subdirectory
// in listing order, depth first; files only (symlinks to files followed, to
// directories not), no path with a component that starts with `.`; a directory
// that cannot be listed is skipped with everything below it.

import { joinPath, type MissionSource } from "./mission_source.ts";

/** The paths of the files the CLI indexes, in its order. */
export async function walkMission(source: MissionSource): Promise<string[]> {
  const files: string[] = [];
  const visit = async (directory: string): Promise<void> => {
    let entries;
    try {
      entries = await source.list(directory);
    } catch {
      return;
    }
    const subdirectories: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = joinPath(directory, entry.name);
      if (entry.kind === "file") files.push(path);
      else if (entry.kind === "directory") subdirectories.push(path);
    }
    for (const subdirectory of subdirectories) await visit(subdirectory);
  };
  await visit("");
  return files;
}
