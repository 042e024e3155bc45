// A fast path for valid input. The schemas of the contracts carry a
// validator generated from them at build time (scripts/generate_validators.ts
// writes src/envelope/generated_validators.ts: straight-line code, no eval);
// any other schema is compiled once, here, into plain closures. Either
// returns the exact output Valibot would return, or gives up; only then does
// Valibot itself run, to find the issues. Valibot allocates a dataset object
// per value checked, which made parsing cost several times JSON.parse on
// large logs; the fast paths allocate only the output. The Valibot schema
// stays the single source of every rule: the generator reads it, and nodes
// the compiler does not know run through the schema's own `~run`.
import * as v from "valibot";

/**
 * A validator generated from a schema: the schema's exact output for input
 * it accepts, `undefined` otherwise (outputs are objects, never
 * `undefined`). `wellFormed` is the caller's proof that every string in the
 * input is well-formed Unicode, so that the check can be skipped.
 */
export type GeneratedValidator = (
  input: unknown,
  wellFormed: boolean,
) => unknown;

const _GENERATED: unique symbol = Symbol("generated validator");

/** Gives a schema its generated validator (none: the schema is compiled). */
export function withGenerated<TSchema extends object>(
  schema: TSchema,
  validator: GeneratedValidator | undefined,
): TSchema {
  if (validator !== undefined) {
    Object.defineProperty(schema, _GENERATED, { value: validator });
  }
  return schema;
}

/** The generated validator of a schema, if it has one. */
export function generatedOf(
  schema: object,
): GeneratedValidator | undefined {
  return (schema as { [_GENERATED]?: GeneratedValidator })[_GENERATED];
}

const _FAIL: unique symbol = Symbol("fail");
type _Compiled = (value: unknown) => unknown;
type _Node =
  | v.GenericSchema
  | v.PipeItem<unknown, unknown, v.BaseIssue<unknown>>;
// deno-lint-ignore no-explicit-any
type _AnyNode = any;

const _CONFIG = { abortEarly: true } as const;
const _OPTIONAL_TYPES = new Set(["optional", "nullish", "exact_optional"]);
const _cache = new WeakMap<object, _Compiled>();

/** Runs any node through Valibot itself: exact, only slower. */
function _viaValibot(node: _AnyNode): _Compiled {
  return (value) => {
    const dataset = node["~run"]({ value, typed: true }, _CONFIG);
    return dataset.issues ? _FAIL : dataset.value;
  };
}

function _default(node: _AnyNode): unknown {
  return typeof node.default === "function" ? node.default() : node.default;
}

/** The compiled output of an absent optional field, when it is a constant. */
function _absentValue(entry: _AnyNode, parse: _Compiled): unknown {
  if (entry.default === undefined) return undefined;
  if (typeof entry.default === "function") return _FAIL;
  const value = parse(entry.default);
  // Only a primitive can be shared between outputs.
  return value !== null && typeof value === "object" ? _FAIL : value;
}

/**
 * Compiles an object schema; `guard` is the check of a `v.custom` that comes
 * before it in a pipe (the plain-object check), fused into one closure. A
 * `strict_object` also fails on any own key it does not declare.
 */
function _compileObject(
  node: _AnyNode,
  guard: (value: unknown) => boolean,
): _Compiled {
  const strict = node.type === "strict_object";
  if (
    Object.values(node.entries).some((entry: _AnyNode) =>
      entry.fallback !== undefined
    )
  ) {
    return _viaValibot(node);
  }
  const keys = Object.keys(node.entries);
  const parsers: _Compiled[] = keys.map((key) => _compile(node.entries[key]));
  const optional = keys.map((key) =>
    _OPTIONAL_TYPES.has(node.entries[key].type)
  );
  // undefined: leave the key out; _FAIL: compute the default each time.
  const absent = keys.map((key, index) =>
    optional[index] ? _absentValue(node.entries[key], parsers[index]) : _FAIL
  );
  const count = keys.length;
  return (input) => {
    if (!input || typeof input !== "object" || !guard(input)) return _FAIL;
    if (strict) {
      for (const key in input) {
        if (!Object.hasOwn(node.entries, key) && Object.hasOwn(input, key)) {
          return _FAIL;
        }
      }
    }
    const output: Record<string, unknown> = {};
    for (let index = 0; index < count; index++) {
      const key = keys[index];
      // One property read; `in` only tells an explicit undefined from none.
      let value: unknown = (input as Record<string, unknown>)[key];
      if (value !== undefined || key in input) {
        value = parsers[index](value);
        if (value === _FAIL) return _FAIL;
      } else if (!optional[index]) return _FAIL;
      else {
        value = absent[index];
        if (value === undefined) continue;
        if (value === _FAIL) {
          value = parsers[index](_default(node.entries[key]));
          if (value === _FAIL) return _FAIL;
        }
      }
      output[key] = value;
    }
    return output;
  };
}

const _always = (): boolean => true;

/**
 * Fuses a pipe of a `string` or `number` schema and plain validations into
 * one closure: the same checks, without a call per step.
 */
function _compileScalarPipe(items: readonly _AnyNode[]): _Compiled | null {
  const [head, ...rest] = items;
  if (head.pipe !== undefined) return null;
  if (head.type !== "string" && head.type !== "number") return null;
  let minLength = 0;
  let minValue = -Infinity;
  let maxValue = Infinity;
  let integer = false;
  const checks: ((value: never) => boolean)[] = [];
  for (const item of rest) {
    if (item.kind !== "validation" || typeof item._fast === "function") {
      return null;
    }
    switch (item.type) {
      case "min_length":
        minLength = Math.max(minLength, item.requirement);
        break;
      case "min_value":
        minValue = Math.max(minValue, item.requirement);
        break;
      case "max_value":
        maxValue = Math.min(maxValue, item.requirement);
        break;
      case "integer":
        integer = true;
        break;
      case "check":
        checks.push(item.requirement);
        break;
      case "regex": {
        const pattern: RegExp = item.requirement;
        checks.push((value: string) => pattern.test(value));
        break;
      }
      default:
        return null;
    }
  }
  if (checks.length > 1) return null;
  const check = checks[0] ?? _always;
  if (head.type === "string") {
    return (value) =>
      typeof value === "string" && value.length >= minLength &&
        check(value as never)
        ? value
        : _FAIL;
  }
  return (value) =>
    typeof value === "number" && !Number.isNaN(value) &&
      (!integer || Number.isInteger(value)) && value >= minValue &&
      value <= maxValue && check(value as never)
      ? value
      : _FAIL;
}

/** Compiles the items of a pipe, fusing the common shapes. */
function _compilePipe(pipe: readonly _AnyNode[]): _Compiled {
  const items = pipe.filter((item) => item.kind !== "metadata");
  const scalar = _compileScalarPipe(items);
  if (scalar !== null) return scalar;
  const [head, next] = items;
  if (
    items.length === 2 && head.type === "custom" && head.pipe === undefined &&
    next.kind === "schema" &&
    (next.type === "object" || next.type === "strict_object") &&
    next.pipe === undefined
  ) {
    return _compileObject(next, head.check);
  }
  const steps: _Compiled[] = items.map(_compile);
  if (steps.length === 1) return steps[0];
  return (value) => {
    for (let index = 0; index < steps.length; index++) {
      value = steps[index](value);
      if (value === _FAIL) return _FAIL;
    }
    return value;
  };
}

function _compileSchema(node: _AnyNode): _Compiled {
  switch (node.type) {
    case "string":
      return (value) => typeof value === "string" ? value : _FAIL;
    case "number":
      return (value) =>
        typeof value === "number" && !Number.isNaN(value) ? value : _FAIL;
    case "boolean":
      return (value) => typeof value === "boolean" ? value : _FAIL;
    case "literal":
      return (value) =>
        value === node.literal ||
          (Number.isNaN(value) && Number.isNaN(node.literal))
          ? value
          : _FAIL;
    case "picklist":
      return (value) => node.options.includes(value) ? value : _FAIL;
    case "custom":
      return (value) => node.check(value) ? value : _FAIL;
    case "object":
    case "strict_object":
      return _compileObject(node, _always);
    case "array": {
      const item = _compile(node.item);
      return (value) => {
        if (!Array.isArray(value)) return _FAIL;
        const output = new Array(value.length);
        for (let index = 0; index < value.length; index++) {
          const parsed = item(value[index]);
          if (parsed === _FAIL) return _FAIL;
          output[index] = parsed;
        }
        return output;
      };
    }
    case "union": {
      const options: _Compiled[] = node.options.map(_compile);
      return (value) => {
        for (const option of options) {
          const parsed = option(value);
          if (parsed !== _FAIL) return parsed;
        }
        return _FAIL;
      };
    }
    case "optional":
    case "nullish": {
      const wrapped = _compile(node.wrapped);
      const nullish = node.type === "nullish";
      return (value) => {
        if (value === undefined || (nullish && value === null)) {
          if (node.default !== undefined) value = _default(node);
          if (value === undefined || (nullish && value === null)) return value;
        }
        return wrapped(value);
      };
    }
    case "nullable": {
      const wrapped = _compile(node.wrapped);
      return (value) => {
        if (value === null) {
          if (node.default !== undefined) value = _default(node);
          if (value === null) return value;
        }
        return wrapped(value);
      };
    }
    default:
      return _viaValibot(node);
  }
}

function _compileAction(node: _AnyNode): _Compiled {
  if (typeof node._fast === "function") {
    const fast: (value: unknown) => unknown = node._fast;
    return (value) => {
      try {
        return fast(value);
      } catch {
        return _FAIL;
      }
    };
  }
  const requirement = node.requirement;
  switch (node.type) {
    case "min_length":
      return (value) => (value as string).length >= requirement ? value : _FAIL;
    case "min_value":
      return (value) => (value as number) >= requirement ? value : _FAIL;
    case "max_value":
      return (value) => (value as number) <= requirement ? value : _FAIL;
    case "integer":
      return (value) => Number.isInteger(value) ? value : _FAIL;
    case "check":
      return (value) => requirement(value) ? value : _FAIL;
    case "regex":
      return (value) => requirement.test(value) ? value : _FAIL;
    default:
      return _viaValibot(node);
  }
}

function _compile(node: _Node): _Compiled {
  const known = _cache.get(node);
  if (known !== undefined) return known;
  const anyNode = node as _AnyNode;
  let compiled: _Compiled;
  if (Array.isArray(anyNode.pipe)) {
    compiled = _compilePipe(anyNode.pipe);
  } else if (anyNode.kind === "schema") compiled = _compileSchema(anyNode);
  else compiled = _compileAction(anyNode);
  _cache.set(node, compiled);
  return compiled;
}

/** Whether the fast path alone accepts the input (for tests). */
export function fastPathAccepts(
  schema: v.GenericSchema<unknown, unknown>,
  input: unknown,
): boolean {
  try {
    const generated = generatedOf(schema);
    if (generated !== undefined) return generated(input, false) !== undefined;
    return _compile(schema)(input) !== _FAIL;
  } catch {
    return false;
  }
}

/**
 * The compiled closures' answer alone, even for a schema with a generated
 * validator: `{ output }` where they accept, `null` where they give up. The
 * tests hold both fast paths to Valibot with it.
 */
export function compiledOutput(
  schema: v.GenericSchema,
  input: unknown,
): { readonly output: unknown } | null {
  try {
    const output = _compile(schema)(input);
    return output === _FAIL ? null : { output };
  } catch {
    return null;
  }
}

/**
 * `v.safeParse` with a fast path: the same result, computed without
 * Valibot's per-value bookkeeping when the input is valid. `wellFormed`:
 * the caller proved that every string in the input is well-formed Unicode
 * (the JSON text it came from holds no surrogate, nor an escape of one).
 */
export function fastParse<TOutput>(
  schema: v.GenericSchema<unknown, TOutput>,
  input: unknown,
  wellFormed = false,
): v.SafeParseResult<v.GenericSchema<unknown, TOutput>> {
  let output: unknown = _FAIL;
  try {
    const generated = generatedOf(schema);
    if (generated === undefined) output = _compile(schema)(input);
    else output = generated(input, wellFormed) ?? _FAIL;
  } catch {
    // Let Valibot meet the hostile input and report it its own way.
  }
  if (output !== _FAIL) {
    return {
      typed: true,
      success: true,
      output: output as TOutput,
      issues: undefined,
    };
  }
  return v.safeParse(schema, input);
}
