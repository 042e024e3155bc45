// Splitting a stream that holds several namespaces (a project's journal
// holds every mission) into one stream per namespace identity, each of
// which the reducer replays without a NamespaceMixedStreamError. The
// namespace of an event is read exactly as the reducer's guard reads it
// (docs/contract.md, "The reducer", step 4): the payload's `namespace`, parsed with the
// contract's LocalNamespaceTuple schema; its identity is the first five
// fields.
import { fastParse } from "../contract/compiled_schema.ts";
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import type {
  AnyNamespace,
  DossierContract,
} from "../contract/dossier_contract.ts";
import { describeValue, unreadableMessage } from "../contract/field_issue.ts";

/** One namespace's events. */
export interface NamespaceGroupOf<N, E> {
  /** The namespace of the group's first event, as parsed (its `step_id` is that event's). */
  readonly namespace: N;
  /** The events whose namespace has this identity, in input order. */
  readonly events: readonly E[];
}

/** What {@linkcode partitionByNamespace} returns: the groups, and what it could not assign. */
export interface NamespacePartitionOf<N, E> {
  /** One group per namespace identity, in the order of each identity's first event. */
  readonly groups: readonly NamespaceGroupOf<N, E>[];
  /** Dossier events whose payload has no valid namespace, in input order. */
  readonly withoutNamespace: readonly E[];
  /** Events of other types than the four dossier ones, in input order. */
  readonly otherTypes: readonly E[];
}

/** Where one event goes: a namespace (with its identity key), or neither. */
export type Placement =
  | {
    readonly kind: "namespace";
    readonly namespace: AnyNamespace;
    /** The five identity values as one string: equal keys, same identity. */
    readonly key: string;
  }
  | { readonly kind: "without-namespace" }
  | { readonly kind: "other-type" };

const _WITHOUT_NAMESPACE: Placement = { kind: "without-namespace" };
const _OTHER_TYPE: Placement = { kind: "other-type" };

/** The own value of `key`, or `undefined` when reading it throws (hostile input). */
function _own(object: unknown, key: string): unknown {
  try {
    return Object.getOwnPropertyDescriptor(object, key)?.value;
  } catch {
    return undefined;
  }
}

/** The identity key of a parsed namespace. */
export function identityKey(
  contract: DossierContract,
  namespace: AnyNamespace,
): string {
  const fields = contract.namespaceFields;
  return JSON.stringify([
    namespace[fields[0]],
    namespace[fields[1]],
    namespace[fields[2]],
    namespace[fields[3]],
    namespace[fields[4]],
  ]);
}

/**
 * Where an event of known type and payload goes, the reducer's way: a
 * dossier event whose payload's `namespace` parses goes to that namespace.
 */
export function placementOf(
  contract: DossierContract,
  eventType: string,
  payload: unknown,
): Placement {
  if (!DOSSIER_EVENT_TYPES.has(eventType)) return _OTHER_TYPE;
  let result;
  try {
    result = fastParse(contract.namespace, _own(payload, "namespace"));
  } catch {
    return _WITHOUT_NAMESPACE;
  }
  if (!result.success) return _WITHOUT_NAMESPACE;
  const namespace = result.output;
  return {
    kind: "namespace",
    namespace,
    key: identityKey(contract, namespace),
  };
}

function _notAnEvent(index: number, detail: string): TypeError {
  return new TypeError(
    `Cannot partition events: events[${index}] must be a parsed event (see parseEvent): ${detail}`,
  );
}

/** Splits parsed events by namespace identity (see `partitionByNamespace`). */
export function partitionByNamespaceFor<E>(
  contract: DossierContract,
  events: Iterable<E>,
): NamespacePartitionOf<AnyNamespace, E> {
  let iterator: Iterator<E>;
  try {
    iterator = (events as Iterable<E>)[Symbol.iterator]();
  } catch (error) {
    throw new TypeError(
      `Cannot partition events: the input must be an iterable of parsed events: ${
        events !== null && typeof events === "object"
          ? unreadableMessage(error, "iterating it")
          : `received ${describeValue(events)}`
      }`,
    );
  }
  const groups = new Map<string, { namespace: AnyNamespace; events: E[] }>();
  const withoutNamespace: E[] = [];
  const otherTypes: E[] = [];
  for (let index = 0;; index++) {
    let step: IteratorResult<E>;
    try {
      step = iterator.next();
    } catch (error) {
      throw new TypeError(
        `Cannot partition events: the input ${
          unreadableMessage(error, "iterating it")
        }`,
      );
    }
    if (step.done) break;
    const event = step.value;
    if (event === null || typeof event !== "object") {
      throw _notAnEvent(
        index,
        `it must be an object: received ${describeValue(event)}`,
      );
    }
    // Read as the reducer reads an event: a property read, guarded.
    let eventType: unknown;
    let payload: unknown;
    try {
      eventType = (event as Record<string, unknown>).event_type;
      payload = (event as Record<string, unknown>).payload;
    } catch (error) {
      throw _notAnEvent(index, `it ${unreadableMessage(error)}`);
    }
    if (typeof eventType !== "string") {
      throw _notAnEvent(
        index,
        `field "event_type" must be a string: received ${
          describeValue(eventType)
        }`,
      );
    }
    const placement = placementOf(contract, eventType, payload);
    if (placement.kind === "other-type") otherTypes.push(event);
    else if (placement.kind === "without-namespace") {
      withoutNamespace.push(event);
    } else {
      const group = groups.get(placement.key);
      if (group === undefined) {
        groups.set(placement.key, {
          namespace: placement.namespace,
          events: [event],
        });
      } else group.events.push(event);
    }
  }
  return { groups: [...groups.values()], withoutNamespace, otherTypes };
}
