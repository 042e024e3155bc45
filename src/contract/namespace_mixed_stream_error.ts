import type { LocalNamespaceTuple } from "./namespace_and_identity.ts";

/** Where the event whose namespace differs was found. */
export interface NamespaceMixedStreamErrorOptions {
  /** The normalized `event_id` of the first event whose namespace differs. */
  readonly eventId?: string | null;
  /** Its position in the input (0-based). */
  readonly index?: number | null;
}

/**
 * Thrown by the reducer when one event stream holds two namespaces whose
 * identity (the first five fields: project, slug, branch, mission, manifest
 * version) differs. No state is returned: partition streams by namespace
 * before reducing. `N` is the namespace type of the contract (contract
 * 2.4.0's by default; `@spec-kitty/dossier/v3` exports it typed with
 * 3.0.0's).
 *
 * @example Catch a mixed stream and read both namespaces
 * ```ts
 * import { NamespaceMixedStreamError } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const a = { project_uuid: "p", feature_slug: "f1", target_branch: "main", mission_key: "m", manifest_version: "1", step_id: null };
 * const error = new NamespaceMixedStreamError(a, { ...a, feature_slug: "f2" }, { eventId: "01HV7KA8TQ3R0W2M9X6C4B5N1P", index: 3 });
 * assert.equal(error.got.feature_slug, "f2");
 * assert.deepEqual(error.differingFields, ["feature_slug"]);
 * assert.equal(error.index, 3);
 * assert.match(error.message, /^Namespace mismatch in dossier event stream\. Expected: /);
 * ```
 */
export class NamespaceMixedStreamError<
  N extends object = LocalNamespaceTuple,
> extends Error {
  /** The stream's namespace: the first valid one. */
  readonly expected: N;
  /** The first valid namespace whose identity differs from `expected`. */
  readonly got: N;
  /** The identity fields whose values differ, in contract order. */
  readonly differingFields: readonly string[];
  /** The normalized `event_id` of the event that carried `got`; `null` when not known. */
  readonly eventId: string | null;
  /** Its position in the input (0-based); `null` when not known. */
  readonly index: number | null;

  /**
   * Builds the error; its message names both namespaces as compact JSON,
   * each field in the namespace's own (contract) order.
   *
   * @param expected The stream's namespace.
   * @param got The namespace that differs from it.
   * @param options Where the event that carried `got` was.
   */
  constructor(
    expected: N,
    got: N,
    options: NamespaceMixedStreamErrorOptions = {},
  ) {
    super(
      `Namespace mismatch in dossier event stream. Expected: ${
        JSON.stringify(expected)
      }. Got: ${JSON.stringify(got)}.`,
    );
    this.name = "NamespaceMixedStreamError";
    this.expected = expected;
    this.got = got;
    this.differingFields = Object.keys(expected).filter((key) =>
      key !== "step_id" &&
      (expected as Record<string, unknown>)[key] !==
        (got as Record<string, unknown>)[key]
    );
    this.eventId = options.eventId ?? null;
    this.index = options.index ?? null;
  }
}
