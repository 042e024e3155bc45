// The four manifests the CLI ships (`packs/built-in/missions/<type>/
// expected-artifacts.yaml` at commit e6e3b7357), as data (docs/indexer.md, "The
// rules, in order", rule 3).

import type { ArtifactClass } from "../contract/constants.ts";
import type {
  ExpectedArtifactsManifest,
  ExpectedArtifactSpec,
} from "./expected_artifacts_manifest.ts";

function _spec(
  artifact_key: string,
  artifact_class: ArtifactClass,
  path_pattern: string,
  blocking: boolean,
): ExpectedArtifactSpec {
  return { artifact_key, artifact_class, path_pattern, blocking };
}

const _lintReport = _spec(
  "runtime.charter-lint.decay",
  "runtime",
  "lint-report.json",
  false,
);
const _tasksPerWp = _spec(
  "output.tasks.per_wp",
  "output",
  "tasks/WP*.md",
  true,
);

const _softwareDev: ExpectedArtifactsManifest = {
  schema_version: "1.0",
  mission_type: "software-dev",
  manifest_version: "1",
  required_always: [],
  required_by_step: {
    discovery: [],
    specify: [_spec("input.spec.main", "input", "spec.md", true)],
    plan: [_spec("output.plan.main", "output", "plan.md", true)],
    tasks_outline: [_spec("output.tasks.list", "output", "tasks.md", true)],
    tasks_packages: [_tasksPerWp],
    tasks_finalize: [_tasksPerWp],
    implement: [],
    review: [],
    done: [],
  },
  optional_always: [
    _spec("evidence.research", "evidence", "research.md", false),
    _spec("evidence.gap-analysis", "evidence", "gap-analysis.md", false),
    _spec("evidence.quickstart", "evidence", "quickstart.md", false),
    _spec("evidence.data-model", "evidence", "data-model.md", false),
    _lintReport,
  ],
};

const _research: ExpectedArtifactsManifest = {
  schema_version: "1.0",
  mission_type: "research",
  manifest_version: "1",
  required_always: [],
  required_by_step: {
    scoping: [_spec("input.spec.research", "input", "spec.md", true)],
    methodology: [
      _spec("workflow.plan.methodology", "workflow", "plan.md", true),
    ],
    gathering: [
      _spec(
        "evidence.source-register",
        "evidence",
        "source-register.csv",
        true,
      ),
    ],
    synthesis: [_spec("output.findings.main", "output", "findings.md", true)],
    output: [_spec("output.report.publication", "output", "report.md", true)],
    done: [],
  },
  optional_always: [
    _spec("evidence.methodology.detailed", "evidence", "methodology.md", false),
    _spec("evidence.synthesis.notes", "evidence", "synthesis.md", false),
    _spec(
      "evidence.literature-review",
      "evidence",
      "literature-review.md",
      false,
    ),
    _spec("evidence.gap-analysis", "evidence", "gap-analysis.md", false),
    _spec("evidence.research-log", "evidence", "research.md", false),
    _lintReport,
  ],
};

const _documentation: ExpectedArtifactsManifest = {
  schema_version: "1.0",
  mission_type: "documentation",
  manifest_version: "1",
  required_always: [],
  required_by_step: {
    discover: [_spec("input.spec.documentation", "input", "spec.md", true)],
    audit: [
      _spec("evidence.gap-analysis", "evidence", "gap-analysis.md", true),
    ],
    design: [
      _spec("workflow.plan.documentation", "workflow", "plan.md", true),
    ],
    generate: [_spec("output.docs.generated", "output", "docs/**/*.md", false)],
    validate: [
      _spec("evidence.audit-report", "evidence", "audit-report.md", true),
    ],
    publish: [_spec("output.release.main", "output", "release.md", true)],
    accept: [],
  },
  optional_always: [
    _spec("evidence.research", "evidence", "research.md", false),
    _spec("evidence.data-model", "evidence", "data-model.md", false),
    _spec("evidence.quickstart", "evidence", "quickstart.md", false),
    _spec("evidence.audit-report", "evidence", "audit-report.md", false),
    _lintReport,
  ],
};

const _plan: ExpectedArtifactsManifest = {
  schema_version: "1.0",
  mission_type: "plan",
  manifest_version: "1",
  required_always: [],
  required_by_step: {
    goals: [_spec("output.goals.main", "output", "goals.md", true)],
    research: [_spec("evidence.research", "evidence", "research.md", true)],
    structure: [],
    draft: [_spec("output.plan.main", "output", "plan.md", true)],
    review: [],
    done: [],
  },
  optional_always: [],
};

/**
 * The manifests the spec-kitty CLI ships (commit e6e3b7357), by mission type:
 * `software-dev`, `research`, `documentation` and `plan`. Any other mission
 * type has none (docs/indexer.md, "The rules, in order", rule 3).
 *
 * @example The software-dev manifest requires spec, plan and tasks
 * ```ts
 * import { BUILT_IN_MANIFESTS } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const manifest = BUILT_IN_MANIFESTS.get("software-dev");
 * assert.equal(manifest?.manifest_version, "1");
 * assert.deepEqual(manifest?.required_by_step.specify.map((spec) => spec.path_pattern), ["spec.md"]);
 * assert.equal(BUILT_IN_MANIFESTS.get("erp-custom"), undefined);
 * ```
 */
export const BUILT_IN_MANIFESTS: ReadonlyMap<
  string,
  ExpectedArtifactsManifest
> = new Map([
  ["software-dev", _softwareDev],
  ["research", _research],
  ["documentation", _documentation],
  ["plan", _plan],
]);
