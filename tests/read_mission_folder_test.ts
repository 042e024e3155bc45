// readMissionFolder() and findProjectRoot() on a real folder: raw directory
// order (the order Deno.readDir gives, unsorted), symlinks to files
// followed and to directories not, refusals, and the project root.

import assert from "node:assert/strict";
import { findProjectRoot, readMissionFolder } from "../indexer_disk.ts";
import { indexMission } from "../indexer.ts";

Deno.test("readMissionFolder() lists in raw order and follows only symlinks to files", async () => {
  const root = await Deno.makeTempDir({ prefix: "dossier-folder-" });
  try {
    const m = `${root}/m`;
    await Deno.mkdir(`${m}/sub`, { recursive: true });
    for (const name of ["zeta.md", "alpha.md", "mid.md", "plan.md"]) {
      await Deno.writeTextFile(`${m}/${name}`, name);
    }
    await Deno.writeTextFile(`${m}/sub/in.md`, "in\n");
    await Deno.symlink("plan.md", `${m}/link.md`);
    await Deno.symlink("sub", `${m}/link-dir`);
    await Deno.symlink("nowhere.md", `${m}/broken.md`);
    const source = await readMissionFolder(m);
    assert.equal(source.name, "m");
    const raw: string[] = [];
    for await (const entry of Deno.readDir(m)) raw.push(entry.name);
    const listed = await source.list("");
    assert.deepEqual(
      listed.map((entry) => entry.name),
      raw,
      "the operating system's order, not sorted",
    );
    const kinds = Object.fromEntries(
      listed.map((entry) => [entry.name, entry.kind]),
    );
    assert.deepEqual([
      kinds["link.md"],
      kinds["link-dir"],
      kinds["broken.md"],
      kinds.sub,
    ], ["file", "other", "other", "directory"]);
    assert.equal(await source.size("link.md"), 7);
    const result = await indexMission(source, { projectUuid: "p" });
    assert.deepEqual(
      result.records.map((record) => record.relative_path).sort(),
      [
        "alpha.md",
        "link.md",
        "mid.md",
        "plan.md",
        "sub/in.md",
        "zeta.md",
      ],
    );
    assert.equal(
      new TextDecoder().decode(await source.read(`${m}/sub/in.md`)),
      "in\n",
      "an absolute path is read as is",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("readMissionFolder() refuses what is not a readable directory", async () => {
  const root = await Deno.makeTempDir({ prefix: "dossier-folder-" });
  try {
    await Deno.writeTextFile(`${root}/file.md`, "x");
    await assert.rejects(
      readMissionFolder(`${root}/file.md`),
      /Cannot read folder ".*file\.md": it is not a directory/,
    );
    await assert.rejects(
      readMissionFolder(`${root}/missing`),
      /Cannot read folder ".*missing": /,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("findProjectRoot() skips the mission's own .kittify and stops at the file system's root", async () => {
  const root = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "dossier-folder-" }),
  );
  try {
    await Deno.mkdir(`${root}/kitty-specs/m/.kittify/dossiers`, {
      recursive: true,
    });
    assert.equal(await findProjectRoot(`${root}/kitty-specs/m`), null);
    await Deno.mkdir(`${root}/.kittify`);
    assert.equal(await findProjectRoot(`${root}/kitty-specs/m`), root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
