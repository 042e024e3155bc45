// How the command line reads its input: a file or standard input, as a
// stream of lines, never the whole text as one string, with an optional
// progress line for inputs that take a while. Input is bytes until proven
// text: every line is decoded as UTF-8 fatally, and a line that is not
// UTF-8 is reported as such (with its byte offset), never read with
// replacement characters. The progress line is in `progress.ts`.
import { withoutLeadingBom } from "../envelope/event_stream.ts";
import { splitJsonlLines } from "../envelope/jsonl_lines.ts";

/** One line of the input, numbered from 1 (blank lines keep their number). */
export interface InputLine {
  /** The line's text, without its line ending; `""` when `invalid` is set. */
  readonly text: string;
  readonly number: number;
  /**
   * What was received instead of UTF-8, when the line's bytes are not:
   * `received the byte 0xFF at byte offset 3 of the line (offset 120 in the
   * input)`.
   */
  readonly invalid?: string;
}

const _NEWLINE = 0x0a;
const _BOM = [0xef, 0xbb, 0xbf];

/**
 * The offset and length of the first ill-formed UTF-8 sequence in `bytes`
 * (the WHATWG decoder's rules: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no cut sequence), or `null` when the bytes are UTF-8.
 */
export function invalidUtf8(
  bytes: Uint8Array,
): { offset: number; length: number } | null {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index];
    if (lead < 0x80) {
      index++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return { offset: index, length: 1 };
    for (let k = 1; k <= need; k++) {
      const byte = bytes[index + k];
      const ok = byte !== undefined &&
        (k === 1 ? byte >= low && byte <= high : byte >= 0x80 && byte <= 0xbf);
      if (!ok) return { offset: index, length: k };
    }
    index += need + 1;
  }
  return null;
}

function _hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** Why a line's bytes are not text, or `null` when they are UTF-8. */
function _utf8Problem(bytes: Uint8Array, lineStart: number): string | null {
  const found = invalidUtf8(bytes);
  if (found === null) return null;
  const shown = [...bytes.subarray(found.offset, found.offset + found.length)]
    .map(_hex).join(" ");
  const what = found.length === 1 ? `the byte ${shown}` : `the bytes ${shown}`;
  const cut = found.offset + found.length === bytes.length && found.length > 1
    ? " cut short by the end of the line"
    : "";
  return `received ${what}${cut} at byte offset ${found.offset} of the line (offset ${
    (lineStart + found.offset).toLocaleString("en-US")
  } in the input)`;
}

/** Joins byte chunks into one array (one copy). */
function _concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}

/**
 * Reads a byte stream as UTF-8 lines (`\n` or `\r\n`), in batches (one per
 * chunk read) so that a million lines cost a few hundred awaits, not a
 * million. Blank lines are skipped; the numbering still counts them. A
 * byte order mark at the start is dropped by the rule `parseEventStream`
 * applies (`withoutLeadingBom`), so that both read a log alike. A line
 * whose bytes are not UTF-8 comes with `invalid` (and no text); the other
 * lines are unaffected.
 */
export async function* readLines(
  bytes: ReadableStream<Uint8Array>,
  onBytes?: (count: number) => void,
): AsyncGenerator<InputLine[]> {
  // The decoders keep every U+FEFF (ignoreBOM); one at the very start of
  // the input is dropped from the first block's text by withoutLeadingBom.
  const decoder = {
    lossy: new TextDecoder("utf-8", { ignoreBOM: true }),
    fatal: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }),
  };
  // The bytes after the last line feed read, as parts of the chunks (no copy).
  let pending: Uint8Array[] = [];
  let offset = 0; // of the next byte to decode, in the input
  let number = 0;
  let first = true;
  /** Adds the lines of a block (whole lines, the last one ended by a line feed unless it is the last block). */
  const decodeBlock = (
    batch: InputLine[],
    block: Uint8Array,
  ): void => {
    const opening = first;
    first = false;
    // The replacing decoder is several times faster than the fatal one, and
    // without a U+FFFD in its text the bytes were UTF-8; with one (an error,
    // or a U+FFFD the input holds), the fatal decoder decides.
    let text: string | null = decoder.lossy.decode(block);
    if (text.includes("\ufffd")) {
      try {
        text = decoder.fatal.decode(block);
      } catch {
        // Some line of the block is not UTF-8: find which, line by line.
        text = null;
      }
    }
    if (text !== null && opening) text = withoutLeadingBom(text);
    if (text !== null) {
      // A block that is not final ends at a line feed: nothing follows it.
      number = splitJsonlLines(
        text,
        (line, lineNumber) => _collect(batch, line, lineNumber),
        number + 1,
      );
    } else {
      // The same rule as withoutLeadingBom, on the bytes: U+FEFF in UTF-8.
      let start = opening && _BOM.every((byte, index) => block[index] === byte)
        ? 3
        : 0;
      while (start < block.length) {
        let end = block.indexOf(_NEWLINE, start);
        if (end === -1) end = block.length;
        const line = block.subarray(start, end);
        number++;
        const invalid = _utf8Problem(line, offset + start);
        if (invalid !== null) batch.push({ text: "", number, invalid });
        else _collect(batch, decoder.fatal.decode(line), number);
        start = end + 1;
      }
    }
    offset += block.length;
  };
  for await (const chunk of bytes) {
    onBytes?.(chunk.byteLength);
    const last = chunk.lastIndexOf(_NEWLINE);
    if (last === -1) {
      if (chunk.length > 0) pending.push(chunk);
      continue;
    }
    const batch: InputLine[] = [];
    // The line begun in earlier chunks, joined (a line's worth of bytes);
    // the rest of the chunk's whole lines are decoded where they lie.
    const firstEnd = chunk.indexOf(_NEWLINE);
    decodeBlock(
      batch,
      _concat([...pending, chunk.subarray(0, firstEnd + 1)]),
    );
    if (last > firstEnd) {
      decodeBlock(batch, chunk.subarray(firstEnd + 1, last + 1));
    }
    pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    if (batch.length > 0) yield batch;
  }
  if (pending.length > 0) {
    const batch: InputLine[] = [];
    decodeBlock(batch, _concat(pending));
    if (batch.length > 0) yield batch;
  }
}

function _collect(batch: InputLine[], raw: string, number: number): void {
  const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (text.trim() !== "") batch.push({ text, number });
}
