import assert from "node:assert/strict";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import * as v from "valibot";
import {
  checkSchemas,
  convertSchema,
  generateSchemaFiles,
  SCHEMA_SOURCES,
  shortDiff,
  writeSchemas,
} from "../scripts/generate_schemas.ts";
import {
  asJson,
  type Defect,
  DEFECTS,
  type Json,
  VALID_DOCUMENTS,
  withDefect,
} from "./_json_arbitraries.ts";

const SCHEMAS_DIR = new URL("../schemas/", import.meta.url);
const SCRIPT = new URL("../scripts/generate_schemas.ts", import.meta.url);
const RUNS = 500;

const CONTRACT_NAMES = [
  "artifact_identity",
  "content_hash_ref",
  "provenance_ref",
  "local_namespace_tuple",
  "mission_dossier_artifact_indexed_payload",
  "mission_dossier_artifact_missing_payload",
  "mission_dossier_snapshot_computed_payload",
  "mission_dossier_parity_drift_detected_payload",
  "event",
  "mission_dossier_state",
];

async function committedSchema(name: string): Promise<Json> {
  return JSON.parse(
    await Deno.readTextFile(new URL(`${name}.schema.json`, SCHEMAS_DIR)),
  );
}

async function runScript(...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SCRIPT.pathname, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function tempCopyOfSchemas(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "dossier_schemas_" });
  for (const folder of ["", "v3/"]) {
    await Deno.mkdir(`${dir}/${folder}`, { recursive: true });
    for await (const entry of Deno.readDir(new URL(folder, SCHEMAS_DIR))) {
      if (!entry.isFile) continue;
      await Deno.copyFile(
        new URL(`${folder}${entry.name}`, SCHEMAS_DIR),
        `${dir}/${folder}${entry.name}`,
      );
    }
  }
  return dir;
}

/** The ten schemas of each contract: 2.4.0 in schemas/, 3.0.0 in schemas/v3/. */
const SCHEMA_STEMS = [
  ...CONTRACT_NAMES,
  ...CONTRACT_NAMES.map((name) => `v3/${name}`),
];

Deno.test("generate_schemas covers exactly the ten schemas of each contract", () => {
  assert.deepEqual([...SCHEMA_SOURCES.keys()], SCHEMA_STEMS);
  assert.deepEqual(
    [...generateSchemaFiles().keys()],
    SCHEMA_STEMS.map((name) => `${name}.schema.json`),
  );
});

Deno.test("the committed schemas are what deno task schemas generates", async () => {
  assert.deepEqual(await checkSchemas(SCHEMAS_DIR), []);
});

Deno.test("every schema file has its header, 2-space indent and a final newline", async (t) => {
  for (const [file, text] of generateSchemaFiles()) {
    await t.step(file, () => {
      const v3 = file.startsWith("v3/");
      const name = file.replace(".schema.json", "").replace(/^v3\//, "");
      const schema = JSON.parse(text);
      assert.deepEqual(Object.keys(schema).slice(0, 5), [
        "$schema",
        "$id",
        "title",
        "description",
        "type",
      ]);
      assert.equal(
        schema.$schema,
        "https://json-schema.org/draft/2020-12/schema",
      );
      assert.equal(schema.$id, `spec-kitty-events/${name}`);
      assert.equal(schema.type, "object");
      assert.ok(schema.title.length > 0 && schema.description.length > 0);
      // 2.4.0: unknown keys stay allowed, no additionalProperties: false
      // anywhere. 3.0.0: every value object and payload forbids them, the
      // envelope and the state's own objects do not.
      if (!v3) assert.ok(!text.includes('"additionalProperties": false'));
      else if (name === "event" || name === "mission_dossier_state") {
        assert.equal(schema.additionalProperties, undefined);
      } else assert.equal(schema.additionalProperties, false);
      assert.equal(text, `${JSON.stringify(schema, null, 2)}\n`);
    });
  }
});

Deno.test("generation is deterministic", () => {
  assert.deepEqual(generateSchemaFiles(), generateSchemaFiles());
});

Deno.test("generated schemas carry the contract's rules", async (t) => {
  const event = await committedSchema("event");
  const properties = event.properties as Record<string, Json>;
  await t.step("ids and the project UUID have patterns", () => {
    assert.match(String(properties.event_id.pattern), /^\^\(\?:/);
    assert.match(String(properties.project_uuid.pattern), /urn:uuid:/);
  });
  await t.step("integers stop at 2^53 − 1", () => {
    assert.equal(properties.lamport_clock.type, "integer");
    assert.equal(properties.lamport_clock.maximum, Number.MAX_SAFE_INTEGER);
  });
  await t.step("the envelope's defaults are documented", () => {
    assert.deepEqual(properties.payload.default, {});
    assert.equal(properties.schema_version.default, "1.0.0");
    assert.equal(properties.data_tier.default, 0);
  });
  await t.step(
    "context_diagnostics is a string map whose keys are checked",
    async () => {
      const indexed = await committedSchema(
        "mission_dossier_artifact_indexed_payload",
      );
      const diagnostics = (indexed.properties as Record<string, Json>)
        .context_diagnostics.anyOf as Json[];
      assert.equal(diagnostics[0].type, "object");
      assert.ok("propertyNames" in diagnostics[0]);
      assert.equal(
        (diagnostics[0].additionalProperties as Json).type,
        "string",
      );
    },
  );
});

Deno.test("convertSchema() refuses what has no JSON Schema form", async (t) => {
  await t.step("a custom check other than the plain-object check", () => {
    const schema = v.custom<string>((input) => input === "x");
    assert.throws(
      () => convertSchema("odd", schema),
      /Cannot convert schema "odd": a custom check/,
    );
  });
  await t.step("a regex with flags other than u", () => {
    assert.throws(
      () => convertSchema("odd", v.pipe(v.string(), v.regex(/a/i))),
      /the regex flags "i" have no JSON Schema form/,
    );
  });
  await t.step("a u-flag regex keeps its source", () => {
    const schema = convertSchema(
      "digits",
      v.pipe(v.string(), v.regex(/^\p{Nd}$/u)),
    );
    assert.equal(schema.pattern, "^\\p{Nd}$");
  });
});

Deno.test("shortDiff() shows the first differing stretch, cut short", () => {
  assert.equal(
    shortDiff("a\nb\nc\n", "a\nB\nc\n"),
    "  @@ line 2\n  - b\n  + B",
  );
  const long = Array.from({ length: 10 }, (_, i) => `line ${i}`).join("\n");
  const diff = shortDiff(long, "");
  assert.match(diff, /… 4 more removed lines/);
  assert.match(shortDiff("", long), /… 4 more added lines/);
});

Deno.test("deno task schemas --check", async (t) => {
  await t.step("exits 0 on the committed schemas", async () => {
    const { code, stdout } = await runScript("--check");
    assert.equal(code, 0);
    assert.match(stdout, /all 20 files are up to date/);
  });

  await t.step("exits 1 naming a stale file, with a short diff", async () => {
    const dir = await tempCopyOfSchemas();
    try {
      const file = `${dir}/content_hash_ref.schema.json`;
      const text = await Deno.readTextFile(file);
      await Deno.writeTextFile(file, text.replace('"md5"', '"sha1"'));
      const before = await Deno.readTextFile(file);
      const { code, stderr } = await runScript("--check", `--dir=${dir}`);
      assert.equal(code, 1);
      assert.match(stderr, /stale: content_hash_ref\.schema\.json/);
      assert.match(stderr, /- +"sha1"/);
      assert.match(stderr, /\+ +"md5"/);
      assert.match(stderr, /Run `deno task schemas`/);
      // --check writes nothing.
      assert.equal(await Deno.readTextFile(file), before);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step("exits 1 naming missing and extra files", async () => {
    const dir = await tempCopyOfSchemas();
    try {
      await Deno.remove(`${dir}/event.schema.json`);
      await Deno.writeTextFile(`${dir}/old_name.schema.json`, "{}\n");
      await Deno.remove(`${dir}/v3/local_namespace_tuple.schema.json`);
      await Deno.writeTextFile(`${dir}/v3/old_name.schema.json`, "{}\n");
      const { code, stderr } = await runScript("--check", `--dir=${dir}`);
      assert.equal(code, 1);
      assert.match(stderr, /missing: event\.schema\.json/);
      assert.match(stderr, /extra: old_name\.schema\.json/);
      assert.match(stderr, /missing: v3\/local_namespace_tuple\.schema\.json/);
      assert.match(stderr, /extra: v3\/old_name\.schema\.json/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  await t.step(
    "without --check, rewrites the files and removes extras",
    async () => {
      const dir = await tempCopyOfSchemas();
      try {
        await Deno.writeTextFile(`${dir}/event.schema.json`, "{}\n");
        await Deno.writeTextFile(`${dir}/old_name.schema.json`, "{}\n");
        const { code, stdout } = await runScript(`--dir=${dir}`);
        assert.equal(code, 0);
        assert.match(stdout, /wrote 20 files/);
        const copy = new URL(`file://${dir}/`);
        assert.deepEqual(await checkSchemas(copy), []);
        await writeSchemas(copy);
        assert.deepEqual(await checkSchemas(copy), []);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );
});

Deno.test("every JSON Schema accepts exactly what its Valibot schema accepts", async (t) => {
  for (const [name, model] of SCHEMA_SOURCES) {
    const validator = new Validator(
      await committedSchema(name) as never,
      "2020-12",
    );
    const documents = VALID_DOCUMENTS.get(name)!;
    const verdicts = (document: unknown) => ({
      valibot: v.safeParse(model, document).success,
      jsonSchema: validator.validate(document).valid,
    });

    await t.step(`${name}: valid documents pass both layers`, () => {
      fc.assert(
        fc.property(documents, (document) => {
          assert.deepEqual(verdicts(document), {
            valibot: true,
            jsonSchema: true,
          });
        }),
        { numRuns: RUNS },
      );
    });

    await t.step(`${name}: one defect gets the same verdict from both`, () => {
      const rejected = new Set<Defect>();
      fc.assert(
        fc.property(
          documents,
          fc.constantFrom(...DEFECTS),
          fc.nat(),
          (document, defect, seed) => {
            const variant = asJson(withDefect(document, defect, seed));
            const { valibot, jsonSchema } = verdicts(variant);
            assert.equal(
              jsonSchema,
              valibot,
              `${defect} → ${JSON.stringify(variant)}`,
            );
            if (!valibot) rejected.add(defect);
            // 2.4.0 drops unknown keys everywhere.
            if (defect === "extra_key" && !name.startsWith("v3/")) {
              assert.equal(valibot, true);
            }
          },
        ),
        { numRuns: RUNS },
      );
      // Not vacuous: most kinds of defect were caught at least once.
      assert.ok(rejected.size >= 6, `only ${[...rejected]} were rejected`);
    });
  }
});
