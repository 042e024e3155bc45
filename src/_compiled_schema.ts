// A fast path for valid input. `_fastParse` compiles a Valibot schema once
// into plain closures that either return the exact output Valibot would
// return, or give up; only then does Valibot itself run, to find the issues.
// Valibot allocates a dataset object per value checked, which made parsing
// cost several times JSON.parse on large logs; the closures allocate only
// the output. The Valibot schema stays the single source of every rule:
// nodes the compiler does not know run through the schema's own `~run`.
import * as v from "valibot";

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

function _compileObject(node: _AnyNode): _Compiled {
  const fields = Object.keys(node.entries).map((key) => {
    const entry = node.entries[key];
    return {
      key,
      parse: _compile(entry),
      optional: _OPTIONAL_TYPES.has(entry.type),
      entry,
    };
  });
  if (fields.some((field) => field.entry.fallback !== undefined)) {
    return _viaValibot(node);
  }
  return (input) => {
    if (!input || typeof input !== "object") return _FAIL;
    const output: Record<string, unknown> = {};
    for (const field of fields) {
      let value: unknown;
      if (field.key in input) {
        value = field.parse((input as Record<string, unknown>)[field.key]);
      } else if (field.optional) {
        if (field.entry.default === undefined) continue;
        value = field.parse(_default(field.entry));
      } else return _FAIL;
      if (value === _FAIL) return _FAIL;
      output[field.key] = value;
    }
    return output;
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
      return _compileObject(node);
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
    const steps: _Compiled[] = anyNode.pipe
      .filter((item: _AnyNode) => item.kind !== "metadata")
      .map(_compile);
    compiled = (value) => {
      for (const step of steps) {
        value = step(value);
        if (value === _FAIL) return _FAIL;
      }
      return value;
    };
  } else if (anyNode.kind === "schema") compiled = _compileSchema(anyNode);
  else compiled = _compileAction(anyNode);
  _cache.set(node, compiled);
  return compiled;
}

/** Whether the compiled fast path alone accepts the input (for tests). */
export function _fastPathAccepts(
  schema: v.GenericSchema<unknown, unknown>,
  input: unknown,
): boolean {
  try {
    return _compile(schema)(input) !== _FAIL;
  } catch {
    return false;
  }
}

/**
 * `v.safeParse` with a compiled fast path: the same result, computed
 * without Valibot's per-value bookkeeping when the input is valid.
 */
export function _fastParse<TOutput>(
  schema: v.GenericSchema<unknown, TOutput>,
  input: unknown,
): v.SafeParseResult<v.GenericSchema<unknown, TOutput>> {
  let output: unknown = _FAIL;
  try {
    output = _compile(schema)(input);
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
