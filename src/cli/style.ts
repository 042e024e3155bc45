// The command line's colours (only on a terminal, never with NO_COLOR) and
// its table layout: what every readable output is drawn with.

/** Colour functions; each returns its text unchanged when colour is off. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

/** ANSI colours when `enabled`, plain text otherwise. */
export function createStyle(enabled: boolean): Style {
  const sgr = (open: number, close: number) => (text: string): string =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
  };
}

/** Shortens a hash for a table: the algorithm prefix kept, 12 hex digits. */
export function shortHash(hash: string): string {
  const colon = hash.indexOf(":");
  const prefix = colon === -1 ? "" : hash.slice(0, colon + 1);
  const digits = colon === -1 ? hash : hash.slice(colon + 1);
  return digits.length > 12 ? `${prefix}${digits.slice(0, 12)}…` : hash;
}

/** Lays rows out in columns, the last one unpadded. */
export function tableLines(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => [...row[column]].length))
  );
  return rows.map((row) =>
    "  " +
    row.map((cell, column) =>
      column === row.length - 1
        ? cell
        : cell + " ".repeat(widths[column] - [...cell].length)
    ).join("  ")
  );
}

/** Colours a parity status: green clean, red drifted, yellow unknown. */
export function statusWord(status: string, style: Style): string {
  const word = style.bold(status);
  return status === "clean"
    ? style.green(word)
    : status === "drifted"
    ? style.red(word)
    : style.yellow(word);
}
