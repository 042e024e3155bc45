// The line number of each event the command line folds, by its index: what a
// report and an error name. One number per event would be 8 MB at a million
// events; but an event's line is its index plus the blank lines before it,
// so only the events where that offset changes (after a blank line) are
// kept, and a lookup is a binary search over them.

import type { LineLookup } from "../parity/parity_report.ts";

/** The line numbers of the events, in the order they were folded. */
export class LineNumbers implements LineLookup {
  /** The index of the first event of each run of events on consecutive lines. */
  readonly #starts: number[] = [];
  /** The line of each run's first event, minus its index. */
  readonly #offsets: number[] = [];
  #count = 0;

  /** How many events have a line. */
  get length(): number {
    return this.#count;
  }

  /** Records the line of the next event; lines must rise. */
  push(line: number): void {
    const offset = line - this.#count;
    const last = this.#offsets.length - 1;
    if (last < 0 || this.#offsets[last] !== offset) {
      this.#starts.push(this.#count);
      this.#offsets.push(offset);
    }
    this.#count++;
  }

  /** The line of the event at `index`; `undefined` past the end. */
  at(index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) {
      return undefined;
    }
    const starts = this.#starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return index + this.#offsets[low];
  }
}
