/**
 * YAML text to the values the CLI's ruamel.yaml 0.17.21 builds in round-trip
 * mode (YAML 1.2): the `yaml` package parses, this module resolves and
 * constructs every scalar with ruamel's own rules (docs/indexer.md, "Work
 * packages: YAML values"), checks duplicate keys as Python compares them, and
 * refuses what ruamel cannot construct.
 *
 * @module
 */

import {
  type Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { parseRuamelScalar } from "./ruamel_scalar.ts";
import { PyDict, PyOpaque, type PyValue } from "./python_value.ts";
import { pyStr } from "./python_repr.ts";

/** ruamel.yaml could not load the text: the CLI treats the file as having no usable frontmatter. */
export class YamlLoadError extends Error {
  /**
   * Records what ruamel would have refused.
   *
   * @param message What ruamel would have refused.
   */
  constructor(message: string) {
    super(message);
    this.name = "YamlLoadError";
  }
}

const TAG = "tag:yaml.org,2002:";
const LINE_BREAK = /\r\n?/g;
const PARSE_OPTIONS = {
  version: "1.2",
  schema: "failsafe",
  uniqueKeys: false,
  merge: false,
  maxAliasCount: -1,
  // `!!omap`, `!!pairs`, `!!set`, `!!binary` and `!!timestamp` are built here
  // with ruamel's rules, from the nodes as written.
  resolveKnownTags: false,
  keepSourceTokens: false,
} as const;

interface Context {
  readonly doc: ReturnType<typeof parseDocument>;
  /** Where a block scalar ends when it runs to the end of a text with no final line break, or -1. */
  readonly openEnd: number;
  readonly built: Map<Node, PyValue>;
  readonly building: Set<Node>;
}

function scalarValue(node: Scalar, context: Context): PyValue {
  let text = String(node.source ?? node.value ?? "");
  // ruamel ends a block scalar that runs into the end of the text without
  // the line break the text lacks, whatever its chomping; `yaml` adds one.
  if (
    (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") &&
    node.range?.[1] === context.openEnd && text.endsWith("\n")
  ) text = text.slice(0, -1);
  const tag = node.tag;
  // The non-specific tag `!` leaves a plain scalar to implicit resolution.
  const implicit = tag === undefined || tag === "!";
  if (implicit && node.type !== "PLAIN") return text;
  if (!implicit && !tag.startsWith(TAG)) {
    return new PyOpaque("TaggedScalar", text);
  }
  const name = implicit ? null : tag.slice(TAG.length);
  const value = parseRuamelScalar(text, name);
  if (value !== undefined) return value;
  throw new YamlLoadError(
    `Cannot construct ${name ?? "a value"} from the scalar ${
      JSON.stringify(text)
    }`,
  );
}

function resolveAlias(alias: Alias, context: Context): PyValue {
  const target = alias.resolve(context.doc);
  if (target === undefined) {
    throw new YamlLoadError(`Cannot resolve the alias *${alias.source}`);
  }
  // ruamel hands out None for an alias to a collection still being built.
  if (context.building.has(target)) return null;
  return build(target, context);
}

function isPlain(node: Node | null, source: string): boolean {
  return isScalar(node) && node.type === "PLAIN" && node.tag === undefined &&
    node.source === source;
}

function buildMap(node: YAMLMap, context: Context): PyDict {
  return buildPairs(node.items, context);
}

function buildPairs(pairs: readonly Pair[], context: Context): PyDict {
  const dict = new PyDict();
  const merged: PyDict[] = [];
  let mergeSeen = false;
  for (const pair of pairs) {
    const keyNode = pair.key as Node | null;
    if (isPlain(keyNode, "<<")) {
      if (mergeSeen) throw new YamlLoadError('Duplicate merge key "<<"');
      mergeSeen = true;
      const sources = isSeq(pair.value)
        ? pair.value.items as Node[]
        : [pair.value as Node];
      for (const source of sources) {
        const value = build(source, context);
        if (!(value instanceof PyDict)) {
          throw new YamlLoadError(
            "Cannot merge a value that is not a mapping into a mapping",
          );
        }
        merged.push(value);
      }
      continue;
    }
    // ruamel turns a `=` key (the YAML 1.1 value key) back into a string.
    const key = keyNode === null
      ? null
      : isPlain(keyNode, "=")
      ? "="
      : build(keyNode, context);
    if (dict.has(key)) {
      throw new YamlLoadError(
        `Duplicate key ${JSON.stringify(pyStr(key))} in a mapping`,
      );
    }
    const valueNode = pair.value as Node | null;
    dict.set(key, valueNode === null ? null : build(valueNode, context));
  }
  // The keys the mapping lacks come from the merged mappings, earlier
  // sources first: what CommentedMap.items() shows pydantic and json.dumps.
  for (const source of merged) {
    source.keys.forEach((key, i) => {
      if (!dict.has(key)) dict.set(key, source.values[i]);
    });
  }
  return dict;
}

function buildSeq(node: YAMLSeq, context: Context): PyValue[] {
  return node.items.map((item) => {
    // `[a: 1]` holds a one-pair mapping, which `yaml` keeps as a bare pair.
    if (isPair(item)) return buildPairs([item], context);
    return build(item as Node, context);
  });
}

function collectionTag(node: YAMLMap | YAMLSeq): string | null {
  const tag = node.tag;
  if (tag === undefined || tag === "!" || !tag.startsWith(TAG)) return null;
  return tag.slice(TAG.length);
}

function buildTagged(node: YAMLMap | YAMLSeq, context: Context): PyValue {
  const tag = collectionTag(node);
  if (isMap(node)) {
    if (tag === null || tag === "map") return buildMap(node, context);
    if (tag === "set") {
      const keys = buildMap(node, context).keys;
      return new PyOpaque("CommentedSet", `set(odict_keys(${pyStr(keys)}))`);
    }
  } else {
    if (tag === null || tag === "seq") return buildSeq(node, context);
    if (tag === "omap") {
      const dict = new PyDict("CommentedOrderedMap");
      for (const entry of buildSeq(node, context)) {
        if (!(entry instanceof PyDict) || entry.size !== 1) {
          throw new YamlLoadError(
            "Cannot construct an ordered map: expected mappings of one key each",
          );
        }
        dict.set(entry.keys[0], entry.values[0]);
      }
      return dict;
    }
    if (tag === "pairs") {
      return buildSeq(node, context).map((entry) => {
        if (!(entry instanceof PyDict) || entry.size !== 1) {
          throw new YamlLoadError(
            "Cannot construct pairs: expected mappings of one key each",
          );
        }
        return [entry.keys[0], entry.values[0]];
      });
    }
  }
  throw new YamlLoadError(
    `Cannot construct a ${tag} from a ${isMap(node) ? "mapping" : "sequence"}`,
  );
}

function build(node: Node, context: Context): PyValue {
  if (isAlias(node)) return resolveAlias(node, context);
  const done = context.built.get(node);
  if (done !== undefined) return done;
  let value: PyValue;
  if (isScalar(node)) value = scalarValue(node, context);
  else {
    const collection = node as YAMLMap | YAMLSeq;
    context.building.add(collection);
    value = buildTagged(collection, context);
    context.building.delete(collection);
  }
  context.built.set(node, value);
  return value;
}

/**
 * Loads one YAML document as ruamel.yaml 0.17.21 does in round-trip mode
 * (YAML 1.2 core resolution plus ruamel's extras: `0o17`, `0x1F`, `017`,
 * `1_000`, `1e3` as a float, timestamps, `!!binary`), returning the Python
 * values it would build. An empty document, or one of comments only, is
 * `null`.
 *
 * @param text The YAML text.
 * @returns The document's value in the Python model.
 * @throws {YamlLoadError} When ruamel would refuse the text: a syntax error,
 *   several documents, an undefined alias, a duplicate key (compared as
 *   Python compares keys, so `1` and `1.0` collide), or a scalar its
 *   constructors reject (`!!float '2'`, `2026-02-30`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadRuamelYaml } from "./ruamel_yaml.ts";
 * import { PyDict, PyFloat } from "./python_value.ts";
 * const value = loadRuamelYaml("a: [0x1F, 1e3, yes]\n");
 * assert.ok(value instanceof PyDict);
 * assert.deepEqual(value.get("a"), [31n, new PyFloat(1000), "yes"]);
 * ```
 */
export function loadRuamelYaml(text: string): PyValue {
  // ruamel reads CR LF and a lone CR each as one line break, as YAML 1.1
  // did. (It reads NEL as one too, which this port does not: `yaml` keeps
  // it as text.)
  const normalised = text.replace(LINE_BREAK, "\n");
  const doc = parseDocument(normalised, PARSE_OPTIONS);
  if (doc.errors.length > 0) {
    throw new YamlLoadError(
      `Cannot parse YAML: ${doc.errors[0].message.split("\n")[0]}`,
    );
  }
  const root = doc.contents as Node | null;
  if (root === null) return null;
  const openEnd = normalised.endsWith("\n") ? -1 : normalised.length;
  const context = { doc, openEnd, built: new Map(), building: new Set<Node>() };
  return build(root, context);
}
