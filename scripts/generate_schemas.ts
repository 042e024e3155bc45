// Generates schemas/<name>.schema.json (contract 2.4.0) and
// schemas/v3/<name>.schema.json (contract 3.0.0) from the Valibot schemas of
// the two contracts (docs/contract.md, "Schemas, fixtures and dual-layer validation" and "Contract 3.0.0 and the divergences"). Nothing in schemas/ is edited by hand.
//
//   deno task schemas            write every schema file
//   deno task schemas --check    write nothing; exit 1 naming every stale,
//                                missing or extra file, with a short diff
//
// `--dir=<path>` points at another directory (the tests use a temp copy).
import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import { isPlainObject } from "../src/contract/valibot_kit.ts";

/** The ten schemas of one contract, in contract order: name → Valibot schema. */
function _contractSchemas(
  contract: typeof v2 | typeof v3,
): [string, v.GenericSchema][] {
  return [
    ["artifact_identity", contract.ArtifactIdentitySchema],
    ["content_hash_ref", contract.ContentHashRefSchema],
    ["provenance_ref", contract.ProvenanceRefSchema],
    ["local_namespace_tuple", contract.LocalNamespaceTupleSchema],
    [
      "mission_dossier_artifact_indexed_payload",
      contract.MissionDossierArtifactIndexedPayloadSchema,
    ],
    [
      "mission_dossier_artifact_missing_payload",
      contract.MissionDossierArtifactMissingPayloadSchema,
    ],
    [
      "mission_dossier_snapshot_computed_payload",
      contract.MissionDossierSnapshotComputedPayloadSchema,
    ],
    [
      "mission_dossier_parity_drift_detected_payload",
      contract.MissionDossierParityDriftDetectedPayloadSchema,
    ],
    ["event", contract.EventSchema],
    ["mission_dossier_state", contract.MissionDossierStateSchema],
  ];
}

/**
 * Every generated schema: its path below `schemas/` without the
 * `.schema.json` ending (`event` for 2.4.0, `v3/event` for 3.0.0) → the
 * Valibot schema it comes from.
 */
export const SCHEMA_SOURCES: ReadonlyMap<string, v.GenericSchema> = new Map<
  string,
  v.GenericSchema
>([
  ..._contractSchemas(v2),
  ..._contractSchemas(v3).map(([name, schema]): [string, v.GenericSchema] => [
    `v3/${name}`,
    schema,
  ]),
]);

type JsonSchema = Record<string, unknown>;

// Keywords that come first in every (sub)schema, so a reader meets the name
// before the rules; the rest keep the converter's (deterministic) order.
const _HEAD_KEYWORDS = ["$schema", "$id", "title", "description", "type"];

function _orderKeywords(schema: JsonSchema): JsonSchema {
  const ordered: JsonSchema = {};
  for (const key of _HEAD_KEYWORDS) {
    if (key in schema) ordered[key] = schema[key];
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key in ordered) continue;
    if (key === "properties") {
      // A map of field name → subschema: keep field order, order each subschema.
      const properties: JsonSchema = {};
      for (const [field, sub] of Object.entries(value as JsonSchema)) {
        properties[field] = _orderKeywords(sub as JsonSchema);
      }
      ordered[key] = properties;
    } else if (key === "anyOf") {
      ordered[key] = (value as JsonSchema[]).map(_orderKeywords);
    } else if (
      (key === "items" || key === "additionalProperties" ||
        key === "propertyNames") && typeof value === "object" && value !== null
    ) {
      ordered[key] = _orderKeywords(value as JsonSchema);
    } else ordered[key] = value;
  }
  return ordered;
}

/**
 * Converts one Valibot schema of the contract to a draft 2020-12 JSON Schema
 * that accepts exactly the documents the Valibot schema accepts.
 */
export function convertSchema(
  name: string,
  schema: v.GenericSchema,
): JsonSchema {
  const converted = toJsonSchema(schema, {
    target: "draft-2020-12",
    // Each object is `pipe(custom(plain object), object(...))`: convert from
    // the last schema of a pipe, the `object`, which already says `type: object`.
    typeMode: "output",
    // Checks and normalizations run in code; their JSON Schema twin is the
    // `v.metadata` fragment (a `pattern`, an `anyOf`) written beside them.
    ignoreActions: ["check", "raw_check", "raw_transform", "transform"],
    errorMode: "throw",
    overrideSchema({ valibotSchema, jsonSchema }) {
      if (valibotSchema.type !== "custom") return undefined;
      if ((valibotSchema as { check?: unknown }).check === isPlainObject) {
        return { ...jsonSchema, type: "object" };
      }
      throw new TypeError(
        `Cannot convert schema "${name}": a custom check other than the plain-object check has no JSON Schema form`,
      );
    },
    overrideAction({ valibotAction, jsonSchema }) {
      // Unicode-aware patterns (`\p{Nd}`) are JSON Schema patterns as they
      // stand: ECMA-262 validators such as @cfworker/json-schema compile
      // every pattern with the `u` flag. Any other flag has no equivalent.
      if (valibotAction.type !== "regex") return undefined;
      const { source, flags } = (valibotAction as unknown as {
        requirement: RegExp;
      }).requirement;
      if (flags !== "u") {
        throw new TypeError(
          `Cannot convert schema "${name}": the regex flags "${flags}" have no JSON Schema form`,
        );
      }
      return { ...jsonSchema, pattern: source };
    },
  }) as JsonSchema;
  return _orderKeywords({
    ...converted,
    // The reference gives both contracts' schemas the same ids.
    $id: `spec-kitty-events/${name.slice(name.lastIndexOf("/") + 1)}`,
  });
}

/** The text of every schema file: `<name>.schema.json` → content. */
export function generateSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, schema] of SCHEMA_SOURCES) {
    files.set(
      `${name}.schema.json`,
      `${JSON.stringify(convertSchema(name, schema), null, 2)}\n`,
    );
  }
  return files;
}

const _DIFF_LINES = 6;

/** A short line diff: the first differing stretch, cut to a few lines. */
export function shortDiff(committed: string, generated: string): string {
  const a = committed.split("\n");
  const b = generated.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const lines = [`  @@ line ${start + 1}`];
  const removed = a.slice(start, endA);
  const added = b.slice(start, endB);
  for (const line of removed.slice(0, _DIFF_LINES)) lines.push(`  - ${line}`);
  if (removed.length > _DIFF_LINES) {
    lines.push(`  … ${removed.length - _DIFF_LINES} more removed lines`);
  }
  for (const line of added.slice(0, _DIFF_LINES)) lines.push(`  + ${line}`);
  if (added.length > _DIFF_LINES) {
    lines.push(`  … ${added.length - _DIFF_LINES} more added lines`);
  }
  return lines.join("\n");
}

/** One file of `schemas/` that does not match what would be generated. */
export interface SchemaMismatch {
  readonly file: string;
  readonly problem: "stale" | "missing" | "extra";
  /** For a stale file, a short diff from committed to generated. */
  readonly diff: string;
}

/** The folders below the schema root that hold generated files: `""` and `"v3/"`. */
function _folders(): string[] {
  return [
    ...new Set(
      [...SCHEMA_SOURCES.keys()].map((stem) =>
        stem.slice(0, stem.lastIndexOf("/") + 1)
      ),
    ),
  ];
}

/** Compares a schema root with what would be generated; writes nothing. */
export async function checkSchemas(dir: URL): Promise<SchemaMismatch[]> {
  const expected = generateSchemaFiles();
  const present = new Set<string>();
  for (const folder of _folders()) {
    try {
      for await (const entry of Deno.readDir(new URL(folder, dir))) {
        if (entry.isFile && entry.name.endsWith(".json")) {
          present.add(`${folder}${entry.name}`);
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  const mismatches: SchemaMismatch[] = [];
  for (const [file, text] of expected) {
    if (!present.has(file)) {
      mismatches.push({ file, problem: "missing", diff: "" });
      continue;
    }
    const committed = await Deno.readTextFile(new URL(file, dir));
    if (committed !== text) {
      mismatches.push({
        file,
        problem: "stale",
        diff: shortDiff(committed, text),
      });
    }
  }
  for (const file of [...present].sort()) {
    if (!expected.has(file)) {
      mismatches.push({ file, problem: "extra", diff: "" });
    }
  }
  return mismatches;
}

/** Writes every schema file below `dir` and removes extra `.json` files. */
export async function writeSchemas(dir: URL): Promise<string[]> {
  for (const folder of _folders()) {
    await Deno.mkdir(new URL(folder, dir), { recursive: true });
  }
  const written: string[] = [];
  for (const [file, text] of generateSchemaFiles()) {
    await Deno.writeTextFile(new URL(file, dir), text);
    written.push(file);
  }
  for (const { file, problem } of await checkSchemas(dir)) {
    if (problem === "extra") await Deno.remove(new URL(file, dir));
  }
  return written;
}

async function _main(args: readonly string[]): Promise<number> {
  const dirArg = args.find((arg) => arg.startsWith("--dir="));
  const dir = dirArg === undefined
    ? new URL("../schemas/", import.meta.url)
    : new URL(
      `${dirArg.slice("--dir=".length).replace(/\/?$/, "/")}`,
      `file://${Deno.cwd()}/`,
    );
  if (args.includes("--check")) {
    const mismatches = await checkSchemas(dir);
    if (mismatches.length === 0) {
      console.log(`schemas: all ${SCHEMA_SOURCES.size} files are up to date`);
      return 0;
    }
    console.error(
      `schemas: ${mismatches.length} of the files in ${dir.pathname} differ from what deno task schemas generates:`,
    );
    for (const { file, problem, diff } of mismatches) {
      console.error(`${problem}: ${file}`);
      if (diff !== "") console.error(diff);
    }
    console.error("Run `deno task schemas` and commit the result");
    return 1;
  }
  const written = await writeSchemas(dir);
  console.log(`schemas: wrote ${written.length} files to ${dir.pathname}`);
  return 0;
}

if (import.meta.main) Deno.exit(await _main(Deno.args));
