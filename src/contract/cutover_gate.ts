// The cutover gate of contract 3.0.0's reference (spec-kitty-events 3.0.0
// to 6.1.0; docs/contract.md, "The cutover gate and 8.0.0 and later"): the
// check `validate_event` runs on a 3.0.0 envelope besides its schemas.
// spec-kitty-events 8.0.0 and later no longer run it.
import type * as v from "valibot";
import {
  describeValue,
  type FieldIssue,
  issuePath,
  unreadableMessage,
} from "./field_issue.ts";
import { isPlainObject } from "./valibot_kit.ts";

/** Keys that no 3.0.0 envelope may hold, at any depth. */
const _FORBIDDEN_LEGACY_KEYS: ReadonlySet<string> = new Set([
  "feature_slug",
  "feature_number",
  "mission_key",
  "legacy_aggregate_id",
]);
const _FORBIDDEN_EVENT_TYPES: ReadonlySet<string> = new Set([
  "FeatureCreated",
  "FeatureClosed",
]);
const _FORBIDDEN_AGGREGATES: ReadonlySet<string> = new Set([
  "feature",
  "feature_catalog",
]);
const _CUTOVER_VERSION = "3.0.0";

/** Where a value sits: its key, and where its parent sits (`null` at the root). */
interface _Place {
  readonly key: string | number;
  readonly parent: _Place | null;
}

function _placeText(place: _Place | null): string {
  const keys: { key: string | number }[] = [];
  for (let at = place; at !== null; at = at.parent) keys.push({ key: at.key });
  return issuePath(
    { path: keys.reverse() } as unknown as v.BaseIssue<unknown>,
  );
}

/** The first forbidden legacy key standing as a key in `value`, depth first, with its path. */
function _forbiddenKey(
  value: unknown,
): { path: string; key: string } | undefined {
  // Iterative, so that a hostile nesting depth cannot overflow the stack;
  // each object once, so that a cycle cannot keep it going forever; a place
  // links to its parent's, so that depth costs no copy of the path.
  const stack: { value: unknown; place: _Place | null }[] = [{
    value,
    place: null,
  }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value: node, place } = stack.pop()!;
    if (node !== null && typeof node === "object") {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) {
        stack.push({
          value: node[index],
          place: { key: index, parent: place },
        });
      }
    } else if (isPlainObject(node)) {
      const keys = Object.keys(node);
      for (const key of keys) {
        if (_FORBIDDEN_LEGACY_KEYS.has(key)) {
          return { path: _placeText({ key, parent: place }), key };
        }
      }
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index];
        stack.push({
          value: Object.getOwnPropertyDescriptor(node, key)?.value,
          place: { key, parent: place },
        });
      }
    }
  }
  return undefined;
}

/**
 * The reference's cutover gate on a 3.0.0 envelope: one model violation of
 * type `cutover_policy` on `schema_version`, or `null` when it passes.
 */
export function cutoverViolation(
  envelope: Readonly<Record<string, unknown>>,
): FieldIssue | null {
  const read = (key: string) =>
    Object.getOwnPropertyDescriptor(envelope, key)?.value;
  const version = read("schema_version");
  const fail = (message: string): FieldIssue => ({
    path: "schema_version",
    message,
    type: "cutover_policy",
    input: version,
  });
  if (version === undefined || version === null) {
    return fail(
      `must be present: contract ${_CUTOVER_VERSION} envelopes carry schema_version "${_CUTOVER_VERSION}" (the cutover signal)`,
    );
  }
  if (typeof version !== "string") {
    return fail("must be a string, the cutover signal");
  }
  if (version.split(".", 1)[0] !== "3") {
    return fail(
      `must have major version 3: the envelope predates the ${_CUTOVER_VERSION} cutover`,
    );
  }
  if (version !== _CUTOVER_VERSION) {
    return fail(`must be exactly "${_CUTOVER_VERSION}", the cutover signal`);
  }
  const legacy = _forbiddenKey(envelope);
  if (legacy !== undefined) {
    return fail(
      `must not come with the legacy key "${legacy.key}" (at ${legacy.path}): contract ${_CUTOVER_VERSION} forbids it anywhere in the envelope`,
    );
  }
  const eventType = read("event_type");
  if (typeof eventType === "string" && _FORBIDDEN_EVENT_TYPES.has(eventType)) {
    return fail(
      `must not come with the legacy event type "${eventType}": contract ${_CUTOVER_VERSION} forbids it`,
    );
  }
  const aggregate = read("aggregate_id");
  if (typeof aggregate === "string") {
    const name = aggregate.split("/", 1)[0];
    if (_FORBIDDEN_AGGREGATES.has(name)) {
      return fail(
        `must not come with the legacy aggregate "${name}" (aggregate_id ${
          describeValue(aggregate)
        }): contract ${_CUTOVER_VERSION} forbids it`,
      );
    }
  }
  return null;
}

/**
 * The cutover gate on an envelope, as model violations (none when it
 * passes), reading it without leaking a throwing getter or proxy.
 */
export function cutoverGateViolations(envelope: unknown): FieldIssue[] {
  if (!isPlainObject(envelope)) return [];
  try {
    const violation = cutoverViolation(envelope);
    return violation === null ? [] : [violation];
  } catch (error) {
    return [{
      path: "",
      message: unreadableMessage(error),
      type: "unreadable",
      input: undefined,
    }];
  }
}
