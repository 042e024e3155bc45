// loadRuamelYaml() and parseRuamelScalar(): YAML as ruamel.yaml 0.17.21 builds
// it in round-trip mode (docs/indexer.md, "Work packages: YAML values"),
// written through pythonJsonDumps so each row reads as the JSON the CLI hashes.
// The table's values are the CLI's own (wp-probe cases subtasks-*).
import assert from "node:assert/strict";
import { loadRuamelYaml, YamlLoadError } from "../src/index/ruamel_yaml.ts";
import { parseRuamelScalar } from "../src/index/ruamel_scalar.ts";
import { pythonJsonDumps } from "../src/index/python_json.ts";
import { PyDict, PyOpaque } from "../src/index/python_value.ts";

function json(yaml: string): string {
  const value = loadRuamelYaml(`v: ${yaml}`);
  assert.ok(value instanceof PyDict);
  return pythonJsonDumps(value.get("v")!);
}

Deno.test("loadRuamelYaml() resolves plain scalars as ruamel.yaml does", async (t) => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ["T001", '"T001"'],
    ["yes", '"yes"'],
    ["on", '"on"'],
    ["''", '""'],
    ["7", "7"],
    ["-0", "0"],
    ["+12", "12"],
    ["1_000", "1000"],
    ["017", "17"],
    ["0o17", "15"],
    ["0x1F", "31"],
    ["12345678901234567890", "12345678901234567890"],
    ["1.5", "1.5"],
    ["1e3", "1000.0"],
    [".inf", "Infinity"],
    ["-.inf", "-Infinity"],
    [".nan", "NaN"],
    ["true", "true"],
    ["False", "false"],
    ["null", "null"],
    ["~", "null"],
    ["", "null"],
    ["2026-01-02", '"2026-01-02"'],
    ["2026-01-02T03:04:05Z", '"2026-01-02 03:04:05"'],
    ["2026-01-02T03:04:05", '"2026-01-02 03:04:05"'],
    ["2026-01-02 03:04:05.5+02:00", '"2026-01-02 01:04:05.500000"'],
    ["[&x T1, *x]", '["T1","T1"]'],
    ["|\n  line1\n  line2\n", '"line1\\nline2\\n"'],
    [">\n  folded\n  text", '"folded text"'],
    [
      "{b: 1, a: [x, {d: 4, c: 3}], 'é': ü}",
      '{"a":["x",{"c":3,"d":4}],"b":1,"é":"ü"}',
    ],
  ];
  for (const [yaml, expected] of table) {
    await t.step(
      JSON.stringify(yaml),
      () => assert.equal(json(yaml), expected),
    );
  }
});

Deno.test("loadRuamelYaml() refuses what ruamel.yaml cannot construct", async (t) => {
  const refused: readonly string[] = [
    "v: [a",
    "v: !!float '2'",
    "v: 2026-02-30",
    "v: 2026-01-02T24:00:00",
    "v: *nope",
    "v: 1\nv: 2",
    "{1: a, 1.0: b}",
    "{1: a, true: b}",
    "a: b\n---\nc: d",
    "v: !!int 1.5",
    "v: !!binary aGk",
    "v: !!binary é",
    "v: !!map x",
    "v: !!omap [a, b]",
    "v: !!pairs [1]",
    "v: !!seq {a: 1}",
    "v: {<<: 1}",
    "v: {<<: {a: 1}, <<: {b: 1}}",
    "v: !!bool maybe",
    "v: !!timestamp x",
    `v: ${"1".repeat(4301)}`,
    "v: 0001-01-01T00:00:00+01:00",
  ];
  for (const yaml of refused) {
    await t.step(
      JSON.stringify(yaml),
      () => assert.throws(() => loadRuamelYaml(yaml), YamlLoadError),
    );
  }
});

Deno.test("loadRuamelYaml() reads an empty document as None and keeps CRLF out of values", () => {
  assert.equal(loadRuamelYaml(""), null);
  assert.equal(loadRuamelYaml("# only a comment"), null);
  const value = loadRuamelYaml("a: 1\r\nb: x\r");
  assert.ok(value instanceof PyDict);
  assert.equal(value.get("b"), "x");
});

Deno.test("loadRuamelYaml() merges, keeps one-pair flow maps and tags unknown scalars", () => {
  assert.equal(
    json("{<<: [{a: 1}, {a: 2, c: 3}], b: 2}"),
    '{"a":1,"b":2,"c":3}',
  );
  assert.equal(json("[a: 1, b]"), '[{"a":1},"b"]');
  assert.equal(
    json("[!!omap [b: 1, a: 2], !!pairs [b: 1]]"),
    '[{"a":2,"b":1},[["b",1]]]',
  );
  assert.equal(
    json("[!!set {a, 1}, !foo bar, ! 12, !!str 12, {=: 1}, =]"),
    `["set(odict_keys(['a', 1]))","bar",12,"12",{"=":1},"="]`,
  );
  assert.equal(json("!foo {a: [1]}"), '{"a":[1]}');
  assert.equal(json("&x [1, *x]"), "[1,null]");
  assert.ok(parseRuamelScalar("x", "python/name") instanceof PyOpaque);
});

Deno.test("parseRuamelScalar() constructs explicitly tagged scalars", async (t) => {
  const cases: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ["7", "int", "7"],
    [" -7 ", "int", "-7"],
    ["0b101", "int", "5"],
    ["-0x_1F", "int", "-31"],
    ["_", "int", undefined],
    ["-", "int", undefined],
    ["0o8", "int", undefined],
    ["2.5", "float", "2.5"],
    ["1E3", "float", "1000.0"],
    ["-.Inf", "float", "-Infinity"],
    ["1e", "float", undefined],
    ["inf", "float", undefined],
    ["", "float", undefined],
    ["1.5x", "float", undefined],
    ["yes", "bool", "true"],
    ["OFF", "bool", "false"],
    ["x", "null", "null"],
    ["12", "str", '"12"'],
    ["aGk=\n", "binary", `"b'hi'"`],
    ["aGk=====", "binary", `"b'hi'"`],
    ["a", "binary", undefined],
    ["2026-1-2", "timestamp", '"2026-01-02"'],
    ["2026-01-02 03:04:05.9999995", "timestamp", '"2026-01-02 03:04:06"'],
    ["2026-01-02 03:04:05.9999995+01:00", "timestamp", '"2026-01-02 02:04:04"'],
    ["2026-01-02 03:04:05.9999995-01:00", "timestamp", '"2026-01-02 04:04:06"'],
    ["2024-02-29T23:59:59-00:30", "timestamp", '"2024-03-01 00:29:59"'],
    ["2026-02-29", "timestamp", undefined],
    ["2026-01-02T03:60:00", "timestamp", undefined],
    ["x", "seq", undefined],
  ];
  for (const [text, tag, expected] of cases) {
    await t.step(`!!${tag} ${JSON.stringify(text)}`, () => {
      const value = parseRuamelScalar(text, tag);
      assert.equal(
        value === undefined ? undefined : pythonJsonDumps(value),
        expected,
      );
    });
  }
});
