import type { LocalNamespaceTuple } from "../contract/dossier_contract.ts";

/**
 * Thrown by the reducer when one event stream holds two namespaces whose
 * identity (project, feature, branch, mission, manifest version) differs.
 * No state is returned: partition streams by namespace before reducing.
 *
 * @example Catch a mixed stream and read both namespaces
 * ```ts
 * import { NamespaceMixedStreamError } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const a = { project_uuid: "p", feature_slug: "f1", target_branch: "main", mission_key: "m", manifest_version: "1", step_id: null };
 * const error = new NamespaceMixedStreamError(a, { ...a, feature_slug: "f2" });
 * assert.equal(error.got.feature_slug, "f2");
 * assert.match(error.message, /^Namespace mismatch in dossier event stream\. Expected: /);
 * ```
 */
export class NamespaceMixedStreamError extends Error {
  /** The stream's namespace: the first valid one. */
  readonly expected: LocalNamespaceTuple;
  /** The first valid namespace whose identity differs from `expected`. */
  readonly got: LocalNamespaceTuple;

  /**
   * Builds the error; its message names both namespaces as compact JSON.
   *
   * @param expected The stream's namespace.
   * @param got The namespace that differs from it.
   */
  constructor(expected: LocalNamespaceTuple, got: LocalNamespaceTuple) {
    super(
      `Namespace mismatch in dossier event stream. Expected: ${
        _namespaceJson(expected)
      }. Got: ${_namespaceJson(got)}.`,
    );
    this.name = "NamespaceMixedStreamError";
    this.expected = expected;
    this.got = got;
  }
}

/** The six fields of a namespace as compact JSON, in contract order. */
export function _namespaceJson(namespace: LocalNamespaceTuple): string {
  return JSON.stringify({
    project_uuid: namespace.project_uuid,
    feature_slug: namespace.feature_slug,
    target_branch: namespace.target_branch,
    mission_key: namespace.mission_key,
    manifest_version: namespace.manifest_version,
    step_id: namespace.step_id,
  });
}

/** True when two namespaces share the five identity fields. */
export function _sameNamespaceIdentity(
  a: LocalNamespaceTuple,
  b: LocalNamespaceTuple,
): boolean {
  return a.project_uuid === b.project_uuid &&
    a.feature_slug === b.feature_slug &&
    a.target_branch === b.target_branch &&
    a.mission_key === b.mission_key &&
    a.manifest_version === b.manifest_version;
}
