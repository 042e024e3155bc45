// A fast yes for the JSON Schema layer. `@cfworker/json-schema` walks the
// schema afresh for every document, builds a JSON Pointer string for every
// value and compiles every `pattern` again each time it is used: about 65 µs
// a payload, most of `validate`'s time on a large log. `compileJsonSchema`
// turns a committed schema once into closures that answer one question,
// "does @cfworker/json-schema find nothing wrong with this JSON document?",
// with the same rules for the keywords our schemas use. Only a yes is
// trusted: a no runs the validator itself, which then says what is wrong,
// so every violation message still comes from it. A schema with any other
// keyword is not compiled at all. The property test beside this file checks
// that both answer alike.
import { isWellFormedText } from "./valibot_kit.ts";

/** Checks one JSON document (a value `JSON.parse` returned). */
export type JsonCheck = (document: unknown) => boolean;

/** Keywords that only annotate: they change no verdict. */
const _ANNOTATIONS: ReadonlySet<string> = new Set([
  "$schema",
  "$id",
  "$comment",
  "$defs",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

/** Keywords compiled here, each with @cfworker/json-schema's rule (draft 2020-12). */
const _KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "const",
  "enum",
  "anyOf",
  "required",
  "properties",
  "additionalProperties",
  "propertyNames",
  "items",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
]);

/** A keyword or a form this compiler does not know: the schema stays with the validator. */
class _Unsupported extends Error {}

/** The validator's type name of a JSON value. */
function _typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** The validator's deep equality (`deepCompareStrict`). */
function _deepEqual(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let index = 0; index < a.length; index++) {
      if (!_deepEqual(a[index], other[index])) return false;
    }
    return true;
  }
  if (typeof a === "object") {
    if (!a || !b) return a === b;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b as object).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(b as object, key)) return false;
      if (
        !_deepEqual(
          (a as Record<string, unknown>)[key],
          (b as Record<string, unknown>)[key],
        )
      ) {
        return false;
      }
    }
    return true;
  }
  return a === b;
}

/** Code points, as the validator counts a string's length (`ucs2length`). */
function _length(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    count++;
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      if ((text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) index++;
    }
  }
  return count;
}

/**
 * The validator builds a JSON Pointer (with `encodeURI`) for each key it
 * visits through `propertyNames` and `additionalProperties`, and throws on a
 * key with an unpaired surrogate; such a document is answered "no" here, so
 * that the validator meets it as before.
 */
function _pointerSafe(key: string): boolean {
  return isWellFormedText(key);
}

function _number(schema: Record<string, unknown>, keyword: string): number {
  const value = schema[keyword];
  if (typeof value !== "number") throw new _Unsupported(keyword);
  return value;
}

function _compile(schema: unknown): JsonCheck {
  if (schema === true) return () => true;
  if (schema === false) return () => false;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    throw new _Unsupported("schema");
  }
  const node = schema as Record<string, unknown>;
  for (const keyword of Object.keys(node)) {
    if (!_KEYWORDS.has(keyword) && !_ANNOTATIONS.has(keyword)) {
      throw new _Unsupported(keyword);
    }
  }
  const any: JsonCheck[] = [];
  const objects: ((value: Record<string, unknown>) => boolean)[] = [];
  const strings: ((value: string) => boolean)[] = [];
  const numbers: ((value: number) => boolean)[] = [];
  let arrays: JsonCheck | null = null;

  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.every((type) => typeof type === "string")) {
      throw new _Unsupported("type");
    }
    any.push((value) => {
      const type = _typeOf(value);
      for (const wanted of types) {
        if (type === wanted) return true;
        // A JSON document's numbers are finite: no NaN, no Infinity.
        if (
          wanted === "integer" && type === "number" &&
          (value as number) % 1 === 0
        ) {
          return true;
        }
      }
      return false;
    });
  }
  if (node.const !== undefined) {
    const constant = node.const;
    any.push((value) => {
      const type = _typeOf(value);
      return type === "object" || type === "array"
        ? _deepEqual(value, constant)
        : value === constant;
    });
  }
  if (node.enum !== undefined) {
    if (!Array.isArray(node.enum)) throw new _Unsupported("enum");
    const values = node.enum as unknown[];
    any.push((value) => {
      const type = _typeOf(value);
      return type === "object" || type === "array"
        ? values.some((item) => _deepEqual(value, item))
        : values.some((item) => value === item);
    });
  }
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf)) throw new _Unsupported("anyOf");
    const branches = node.anyOf.map(_compile);
    any.push((value) => branches.some((branch) => branch(value)));
  }

  if (node.required !== undefined) {
    if (!Array.isArray(node.required)) throw new _Unsupported("required");
    const required = node.required as string[];
    objects.push((value) => required.every((key) => Object.hasOwn(value, key)));
  }
  if (node.propertyNames !== undefined) {
    const names = _compile(node.propertyNames);
    objects.push((value) => {
      for (const key in value) {
        if (!_pointerSafe(key) || !names(key)) return false;
      }
      return true;
    });
  }
  const declared = new Map<string, JsonCheck>();
  if (node.properties !== undefined) {
    const properties = node.properties;
    if (properties === null || typeof properties !== "object") {
      throw new _Unsupported("properties");
    }
    for (const [key, sub] of Object.entries(properties)) {
      declared.set(key, _compile(sub));
    }
    objects.push((value) => {
      for (const [key, check] of declared) {
        if (Object.hasOwn(value, key) && !check(value[key])) return false;
      }
      return true;
    });
  }
  if (node.additionalProperties !== undefined) {
    const additional = _compile(node.additionalProperties);
    objects.push((value) => {
      for (const key in value) {
        // Evaluated by `properties`: declared there and the value's own.
        if (declared.has(key) && Object.hasOwn(value, key)) continue;
        if (!_pointerSafe(key) || !additional(value[key])) return false;
      }
      return true;
    });
  }

  if (node.items !== undefined) {
    if (Array.isArray(node.items)) throw new _Unsupported("items");
    const item = _compile(node.items);
    arrays = (value) => (value as unknown[]).every((element) => item(element));
  }

  if (node.minimum !== undefined) {
    const bound = _number(node, "minimum");
    numbers.push((value) => !(value < bound));
  }
  if (node.maximum !== undefined) {
    const bound = _number(node, "maximum");
    numbers.push((value) => !(value > bound));
  }
  if (node.exclusiveMinimum !== undefined) {
    const bound = _number(node, "exclusiveMinimum");
    numbers.push((value) => !(value <= bound));
  }
  if (node.exclusiveMaximum !== undefined) {
    const bound = _number(node, "exclusiveMaximum");
    numbers.push((value) => !(value >= bound));
  }

  if (node.minLength !== undefined) {
    const bound = _number(node, "minLength");
    strings.push((value) => !(_length(value) < bound));
  }
  if (node.maxLength !== undefined) {
    const bound = _number(node, "maxLength");
    strings.push((value) => !(_length(value) > bound));
  }
  if (node.pattern !== undefined) {
    if (typeof node.pattern !== "string") throw new _Unsupported("pattern");
    let pattern: RegExp;
    try {
      pattern = new RegExp(node.pattern, "u");
    } catch {
      throw new _Unsupported("pattern");
    }
    strings.push((value) => pattern.test(value));
  }

  return (value) => {
    for (const check of any) if (!check(value)) return false;
    const type = _typeOf(value);
    if (type === "object") {
      for (const check of objects) {
        if (!check(value as Record<string, unknown>)) return false;
      }
    } else if (type === "array") {
      if (arrays !== null && !arrays(value)) return false;
    } else if (type === "number") {
      for (const check of numbers) if (!check(value as number)) return false;
    } else if (type === "string") {
      for (const check of strings) if (!check(value as string)) return false;
    }
    return true;
  };
}

/**
 * Compiles a JSON Schema (draft 2020-12) into a check that is true exactly
 * when @cfworker/json-schema finds no error in a JSON document; `null` when
 * the schema uses a keyword or a form this compiler does not know.
 */
export function compileJsonSchema(schema: unknown): JsonCheck | null {
  try {
    return _compile(schema);
  } catch (error) {
    if (error instanceof _Unsupported) return null;
    throw error;
  }
}
