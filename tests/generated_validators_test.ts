// The validators generated from the Valibot schemas (scripts/
// generate_validators.ts) against Valibot itself, for every specialized
// schema of both contracts: the same verdict and, on valid input, the same
// output, key order included; and the committed file is what the generator
// writes.
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v from "valibot";
import { generatedOf } from "../src/contract/compiled_schema.ts";
import {
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_3_0_0,
} from "../src/envelope/parsing_contracts.ts";
import { specializedSchemas } from "../src/envelope/parsing_contracts.ts";
import {
  GENERATED_FILE,
  generateValidators,
} from "../scripts/generate_validators.ts";
import { DEFECTS, VALID_DOCUMENTS, withDefect } from "./_json_arbitraries.ts";
import { contractFuzz, hostile } from "./_fuzz_kit.ts";
import { CONTRACTS } from "./_builders.ts";

/** The valid documents of a specialized schema, by its name. */
function documentsOf(name: string): fc.Arbitrary<Record<string, unknown>> {
  const [kind, version] = [
    name.slice(0, name.length - 6),
    name.slice(-5),
  ];
  const folder = version === "3_0_0" ? "v3/" : "";
  const file = kind.startsWith("envelope")
    ? "event"
    : kind === "namespace"
    ? "local_namespace_tuple"
    : `mission_dossier_${
      kind.replace(/^MissionDossier/, "").replace(
        /[A-Z]/g,
        (letter, at) => `${at === 0 ? "" : "_"}${letter.toLowerCase()}`,
      )
    }_payload`;
  const documents = VALID_DOCUMENTS.get(`${folder}${file}`);
  assert.ok(documents, `no valid documents for ${name}`);
  return documents;
}

/** True when no string in the value's JSON holds an escaped lone surrogate. */
function noLoneSurrogate(value: unknown): boolean {
  return !/\\u[dD][89a-fA-F]/.test(JSON.stringify(value) ?? "");
}

/** Asserts that the generated validator gives Valibot's verdict and output. */
function assertAgrees(
  schema: v.GenericSchema<unknown, unknown>,
  input: unknown,
): boolean {
  const generated = generatedOf(schema)!;
  const expected = v.safeParse(schema, input);
  let actual: unknown;
  try {
    actual = generated(input, false);
  } catch {
    actual = undefined; // the fast path gives up; Valibot decides
  }
  if (!expected.success) {
    assert.equal(actual, undefined);
    return false;
  }
  // It never gives up on valid input, and agrees field for field, in order.
  assert.deepStrictEqual(actual, expected.output);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected.output));
  if (noLoneSurrogate(input)) {
    assert.deepStrictEqual(generated(input, true), expected.output);
  }
  return true;
}

Deno.test("the committed generated validators are what the generator writes", async () => {
  const committed = await Deno.readTextFile(
    new URL(`../${GENERATED_FILE}`, import.meta.url),
  );
  assert.equal(committed, generateValidators());
});

for (const contract of [PARSING_CONTRACT_2_4_0, PARSING_CONTRACT_3_0_0]) {
  const c = CONTRACTS.find((kit) => kit.version === contract.version)!;
  const fuzz = contractFuzz(c);

  Deno.test(`the generated validators give Valibot's verdict and output (${contract.version})`, async (t) => {
    for (const [name, schema] of specializedSchemas(contract)) {
      assert.ok(generatedOf(schema), `${name} has a generated validator`);
      await t.step(name, () => {
        const documents = documentsOf(name);
        fc.assert(
          fc.property(documents, (document) => {
            assert.ok(assertAgrees(schema, document), "valid stays valid");
          }),
          { numRuns: 300 },
        );
        fc.assert(
          fc.property(
            documents,
            fc.constantFrom(...DEFECTS),
            fc.nat(),
            (document, defect, seed) => {
              assertAgrees(schema, withDefect(document, defect, seed));
            },
          ),
          { numRuns: 600 },
        );
        fc.assert(
          fc.property(hostile, (value) => {
            assertAgrees(schema, value);
          }),
          { numRuns: 200 },
        );
      });
    }
  });

  Deno.test(`the generated envelope validators agree with Valibot on mutated wire events (${contract.version})`, () => {
    const envelopes = specializedSchemas(contract)
      .filter(([name]) => name.startsWith("envelope"))
      .map(([, schema]) => schema);
    fc.assert(
      fc.property(
        fc.oneof(fuzz.validWireEvent, fuzz.mutatedWireEvent),
        (event) => {
          for (const schema of envelopes) assertAgrees(schema, event);
        },
      ),
      { numRuns: 1000 },
    );
  });
}

Deno.test("a generated validator remembers a normalized field only for the same input", () => {
  const schema = PARSING_CONTRACT_2_4_0.envelope;
  const generated = generatedOf(schema)!;
  const event = {
    event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
    event_type: "T",
    aggregate_id: "a",
    timestamp: "2026-02-21T14:00:00Z",
    node_id: "n",
    lamport_clock: 1,
    project_uuid: "6F1C2B8E5A4D4C3B9E2F1A0B9C8D7E6F",
    correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N00",
  };
  const first = generated(event, true) as Record<string, unknown>;
  assert.equal(first.project_uuid, "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f");
  const second = generated(
    { ...event, project_uuid: "{6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e60}" },
    true,
  ) as Record<string, unknown>;
  assert.equal(second.project_uuid, "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e60");
  assert.throws(() => generated({ ...event, project_uuid: "nope" }, true));
  const third = generated(event, true) as Record<string, unknown>;
  assert.deepStrictEqual(third, first);
});
