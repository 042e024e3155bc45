// How the command line reads its input: a file or standard input, as a
// stream of lines, never the whole text as one string, with an optional
// progress line for inputs that take a while. Input is bytes until proven
// text: every line is decoded as UTF-8 fatally, and a line that is not
// UTF-8 is reported as such (with its byte offset), never read with
// replacement characters.
import { withoutLeadingBom } from "../envelope/event_stream.ts";

/** One line of the input, numbered from 1 (blank lines keep their number). */
export interface _Line {
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
export function _invalidUtf8(
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
  const found = _invalidUtf8(bytes);
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
export async function* _readLines(
  bytes: ReadableStream<Uint8Array>,
  onBytes?: (count: number) => void,
): AsyncGenerator<_Line[]> {
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
  /** Adds the lines of a block (whole lines, the last one ended by a line feed unless `final`). */
  const decodeBlock = (
    batch: _Line[],
    block: Uint8Array,
    final: boolean,
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
      let from = 0;
      let end = text.indexOf("\n");
      while (end !== -1) {
        _collect(batch, text.slice(from, end), ++number);
        from = end + 1;
        end = text.indexOf("\n", from);
      }
      if (final && from < text.length) {
        _collect(batch, text.slice(from), ++number);
      }
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
    const batch: _Line[] = [];
    // The line begun in earlier chunks, joined (a line's worth of bytes);
    // the rest of the chunk's whole lines are decoded where they lie.
    const firstEnd = chunk.indexOf(_NEWLINE);
    decodeBlock(
      batch,
      _concat([...pending, chunk.subarray(0, firstEnd + 1)]),
      false,
    );
    if (last > firstEnd) {
      decodeBlock(batch, chunk.subarray(firstEnd + 1, last + 1), false);
    }
    pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    if (batch.length > 0) yield batch;
  }
  if (pending.length > 0) {
    const batch: _Line[] = [];
    decodeBlock(batch, _concat(pending), true);
    if (batch.length > 0) yield batch;
  }
}

function _collect(batch: _Line[], raw: string, number: number): void {
  const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (text.trim() !== "") batch.push({ text, number });
}

/** `3s`, `2m 05s`, `1h 02m`: a duration for the progress line. */
function _duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) {
    return `${minutes}m ${String(whole % 60).padStart(2, "0")}s`;
  }
  return `${Math.floor(minutes / 60)}h ${
    String(minutes % 60).padStart(2, "0")
  }m`;
}

/** A progress line on stderr, drawn only for inputs that take a while. */
export class _Progress {
  readonly #write: (text: string) => void;
  readonly #enabled: boolean;
  readonly #clock: () => number;
  #started: number;
  #shownAt = 0;
  #drawn = false;
  #bytes = 0;
  #total: number | null = null;

  /**
   * @param write Writes to stderr.
   * @param enabled Only when stderr is a terminal (and neither NO_COLOR nor CI is set).
   * @param clock Milliseconds, for tests.
   */
  constructor(
    write: (text: string) => void,
    enabled: boolean,
    clock: () => number = () => performance.now(),
  ) {
    this.#write = write;
    this.#enabled = enabled;
    this.#clock = clock;
    this.#started = clock();
  }

  /** The input's size in bytes, when known: the line then shows a percentage and the time left. */
  setTotal(bytes: number | null): void {
    this.#total = bytes !== null && bytes > 0 ? bytes : null;
  }

  /** Starts counting again, for an input read a second time. */
  restart(): void {
    this.clear();
    this.#bytes = 0;
    this.#started = this.#clock();
    this.#shownAt = 0;
  }

  /** Counts bytes read. */
  addBytes(count: number): void {
    this.#bytes += count;
  }

  /** Redraws at most four times a second, once the input took half a second. */
  update(events: number): void {
    if (!this.#enabled) return;
    const now = this.#clock();
    const elapsed = now - this.#started;
    if (elapsed < 500 || now - this.#shownAt < 250) return;
    this.#shownAt = now;
    this.#drawn = true;
    const mib = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    const rate = Math.round(events / (elapsed / 1000)).toLocaleString("en-US");
    const counted = `${events.toLocaleString("en-US")} events`;
    const total = this.#total;
    if (total === null) {
      this.#write(
        `\r\x1b[K${mib(this.#bytes)} MiB read, ${counted}, ${rate} events/s`,
      );
      return;
    }
    const read = Math.min(this.#bytes, total);
    const percent = Math.floor((read / total) * 100);
    const left = read === 0
      ? ""
      : `, ${_duration(((total - read) / read) * (elapsed / 1000))} left`;
    this.#write(
      `\r\x1b[K${percent}% (${mib(read)} of ${
        mib(total)
      } MiB), ${counted}, ${rate} events/s${left}`,
    );
  }

  /** Erases the progress line, if it was drawn. */
  clear(): void {
    if (this.#drawn) this.#write("\r\x1b[K");
    this.#drawn = false;
  }
}
