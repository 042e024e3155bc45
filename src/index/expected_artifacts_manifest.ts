// The "expected artifacts" manifest of a mission type (docs/indexer.md, "The
// rules, in order", rule 3): its shape, its schema check (unknown keys
// rejected, as the CLI's model does) and the order its specs are walked in.

import { ARTIFACT_CLASSES, type ArtifactClass } from "../contract/constants.ts";

/** One artifact a manifest expects (docs/indexer.md, "The rules, in order", rule 3). */
export interface ExpectedArtifactSpec {
  /** The key the artifact carries, e.g. `"input.spec.main"`. */
  readonly artifact_key: string;
  /** Its class. */
  readonly artifact_class: ArtifactClass;
  /** An `fnmatch` pattern (`*` also crosses `/`), e.g. `"tasks/WP*.md"`. */
  readonly path_pattern: string;
  /** Whether its absence blocks the step (it decides only a ghost's required status). */
  readonly blocking: boolean;
}

/** A mission type's expected artifacts (`expected-artifacts.yaml`; docs/indexer.md, "The rules, in order", rule 3). */
export interface ExpectedArtifactsManifest {
  /** The manifest format's version, `"1.0"` for the built-in ones. */
  readonly schema_version: string;
  /** The mission type it is for, e.g. `"software-dev"`. */
  readonly mission_type: string;
  /** Its version, what the namespace's `manifest_version` carries (`"1"` for the built-in ones). */
  readonly manifest_version: string;
  /** Artifacts required at every step. */
  readonly required_always: readonly ExpectedArtifactSpec[];
  /** Artifacts required from a step on, by step name in step order. */
  readonly required_by_step: Readonly<
    Record<string, readonly ExpectedArtifactSpec[]>
  >;
  /** Artifacts that may be there. */
  readonly optional_always: readonly ExpectedArtifactSpec[];
}

const _MANIFEST_KEYS = [
  "schema_version",
  "mission_type",
  "manifest_version",
  "required_always",
  "required_by_step",
  "optional_always",
];
const _SPEC_KEYS = [
  "artifact_key",
  "artifact_class",
  "path_pattern",
  "blocking",
];

/** Every spec of a manifest in the CLI's iteration order: `required_always`, each step's list, `optional_always`. */
export function manifestSpecs(
  manifest: ExpectedArtifactsManifest,
): ExpectedArtifactSpec[] {
  return [
    ...manifest.required_always,
    ...Object.values(manifest.required_by_step).flat(),
    ...manifest.optional_always,
  ];
}

/** The keys that make an artifact required: those of `required_always` and of every step's list (docs/indexer.md, "The rules, in order", rule 6). */
export function requiredKeysOf(
  manifest: ExpectedArtifactsManifest,
): Set<string> {
  return new Set(
    [
      ...manifest.required_always,
      ...Object.values(manifest.required_by_step).flat(),
    ].map((spec) => spec.artifact_key),
  );
}

function _isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function _unknownKey(
  value: Record<string, unknown>,
  allowed: readonly string[],
): string | undefined {
  return Object.keys(value).find((key) => !allowed.includes(key));
}

function _string(value: unknown, field: string): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `field "${field}" must be a string: received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function _spec(value: unknown, field: string): ExpectedArtifactSpec {
  if (!_isRecord(value)) {
    throw new TypeError(
      `field "${field}" must be a mapping: received ${JSON.stringify(value)}`,
    );
  }
  const unknown = _unknownKey(value, _SPEC_KEYS);
  if (unknown !== undefined) {
    throw new TypeError(`field "${field}.${unknown}" is not allowed`);
  }
  const artifactClass = _string(
    value.artifact_class,
    `${field}.artifact_class`,
  );
  if (!(ARTIFACT_CLASSES as readonly string[]).includes(artifactClass)) {
    throw new TypeError(
      `field "${field}.artifact_class" must be one of ${
        ARTIFACT_CLASSES.join(", ")
      }: received ${JSON.stringify(artifactClass)}`,
    );
  }
  const blocking = value.blocking ?? false;
  if (typeof blocking !== "boolean") {
    throw new TypeError(
      `field "${field}.blocking" must be a boolean: received ${
        JSON.stringify(blocking)
      }`,
    );
  }
  return {
    artifact_key: _string(value.artifact_key, `${field}.artifact_key`),
    artifact_class: artifactClass as ArtifactClass,
    path_pattern: _string(value.path_pattern, `${field}.path_pattern`),
    blocking,
  };
}

function _specList(value: unknown, field: string): ExpectedArtifactSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(
      `field "${field}" must be a list: received ${JSON.stringify(value)}`,
    );
  }
  return value.map((item, index) => _spec(item, `${field}[${index}]`));
}

/**
 * Checks a parsed `expected-artifacts.yaml` against the manifest schema:
 * `mission_type` and `manifest_version` strings, the three lists of specs
 * (each `artifact_key`, `artifact_class`, `path_pattern`, optional boolean
 * `blocking`), no other key at any level.
 *
 * @throws {TypeError} Naming the field, when it does not conform.
 */
export function checkManifest(value: unknown): ExpectedArtifactsManifest {
  if (!_isRecord(value)) {
    throw new TypeError(
      `the manifest must be a mapping: received ${JSON.stringify(value)}`,
    );
  }
  const unknown = _unknownKey(value, _MANIFEST_KEYS);
  if (unknown !== undefined) {
    throw new TypeError(`field "${unknown}" is not allowed`);
  }
  const steps = value.required_by_step ?? {};
  if (!_isRecord(steps)) {
    throw new TypeError(
      `field "required_by_step" must be a mapping: received ${
        JSON.stringify(steps)
      }`,
    );
  }
  const requiredByStep: Record<string, ExpectedArtifactSpec[]> = {};
  for (const [step, list] of Object.entries(steps)) {
    requiredByStep[step] = _specList(list ?? [], `required_by_step.${step}`);
  }
  return {
    schema_version: _string(value.schema_version ?? "1.0", "schema_version"),
    mission_type: _string(value.mission_type, "mission_type"),
    manifest_version: _string(value.manifest_version, "manifest_version"),
    required_always: _specList(value.required_always, "required_always"),
    required_by_step: requiredByStep,
    optional_always: _specList(value.optional_always, "optional_always"),
  };
}
