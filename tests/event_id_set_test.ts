// The compact set of event ids against a plain Set of strings: the same
// answer for every id, canonical ULIDs and UUIDs (kept as 128-bit keys) and
// near misses of them (kept as strings) mixed, through several growths.
import assert from "node:assert/strict";
import fc from "fast-check";
import { EventIdSet } from "../src/replay/event_id_set.ts";

const ulid = fc.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
const uuid = fc.uuid();
const nearMiss = fc.oneof(
  fc.stringMatching(/^[89A-Z][0-9A-HJKMNP-TV-Z]{25}$/),
  ulid.map((id) => id.toLowerCase()),
  ulid.map((id) => `${id.slice(0, 25)}I`),
  ulid.map((id) => `${id.slice(0, 25)}\u212A`),
  uuid.map((id) => id.toUpperCase()),
  uuid.map((id) => id.replaceAll("-", "")),
  uuid.map((id) => `${id.slice(0, 8)}_${id.slice(9)}`),
  uuid.map((id) => `${id.slice(0, 35)}g`),
  fc.string({ maxLength: 40 }),
);

Deno.test("EventIdSet answers as a Set of strings does", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(ulid, uuid, nearMiss), { maxLength: 300 }),
      (fresh) => {
        // Every id twice, the copies in another order.
        const ids = [...fresh, ...[...fresh].reverse()];
        const set = new EventIdSet();
        const expected = new Set<string>();
        for (const id of ids) {
          const isNew = !expected.has(id);
          expected.add(id);
          assert.equal(set.add(id), isNew, id);
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("EventIdSet keeps a million ids apart", () => {
  const set = new EventIdSet();
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const id = (n: number) => {
    let text = "";
    for (let i = 0, rest = n; i < 26; i++, rest = Math.floor(rest / 32)) {
      text = alphabet[rest % 32] + text;
    }
    return text;
  };
  for (let n = 0; n < 1_000_000; n++) assert.ok(set.add(id(n)));
  for (let n = 0; n < 1_000_000; n += 997) assert.equal(set.add(id(n)), false);
  // The all-zero key is an id like any other.
  assert.equal(set.add("00000000-0000-0000-0000-000000000000"), true);
  assert.equal(set.add("00000000-0000-0000-0000-000000000000"), false);
});
