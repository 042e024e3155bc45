// Small Valibot building blocks shared by every schema of the contract, so
// that each rule (plain objects, well-formed text, safe integers, nullable
// optionals) is written once.
import * as v from "valibot";
import { RANGE_EXPECTED } from "./field_issue.ts";

/** The largest integer JavaScript holds exactly: 2^53 − 1. */
export const MAX_SAFE_INTEGER = 9007199254740991;

/** JSON Schema pattern of well-formed Unicode text (no unpaired surrogate; needs the `u` flag). */
export const WELL_FORMED_PATTERN = "^[^\\uD800-\\uDFFF]*$";

const _LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string holds no unpaired surrogate (runtimes without `isWellFormed` use a regular expression). */
export const isWellFormedText: (text: string) => boolean =
  typeof String.prototype.isWellFormed === "function"
    ? (text) => text.isWellFormed()
    : (text) => !_LONE_SURROGATE.test(text);

/**
 * True for an object literal, `JSON.parse` output or `Object.create(null)`,
 * from any realm; false for arrays, dates, class instances and proxies that
 * refuse to be inspected.
 */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  try {
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null ||
      Object.getPrototypeOf(prototype) === null;
  } catch {
    return false;
  }
}

/** Any string of well-formed Unicode. */
export function textSchema(): v.GenericSchema<string> {
  return v.pipe(
    v.string("must be a string"),
    v.check(
      isWellFormedText,
      "must be well-formed Unicode (it holds an unpaired surrogate)",
    ),
    v.metadata({ pattern: WELL_FORMED_PATTERN }),
  );
}

/** A non-empty string of well-formed Unicode. */
export function nonEmptyTextSchema(): v.GenericSchema<string> {
  return v.pipe(
    v.string("must be a non-empty string"),
    v.minLength(1, "must be a non-empty string"),
    v.check(
      isWellFormedText,
      "must be well-formed Unicode (it holds an unpaired surrogate)",
    ),
    v.metadata({ pattern: WELL_FORMED_PATTERN }),
  );
}

/** A JSON number with no fraction, from `min` to `max` (at most 2^53 − 1). */
export function integerSchema(
  min: number,
  max: number = MAX_SAFE_INTEGER,
): v.GenericSchema<number> {
  const expected = max === MAX_SAFE_INTEGER
    ? `must be an integer of at least ${min} and at most 2^53−1 (${max}), the largest JavaScript holds exactly`
    : `must be an integer from ${min} to ${max}`;
  return v.pipe(
    v.number(expected),
    v.integer(expected),
    v.minValue(min, expected),
    v.maxValue(max, expected),
  );
}

/** A closed list of string values. */
export function oneOfSchema<const T extends readonly string[]>(
  options: T,
): v.GenericSchema<T[number]> {
  return v.picklist(
    options,
    `must be one of ${options.map((option) => `"${option}"`).join(", ")}`,
  );
}

/**
 * Standard Schema props that run `schema` itself, for a schema whose `~run`
 * is ours: the props Valibot spreads in would run the schema it was made from.
 */
function _standardProps(schema: v.GenericSchema) {
  return {
    version: 1,
    vendor: "valibot",
    validate(input: unknown) {
      const result = v.safeParse(schema, input);
      return result.success
        ? { value: result.output }
        : { issues: result.issues };
    },
  };
}

/** What an object schema does with a key it does not declare. */
export type UnknownKeys =
  | { readonly policy: "drop" }
  | {
    readonly policy: "reject";
    /** The contract that rejects them, named in the message (`3.0.0`). */
    readonly contract: string;
    /** Old field names → their new names, to say so when an old one is met. */
    readonly renamed: Readonly<Record<string, string>>;
  };

const _DROP_UNKNOWN_KEYS: UnknownKeys = { policy: "drop" };

/**
 * A plain object (not an array, a `Date` or a class instance) with these
 * fields. Unknown keys are dropped, or, with `unknownKeys.policy` `"reject"`,
 * each one is an issue of type `unknown_key` (the contract's
 * `extra="forbid"`); either way the output holds the declared fields only.
 */
export function plainObjectSchema<
  const TEntries extends v.ObjectEntries,
>(
  entries: TEntries,
  unknownKeys: UnknownKeys = _DROP_UNKNOWN_KEYS,
): v.SchemaWithPipe<
  readonly [
    v.CustomSchema<
      Record<string, unknown>,
      v.ErrorMessage<v.CustomIssue> | undefined
    >,
    v.ObjectSchema<TEntries, string>,
  ]
> {
  const object = unknownKeys.policy === "drop"
    ? v.object(entries, "must be an object")
    : _rejectingUnknownKeys(entries, unknownKeys);
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, "must be an object"),
    object as v.ObjectSchema<TEntries, string>,
  );
}

/** The message of an unknown key under a rejecting policy. */
export function unknownKeyMessage(
  key: string,
  unknownKeys: Extract<UnknownKeys, { policy: "reject" }>,
): string {
  const renamed = Object.hasOwn(unknownKeys.renamed, key)
    ? unknownKeys.renamed[key]
    : undefined;
  return renamed === undefined
    ? `is not allowed: contract ${unknownKeys.contract} rejects unknown keys`
    : `is not allowed: contract ${unknownKeys.contract} renamed it to "${renamed}"`;
}

/**
 * An object schema that checks its declared fields as `v.object` does, then
 * reports every key it does not declare, one issue each (Valibot's
 * `strictObject` stops at the first, with the type's message). It converts
 * to JSON Schema as a `strictObject` does: `additionalProperties: false`.
 */
function _rejectingUnknownKeys<const TEntries extends v.ObjectEntries>(
  entries: TEntries,
  unknownKeys: Extract<UnknownKeys, { policy: "reject" }>,
): v.StrictObjectSchema<TEntries, string> {
  const strict = v.strictObject(entries, "must be an object");
  const lax = v.object(entries, "must be an object");
  return {
    ...strict,
    // Tells the validator generator this is not Valibot's own strictObject.
    _rejectsUnknownOwnKeys: true,
    "~run"(dataset, config) {
      const input = dataset.value;
      const result = lax["~run"](dataset, config);
      if (!isPlainObject(input)) return result;
      for (const key of Object.keys(input)) {
        if (Object.hasOwn(entries, key)) continue;
        const value = Object.getOwnPropertyDescriptor(input, key)?.value;
        v._addIssue(this, "key", result as never, config, {
          input: key,
          expected: "never",
          message: unknownKeyMessage(key, unknownKeys),
          path: [{ type: "object", origin: "key", input, key, value }],
        });
        result.typed = false;
      }
      return result as never;
    },
    get "~standard"() {
      // Valibot's own Standard Schema props would run the strict object.
      return _standardProps(this as v.GenericSchema);
    },
  } as v.StrictObjectSchema<TEntries, string>;
}

/** An optional field that also accepts an explicit `null`; parsed as `null` when absent. */
export function nullableSchema<
  const TSchema extends v.GenericSchema,
>(schema: TSchema): v.NullishSchema<TSchema, null> {
  return v.nullish(schema, null);
}

/**
 * An object whose keys are free text and whose values all match `value`.
 * Every own key is ordinary data: `__proto__`, `constructor` and `"10"` are
 * read, checked and kept as own keys, getters are never run. (Valibot's
 * `record` passes over `__proto__`; the reference does not.) It converts to
 * JSON Schema as a `record` does.
 */
export function recordOfSchema<TOutput>(
  value: v.GenericSchema<unknown, TOutput>,
): v.GenericSchema<unknown, Record<string, TOutput>> {
  const base = v.record(textSchema(), value, "must be an object");
  return {
    ...base,
    // Tells the validator generator this is not Valibot's own record.
    _keepsEveryOwnKey: true,
    "~run"(dataset, config) {
      const input = dataset.value;
      if (!isPlainObject(input)) {
        v._addIssue(this, "type", dataset, config);
        return dataset as never;
      }
      const output: Record<string, TOutput> = {};
      const issues: v.BaseIssue<unknown>[] = [];
      for (const key of Object.keys(input)) {
        const entry = Object.getOwnPropertyDescriptor(input, key)?.value;
        const pathItem: v.ObjectPathItem = {
          type: "object",
          origin: "value",
          input,
          key,
          value: entry,
        };
        if (!isWellFormedText(key)) {
          const keyDataset: v.UnknownDataset = { value: key, typed: false };
          v._addIssue(this, "key", keyDataset as never, config, {
            input: key,
            message:
              "must have well-formed Unicode keys (this one holds an unpaired surrogate)",
            path: [pathItem],
          });
          issues.push(...(keyDataset.issues ?? []));
        }
        const result = value["~run"]({ value: entry }, config);
        if (result.issues) {
          for (const issue of result.issues) {
            issues.push({
              ...issue,
              path: issue.path ? [pathItem, ...issue.path] : [pathItem],
            });
          }
        }
        Object.defineProperty(output, key, {
          value: result.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return (issues.length > 0
        ? { typed: false, value: input, issues }
        : { typed: true, value: output }) as v.OutputDataset<
          Record<string, TOutput>,
          v.BaseIssue<unknown>
        >;
    },
    get "~standard"() {
      // Valibot's own Standard Schema props would run the base record.
      return _standardProps(this as v.GenericSchema);
    },
  } as v.GenericSchema<unknown, Record<string, TOutput>>;
}

/** An object of string → string (`context_diagnostics`). */
export function stringMapSchema(): v.GenericSchema<
  unknown,
  Record<string, string>
> {
  return recordOfSchema(textSchema());
}

/**
 * An action that rewrites a value with `normalize`, which returns the new
 * value or throws an error whose message says what the value must be; a
 * thrown `RangeError` marks the issue as out of range. The function is also
 * kept as `_fast`, so that the fast paths call it directly. It must be a
 * pure function of its input, exported from its module: the generated
 * validators import it, and remember its last result at each field.
 */
export function normalizeWith<TInput, TOutput>(
  normalize: (value: TInput) => TOutput,
): v.RawTransformAction<TInput, TOutput> {
  const action = v.rawTransform<TInput, TOutput>(
    ({ dataset, addIssue, NEVER }) => {
      try {
        return normalize(dataset.value);
      } catch (error) {
        addIssue({
          message: (error as Error).message,
          expected: error instanceof RangeError ? RANGE_EXPECTED : undefined,
        });
        return NEVER;
      }
    },
  );
  return Object.assign(action, { _fast: normalize });
}

/** A string checked and rewritten by `normalize` (see {@linkcode normalizeWith}). */
export function normalizedStringSchema(
  expected: string,
  normalize: (value: string) => string,
  jsonSchema: Record<string, unknown>,
): v.GenericSchema<string> {
  return v.pipe(
    v.string(expected),
    v.metadata(jsonSchema),
    normalizeWith(normalize),
  );
}
