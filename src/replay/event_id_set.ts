// The set of event ids a replay has seen (docs/contract.md, "The reducer", step 3), built for a
// million ids: `parseEvent` normalizes every id to an uppercase ULID or a
// lowercase hyphenated UUID, and each of those spellings is 128 bits. They
// are kept as four 32-bit words in open-addressed typed arrays (16 bytes an
// id, no string kept alive, nothing for the collector to trace), not as
// strings in a `Set` (a string and a table entry an id, rehashed as it
// grows). Any other string, which only an envelope not made by `parseEvent`
// holds, goes to a plain `Set`. A spelling maps to one set and one key only,
// so two ids are the same exactly when their strings are.

/** The value of each character code of `digits`, in order; -1 for any other. */
function _digitValues(digits: string): Int8Array {
  const values = new Int8Array(128).fill(-1);
  for (let index = 0; index < digits.length; index++) {
    values[digits.charCodeAt(index)] = index;
  }
  return values;
}

/** Crockford base32, uppercase: what a normalized ULID is written in. */
const _BASE32 = _digitValues("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
/** Lowercase hex: what a normalized UUID is written in. */
const _HEX = _digitValues("0123456789abcdef");

/** A set of 128-bit keys, four words each; the key being read is in `#key`. */
class _KeySet {
  #capacity = 1 << 10;
  #size = 0;
  #words = new Int32Array(this.#capacity * 4);
  #used = new Uint8Array(this.#capacity);
  /** The key to add, as `EventIdSet` read it. */
  readonly key: Int32Array = new Int32Array(4);

  /** Adds the key in `key`; false when it was there already. */
  add(): boolean {
    const key = this.key;
    if (this.#insert(key[0], key[1], key[2], key[3])) {
      if (++this.#size * 2 > this.#capacity) this.#grow();
      return true;
    }
    return false;
  }

  #insert(a: number, b: number, c: number, d: number): boolean {
    const mask = this.#capacity - 1;
    const words = this.#words;
    const used = this.#used;
    let hash = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca77) ^
      Math.imul(c ^ Math.imul(d, 0xc2b2ae3d), 0x27d4eb2f);
    hash ^= hash >>> 15;
    let slot = hash & mask;
    while (used[slot] === 1) {
      const at = slot * 4;
      if (
        words[at] === a && words[at + 1] === b && words[at + 2] === c &&
        words[at + 3] === d
      ) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = 1;
    const at = slot * 4;
    words[at] = a;
    words[at + 1] = b;
    words[at + 2] = c;
    words[at + 3] = d;
    return true;
  }

  #grow(): void {
    const words = this.#words;
    const used = this.#used;
    const capacity = this.#capacity;
    this.#capacity = capacity * 2;
    this.#words = new Int32Array(this.#capacity * 4);
    this.#used = new Uint8Array(this.#capacity);
    for (let slot = 0; slot < capacity; slot++) {
      if (used[slot] === 0) continue;
      const at = slot * 4;
      this.#insert(words[at], words[at + 1], words[at + 2], words[at + 3]);
    }
  }
}

/** The event ids seen so far (see the module comment). */
export class EventIdSet {
  readonly #ulids = new _KeySet();
  readonly #uuids = new _KeySet();
  readonly #others = new Set<string>();

  /** Adds an id; false when it was seen before. */
  add(id: string): boolean {
    if (id.length === 26 && this.#readUlid(id)) return this.#ulids.add();
    if (id.length === 36 && this.#readUuid(id)) return this.#uuids.add();
    if (this.#others.has(id)) return false;
    this.#others.add(id);
    return true;
  }

  /**
   * Reads an uppercase ULID whose first character is 0–7 (3 + 25 × 5 =
   * 128 bits) into the ULID set's key; false for any other text.
   */
  #readUlid(id: string): boolean {
    const first = id.charCodeAt(0);
    if (first < 0x30 || first > 0x37) return false;
    let a = 0;
    let b = 0;
    let c = 0;
    let d = first - 0x30;
    for (let index = 1; index < 26; index++) {
      const code = id.charCodeAt(index);
      const value = code < 128 ? _BASE32[code] : -1;
      if (value < 0) return false;
      a = (a << 5) | (b >>> 27);
      b = (b << 5) | (c >>> 27);
      c = (c << 5) | (d >>> 27);
      d = (d << 5) | value;
    }
    const key = this.#ulids.key;
    key[0] = a;
    key[1] = b;
    key[2] = c;
    key[3] = d;
    return true;
  }

  /** Reads a lowercase hyphenated UUID into the UUID set's key; false for any other text. */
  #readUuid(id: string): boolean {
    const key = this.#uuids.key;
    let word = 0;
    let digits = 0;
    for (let index = 0; index < 36; index++) {
      const code = id.charCodeAt(index);
      if (index === 8 || index === 13 || index === 18 || index === 23) {
        if (code !== 0x2d) return false;
        continue;
      }
      const value = code < 128 ? _HEX[code] : -1;
      if (value < 0) return false;
      word = (word << 4) | value;
      if (++digits % 8 === 0) key[digits / 8 - 1] = word;
    }
    return true;
  }
}
