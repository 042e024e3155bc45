/**
 * Mission folders on disk, for the indexer of `@spec-kitty/dossier/indexer`
 * on Deno, Node and Bun: {@linkcode readMissionFolder} reads a folder (a
 * mission, or a project root) in the raw directory order the spec-kitty
 * CLI walks, and {@linkcode findProjectRoot} finds the project a mission
 * belongs to. Kept apart from `./indexer` so that the indexer itself loads
 * where there is no file system (Workers, browsers).
 *
 * @example Index a mission of a project on disk
 * ```ts
 * import { findProjectRoot, readMissionFolder } from "@spec-kitty/dossier/indexer/disk";
 * import { indexMission } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/.kittify`);
 * await Deno.writeTextFile(`${root}/.kittify/config.yaml`, "project:\n  uuid: 11111111-2222-4333-8444-555555555555\n");
 * await Deno.mkdir(`${root}/kitty-specs/001-demo`, { recursive: true });
 * await Deno.writeTextFile(`${root}/kitty-specs/001-demo/spec.md`, "s\n");
 *
 * const missionPath = `${root}/kitty-specs/001-demo`;
 * const project = await readMissionFolder((await findProjectRoot(missionPath))!);
 * const result = await indexMission(await readMissionFolder(missionPath), { project });
 * assert.equal(result.namespace.project_uuid, "11111111-2222-4333-8444-555555555555");
 * assert.equal(result.records[0].artifact_key, "input.spec.main");
 * await Deno.remove(root, { recursive: true });
 * ```
 *
 * @module
 */

export {
  findProjectRoot,
  readMissionFolder,
} from "./src/index/read_mission_folder.ts";
