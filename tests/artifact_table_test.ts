import assert from "node:assert/strict";
import { ARTIFACT_CLASSES } from "../mod.ts";
import {
  selectArtifactRows,
  SORT_KEYS,
  type TableQuery,
} from "../src/view/artifact_table.ts";
import type { ArtifactRow } from "../src/view/dossier_view_model.ts";

function row(path: string, fields: Partial<ArtifactRow> = {}): ArtifactRow {
  return {
    path,
    artifactClass: "output",
    step: null,
    standing: "current",
    hash: `hash-${path}`,
    algorithm: "sha256",
    size: null,
    indexedAt: "2026-02-21T14:00:00Z",
    ...fields,
  };
}

const ROWS: readonly ArtifactRow[] = [
  row("tasks.md", { size: 30, step: "tasks", indexedAt: "3" }),
  row("Spec.md", { artifactClass: "input", size: 10, indexedAt: "1" }),
  row("plan.md", { size: 20, standing: "stale", step: "plan", indexedAt: "2" }),
  row("checklists/req.md", { artifactClass: "policy", standing: "superseded" }),
];

const ALL: TableQuery = { filter: "", sortKey: null, descending: false };

function paths(query: TableQuery): string[][] {
  return selectArtifactRows(ROWS, query).groups.map((group) =>
    group.rows.map((item) => item.path)
  );
}

Deno.test("selectArtifactRows() groups by class in the contract's order, each group in the state's order", () => {
  const { groups, shown } = selectArtifactRows(ROWS, ALL);
  assert.deepEqual(groups.map((group) => group.artifactClass), [
    "input",
    "output",
    "policy",
  ]);
  assert.deepEqual(
    groups.map((group) =>
      ARTIFACT_CLASSES.indexOf(group.artifactClass as never)
    ),
    [0, 2, 4],
  );
  assert.deepEqual(paths(ALL), [["Spec.md"], ["tasks.md", "plan.md"], [
    "checklists/req.md",
  ]]);
  assert.equal(shown, 4);
});

Deno.test("selectArtifactRows() filters by path, any letter case", () => {
  assert.deepEqual(paths({ ...ALL, filter: "SPEC" }), [["Spec.md"]]);
  assert.deepEqual(paths({ ...ALL, filter: ".md" }), paths(ALL));
  const none = selectArtifactRows(ROWS, { ...ALL, filter: "<img" });
  assert.deepEqual(none, { groups: [], shown: 0 });
});

Deno.test("selectArtifactRows() sorts by every column, both ways; an absent value sorts last", async (t) => {
  const cases: [TableQuery["sortKey"], boolean, string[]][] = [
    ["path", false, ["plan.md", "tasks.md"]],
    ["path", true, ["tasks.md", "plan.md"]],
    ["size", false, ["plan.md", "tasks.md"]],
    ["size", true, ["tasks.md", "plan.md"]],
    ["step", false, ["plan.md", "tasks.md"]],
    ["standing", true, ["plan.md", "tasks.md"]],
    ["hash", false, ["plan.md", "tasks.md"]],
    ["indexedAt", true, ["tasks.md", "plan.md"]],
  ];
  assert.deepEqual(
    [...new Set(cases.map(([key]) => key))].sort(),
    [...SORT_KEYS].sort(),
  );
  for (const [sortKey, descending, expected] of cases) {
    await t.step(
      `${sortKey} ${descending ? "descending" : "ascending"}`,
      () => {
        assert.deepEqual(paths({ ...ALL, sortKey, descending })[1], expected);
      },
    );
  }
  await t.step("null last, either way", () => {
    const rows = [
      row("a", { size: null }),
      row("b", { size: 5 }),
      row("c", { size: 1 }),
    ];
    for (const descending of [false, true]) {
      const sorted = selectArtifactRows(rows, {
        ...ALL,
        sortKey: "size",
        descending,
      })
        .groups[0].rows.map((item) => item.path);
      assert.equal(sorted.at(-1), "a");
    }
  });
  await t.step("stable on ties", () => {
    const rows = [row("b", { size: 1 }), row("a", { size: 1 })];
    const sorted = selectArtifactRows(rows, {
      ...ALL,
      sortKey: "size",
      descending: false,
    });
    assert.deepEqual(sorted.groups[0].rows.map((item) => item.path), [
      "b",
      "a",
    ]);
  });
});
