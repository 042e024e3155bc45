import type { Event } from "../envelope/event_envelope.ts";
import { timestampSortText } from "../envelope/timestamp.ts";

/** The three-part sort key of an event: Lamport clock, timestamp sort text, event id. */
export type StatusEventSortKey = readonly [
  lamportClock: number,
  timestampSortText: string,
  eventId: string,
];

/**
 * Returns the key events are ordered by: (`lamport_clock`, the timestamp's
 * sort text, the normalized `event_id`).
 *
 * @param event A parsed event.
 * @returns The three-part key.
 * @throws {TypeError} When the event's timestamp is not one of the accepted forms.
 *
 * @example
 * ```ts
 * import { statusEventSortKey } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const key = statusEventSortKey({ lamport_clock: 3, timestamp: "2026-02-21T14:00:00Z", event_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P" } as never);
 * assert.deepEqual(key, [3, "2026-02-21T14:00:00+00:00", "01HV7KA8TQ3R0W2M9X6C4B5N1P"]);
 * ```
 */
export function statusEventSortKey(event: Event): StatusEventSortKey {
  return [
    event.lamport_clock,
    timestampSortText(event.timestamp),
    event.event_id,
  ];
}

/** Compares texts by code point (not by UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    // Below U+D800 and between U+E000 and U+FFFF code units equal code
    // points; a surrogate stands for a code point above U+FFFF.
    const xHigh = x >= 0xd800 && x <= 0xdfff;
    const yHigh = y >= 0xd800 && y <= 0xdfff;
    if (xHigh !== yHigh) {
      const other = xHigh ? y : x;
      if (other >= 0xe000) return xHigh ? 1 : -1;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Compares two sort keys. */
export function compareSortKeys(
  a: StatusEventSortKey,
  b: StatusEventSortKey,
): number {
  return a[0] - b[0] || compareCodePoints(a[1], b[1]) ||
    compareCodePoints(a[2], b[2]);
}

/**
 * Orders two events by {@linkcode statusEventSortKey}, for `Array.prototype.sort`.
 * Sorting many events is faster with precomputed keys, as the reducer does.
 *
 * @param a An event.
 * @param b Another event.
 * @returns A negative number, zero or a positive number.
 *
 * @example Ties on the clock are broken by the timestamp's sort text
 * ```ts
 * import { compareEvents } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const at = (timestamp: string) => ({ lamport_clock: 1, timestamp, event_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P" }) as never;
 * assert.ok(compareEvents(at("2026-02-21T14:30:00Z"), at("2026-02-21T15:00:00+01:00")) < 0);
 * ```
 */
export function compareEvents(a: Event, b: Event): number {
  return compareSortKeys(statusEventSortKey(a), statusEventSortKey(b));
}

/**
 * Sorts items stably by the sort key of the event each one carries. The
 * keys live in parallel arrays (no object per event), and a timestamp's sort
 * text is computed at most once, only when its clock ties with another's. A
 * log usually arrives in order, so the order is checked in one pass first
 * and the sort is skipped when it holds.
 */
export function sortByEvent<T>(
  items: readonly T[],
  eventOf: (item: T) => Event,
): T[] {
  const count = items.length;
  const events: Event[] = new Array(count);
  const clocks = new Float64Array(count);
  // Sort texts are needed only to break ties on the clock: computed then.
  const texts: (string | undefined)[] = new Array(count);
  const textAt = (index: number): string =>
    texts[index] ??= timestampSortText(events[index].timestamp);
  const compare = (a: number, b: number): number =>
    clocks[a] - clocks[b] || compareCodePoints(textAt(a), textAt(b)) ||
    compareCodePoints(events[a].event_id, events[b].event_id);
  let sorted = true;
  for (let index = 0; index < count; index++) {
    const event = eventOf(items[index]);
    events[index] = event;
    clocks[index] = event.lamport_clock;
    if (sorted && index > 0 && compare(index - 1, index) > 0) sorted = false;
  }
  if (sorted) return items.slice();
  const order = Array.from({ length: count }, (_, index) => index);
  // Ties on the whole key keep input order: the sort is stable.
  order.sort(compare);
  return order.map((index) => items[index]);
}

/**
 * Drops every event whose `event_id` was seen before: the first copy wins,
 * even when a later copy has a different payload.
 *
 * @param events Events of either contract, usually already sorted.
 * @returns The unique events, in their original order.
 *
 * @example
 * ```ts
 * import { dedupEvents } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const events = [{ event_id: "A", lamport_clock: 1 }, { event_id: "A", lamport_clock: 2 }] as never[];
 * assert.equal(dedupEvents(events).length, 1);
 * ```
 */
export function dedupEvents<E extends Event>(events: Iterable<E>): E[] {
  const seen = new Set<string>();
  const unique: E[] = [];
  for (const event of events) {
    if (seen.has(event.event_id)) continue;
    seen.add(event.event_id);
    unique.push(event);
  }
  return unique;
}
