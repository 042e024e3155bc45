// How the CLI names and classes a file (docs/indexer.md, "The rules, in order",
// rule 6, and "Filename heuristics"): the key from the first manifest pattern
// that matches the file's basename (else `artifact.<stem>`), the class from the
// first pattern that matches its relative path (else filename heuristics), and
// required when its key is one a step or `required_always` lists.

import type { ArtifactClass } from "../contract/constants.ts";
import {
  type ExpectedArtifactsManifest,
  type ExpectedArtifactSpec,
  manifestSpecs,
  requiredKeysOf,
} from "./expected_artifacts_manifest.ts";
import { fnmatchCase } from "./fnmatch.ts";

/** The key rule of the CLI's record model; Python's `$` also accepts one final newline. */
const _ARTIFACT_KEY = /^[a-zA-Z0-9._-]+\n?$/;

/** A manifest prepared for classifying many files. */
export interface Classifier {
  readonly specs: readonly ExpectedArtifactSpec[];
  readonly requiredKeys: ReadonlySet<string>;
}

/** What a file is: its key, class and required status. */
export interface Classification {
  readonly artifactKey: string;
  readonly artifactClass: ArtifactClass;
  readonly requiredStatus: "required" | "optional";
}

/** A manifest (or none) prepared for {@linkcode classifyPath}. */
export function createClassifier(
  manifest: ExpectedArtifactsManifest | null,
): Classifier {
  return manifest === null ? { specs: [], requiredKeys: new Set() } : {
    specs: manifestSpecs(manifest),
    requiredKeys: requiredKeysOf(manifest),
  };
}

/** The last component of a path. */
export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Python's `PurePath.stem`: the name without its last suffix (`a.tar.gz` → `a.tar`, `.x` and `x.` keep theirs). */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(0, dot) : name;
}

/** The filename heuristics (docs/indexer.md, "Filename heuristics"), on the basename lowercased. */
function _heuristicClass(basename: string): ArtifactClass {
  const name = basename.toLowerCase();
  const has = (...parts: string[]): boolean =>
    parts.some((part) => name.includes(part));
  if (name === "spec.md" || name === "specification.md") return "input";
  if (name === "plan.md") return "workflow";
  if (name === "tasks.md" || (name.startsWith("wp") && name.endsWith(".md"))) {
    return "workflow";
  }
  if (name === "research.md" || name === "analysis-report.md") {
    return "evidence";
  }
  if (has("test", "gap-analysis", "log")) return "evidence";
  if (has("requirements", "constraints")) return "policy";
  if (has("architecture-decision", "adr")) return "policy";
  if (has("implementation", "code", "findings", "report")) return "output";
  if (has("generated", "cache")) return "runtime";
  return "output";
}

/**
 * Classifies one file: key, class and required status. Throws when the key
 * is one the CLI's record model refuses (which aborts the mission).
 */
export function classifyPath(
  classifier: Classifier,
  relativePath: string,
): Classification {
  const basename = basenameOf(relativePath);
  const keySpec = classifier.specs.find((spec) =>
    fnmatchCase(basename, spec.path_pattern)
  );
  const artifactKey = keySpec?.artifact_key ??
    `artifact.${
      stemOf(basename).toLowerCase().replaceAll("_", "-").replaceAll(" ", "-")
    }`;
  if (!_ARTIFACT_KEY.test(artifactKey)) {
    throw new RangeError(
      `artifact_key must contain only alphanumeric characters, dots, underscores and hyphens: received ${
        JSON.stringify(artifactKey)
      }`,
    );
  }
  const classSpec = classifier.specs.find((spec) =>
    fnmatchCase(relativePath, spec.path_pattern)
  );
  return {
    artifactKey,
    artifactClass: classSpec?.artifact_class ?? _heuristicClass(basename),
    requiredStatus: classifier.requiredKeys.has(artifactKey)
      ? "required"
      : "optional",
  };
}
