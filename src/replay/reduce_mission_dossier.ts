import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import { _DossierFold, type _FoldOutcome } from "./_dossier_fold.ts";
import {
  emptyDossierState,
  type MissionDossierState,
} from "./dossier_state.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { _sortByEvent } from "./event_order.ts";
import {
  _describeValue,
  _errorFor,
  _unreadableMessage,
  type FieldIssue,
} from "../contract/_field_issue.ts";

/** An input event, its position in the input and the fields the reducer reads. */
export interface _IndexedEvent {
  /** The event as given. */
  readonly event: Event;
  readonly index: number;
  /**
   * The envelope fields the reducer reads, each read once: a getter that
   * throws fails here, with a clear error, not deep inside a sort.
   */
  readonly envelope: Event;
}

/** Where an input event was and how it sorts: what a report says of it. */
export interface _EventRef {
  readonly index: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly lamportClock: number;
  readonly timestamp: string | number;
}

/** The reference to an input event, without its payload. */
export function _refOf(entry: _IndexedEvent): _EventRef {
  const { envelope, index } = entry;
  return {
    index,
    eventId: envelope.event_id,
    eventType: envelope.event_type,
    lamportClock: envelope.lamport_clock,
    timestamp: envelope.timestamp,
  };
}

/** What a replay tells its observer, event by event. */
export interface _ReplayObserver {
  /** An event that is not of a dossier type (§4 step 1). */
  ignored(eventType: string, index: number): void;
  /** A later copy of an event id, dropped in favour of `kept` (§4 step 3). */
  duplicate(entry: _IndexedEvent, kept: _EventRef): void;
  /** A unique dossier event and what the fold did with it (§4 step 6). */
  folded(entry: _IndexedEvent, outcome: _FoldOutcome): void;
}

function _notAnEvent(index: number, issue: FieldIssue): never {
  throw _errorFor(
    `Cannot reduce events: events[${index}] is not a parsed event (see parseEvent)`,
    [issue],
  );
}

/** Reads one field of an input item; a throwing getter or proxy becomes a `TypeError`. */
function _read(item: object, key: keyof Event, index: number): unknown {
  try {
    return (item as Record<string, unknown>)[key];
  } catch (error) {
    return _notAnEvent(index, {
      path: key,
      message: _unreadableMessage(error),
      type: "unreadable",
      input: undefined,
    });
  }
}

function _checked(
  index: number,
  path: string,
  value: unknown,
  ok: boolean,
  message: string,
): void {
  if (!ok) _notAnEvent(index, { path, message, type: path, input: value });
}

/**
 * Reads the envelope of a dossier event, or returns the `event_type` of an
 * event of another type. Envelopes are trusted as `parseEvent` returned them; only
 * the types of the fields the reducer reads are checked.
 */
export function _envelopeOf(item: unknown, index: number): Event | string {
  _checked(
    index,
    "",
    item,
    item !== null && typeof item === "object",
    "must be an object",
  );
  const event = item as object;
  const eventType = _read(event, "event_type", index);
  _checked(
    index,
    "event_type",
    eventType,
    typeof eventType === "string",
    "must be a string",
  );
  if (!DOSSIER_EVENT_TYPES.has(eventType as string)) return eventType as string;
  const eventId = _read(event, "event_id", index);
  _checked(
    index,
    "event_id",
    eventId,
    typeof eventId === "string",
    "must be a string",
  );
  const clock = _read(event, "lamport_clock", index);
  if (!Number.isSafeInteger(clock) || (clock as number) < 0) {
    _notAnEvent(index, {
      path: "lamport_clock",
      message: "must be an integer of at least 0 and at most 2^53−1",
      type: typeof clock === "number" ? "range" : "number",
      input: clock,
    });
  }
  const timestamp = _read(event, "timestamp", index);
  _checked(
    index,
    "timestamp",
    timestamp,
    typeof timestamp === "string" || typeof timestamp === "number",
    "must be a datetime string or a Unix time number",
  );
  return {
    event_id: eventId,
    event_type: eventType,
    lamport_clock: clock,
    timestamp,
    payload: _read(event, "payload", index),
  } as Event;
}

/**
 * Iterates any iterable, turning a throwing iterator (a getter on an array
 * element, a proxy) into the documented `TypeError`.
 */
function* _items(events: Iterable<unknown>): Generator<unknown> {
  const unreadable = (error: unknown) =>
    new TypeError(
      `Cannot reduce events: the input ${
        _unreadableMessage(error, "iterating it")
      }`,
    );
  let method: unknown;
  try {
    method = (events as { [Symbol.iterator]?: unknown } | null)?.[
      Symbol.iterator
    ];
  } catch (error) {
    throw unreadable(error);
  }
  if (typeof method !== "function") {
    throw new TypeError(
      `Cannot reduce events: the input must be an iterable of parsed events: received ${
        _describeValue(events)
      }`,
    );
  }
  let iterator: Iterator<unknown>;
  try {
    iterator = method.call(events);
  } catch (error) {
    throw unreadable(error);
  }
  while (true) {
    let done: boolean | undefined;
    let value: unknown;
    try {
      ({ done, value } = iterator.next());
    } catch (error) {
      throw unreadable(error);
    }
    if (done) return;
    yield value;
  }
}

/**
 * Keeps the dossier events of a stream (§4 step 1), each with its position
 * in the input; `onIgnored` sees every other event.
 */
export function _indexedDossierEvents(
  events: Iterable<Event>,
  onIgnored?: (eventType: string, index: number) => void,
): _IndexedEvent[] {
  const kept: _IndexedEvent[] = [];
  let index = 0;
  for (const item of _items(events)) {
    const envelope = _envelopeOf(item, index);
    if (typeof envelope !== "string") {
      kept.push({ event: item as Event, index, envelope });
    } else onIgnored?.(envelope, index);
    index++;
  }
  return kept;
}

/**
 * The one replay path of every reducer variant: filter (§4 step 1), sort
 * (step 2), deduplicate (step 3) and fold (steps 4 to 8), telling the
 * observer, when there is one, what happened to each input event.
 */
export function _replayDossier(
  events: Iterable<Event>,
  observer: _ReplayObserver | null,
): MissionDossierState {
  const dossierEvents = _indexedDossierEvents(
    events,
    observer === null
      ? undefined
      : (eventType, index) => observer.ignored(eventType, index),
  );
  if (dossierEvents.length === 0) return emptyDossierState();
  const replay = new _DossierReplay(observer);
  for (const entry of _sortByEvent(dossierEvents, (entry) => entry.envelope)) {
    replay.next(entry);
  }
  return replay.result();
}

/**
 * Deduplicates (§4 step 3) and folds (steps 4 to 8) dossier events given in
 * sort order, telling the observer, when there is one, what happened to
 * each. The batch replay and the incremental reducer both step through it.
 * Without an observer it holds only the fold state and the ids seen; with
 * one, also a payload-free reference to each kept event, for duplicates.
 */
export class _DossierReplay {
  readonly #fold = new _DossierFold();
  readonly #kept = new Map<string, _EventRef | null>();
  readonly #observer: _ReplayObserver | null;

  constructor(observer: _ReplayObserver | null) {
    this.#observer = observer;
  }

  /** Takes the next dossier event in sort order; a later copy of an id is dropped. */
  next(entry: _IndexedEvent): void {
    const id = entry.envelope.event_id;
    const first = this.#kept.get(id);
    if (first !== undefined) {
      // With no observer there is no reference to hand over.
      this.#observer?.duplicate(entry, first!);
      return;
    }
    const observer = this.#observer;
    this.#kept.set(id, observer === null ? null : _refOf(entry));
    const outcome = this.#fold.apply(entry.envelope);
    observer?.folded(entry, outcome);
  }

  /** The state of every event taken so far. */
  result(): MissionDossierState {
    return this.#fold.result();
  }
}

/**
 * Replays a stream of parsed event envelopes into a mission dossier, with
 * the exact result of the reference reducer: dossier events only, sorted by
 * (`lamport_clock`, timestamp sort text, `event_id`), the first copy of each
 * id kept, one namespace per stream, invalid payloads skipped but counted.
 *
 * The function is pure: no I/O, no clock, no randomness, and the input is
 * never mutated. Envelopes are trusted as {@linkcode parseEvent} returned
 * them; they are not checked again.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @returns The reduced state.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity (project, feature, branch, mission, manifest version); no
 * partial state is returned.
 * @throws {TypeError} When `events` is not an iterable, or an item is not an
 * event object (no string `event_type`; for a dossier event, no string
 * `event_id`, or a `timestamp` that is neither a string nor a number), or
 * reading it throws. (A timestamp's sort text is computed only to break a tie
 * on `lamport_clock`; a malformed one fails then. `parseEvent` never lets one
 * through.)
 * @throws {RangeError} When a dossier event's `lamport_clock` is not an
 * integer from 0 to 2^53−1, or a timestamp read to break a tie lies outside
 * the years 0001–9999.
 *
 * @example Replay a stream and read the dossier
 * ```ts
 * import { parseEvent, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = parseEvent({
 *   event_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P", event_type: "MissionDossierArtifactIndexed",
 *   aggregate_id: "mission-042", timestamp: "2026-02-21T14:00:00Z", node_id: "laptop-1",
 *   lamport_clock: 1, project_uuid: namespace.project_uuid,
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1Q",
 *   payload: {
 *     namespace,
 *     artifact_id: { mission_key: "software-dev", path: "spec.md", artifact_class: "input" },
 *     content_ref: { hash: "ab12", algorithm: "sha256" },
 *     indexed_at: "2026-02-21T14:00:00Z",
 *   },
 * });
 * const state = reduceMissionDossier([event]);
 * assert.equal(state.artifacts.get("spec.md")?.content_ref.hash, "ab12");
 * assert.equal(state.parity_status, "unknown");
 * assert.ok(serializeDossierState(state).startsWith('{"namespace":{"project_uuid"'));
 * ```
 */
export function reduceMissionDossier(
  events: Iterable<Event>,
): MissionDossierState {
  return _replayDossier(events, null);
}
