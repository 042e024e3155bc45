// The out-of-order re-read: a log is folded as it is read, holding only the
// fold state, on the promise that its events come in sort order (an
// append-only log keeps it); when an event breaks the promise, the reducer
// throws `EventOutOfOrderError` and the log is read a second time without
// it, with the exact result. The library's `reduceEventStream`, the command
// line's reads and its reads by namespace all go through `rereadOutOfOrder`.

/**
 * What a reducer created with `assumeSorted` throws for an event that sorts
 * before the last one it folded.
 *
 * @example
 * ```ts
 * import { EventOutOfOrderError } from "./reread_out_of_order.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new EventOutOfOrderError("Cannot fold event") instanceof RangeError);
 * ```
 */
export class EventOutOfOrderError extends RangeError {
  /**
   * @param message What was out of order, and what to do.
   */
  constructor(message: string) {
    super(message);
    this.name = "RangeError";
  }
}

function _isOutOfOrder(error: unknown): boolean {
  return error instanceof EventOutOfOrderError;
}

/**
 * Runs `read(true)`, a read that assumes sort order; when it throws
 * `EventOutOfOrderError` (or its promise rejects with one), runs
 * `read(false)` and returns what that returns.
 *
 * @param read One read of the log; `assumeSorted` says which.
 * @returns What the read that finished returned (a promise when `read`
 * returns one).
 * @throws What a read throws, but for the first read's out-of-order error.
 *
 * @example
 * ```ts
 * import { EventOutOfOrderError, rereadOutOfOrder } from "./reread_out_of_order.ts";
 * import assert from "node:assert/strict";
 *
 * const result = rereadOutOfOrder((assumeSorted) => {
 *   if (assumeSorted) throw new EventOutOfOrderError("out of order");
 *   return "read again";
 * });
 * assert.equal(result, "read again");
 * ```
 */
export function rereadOutOfOrder<T>(read: (assumeSorted: boolean) => T): T {
  let first: T;
  try {
    first = read(true);
  } catch (error) {
    if (!_isOutOfOrder(error)) throw error;
    return read(false);
  }
  if (first instanceof Promise) {
    // T is this promise's type: the second read's promise takes its place.
    return first.catch((error: unknown) => {
      if (!_isOutOfOrder(error)) throw error;
      return read(false);
    }) as T;
  }
  return first;
}
