// classifyPath(): the keys, classes and required status of docs/indexer.md
// ("The rules, in order", rule 6, and "Filename heuristics"), with examples of
// each rule.

import assert from "node:assert/strict";
import { BUILT_IN_MANIFESTS } from "../indexer.ts";
import {
  classifyPath,
  createClassifier,
  stemOf,
} from "../src/index/classify_artifact.ts";

const softwareDev = createClassifier(BUILT_IN_MANIFESTS.get("software-dev")!);
const research = createClassifier(BUILT_IN_MANIFESTS.get("research")!);
const documentation = createClassifier(
  BUILT_IN_MANIFESTS.get("documentation")!,
);
const none = createClassifier(null);

Deno.test("classifyPath() takes the key from the first pattern matching the basename, else artifact.<stem>", async (t) => {
  const cases: [
    string,
    ReturnType<typeof createClassifier>,
    string,
    string,
    string,
  ][] = [
    ["spec.md", softwareDev, "input.spec.main", "input", "required"],
    ["sub/spec.md", softwareDev, "input.spec.main", "input", "required"],
    ["tasks/WP01-x.md", softwareDev, "artifact.wp01-x", "output", "optional"],
    ["tasks/wp01-x.md", softwareDev, "artifact.wp01-x", "workflow", "optional"],
    [
      "tasks/done/WP01.md",
      softwareDev,
      "artifact.wp01",
      "workflow",
      "optional",
    ],
    ["docs/plan.md", softwareDev, "output.plan.main", "workflow", "required"],
    [
      "research/source-register.csv",
      research,
      "evidence.source-register",
      "output",
      "required",
    ],
    ["research.md", research, "evidence.research-log", "evidence", "optional"],
    ["docs/a/b.md", documentation, "artifact.b", "output", "optional"],
    ["docs/x.md", documentation, "artifact.x", "output", "optional"],
    [
      "audit-report.md",
      documentation,
      "evidence.audit-report",
      "evidence",
      "required",
    ],
    ["archive.tar.gz", none, "artifact.archive.tar", "output", "optional"],
    ["noext", none, "artifact.noext", "output", "optional"],
    ["My_File Name.md", none, "artifact.my-file-name", "output", "optional"],
    ["_u.md", none, "artifact.-u", "output", "optional"],
    ["Plan.MD", none, "artifact.plan", "workflow", "optional"],
    ["TASKS.md", none, "artifact.tasks", "workflow", "optional"],
    ["specification.md", none, "artifact.specification", "input", "optional"],
    [
      "analysis-report.md",
      none,
      "artifact.analysis-report",
      "evidence",
      "optional",
    ],
    ["catalog.md", none, "artifact.catalog", "evidence", "optional"],
    ["run.log", none, "artifact.run", "evidence", "optional"],
    ["latest.md", none, "artifact.latest", "evidence", "optional"],
    [
      "my-gap-analysis.md",
      none,
      "artifact.my-gap-analysis",
      "evidence",
      "optional",
    ],
    ["constraints.md", none, "artifact.constraints", "policy", "optional"],
    ["cadre.md", none, "artifact.cadre", "policy", "optional"],
    // `address.md` is no "adr" hit: "address" holds no "adr" (docs/indexer.md,
    // "Quirks kept, because the CLI has them").
    ["address.md", none, "artifact.address", "output", "optional"],
    [
      "architecture-decision-1.md",
      none,
      "artifact.architecture-decision-1",
      "policy",
      "optional",
    ],
    ["decode.md", none, "artifact.decode", "output", "optional"],
    ["findings.md", none, "artifact.findings", "output", "optional"],
    ["generated.md", none, "artifact.generated", "runtime", "optional"],
    ["cache.json", none, "artifact.cache", "runtime", "optional"],
    ["readme.md", none, "artifact.readme", "output", "optional"],
  ];
  for (const [path, classifier, key, artifactClass, required] of cases) {
    await t.step(path, () => {
      assert.deepEqual(classifyPath(classifier, path), {
        artifactKey: key,
        artifactClass,
        requiredStatus: required,
      });
    });
  }
});

Deno.test("classifyPath() refuses a key the CLI's record model refuses, but not one final newline", () => {
  for (const path of ["notes (1).md", "résumé.md", "a\nb.md"]) {
    assert.throws(() => classifyPath(none, path), RangeError, path);
  }
  assert.equal(classifyPath(none, "a\n.md").artifactKey, "artifact.a\n");
});

Deno.test("stemOf() is Python's PurePath.stem", () => {
  assert.deepEqual(["a.tar.gz", ".x", "x.", "x", "a.b"].map(stemOf), [
    "a.tar",
    ".x",
    "x.",
    "x",
    "a",
  ]);
});
