// The error of a mission the CLI emits nothing for (docs/indexer.md, "When a
// mission emits nothing").

/** Which rule stopped a mission (docs/indexer.md, "When a mission emits nothing"). */
export type MissionIndexRule =
  /** `.kittify/config.yaml` gives no `project.uuid` (the CLI: "No project UUID; skipping dossier sync"). */
  | "no-project-uuid"
  /** `meta.json` exists but is not a JSON object (read fail-closed). */
  | "corrupt-meta-json"
  /** An org or built-in manifest parses but fails the manifest schema. */
  | "manifest-schema"
  /** A file's fallback `artifact_key` is not `^[a-zA-Z0-9._-]+$` (e.g. `notes (1).md`, `résumé.md`). */
  | "artifact-key"
  /**
   * A work-package case that aborts, with the rule of `WorkPackageAbortError`:
   * `status_events_corrupt`, `frontmatter_type_error` (a `shell_pid` list),
   * `projection_unserialisable` (a mixed-key `subtasks` map).
   */
  | `work-package:${string}`;

/** Options of {@linkcode MissionIndexError}. */
export interface MissionIndexErrorOptions {
  /** The mission's slug. */
  readonly mission: string;
  /** The file at fault, relative to the mission (or the project for `.kittify/…`). */
  readonly file: string;
  /** The rule that stopped the mission. */
  readonly rule: MissionIndexRule;
  /** What went wrong with the file, e.g. `meta.json is not valid JSON (…)`. */
  readonly reason: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * A mission the spec-kitty CLI would emit nothing for (docs/indexer.md, "When a
 * mission emits nothing"): the indexer emits nothing either and says which
 * mission, which file and which rule. Its message reads `Cannot index mission
 * "<slug>": <file>: <reason> (rule <rule>)`.
 *
 * @example A corrupt meta.json stops the mission
 * ```ts
 * import { indexMission, missionFromFiles, MissionIndexError } from "@spec-kitty/dossier/indexer";
 * import assert from "node:assert/strict";
 *
 * const mission = missionFromFiles({ "meta.json": "{not json", "spec.md": "s\n" }, { name: "m" });
 * await assert.rejects(
 *   indexMission(mission, { projectUuid: "11111111-2222-4333-8444-555555555555" }),
 *   (error: unknown) =>
 *     error instanceof MissionIndexError && error.rule === "corrupt-meta-json" &&
 *     error.file === "meta.json" && error.mission === "m",
 * );
 * ```
 */
export class MissionIndexError extends Error {
  /** The mission's slug. */
  readonly mission: string;
  /** The file at fault. */
  readonly file: string;
  /** The rule that stopped the mission. */
  readonly rule: MissionIndexRule;
  /** What went wrong with the file. */
  readonly reason: string;

  /**
   * Makes the error of one stopped mission.
   *
   * @param options The mission, the file, the rule, the reason and the cause.
   */
  constructor(options: MissionIndexErrorOptions) {
    super(
      `Cannot index mission ${
        JSON.stringify(options.mission)
      }: ${options.file}: ${options.reason} (rule ${options.rule})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "MissionIndexError";
    this.mission = options.mission;
    this.file = options.file;
    this.rule = options.rule;
    this.reason = options.reason;
  }
}
