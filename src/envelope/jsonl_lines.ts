// JSONL line splitting, the one rule every reader of a log follows: lines
// end at `\n` (a `\r` before it stays in the line, for the reader to drop or
// for `JSON.parse` to skip), lines of white space only are skipped but keep
// their number, and nothing after the last `\n` is a line unless it holds
// something. The library's string readers, the command line's streaming
// reader (block by block) and the edge router's batches all split here.

/**
 * Calls `each` with every line of `text` that holds more than white space,
 * and its number.
 *
 * @param text JSONL text, or a block of a longer text that ends at a `\n`.
 * @param each Called with each line that holds something and its number.
 * @param firstNumber The number of the text's first line (default 1).
 * @returns The number of the text's last line (`firstNumber - 1` for an
 * empty text); a block's next line is numbered one more.
 * @throws What `each` throws; the splitting stops there.
 *
 * @example
 * ```ts
 * import { splitJsonlLines } from "./jsonl_lines.ts";
 * import assert from "node:assert/strict";
 *
 * const seen: [string, number][] = [];
 * const last = splitJsonlLines("{}\n\n {}\r\n", (line, number) => seen.push([line, number]));
 * assert.deepEqual(seen, [["{}", 1], [" {}\r", 3]]);
 * assert.equal(last, 3);
 * ```
 */
export function splitJsonlLines(
  text: string,
  each: (line: string, number: number) => void,
  firstNumber: number = 1,
): number {
  let number = firstNumber - 1;
  let start = 0;
  let end = text.indexOf("\n");
  while (end !== -1) {
    number++;
    const line = text.slice(start, end);
    if (line.trim() !== "") each(line, number);
    start = end + 1;
    end = text.indexOf("\n", start);
  }
  if (start < text.length) {
    number++;
    const line = text.slice(start);
    if (line.trim() !== "") each(line, number);
  }
  return number;
}
