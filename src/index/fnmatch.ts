// Python's `fnmatch.fnmatch` on POSIX (3.11), which the CLI matches
// manifest patterns with: a full, case-sensitive match in which `*` also
// crosses `/`, `?` is one code point, `[seq]`/`[!seq]` are classes and an
// unclosed `[` is a literal. The translation follows `fnmatch.translate`,
// down to its ranges (an empty range such as `z-a` drops out, a class left
// empty matches nothing).

const _cache = new Map<string, RegExp>();

/** One code point, escaped for a `u`-mode regular expression. */
function _literal(codePoint: number): string {
  return `\\u{${codePoint.toString(16)}}`;
}

/** The code points of a text. */
function _codePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0)!);
}

/**
 * The class for the text between `[` and `]` (without a leading `!`), as
 * Python splits it: hyphens that follow a first character mark ranges
 * between the chunks they separate.
 */
function _classBody(stuff: number[]): string | null {
  const hyphen = 0x2d;
  if (!stuff.includes(hyphen)) {
    return stuff.map(_literal).join("");
  }
  const chunks: number[][] = [];
  let start = 0;
  let search = 1;
  for (;;) {
    const next = stuff.indexOf(hyphen, search);
    if (next < 0) break;
    chunks.push(stuff.slice(start, next));
    start = next + 1;
    search = next + 3;
  }
  const last = stuff.slice(start);
  if (last.length > 0) chunks.push(last);
  else chunks[chunks.length - 1] = [...chunks[chunks.length - 1], hyphen];
  // A range whose start is above its end is empty: Python drops it.
  for (let k = chunks.length - 1; k > 0; k--) {
    const before = chunks[k - 1];
    if (before[before.length - 1] > chunks[k][0]) {
      chunks[k - 1] = [...before.slice(0, -1), ...chunks[k].slice(1)];
      chunks.splice(k, 1);
    }
  }
  let body = "";
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0) body += "-";
    body += chunk.map(_literal).join("");
  }
  return body === "" ? null : body;
}

/** The regular expression of a pattern, as `fnmatch.translate` builds it. */
function _translate(pattern: string): RegExp {
  const chars = _codePoints(pattern);
  let source = "";
  let i = 0;
  while (i < chars.length) {
    const c = chars[i++];
    if (c === 0x2a /* * */) {
      if (!source.endsWith(".*")) source += ".*";
    } else if (c === 0x3f /* ? */) {
      source += ".";
    } else if (c === 0x5b /* [ */) {
      let j = i;
      if (j < chars.length && chars[j] === 0x21 /* ! */) j++;
      if (j < chars.length && chars[j] === 0x5d /* ] */) j++;
      while (j < chars.length && chars[j] !== 0x5d) j++;
      if (j >= chars.length) {
        source += _literal(c);
        continue;
      }
      const negated = chars[i] === 0x21;
      const stuff = chars.slice(negated ? i + 1 : i, j);
      i = j + 1;
      const body = _classBody(stuff);
      if (body === null) source += negated ? "." : "(?!)";
      else source += negated ? `[^${body}]` : `[${body}]`;
    } else {
      source += _literal(c);
    }
  }
  return new RegExp(`^(?:${source})$`, "su");
}

/** Whether `name` matches `pattern` as Python's `fnmatch.fnmatch` decides on POSIX. */
export function fnmatchCase(name: string, pattern: string): boolean {
  let regex = _cache.get(pattern);
  if (regex === undefined) {
    regex = _translate(pattern);
    _cache.set(pattern, regex);
  }
  return regex.test(name);
}
