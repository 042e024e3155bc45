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
  /** Whether ruamel built a plain `float` (`.inf`, `.nan`) rather than its `ScalarFloat`; only error messages show it. */
  readonly plain: boolean;
  /**
   * Wraps a float value.
   *
   * @param value The float's value.
   * @param plain `true` for a plain `float`.
   */
  constructor(value: number, plain = false) {
    this.value = value;
    this.plain = plain;
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

const pad = (n: number, width: number): string =>
  String(n).padStart(width, "0");

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
   * Builds a date or a time from its fields.
   *
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
    const date = `${pad(this.year, 4)}-${pad(this.month, 2)}-${
      pad(this.day, 2)
    }`;
    if (this.kind === "date") this.text = date;
    else {
      const fraction = this.microsecond === 0
        ? ""
        : `.${pad(this.microsecond, 6)}`;
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
   * Wraps the `str()` of a value shown only that way.
   *
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
  /** Its class: ruamel's `CommentedMap` (a mapping), `CommentedOrderedMap` (`!!omap`) or a plain `dict`; only `repr` and error messages show it. */
  readonly className: "CommentedMap" | "CommentedOrderedMap" | "dict";
  /** The keys, in insertion order. */
  readonly keys: PyValue[] = [];
  /** The values, aligned with `keys`. */
  readonly values: PyValue[] = [];
  readonly #index = new Map<string, number>();

  /**
   * Builds an empty dict of the given class.
   *
   * @param className Its class (`CommentedMap` unless given).
   */
  constructor(
    className: "CommentedMap" | "CommentedOrderedMap" | "dict" = "CommentedMap",
  ) {
    this.className = className;
  }

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

const plainLists = new WeakSet<PyValue[]>();

/**
 * Marks a list as a plain Python `list` (one read from JSON) rather than
 * ruamel's `CommentedSeq`; only error messages show the difference.
 *
 * @param list The list.
 * @returns The same list.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainList, ruamelTypeName } from "./python_value.ts";
 * assert.equal(ruamelTypeName(plainList(["a"])), "list");
 * ```
 */
export function plainList(list: PyValue[]): PyValue[] {
  plainLists.add(list);
  return list;
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
 * The name of the class ruamel.yaml's round-trip loader gives a value
 * (`ScalarFloat`, `CommentedSeq`, `CommentedMap`, `TimeStamp`…), as pydantic
 * reports it as `input_type`; plain integers are reported as `int` (ruamel's
 * `HexInt` and kin are not told apart).
 *
 * @param value A value of the model.
 * @returns The class name.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PyFloat, ruamelTypeName } from "./python_value.ts";
 * assert.equal(ruamelTypeName(new PyFloat(1.5)), "ScalarFloat");
 * assert.equal(ruamelTypeName(["a"]), "CommentedSeq");
 * ```
 */
export function ruamelTypeName(value: PyValue): string {
  if (value instanceof PyFloat) return value.plain ? "float" : "ScalarFloat";
  if (value instanceof PyDict) return value.className;
  if (Array.isArray(value)) {
    return plainLists.has(value) ? "list" : "CommentedSeq";
  }
  if (value instanceof PyTemporal && value.timeStamp) return "TimeStamp";
  return pyTypeName(value);
}
