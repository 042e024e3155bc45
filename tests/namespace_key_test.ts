import {
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_3_0_0,
} from "../src/envelope/parsing_contracts.ts";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { namespaceKey } from "../edge.ts";
import { contractNamespaceKey } from "../src/edge/namespace_key.ts";
import { CONTRACTS, V2, V3 } from "./_builders.ts";
import { realStreams } from "./_edge_kit.ts";
import * as v3 from "../v3.ts";

const IDENTITY = (
  kit: typeof V2,
) => [
  "project_uuid",
  kit.slug,
  "target_branch",
  kit.mission,
  "manifest_version",
];

/** The documented recipe, computed apart from the code: node:crypto over the text. */
function recipe(version: string, values: readonly string[]): string {
  return createHash("sha256").update(
    `spec-kitty dossier namespace\n${version}\n${JSON.stringify(values)}`,
  ).digest("hex");
}

Deno.test("namespaceKey() is SHA-256 of the contract version and the five identity values, in hex", async (t) => {
  for (const kit of CONTRACTS) {
    await t.step(kit.version, async () => {
      const namespace = kit.stateNamespace({ step_id: "plan" });
      const values = IDENTITY(kit).map((field) =>
        (namespace as unknown as Record<string, string>)[field]
      );
      const key = await namespaceKey(namespace as never);
      assert.match(key, /^[0-9a-f]{64}$/);
      assert.equal(key, recipe(kit.version, values));
    });
  }
});

Deno.test("namespaceKey() is the same whatever the step_id", async (t) => {
  for (const kit of CONTRACTS) {
    await t.step(kit.version, async () => {
      const keys = new Set<string>();
      for (const step_id of [null, "", "plan", "implement"]) {
        keys.add(await namespaceKey(kit.stateNamespace({ step_id }) as never));
      }
      // step_id left out altogether, as the spec-kitty CLI writes it.
      keys.add(await namespaceKey(kit.namespace() as never));
      assert.equal(keys.size, 1);
    });
  }
});

Deno.test("namespaceKey() differs for any difference in an identity field, and between contracts", async (t) => {
  const keys = new Map<string, string>();
  for (const kit of CONTRACTS) {
    keys.set(`${kit.version}`, await namespaceKey(kit.namespace() as never));
    for (const field of IDENTITY(kit)) {
      for (const value of ["other", "Main", " main", "main\u0000"]) {
        const namespace = kit.namespace({ [field]: value });
        keys.set(
          `${kit.version} ${field}=${JSON.stringify(value)}`,
          await namespaceKey(namespace as never),
        );
      }
    }
  }
  // The 2.4.0 and the 3.0.0 namespace hold the same values under their own
  // names: the version keeps them apart.
  assert.equal(new Set(keys.values()).size, keys.size);
  await t.step("values that a naive join would confuse", async () => {
    const a = V3.namespace({ project_uuid: "p", mission_slug: "a,b" });
    const b = V3.namespace({ project_uuid: "p,a", mission_slug: "b" });
    assert.notEqual(
      await namespaceKey(a as never),
      await namespaceKey(b as never),
    );
  });
});

Deno.test("namespaceKey() of a state's namespace is the key of every event of that state", async () => {
  for (const [name, lines] of realStreams()) {
    const events = v3.parseEventStream(lines.join("\n"), {
      acceptEmptyBuildId: true,
    });
    const state = v3.reduceMissionDossier(events);
    const key = await namespaceKey(state.namespace!);
    for (const group of v3.partitionByNamespace(events).groups) {
      assert.equal(
        await contractNamespaceKey(
          PARSING_CONTRACT_3_0_0,
          group.namespace as never,
        ),
        key,
        name,
      );
    }
  }
});

Deno.test("namespaceKey() refuses what is a namespace of neither contract, naming the field", async (t) => {
  const cases: [string, unknown, RegExp][] = [
    [
      "a 3.0.0 namespace without mission_type",
      (({ mission_type: _, ...rest }) => rest)(V3.namespace()),
      /contract 3\.0\.0: field "mission_type" is required/,
    ],
    [
      "a 3.0.0 namespace with an unknown key",
      { ...V3.namespace(), color: "red" },
      /contract 3\.0\.0: field "color"/,
    ],
    [
      "a 2.4.0 namespace with an empty slug",
      V2.namespace({ feature_slug: "" }),
      /contract 2\.4\.0: field "feature_slug"/,
    ],
    ["null", null, /contract 2\.4\.0: the input must be an object/],
    [
      "a proxy that throws",
      new Proxy({}, {
        get() {
          throw new Error("boom");
        },
        getOwnPropertyDescriptor() {
          throw new Error("boom");
        },
        ownKeys() {
          throw new Error("boom");
        },
        has() {
          throw new Error("boom");
        },
      }),
      /Cannot derive a namespace key/,
    ],
  ];
  for (const [name, input, message] of cases) {
    await t.step(name, async () => {
      await assert.rejects(
        () => namespaceKey(input as never),
        (error: Error) =>
          error instanceof TypeError && message.test(error.message),
      );
    });
  }
});

Deno.test("contractNamespaceKey() takes the contract as data", async () => {
  const namespace = { ...V2.stateNamespace() } as never;
  assert.equal(
    await contractNamespaceKey(PARSING_CONTRACT_2_4_0, namespace),
    await namespaceKey(namespace),
  );
});
