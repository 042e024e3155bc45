// The object schema of each contract's unknown-key policy (docs/contract.md, "Value objects",
// docs/contract.md, "Contract 3.0.0 and the divergences"): 2.4.0 drops an undeclared key, 3.0.0 reports each one.
import assert from "node:assert/strict";
import * as v from "valibot";
import {
  nonEmptyTextSchema,
  plainObjectSchema,
} from "../src/contract/valibot_kit.ts";

const REJECT = {
  policy: "reject",
  contract: "3.0.0",
  renamed: { feature_slug: "mission_slug" },
} as const;
const ENTRIES = { hash: nonEmptyTextSchema() };

Deno.test("plainObjectSchema() drops undeclared keys by default", () => {
  assert.deepEqual(
    v.parse(plainObjectSchema(ENTRIES), { hash: "ab", extra: 1 }),
    { hash: "ab" },
  );
});

Deno.test("plainObjectSchema() with the reject policy reports every undeclared key, not only the first", () => {
  const result = v.safeParse(plainObjectSchema(ENTRIES, REJECT), {
    feature_slug: "x",
    hash: "",
    extra: 1,
  });
  assert.equal(result.success, false);
  assert.deepEqual(
    result.issues?.map((issue) => [issue.path?.[0].key, issue.message]),
    [
      ["hash", "must be a non-empty string"],
      [
        "feature_slug",
        'is not allowed: contract 3.0.0 renamed it to "mission_slug"',
      ],
      ["extra", "is not allowed: contract 3.0.0 rejects unknown keys"],
    ],
  );
});

Deno.test("plainObjectSchema() with the reject policy validates through Standard Schema alone", async (t) => {
  // The object schema inside the pipe, after the plain-object check.
  const object = plainObjectSchema(ENTRIES, REJECT).pipe[1] as unknown as
    & v.GenericSchema
    & { "~standard": v.StandardProps<unknown, unknown> };
  await t.step("a valid object", async () => {
    assert.deepEqual(await object["~standard"].validate({ hash: "ab" }), {
      value: { hash: "ab" },
    });
  });
  await t.step("an undeclared key is an issue", async () => {
    const result = await object["~standard"].validate({ hash: "ab", x: 1 });
    assert.deepEqual(
      (result as { issues: readonly { message: string }[] }).issues.map((
        issue,
      ) => issue.message),
      ["is not allowed: contract 3.0.0 rejects unknown keys"],
    );
  });
  await t.step("what is not an object is one issue, no key looked at", () => {
    for (const input of [null, [], "ab"]) {
      const result = v.safeParse(object, input);
      assert.equal(result.success, false);
      assert.deepEqual(result.issues?.map((issue) => issue.message), [
        "must be an object",
      ]);
    }
  });
});
