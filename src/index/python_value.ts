/**
 * The values a work package's frontmatter holds once ruamel.yaml has built
 * them, as the CLI's Python sees them: the subset of Python's types that the
 * projection, the schema and `json.dumps` distinguish.
 *
 * - `null`, `boolean`, `string`: `None`, `bool`, `str`;
 * - `bigint`: `int`, exact at any size;
 * - {@linkcode PyFloat}: `float` (kept apart from `int`: `1.0` is not `1`);
 * - {@linkcode PyTemporal}: `datetime.date` / `datetime.datetime`, carried
 *   as their `str()` text, the only form the CLI ever writes them in;
 * - `Uint8Array`: `bytes` (a `!!binary` scalar);
 * - arrays: `list`; {@linkcode PyDict}: `dict`, in insertion order.
 *
 * @module
 */

/** A Python `float`. */
export class PyFloat {
  /** The float's value. */
  readonly value: number;
  /**
   * @param value The float's value.
   */
  constructor(value: number) {
    this.value = value;
  }
}

/** The fields of a {@linkcode PyTemporal}. */
export interface PyTemporalFields {
  /** `date` for a `datetime.date`, `datetime` for a naive `datetime.datetime`. */
  readonly kind: "date" | "datetime";
  /** Whether ruamel built it as its `TimeStamp` subclass (a `T` or a numeric offset was written), which only its `repr` shows. */
  readonly timeStamp: boolean;
  /** 1 to 9999. */
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
  /** 1 to 31. */
  readonly day: number;
  /** 0 to 23 (0 for a date). */
  readonly hour: number;
  /** 0 to 59. */
  readonly minute: number;
  /** 0 to 59. */
  readonly second: number;
  /** 0 to 999999. */
  readonly microsecond: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** A Python `datetime.date` or naive `datetime.datetime`, as ruamel.yaml builds one from a timestamp. */
export class PyTemporal implements PyTemporalFields {
  readonly kind: "date" | "datetime";
  readonly timeStamp: boolean;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  /** Its `str()`: `2026-01-02` or `2026-01-02 03:04:05[.ffffff]`. */
  readonly text: string;
  /**
   * @param fields The date's or the time's fields.
   */
  constructor(fields: PyTemporalFields) {
    this.kind = fields.kind;
    this.timeStamp = fields.timeStamp;
    this.year = fields.year;
    this.month = fields.month;
    this.day = fields.day;
    this.hour = fields.hour;
    this.minute = fields.minute;
    this.second = fields.second;
    this.microsecond = fields.microsecond;
    const date = `${pad(this.year, 4)}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
    if (this.kind === "date") this.text = date;
    else {
      const fraction = this.microsecond === 0 ? "" : `.${pad(this.microsecond, 6)}`;
      this.text = `${date} ${pad(this.hour, 2)}:${pad(this.minute, 2)}:${
        pad(this.second, 2)
      }${fraction}`;
    }
  }
}

/** A value Python only ever shows through `str()`: ruamel's `TaggedScalar` (a scalar with a tag it does not know) or `CommentedSet` (`!!set`). */
export class PyOpaque {
  /** Python's name of its type, as pydantic reports it. */
  readonly typeName: string;
  /** Its `str()`. */
  readonly text: string;
  /**
   * @param typeName Python's name of its type.
   * @param text Its `str()`.
   */
  constructor(typeName: string, text: string) {
    this.typeName = typeName;
    this.text = text;
  }
}

/** A Python `dict`: keys compared as Python compares them, in insertion order. */
export class PyDict {
  /** The keys, in insertion order. */
  readonly keys: PyValue[] = [];
  /** The values, aligned with `keys`. */
  readonly values: PyValue[] = [];
  readonly #index = new Map<string, number>();

  /**
   * The value for `key`, or `undefined` when the dict has no such key.
   *
   * @param key A string key.
   * @returns The value, or `undefined`.
   */
  get(key: string): PyValue | undefined {
    const at = this.#index.get(pyKeyIdentity(key));
    return at === undefined ? undefined : this.values[at];
  }

  /**
   * Whether the dict has a key equal (in Python's sense) to `key`.
   *
   * @param key Any key.
   * @returns `true` when present.
   */
  has(key: PyValue): boolean {
    return this.#index.has(pyKeyIdentity(key));
  }

  /**
   * Sets `key` to `value`, keeping the first position of an existing key.
   *
   * @param key Any key.
   * @param value Its value.
   */
  set(key: PyValue, value: PyValue): void {
    const identity = pyKeyIdentity(key);
    const at = this.#index.get(identity);
    if (at !== undefined) {
      this.values[at] = value;
      return;
    }
    this.#index.set(identity, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  /** How many keys the dict holds. */
  get size(): number {
    return this.keys.length;
  }
}

/** Any value of the model. */
export type PyValue =
  | null
  | boolean
  | string
  | bigint
  | PyFloat
  | PyTemporal
  | PyOpaque
  | Uint8Array
  | PyValue[]
  | PyDict;

let uniqueKeys = 0;

/**
 * A string equal for two keys exactly when Python's `==` says they are equal
 * (`1`, `1.0` and `True` are one key; NaN and containers never equal another).
 */
function pyKeyIdentity(key: PyValue): string {
  if (typeof key === "string") return `s${key}`;
  if (key === null) return "none";
  if (typeof key === "boolean") return key ? "n1" : "n0";
  if (typeof key === "bigint") return `n${key}`;
  if (key instanceof PyFloat) {
    const x = key.value;
    if (Number.isInteger(x)) return `n${BigInt(x)}`;
    if (Number.isNaN(x)) return `u${uniqueKeys++}`;
    return `f${x}`;
  }
  if (key instanceof PyTemporal) return `${key.kind}${key.text}`;
  if (key instanceof PyOpaque) return `u${uniqueKeys++}`;
  if (key instanceof Uint8Array) return `b${key.join(",")}`;
  return `u${uniqueKeys++}`;
}

/**
 * Python's `type(value).__name__` for a value of the model, as pydantic
 * names it in its errors.
 *
 * @param value Any value of the model.
 * @returns `str`, `int`, `float`, `bool`, `NoneType`, `date`, `datetime`, `bytes`, `list` or `dict`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat, pyTypeName } from "./python_value.ts";
 * assert.equal(pyTypeName(new PyFloat(1.5)), "float");
 * assert.equal(pyTypeName(7n), "int");
 * ```
 */
export function pyTypeName(value: PyValue): string {
  if (value === null) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (value instanceof PyFloat) return "float";
  if (value instanceof PyTemporal) return value.kind;
  if (value instanceof PyOpaque) return value.typeName;
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof PyDict) return "dict";
  return "list";
}

/**
 * Python's `repr(float)`: the shortest text that reads back as the same
 * double, always with a `.0` or an exponent (`1000.0`, `1e+16`, `1e-07`),
 * `inf`, `-inf` and `nan` for the special values.
 *
 * @param x The float.
 * @returns Its Python `repr`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyFloatRepr } from "./python_value.ts";
 * assert.equal(pyFloatRepr(1000), "1000.0");
 * assert.equal(pyFloatRepr(1e16), "1e+16");
 * assert.equal(pyFloatRepr(1e-7), "1e-07");
 * assert.equal(pyFloatRepr(0.0001), "0.0001");
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = x.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${head}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) {
    return `${sign}${digits.padEnd(exponent + 1, "0")}.0`;
  }
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/**
 * Python's `repr(bytes)`: `b'...'` with printable ASCII as is, `\\t`, `\\n`,
 * `\\r`, `\\\\` and `\\xNN` for the rest, double quotes when the bytes hold
 * a `'` and no `"`.
 *
 * @param bytes The bytes.
 * @returns Their Python `repr`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyBytesRepr } from "./python_value.ts";
 * assert.equal(pyBytesRepr(new TextEncoder().encode("hi\n")), "b'hi\\n'");
 * ```
 */
export function pyBytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = "";
  for (const byte of bytes) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte < 0x20 || byte >= 0x7f) {
      out += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else out += String.fromCharCode(byte);
  }
  return `b${quote}${out}${quote}`;
}

/**
 * Python's `str()` of a value of the model (`str(True)` is `True`,
 * `str(1.50)` is `1.5`, a date its ISO text), as the schema's `phase`
 * coercion and `json.dumps(default=str)` apply it; containers never reach
 * it there.
 *
 * @param value A value of the model.
 * @returns Its Python `str()` (for containers their `repr`, as ruamel's types write it).
 * @throws {TypeError} For a container holding a ruamel `TaggedScalar`, whose `repr` shows a memory address.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat, pyStr } from "./python_value.ts";
 * assert.equal(pyStr(new PyFloat(1.5)), "1.5");
 * assert.equal(pyStr(true), "True");
 * ```
 */
export function pyStr(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof PyTemporal || value instanceof PyOpaque) {
    return value.text;
  }
  return pyRepr(value);
}

// Characters str.isprintable() rejects besides the C0/C1 controls: other
// control, format, surrogate, private-use, unassigned and separator
// characters (the space excepted).
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "\\" || char === quote) out += `\\${char}`;
    else if (char === "\t") out += "\\t";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char !== " " && NON_PRINTABLE.test(char)) {
      out += code <= 0xff
        ? `\\x${pad16(code, 2)}`
        : code <= 0xffff
        ? `\\u${pad16(code, 4)}`
        : `\\U${pad16(code, 8)}`;
    } else out += char;
  }
  return out + quote;
}

const pad16 = (n: number, width: number): string => n.toString(16).padStart(width, "0");

function temporalRepr(value: PyTemporal): string {
  const name = value.kind === "date"
    ? "datetime.date"
    : value.timeStamp
    ? "TimeStamp"
    : "datetime.datetime";
  const fields = [value.year, value.month, value.day];
  if (value.kind === "datetime") {
    fields.push(value.hour, value.minute);
    if (value.second !== 0 || value.microsecond !== 0) fields.push(value.second);
    if (value.microsecond !== 0) fields.push(value.microsecond);
  }
  return `${name}(${fields.join(", ")})`;
}

/**
 * Python's `repr()` of a value of the model, with ruamel's container types
 * (`ordereddict([(k, v), …])` for a map).
 */
function pyRepr(value: PyValue): string {
  if (typeof value === "string") return pyStrRepr(value);
  if (value instanceof PyTemporal) return temporalRepr(value);
  if (value instanceof PyOpaque) {
    if (value.typeName === "TaggedScalar") {
      throw new TypeError(
        `Cannot reproduce Python's repr of a scalar with an unknown tag: it shows a memory address: received ${
          JSON.stringify(value.text)
        }`,
      );
    }
    return value.text;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (value instanceof PyDict) {
    const pairs = value.keys.map((key, i) =>
      `(${pyRepr(key)}, ${pyRepr(value.values[i])})`
    );
    return `ordereddict([${pairs.join(", ")}])`;
  }
  return pyStr(value);
}
