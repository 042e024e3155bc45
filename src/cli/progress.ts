// The progress line the command line draws on stderr while it reads an
// input that takes a while: bytes read, events, rate, and with the input's
// size a percentage and the time left; or, for a run over many items (the
// missions of `index`), how many are done.

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
export class Progress {
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

  /**
   * The milliseconds since the start when it is time to redraw (at most
   * four times a second, once the run took half a second), the line then
   * counted as drawn; `null` otherwise.
   */
  #due(): number | null {
    if (!this.#enabled) return null;
    const now = this.#clock();
    const elapsed = now - this.#started;
    if (elapsed < 500 || now - this.#shownAt < 250) return null;
    this.#shownAt = now;
    this.#drawn = true;
    return elapsed;
  }

  /** Redraws at most four times a second, once the input took half a second. */
  update(events: number): void {
    const elapsed = this.#due();
    if (elapsed === null) return;
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

  /**
   * Redraws `12 of 230 missions, 3s left` on the same terms as `update`.
   *
   * @param done The items done.
   * @param total The items in all.
   * @param noun What an item is, plural: `missions`.
   */
  updateItems(done: number, total: number, noun: string): void {
    const elapsed = this.#due();
    if (elapsed === null) return;
    const left = done === 0
      ? ""
      : `, ${_duration(((total - done) / done) * (elapsed / 1000))} left`;
    this.#write(`\r\x1b[K${done} of ${total} ${noun}${left}`);
  }

  /** Erases the progress line, if it was drawn. */
  clear(): void {
    if (this.#drawn) this.#write("\r\x1b[K");
    this.#drawn = false;
  }
}
