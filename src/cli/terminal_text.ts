// What the command line does to text from its input before a terminal sees
// it: control characters (C0, DEL, C1), the invisible marks that reorder
// or break a line (bidi controls, line and paragraph separators) and
// unpaired surrogates become `\u001b`-style escapes, so that a log line can
// neither set the terminal's title nor move its cursor; long values are
// cut with a marker. Our own colours are the only escape sequences written.

/** Characters a terminal may act on, or that reorder what it shows. */
const _UNSAFE =
  // deno-lint-ignore no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same, a line feed included: for a value shown inside a line. */
const _UNSAFE_IN_VALUE =
  // deno-lint-ignore no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The colour sequences `createStyle` writes, and nothing else. */
// deno-lint-ignore no-control-regex -- an escape sequence starts with one
const _SGR = /^\x1b\[\d{1,2}m/;

function _escape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Escapes what a terminal could act on in text about to be written; line
 * feeds stay. With `colour`, the SGR sequences our styles write stay too
 * (text from the input reaches here already escaped by `shown`).
 */
export function safeForTerminal(text: string, colour: boolean): string {
  return text.replace(
    _UNSAFE,
    (character, offset: number) =>
      colour && character === "\x1b" &&
        _SGR.test(text.slice(offset, offset + 5))
        ? character
        : _escape(character),
  );
}

/** The longest value shown whole, in characters. */
export const MAX_SHOWN = 120;

/**
 * A value from the input as it may be shown inside a line: every control
 * character (a line feed too) escaped, and cut after `max` characters with
 * a marker that says how long it was: `abc…(+1,000 characters)`.
 */
export function shown(value: string, max: number = MAX_SHOWN): string {
  const cut = value.length > max;
  // Never cut a surrogate pair in two.
  let end = max;
  if (cut && /[\ud800-\udbff]/.test(value[end - 1])) end--;
  const head = (cut ? value.slice(0, end) : value).replace(
    _UNSAFE_IN_VALUE,
    _escape,
  );
  return cut
    ? `${head}…(+${(value.length - end).toLocaleString("en-US")} characters)`
    : head;
}

/** Characters that JSON.stringify leaves as they are but a terminal may act on. */
const _UNSAFE_IN_JSON =
  /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `JSON.stringify`, with DEL, C1 controls and invisible reordering marks
 * written as `\u` escapes too: the same JSON value, safe on a terminal.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(_UNSAFE_IN_JSON, _escape);
}
