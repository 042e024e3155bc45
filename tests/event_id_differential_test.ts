// normalizeEventId reads ULIDs through a lookup table and remembers the last
// id it saw. This test holds it to the rules of docs/contract.md, "The event envelope" written as
// regular expressions, on generated ids and near misses, in runs that repeat
// ids so that the remembered one is exercised too.
import assert from "node:assert/strict";
import fc from "fast-check";
import { normalizeEventId } from "../mod.ts";

function oracle(id: string): string {
  const length = [...id].length;
  // With the `u` flag, `i` folds case by Unicode's rules, as the reference's
  // Python does: ſ matches S and the Kelvin sign K matches K.
  if (length === 26 && /^[0-9A-HJKMNP-TV-Z]{26}$/iu.test(id)) {
    return id.toUpperCase();
  }
  if (
    length === 36 && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(id)
  ) {
    return id.toLowerCase();
  }
  if (length === 32 && /^[0-9a-f]{32}$/i.test(id)) {
    const hex = id.toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${
      hex.slice(16, 20)
    }-${hex.slice(20)}`;
  }
  return "TypeError";
}

function actual(id: string): string {
  try {
    return normalizeEventId(id);
  } catch (error) {
    return (error as Error).name;
  }
}

const alphabet =
  "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyzILOUilou-_ é😀\u017F\u212A\u0131";
const id = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      ..."0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz\u017F\u212A",
    ),
    minLength: 26,
    maxLength: 26,
  }),
  fc.string({
    unit: fc.constantFrom(...alphabet),
    minLength: 24,
    maxLength: 27,
  }),
  fc.string({
    unit: fc.constantFrom(..."0123456789abcdefABCDEFg-"),
    minLength: 31,
    maxLength: 37,
  }),
  fc.uuid().map((uuid) => uuid.toUpperCase()),
  fc.uuid().map((uuid) => uuid.replaceAll("-", "")),
);

Deno.test('normalizeEventId() agrees with the regular-expression rules of docs/contract.md, "The event envelope"', () => {
  fc.assert(
    fc.property(fc.array(id, { minLength: 1, maxLength: 6 }), (ids) => {
      // Each id twice in a row, then the list again: the memory of the last
      // id must never leak into the next answer.
      for (const value of [...ids.flatMap((x) => [x, x]), ...ids]) {
        assert.equal(actual(value), oracle(value), value);
      }
    }),
    { numRuns: 5_000 },
  );
});
