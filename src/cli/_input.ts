// How the command line reads its input: a file or standard input, as a
// stream of lines, never the whole text as one string, with an optional
// progress line for inputs that take a while.
import { _withoutLeadingBom } from "../envelope/event_stream.ts";

/** One line of the input, numbered from 1 (blank lines keep their number). */
export interface _Line {
  readonly text: string;
  readonly number: number;
}

/**
 * Reads a byte stream as UTF-8 lines (`\n` or `\r\n`), in batches (one per
 * chunk read) so that a million lines cost a few hundred awaits, not a
 * million. Blank lines are skipped; the numbering still counts them. A byte
 * order mark at the start is dropped by the rule `parseEventStream` applies
 * (`_withoutLeadingBom`), not by the decoder, so that both read a log alike.
 */
export async function* _readLines(
  bytes: ReadableStream<Uint8Array>,
  onBytes?: (count: number) => void,
): AsyncGenerator<_Line[]> {
  const counted = onBytes === undefined ? bytes : bytes.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
  let rest = "";
  let number = 0;
  let atStart = true;
  // The cast: TypeScript's own DOM library (the npm build's) types the
  // decoder's input as ArrayBuffer-backed only, which Deno's does not.
  const decoded = counted.pipeThrough(
    new TextDecoderStream("utf-8", { ignoreBOM: true }) as TransformStream<
      Uint8Array,
      string
    >,
  );
  for await (const text of decoded) {
    // The decoder may hand out an empty first chunk; the mark is in the first text.
    const buffer = atStart ? _withoutLeadingBom(text) : rest + text;
    if (text !== "") atStart = false;
    const batch: _Line[] = [];
    let start = 0;
    let end = buffer.indexOf("\n");
    while (end !== -1) {
      number++;
      _collect(batch, buffer.slice(start, end), number);
      start = end + 1;
      end = buffer.indexOf("\n", start);
    }
    rest = buffer.slice(start);
    if (batch.length > 0) yield batch;
  }
  if (rest !== "") {
    const batch: _Line[] = [];
    _collect(batch, rest, number + 1);
    if (batch.length > 0) yield batch;
  }
}

function _collect(batch: _Line[], raw: string, number: number): void {
  const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (text.trim() !== "") batch.push({ text, number });
}

/** A progress line on stderr, drawn only for inputs that take a while. */
export class _Progress {
  readonly #write: (text: string) => void;
  readonly #enabled: boolean;
  readonly #clock: () => number;
  readonly #started: number;
  #shownAt = 0;
  #drawn = false;
  #bytes = 0;

  /**
   * @param write Writes to stderr.
   * @param enabled Only when stderr is a terminal.
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
    const megabytes = (this.#bytes / 1_048_576).toFixed(1);
    const rate = Math.round(events / (elapsed / 1000)).toLocaleString("en-US");
    this.#write(
      `\r\x1b[K${megabytes} MiB read, ${
        events.toLocaleString("en-US")
      } events, ${rate} events/s`,
    );
  }

  /** Erases the progress line, if it was drawn. */
  clear(): void {
    if (this.#drawn) this.#write("\r\x1b[K");
    this.#drawn = false;
  }
}
