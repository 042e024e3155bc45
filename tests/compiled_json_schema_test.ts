// The compiled JSON Schema check against @cfworker/json-schema itself: on
// every committed schema of both contracts, valid documents, documents with
// one defect and arbitrary JSON get the same verdict from both.
import assert from "node:assert/strict";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import { compileJsonSchema } from "../src/contract/compiled_json_schema.ts";
import {
  asJson,
  DEFECTS,
  type Json,
  VALID_DOCUMENTS,
  withDefect,
} from "./_json_arbitraries.ts";
import { jsonish } from "./_fuzz_kit.ts";

const SCHEMAS_DIR = new URL("../schemas/", import.meta.url);
const RUNS = 300;

/** What the validator says: valid, invalid, or that it threw (a key it cannot point at). */
function validatorVerdict(validator: Validator, document: unknown): string {
  try {
    return validator.validate(document).valid ? "valid" : "invalid";
  } catch {
    return "threw";
  }
}

function compiledVerdict(
  check: (document: unknown) => boolean,
  document: unknown,
): string {
  return check(document) ? "valid" : "invalid";
}

/** A document where a free map's key holds an unpaired surrogate. */
function withMalformedKey(document: Json): Json {
  const copy = asJson(document);
  const target = (copy.payload ?? copy) as Json;
  if ("context_diagnostics" in target || target === copy) {
    target.context_diagnostics = { "\ud800": "x" };
  }
  return copy;
}

Deno.test("compileJsonSchema() agrees with @cfworker/json-schema on every committed schema", async (t) => {
  for (const [name, documents] of VALID_DOCUMENTS) {
    const schema = JSON.parse(
      await Deno.readTextFile(new URL(`${name}.schema.json`, SCHEMAS_DIR)),
    );
    const check = compileJsonSchema(schema);
    assert.ok(check !== null, `${name} did not compile`);
    const validator = new Validator(structuredClone(schema), "2020-12", false);
    const same = (document: unknown) => {
      const expected = validatorVerdict(validator, document);
      // A document the validator throws on must not get a yes.
      assert.equal(
        compiledVerdict(check, document),
        expected === "threw" ? "invalid" : expected,
        JSON.stringify(document),
      );
      return expected;
    };
    await t.step(`${name}: valid documents`, () => {
      fc.assert(
        fc.property(documents, (document) => {
          assert.equal(same(asJson(document)), "valid");
        }),
        { numRuns: RUNS },
      );
    });
    await t.step(`${name}: one defect`, () => {
      const verdicts = new Set<string>();
      fc.assert(
        fc.property(
          documents,
          fc.constantFrom(...DEFECTS),
          fc.nat(),
          (document, defect, seed) => {
            verdicts.add(same(asJson(withDefect(document, defect, seed))));
          },
        ),
        { numRuns: RUNS },
      );
      // Not vacuous: both verdicts were met.
      assert.deepEqual([...verdicts].sort(), ["invalid", "valid"]);
    });
    await t.step(`${name}: arbitrary JSON and a malformed key`, () => {
      fc.assert(
        fc.property(jsonish, (document) => {
          same(document);
        }),
        { numRuns: RUNS },
      );
      fc.assert(
        fc.property(documents, (document) => {
          same(withMalformedKey(asJson(document)));
        }),
        { numRuns: 50 },
      );
    });
  }
});

Deno.test("compileJsonSchema() follows the validator on each keyword it compiles", async (t) => {
  const cases: [string, unknown, unknown[]][] = [
    ["type list with integer", { type: ["integer", "null"] }, [
      1,
      1.5,
      null,
      "1",
    ]],
    ["single integer", { type: "integer" }, [2, 2.5, "2", 1e300]],
    ["const of an object", { const: { a: [1], b: null } }, [
      { a: [1], b: null },
      { a: [2], b: null },
      { a: [1, 2], b: null },
      { a: [1], b: {} },
      { a: [1], c: null },
      { a: [1], b: null, c: 1 },
      [1],
      null,
    ]],
    ["enum of mixed values", { enum: ["x", 1, { a: 1 }, [1]] }, [
      "x",
      1,
      { a: 1 },
      [1],
      [2],
      { a: 2 },
      "y",
    ]],
    ["anyOf", { anyOf: [{ type: "string" }, { type: "null" }] }, [
      "a",
      null,
      1,
    ]],
    [
      "required, properties, additionalProperties",
      {
        type: "object",
        required: ["a"],
        properties: { a: { type: "string" } },
        additionalProperties: { type: "number" },
      },
      [{ a: "x" }, { a: 1 }, {}, { a: "x", b: 2 }, { a: "x", b: "y" }],
    ],
    ["additionalProperties false", {
      properties: { a: true },
      additionalProperties: false,
    }, [{ a: 1 }, { b: 1 }, {}]],
    ["propertyNames", { propertyNames: { pattern: "^[a-z]+$" } }, [
      { ab: 1 },
      { A: 1 },
      {},
      "not an object",
    ]],
    ["items", { items: { type: "number" } }, [[1, 2], [1, "2"], []]],
    ["numeric bounds", {
      minimum: 0,
      maximum: 10,
      exclusiveMinimum: -1,
      exclusiveMaximum: 10,
    }, [0, 10, 9.5, -0.5, 11, "11"]],
    ["lengths count code points", { minLength: 2, maxLength: 2 }, [
      "ab",
      "😀😀",
      "😀",
      "\ud800",
      "\ud800\ud800",
      "abc",
    ]],
    ["pattern with the u flag", { pattern: "^\\p{L}+$" }, ["é", "1", ""]],
    ["boolean schemas", { properties: { a: false, b: true } }, [
      { a: 1 },
      { b: 1 },
    ]],
    ["annotations change nothing", {
      title: "t",
      description: "d",
      default: 1,
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "x",
    }, [1, "a", null]],
  ];
  for (const [name, schema, documents] of cases) {
    await t.step(name, () => {
      const check = compileJsonSchema(schema)!;
      const validator = new Validator(
        structuredClone(schema) as never,
        "2020-12",
        false,
      );
      const verdicts = documents.map((document) => check(document));
      assert.deepEqual(
        verdicts,
        documents.map((document) => validator.validate(document).valid),
      );
      // Each case tells at least one document apart, or says yes to all on purpose.
      if (name !== "annotations change nothing") {
        assert.ok(verdicts.includes(false), name);
      }
    });
  }
});

Deno.test("compileJsonSchema() does not swallow a schema that throws while it is read", () => {
  const schema = Object.defineProperty({}, "type", {
    enumerable: true,
    get: () => {
      throw new Error("boom");
    },
  });
  assert.throws(() => compileJsonSchema(schema), /^Error: boom$/);
});

Deno.test("compileJsonSchema() leaves a schema it does not know to the validator", async (t) => {
  const cases: [string, unknown][] = [
    ["a $ref", { $ref: "#/$defs/a", $defs: { a: true } }],
    ["format", { format: "date-time" }],
    ["oneOf", { oneOf: [true] }],
    ["a keyword deep inside", { properties: { a: { not: {} } } }],
    ["items as a list", { items: [true] }],
    ["a pattern that is not a regular expression", { pattern: "(" }],
    ["a bound that is not a number", { minimum: "1" }],
    ["a schema that is not an object", 42],
    ["a type that is not a string", { type: [1] }],
    ["enum that is not a list", { enum: 1 }],
    ["anyOf that is not a list", { anyOf: {} }],
    ["required that is not a list", { required: "a" }],
    ["properties that are not an object", { properties: null }],
    ["a pattern that is not a string", { pattern: 1 }],
  ];
  for (const [name, schema] of cases) {
    await t.step(name, () => {
      assert.equal(compileJsonSchema(schema), null);
    });
  }
});
