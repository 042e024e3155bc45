import { describeValue } from "../contract/field_issue.ts";

const _EXCLUDED_LETTERS = /[ILOU]/i;
const _HYPHENATED_UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const _BARE_UUID = /^[0-9a-f]{32}$/i;
const _SURROGATE = /[\uD800-\uDFFF]/;

/**
 * JSON Schema pattern of every accepted event id spelling; `\u017F` (ſ) and
 * `\u212A` (K) are the two letters the reference's case-insensitive match
 * lets into a ULID.
 */
export const EVENT_ID_PATTERN =
  "^(?:[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z\\u017F\\u212A]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$";

/** Length in characters (code points), as the reference counts it. */
function _characterCount(text: string): number {
  if (!_SURROGATE.test(text)) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Hyphenates 32 hex digits as 8-4-4-4-12, lowercased. */
export function hyphenateUuid(hex: string): string {
  const lower = hex.toLowerCase();
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${
    lower.slice(16, 20)
  }-${lower.slice(20)}`;
}

/**
 * Normalizes an event id, throwing a `TypeError` whose message says what the
 * value must be (the caller adds which value and where).
 */
export function normalizeEventIdOrThrow(value: string): string {
  // A log repeats its correlation and causation ids line after line.
  if (value === _last.input) return _last.output;
  const output = _normalize(value);
  _last.input = value;
  _last.output = output;
  return output;
}

const _last = { input: "", output: "" };

/**
 * 1 for an uppercase Crockford base32 character, 2 for a lowercase one, 0
 * otherwise (I, L, O and U are not in the alphabet).
 */
const _CROCKFORD_CODES: Uint8Array = (() => {
  const codes = new Uint8Array(128);
  for (const char of "0123456789ABCDEFGHJKMNPQRSTVWXYZ") {
    codes[char.charCodeAt(0)] = 1;
    codes[char.toLowerCase().charCodeAt(0)] = char >= "A" ? 2 : 1;
  }
  return codes;
})();

/** U+017F LATIN SMALL LETTER LONG S, which uppercases to S. */
const _LONG_S = 0x17f;
/** U+212A KELVIN SIGN, an uppercase letter whose lowercase is k. */
const _KELVIN = 0x212a;

/**
 * The ULID uppercased, or `null` when a character is not Crockford base32.
 * The reference matches case-insensitively with Unicode's rules, so `ſ` and
 * `K` count as S and K too; `toUpperCase()` turns `ſ` into S and keeps `K`,
 * as Python's `str.upper()` does.
 */
function _upperUlid(value: string): string | null {
  let lowercase = false;
  for (let index = 0; index < 26; index++) {
    const char = value.charCodeAt(index);
    const code = _CROCKFORD_CODES[char];
    if (code === 1) continue;
    if (code === 2 || char === _LONG_S) lowercase = true;
    else if (char !== _KELVIN) return null;
  }
  return lowercase ? value.toUpperCase() : value;
}

function _normalize(value: string): string {
  // Most ids are ULIDs: 26 code units of the alphabet are 26 characters.
  if (value.length === 26) {
    const ulid = _upperUlid(value);
    if (ulid !== null) return ulid;
  }
  const length = _characterCount(value);
  if (length === 26) {
    const excluded = _EXCLUDED_LETTERS.exec(value);
    throw new TypeError(
      excluded
        ? `must be a ULID in Crockford base32, which has no I, L, O or U (found "${
          excluded[0]
        }")`
        : "must be a ULID in Crockford base32 (digits and the letters A–Z except I, L, O, U)",
    );
  }
  if (length === 36) {
    if (_HYPHENATED_UUID.test(value)) return value.toLowerCase();
    throw new TypeError(
      "must be a hyphenated UUID (8-4-4-4-12 hexadecimal digits) when 36 characters long",
    );
  }
  if (length === 32) {
    if (_BARE_UUID.test(value)) return hyphenateUuid(value);
    throw new TypeError(
      "must be 32 hexadecimal digits (a UUID without hyphens) when 32 characters long",
    );
  }
  throw new TypeError(
    `must be a 26-character ULID, a 36-character hyphenated UUID or a 32-character hex UUID, not ${length} characters long`,
  );
}

/**
 * Normalizes an event id (`event_id`, `causation_id`, `correlation_id`) the
 * way the reference does: a 26-character ULID is uppercased, a hyphenated
 * UUID is lowercased, 32 hex digits become a lowercased hyphenated UUID. A
 * ULID is Crockford base32 in either case, matched with Unicode's case rules
 * as the reference matches it, so `ſ` (U+017F, uppercased to S) and `K`
 * (U+212A, the Kelvin sign, kept) count as letters of it.
 *
 * @param value The id as received.
 * @returns The normalized id.
 * @throws {TypeError} When the value is not a string, or not one of the three
 * accepted forms (the message names the forms and the length received).
 *
 * @example Normalize each accepted form
 * ```ts
 * import { normalizeEventId } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(normalizeEventId("01hv7ka8tq3r0w2m9x6c4b5n1p"), "01HV7KA8TQ3R0W2M9X6C4B5N1P");
 * // ſ (U+017F) counts as an s, as in the reference.
 * assert.equal(normalizeEventId("01hv7ka8tq3r0w2m9x6c4b5n\u017F1"), "01HV7KA8TQ3R0W2M9X6C4B5NS1");
 * assert.equal(
 *   normalizeEventId("0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2"),
 *   "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2",
 * );
 * assert.throws(() => normalizeEventId("01HV7KA8TQ3R0W2M9X6C4B5NIL"), /no I, L, O or U/);
 * ```
 */
export function normalizeEventId(value: string): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot normalize event id: value must be a string: received ${
        describeValue(value)
      }`,
    );
  }
  try {
    return normalizeEventIdOrThrow(value);
  } catch (error) {
    throw new TypeError(
      `Cannot normalize event id: value ${(error as Error).message}: received ${
        describeValue(value)
      }`,
    );
  }
}
