// The one replay path of every reducer: filter, sort, deduplicate and fold
// (CONTRACT §4), for either contract.
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import type { _DossierContract } from "../contract/dossier_contract.ts";
import {
  _DossierFold,
  type _FoldOutcome,
  type _State,
} from "./_dossier_fold.ts";
import { _emptyDossierState } from "../contract/dossier_state.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { _sortByEvent } from "./event_order.ts";
import { _EventIdSet } from "./_event_id_set.ts";
import {
  _describeValue,
  _errorFor,
  _unreadableMessage,
  type FieldIssue,
} from "../contract/_field_issue.ts";

/** An input event, its position in the input and the fields the reducer reads. */
export interface _IndexedEvent {
  readonly index: number;
  /**
   * The envelope fields the reducer reads, each read once: a getter that
   * throws fails here, with a clear error, not deep inside a sort.
   */
  readonly envelope: Event;
  /**
   * True when the event was parsed a moment ago from a line that proved no
   * string in it holds an unpaired surrogate (see `_wellFormedJson`).
   */
  readonly wellFormed?: boolean;
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
/** The error for an input whose iteration throws. */
function _unreadableInput(error: unknown): TypeError {
  return new TypeError(
    `Cannot reduce events: the input ${
      _unreadableMessage(error, "iterating it")
    }`,
  );
}

const _arrayValues = Array.prototype[Symbol.iterator];
const _arrayIteratorNext = Object.getPrototypeOf([][Symbol.iterator]()).next;

/**
 * True for an array that iterates as arrays do (its own iterator and the
 * array iterator untouched), so that reading it by index is the same as
 * iterating it.
 */
function _isPlainArray(events: unknown): events is readonly unknown[] {
  try {
    return Array.isArray(events) &&
      Object.getPrototypeOf(events) === Array.prototype &&
      !Object.hasOwn(events, Symbol.iterator) &&
      Array.prototype[Symbol.iterator] === _arrayValues &&
      Object.getPrototypeOf([][Symbol.iterator]()).next === _arrayIteratorNext;
  } catch {
    return false;
  }
}

function* _items(events: Iterable<unknown>): Generator<unknown> {
  const unreadable = _unreadableInput;
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
  if (_isPlainArray(events)) {
    // What iterating it would give, element by element, without a generator.
    for (let index = 0;; index++) {
      let item: unknown;
      try {
        if (index >= events.length) break;
        item = events[index];
      } catch (error) {
        throw _unreadableInput(error);
      }
      const envelope = _envelopeOf(item, index);
      if (typeof envelope !== "string") kept.push({ index, envelope });
      else onIgnored?.(envelope, index);
    }
    return kept;
  }
  let index = 0;
  for (const item of _items(events)) {
    const envelope = _envelopeOf(item, index);
    if (typeof envelope !== "string") {
      kept.push({ index, envelope });
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
  contract: _DossierContract,
  events: Iterable<Event>,
  observer: _ReplayObserver | null,
): _State {
  const dossierEvents = _indexedDossierEvents(
    events,
    observer === null
      ? undefined
      : (eventType, index) => observer.ignored(eventType, index),
  );
  if (dossierEvents.length === 0) return _emptyDossierState();
  const replay = new _DossierReplay(contract, observer);
  for (const entry of _sortByEvent(dossierEvents, (entry) => entry.envelope)) {
    replay.next(entry);
  }
  return replay.result();
}

/**
 * Deduplicates (§4 step 3) and folds (steps 4 to 8) dossier events given in
 * sort order, telling the observer, when there is one, what happened to
 * each. The batch replay and the incremental reducer both step through it.
 * Without an observer it holds only the fold state and the ids seen (in an
 * `_EventIdSet`); with one, also a payload-free reference to each kept
 * event, for duplicates.
 */
export class _DossierReplay {
  readonly #fold: _DossierFold;
  readonly #kept = new Map<string, _EventRef>();
  readonly #ids = new _EventIdSet();
  readonly #observer: _ReplayObserver | null;

  constructor(contract: _DossierContract, observer: _ReplayObserver | null) {
    this.#fold = new _DossierFold(contract);
    this.#observer = observer;
  }

  /** Takes the next dossier event in sort order; a later copy of an id is dropped. */
  next(entry: _IndexedEvent): void {
    const id = entry.envelope.event_id;
    if (this.#observer === null) {
      // No reference to hand over: the ids alone, in a compact set.
      if (this.#ids.add(id)) {
        this.#fold.apply(entry.envelope, entry.index, entry.wellFormed);
      }
      return;
    }
    const first = this.#kept.get(id);
    if (first !== undefined) {
      this.#observer.duplicate(entry, first);
      return;
    }
    this.#kept.set(id, _refOf(entry));
    this.#observer.folded(
      entry,
      this.#fold.apply(entry.envelope, entry.index, entry.wellFormed),
    );
  }

  /** The state of every event taken so far. */
  result(): _State {
    return this.#fold.result();
  }
}
