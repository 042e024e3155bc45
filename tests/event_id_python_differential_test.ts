// normalizeEventId() against the reference's own rules, run by Python
// itself (tests/_reference_oracle.py): a 26-character id must match Crockford
// base32 under re.IGNORECASE, whose Unicode case rules let `ſ` (U+017F) and
// `K` (U+212A) through, and is then uppercased with str.upper(); UUIDs are
// matched the same way and lowercased. Every code point of planes 0 and 1
// (lone surrogates included; every cased letter of Unicode is there) and
// every 64th beyond is tried in a ULID (one position each, all positions
// covered), every code point of the Basic Multilingual Plane in a hyphenated
// and in a bare UUID, and generated ids and near misses from a fixed seed;
// each must get the same id, or the same refusal, from both.
import assert from "node:assert/strict";
import fc from "fast-check";
import { normalizeEventId } from "../mod.ts";
import { askReference, skipWithoutOracle } from "./_reference_oracle.ts";

const NAME =
  "normalizeEventId() agrees with Python's re and str.upper() on every letter of Unicode and on generated ids";

const SEED = Number(Deno.env.get("DIFFERENTIAL_SEED") ?? "") || 20260221;

const ULID = "01HV7KA8TQ3R0W2M9X6C4B5N1P";
const UUID = "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2";
const BARE = UUID.replaceAll("-", "");

/** `template` with the character at `index` (counted in code points) replaced. */
function withCharacter(template: string, index: number, char: string): string {
  return template.slice(0, index) + char + template.slice(index + 1);
}

function everyCodePoint(limit: number, step = 1): string[] {
  const chars: string[] = [];
  for (let code = 0; code < limit; code += step) {
    chars.push(String.fromCodePoint(code));
  }
  return chars;
}

// Planes 0 and 1, then every 64th code point of the planes beyond.
const UNICODE = [
  ...everyCodePoint(0x20000),
  ...everyCodePoint(0x110000, 64).slice(0x20000 / 64),
];

const SWEEPS: Readonly<Record<string, readonly string[]>> = {
  "planes 0 and 1 (every 64th code point beyond) in a ULID": UNICODE.map((
    char,
    index,
  ) => withCharacter(ULID, index % 26, char)),
  "every BMP code point in a hyphenated UUID": everyCodePoint(0x10000).map(
    (char, code) => withCharacter(UUID, [0, 9, 14, 19, 24, 35][code % 6], char),
  ),
  "every BMP code point in a bare UUID": everyCodePoint(0x10000).map((
    char,
    code,
  ) => withCharacter(BARE, code % 32, char)),
};

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyz";
const generated = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...crockford, "\u017F", "\u212A"),
    minLength: 26,
    maxLength: 26,
  }),
  fc.string({
    unit: fc.constantFrom(
      ...crockford,
      ..."ILOUilouſKıİ-_ é😀\n",
      "\u017F",
      "\u212A",
      "\uD800",
    ),
    minLength: 24,
    maxLength: 28,
  }),
  fc.string({
    unit: fc.constantFrom(..."0123456789abcdefABCDEFgG-\u212A"),
    minLength: 30,
    maxLength: 38,
  }),
  fc.uuid().map((uuid) => uuid.toUpperCase()),
  fc.uuid().map((uuid) => uuid.replaceAll("-", "")),
  fc.string({ unit: "binary", minLength: 24, maxLength: 38 }),
);

/** What normalizeEventId makes of an id: the normalized id, or null when it refuses it. */
function ours(id: string): string | null {
  try {
    return normalizeEventId(id);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

Deno.test({
  name: NAME,
  ignore: skipWithoutOracle(NAME),
  async fn() {
    const categories: Record<string, readonly string[]> = {
      ...SWEEPS,
      "generated ids and near misses": fc.sample(generated, {
        numRuns: 20_000,
        seed: SEED,
      }),
    };
    const ids = Object.values(categories).flat();
    const answers = await askReference<string | null>("event_ids", ids);
    let index = 0;
    const disagreements: string[] = [];
    const counts: string[] = [];
    for (const [category, inputs] of Object.entries(categories)) {
      let accepted = 0;
      for (const id of inputs) {
        const reference = answers[index++];
        if (reference !== null) accepted++;
        const mine = ours(id);
        if (mine !== reference) {
          disagreements.push(
            `${category}: ${JSON.stringify(id)}: Python ${
              JSON.stringify(reference)
            }, normalizeEventId ${JSON.stringify(mine)}`,
          );
        }
      }
      counts.push(`${category} ${inputs.length} (${accepted} accepted)`);
      assert.ok(accepted > 0 && accepted < inputs.length, counts.at(-1));
    }
    console.log(`${ids.length} ids against Python: ${counts.join(", ")}`);
    assert.deepEqual(
      disagreements.slice(0, 25),
      [],
      `${disagreements.length} disagreements with Python`,
    );
  },
});
