// The one replay path of every reducer: filter, sort, deduplicate and fold
// (docs/contract.md, "The reducer"), for either contract.
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import type { DossierContract } from "../contract/dossier_contract.ts";
import {
  DossierFold,
  type FoldOutcome,
  type FoldState,
} from "./dossier_fold.ts";
import { emptyState } from "../contract/dossier_state.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { sortByEvent } from "./event_order.ts";
import { EventIdSet } from "./event_id_set.ts";
import {
  describeValue,
  errorForIssues,
  type FieldIssue,
  unreadableMessage,
} from "../contract/field_issue.ts";

/** An input event, its position in the input and the fields the reducer reads. */
export interface IndexedEvent {
  readonly index: number;
  /**
   * The envelope fields the reducer reads, each read once: a getter that
   * throws fails here, with a clear error, not deep inside a sort.
   */
  readonly envelope: Event;
  /**
   * True when the event was parsed a moment ago from a line that proved no
   * string in it holds an unpaired surrogate (see `wellFormedJson`).
   */
  readonly wellFormed?: boolean;
}

/** Where an input event was and how it sorts: what a report says of it. */
export interface EventRef {
  readonly index: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly lamportClock: number;
  readonly timestamp: string | number;
}

/** The reference to an input event, without its payload. */
export function refOf(entry: IndexedEvent): EventRef {
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
export interface ReplayObserver {
  /** An event that is not of a dossier type (docs/contract.md, "The reducer", step 1). */
  ignored(eventType: string, index: number): void;
  /** A later copy of an event id, dropped in favour of `kept` (docs/contract.md, "The reducer", step 3). */
  duplicate(entry: IndexedEvent, kept: EventRef): void;
  /** A unique dossier event and what the fold did with it (docs/contract.md, "The reducer", step 6). */
  folded(entry: IndexedEvent, outcome: FoldOutcome): void;
}

function _notAnEvent(index: number, issue: FieldIssue): never {
  throw errorForIssues(
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
      message: unreadableMessage(error),
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
export function envelopeOf(item: unknown, index: number): Event | string {
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
      unreadableMessage(error, "iterating it")
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
        describeValue(events)
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
 * Keeps the dossier events of a stream (docs/contract.md, "The reducer", step 1), each with its position
 * in the input; `onIgnored` sees every other event.
 */
export function indexedDossierEvents(
  events: Iterable<Event>,
  onIgnored?: (eventType: string, index: number) => void,
): IndexedEvent[] {
  const kept: IndexedEvent[] = [];
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
      const envelope = envelopeOf(item, index);
      if (typeof envelope !== "string") kept.push({ index, envelope });
      else onIgnored?.(envelope, index);
    }
    return kept;
  }
  let index = 0;
  for (const item of _items(events)) {
    const envelope = envelopeOf(item, index);
    if (typeof envelope !== "string") {
      kept.push({ index, envelope });
    } else onIgnored?.(envelope, index);
    index++;
  }
  return kept;
}

/**
 * The one replay path of every reducer variant: filter (docs/contract.md, "The reducer", step 1), sort
 * (step 2), deduplicate (step 3) and fold (steps 4 to 8), telling the
 * observer, when there is one, what happened to each input event.
 */
export function replayDossier(
  contract: DossierContract,
  events: Iterable<Event>,
  observer: ReplayObserver | null,
): FoldState {
  const dossierEvents = indexedDossierEvents(
    events,
    observer === null
      ? undefined
      : (eventType, index) => observer.ignored(eventType, index),
  );
  if (dossierEvents.length === 0) return emptyState();
  const replay = new DossierReplay(contract, observer);
  for (const entry of sortByEvent(dossierEvents, (entry) => entry.envelope)) {
    replay.next(entry);
  }
  return replay.result();
}

/**
 * Deduplicates (docs/contract.md, "The reducer", step 3) and folds (steps 4 to 8) dossier events given in
 * sort order, telling the observer, when there is one, what happened to
 * each. The batch replay and the incremental reducer both step through it.
 * Without an observer it holds only the fold state and the ids seen (in an
 * `EventIdSet`); with one, also a payload-free reference to each kept
 * event, for duplicates.
 */
export class DossierReplay {
  readonly #fold: DossierFold;
  readonly #kept = new Map<string, EventRef>();
  readonly #ids = new EventIdSet();
  readonly #observer: ReplayObserver | null;

  constructor(contract: DossierContract, observer: ReplayObserver | null) {
    this.#fold = new DossierFold(contract);
    this.#observer = observer;
  }

  /** Takes the next dossier event in sort order; a later copy of an id is dropped. */
  next(entry: IndexedEvent): void {
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
    this.#kept.set(id, refOf(entry));
    this.#observer.folded(
      entry,
      this.#fold.apply(entry.envelope, entry.index, entry.wellFormed),
    );
  }

  /** The state of every event taken so far. */
  result(): FoldState {
    return this.#fold.result();
  }
}
