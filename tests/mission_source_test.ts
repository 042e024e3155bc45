// missionFromFiles() and the helpers every source shares: listing order,
// refusals, sub-folders, path normalisation, the walk's rules and where a
// work package's status log is read from.

import assert from "node:assert/strict";
import { missionFromFiles } from "../indexer.ts";
import { normalizePath, subfolder } from "../src/index/mission_source.ts";
import { walkMission } from "../src/index/walk_mission.ts";
import { statusLogPath } from "../src/index/hash_artifact.ts";

Deno.test("missionFromFiles() lists directories in the order the paths first name them", async () => {
  const source = missionFromFiles({
    "b.md": "b",
    "d/x.md": "x",
    "a.md": new Uint8Array([1, 2]),
    "d/e/y.md": "",
  });
  assert.equal(source.name, undefined);
  assert.deepEqual(await source.list(""), [
    { name: "b.md", kind: "file" },
    { name: "d", kind: "directory" },
    { name: "a.md", kind: "file" },
  ]);
  assert.deepEqual(await source.list("d/"), [{ name: "x.md", kind: "file" }, {
    name: "e",
    kind: "directory",
  }]);
  assert.deepEqual(await source.read("./a.md"), new Uint8Array([1, 2]));
  assert.equal(await source.size("d/e/y.md"), 0);
  await assert.rejects(
    source.list("nope"),
    /No file "nope" in the in-memory folder/,
  );
  await assert.rejects(source.read("nope.md"));
  await assert.rejects(source.size("d"));
  assert.deepEqual(await walkMission(source), [
    "b.md",
    "a.md",
    "d/x.md",
    "d/e/y.md",
  ]);
});

Deno.test("missionFromFiles() refuses paths that are not relative file paths", () => {
  for (const path of ["", "/a", "a//b", "./a", "a/../b", "a/"]) {
    assert.throws(
      () => missionFromFiles({ [path]: "x" }),
      /must be relative, with no empty, "\." or "\.\." component/,
      path,
    );
  }
  assert.throws(
    () => missionFromFiles({ "a": "x", "a/b": "y" }),
    /"a" is both a file and a directory/,
  );
  assert.throws(
    () => missionFromFiles({ "a/b": "y", "a": "x" }),
    /"a" is both a file and a directory/,
  );
});

Deno.test("walkMission() drops hidden paths, keeps files only and skips what it cannot list", async () => {
  const source = missionFromFiles({
    ".hidden.md": "h",
    ".dir/in.md": "h",
    "sub/.x.md": "h",
    "sub/v.md": "v",
    "x.md": "x",
  });
  assert.deepEqual(await walkMission(source), ["x.md", "sub/v.md"]);
  const unlistable = {
    ...source,
    list: (directory: string) =>
      directory === "sub"
        ? Promise.reject(new Error("EACCES"))
        : source.list(directory),
  };
  assert.deepEqual(await walkMission(unlistable), ["x.md"]);
  const others = {
    ...source,
    list: () => Promise.resolve([{ name: "fifo", kind: "other" as const }]),
  };
  assert.deepEqual(await walkMission(others), []);
});

Deno.test("subfolder() and normalizePath() resolve paths inside a source", async () => {
  const project = missionFromFiles({
    "kitty-specs/m/spec.md": "s",
    "kitty-specs/status.events.jsonl": "{}",
  });
  const mission = subfolder(project, "kitty-specs/m/");
  assert.equal(mission.name, "m");
  assert.deepEqual(await mission.list(""), [{ name: "spec.md", kind: "file" }]);
  assert.equal(await mission.size("spec.md"), 1);
  assert.equal(
    new TextDecoder().decode(await mission.read("../status.events.jsonl")),
    "{}",
  );
  assert.equal(subfolder(project, "."), project);
  assert.equal(normalizePath("a/./b/../c//d"), "a/c/d");
  assert.equal(normalizePath("../x"), "../x");
  assert.equal(normalizePath("/abs/../p"), "/p");
});

Deno.test("statusLogPath() is the parent of the work package's folder, as the CLI reads it", () => {
  assert.equal(statusLogPath("tasks/WP01.md"), "status.events.jsonl");
  assert.equal(statusLogPath("WP01.md"), "../status.events.jsonl");
  assert.equal(statusLogPath("a/b/WP01.md"), "a/status.events.jsonl");
});
