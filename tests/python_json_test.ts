// pythonJsonDumps() and the Python reprs it relies on: what Python's
// json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
// default=str) writes (docs/indexer.md, "Work packages: the projection and its
// JSON"). Expected texts are Python's own output for the same values.
import assert from "node:assert/strict";
import { pythonJsonDumps, pythonJsonString } from "../src/index/python_json.ts";
import {
  PyDict,
  PyFloat,
  PyOpaque,
  PyTemporal,
} from "../src/index/python_value.ts";
import {
  pyBytesRepr,
  pyFloatRepr,
  pyRepr,
  pyStr,
  pyStrip,
} from "../src/index/python_repr.ts";

function dict(
  entries: ReadonlyArray<readonly [unknown, unknown]>,
  className?: "dict",
): PyDict {
  const result = new PyDict(className);
  for (const [key, value] of entries) result.set(key as never, value as never);
  return result;
}

Deno.test("pyFloatRepr() writes floats as Python's repr", async (t) => {
  const cases: ReadonlyArray<readonly [number, string]> = [
    [1000, "1000.0"],
    [1.5, "1.5"],
    [0.1, "0.1"],
    [1e16, "1e+16"],
    [1e15, "1000000000000000.0"],
    [1e-7, "1e-07"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [1e22, "1e+22"],
    [1.5e300, "1.5e+300"],
    [123456789.123, "123456789.123"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [-0, "-0.0"],
    [0, "0.0"],
    [-2.5, "-2.5"],
    [-1e-7, "-1e-07"],
    [1.2345e-5, "1.2345e-05"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ];
  for (const [value, text] of cases) {
    await t.step(text, () => assert.equal(pyFloatRepr(value), text));
  }
});

Deno.test("pythonJsonDumps() writes JSON as Python's json.dumps does", async (t) => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["null, booleans", [null, true, false], "[null,true,false]"],
    [
      "integers of any size",
      [12345678901234567890n, -7n, 0n],
      "[12345678901234567890,-7,0]",
    ],
    ["floats as repr, specials bare", [
      new PyFloat(1000),
      new PyFloat(Infinity),
      new PyFloat(-Infinity),
      new PyFloat(NaN),
      new PyFloat(1e-7),
    ], "[1000.0,Infinity,-Infinity,NaN,1e-07]"],
    [
      "the escapes",
      ['"\\\n\r\t\b\f\u0001\u001f\u007f'],
      '["\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\u007f"]',
    ],
    [
      "non-ASCII raw, U+2028 and U+2029 included",
      ["é日本😀\u2028\u2029"],
      '["é日本😀\u2028\u2029"]',
    ],
    [
      "keys sorted by code point, not UTF-16 unit",
      dict([["\uffff", 1n], ["😀", 2n], ["a", 3n], ["Z", 4n], ["é", 5n]]),
      '{"Z":4,"a":3,"é":5,"\uffff":1,"😀":2}',
    ],
    ["nested dicts sorted", [
      dict([["b", dict([["d", 4n], ["c", 3n]])], ["a", []]]),
    ], '[{"a":[],"b":{"c":3,"d":4}}]'],
    [
      "integer keys sorted as numbers, written as strings",
      dict([[10n, "a"], [2n, "b"], [new PyFloat(1.5), "c"], [true, "d"]]),
      '{"true":"d","1.5":"c","2":"b","10":"a"}',
    ],
    ["a None key", dict([[null, 1n]]), '{"null":1}'],
    ["float keys", dict([[new PyFloat(Infinity), 1n]]), '{"Infinity":1}'],
    ["dates through str()", [
      new PyTemporal({
        kind: "date",
        timeStamp: false,
        year: 26,
        month: 1,
        day: 2,
        hour: 0,
        minute: 0,
        second: 0,
        microsecond: 0,
      }),
      new PyTemporal({
        kind: "datetime",
        timeStamp: true,
        year: 2026,
        month: 1,
        day: 2,
        hour: 3,
        minute: 4,
        second: 5,
        microsecond: 500000,
      }),
    ], '["0026-01-02","2026-01-02 03:04:05.500000"]'],
    [
      "bytes through str()",
      [new TextEncoder().encode("hi'\n\\\u00ff")],
      `["b\\"hi'\\\\n\\\\\\\\\\\\xc3\\\\xbf\\""]`,
    ],
    [
      "a tagged scalar through str()",
      [new PyOpaque("TaggedScalar", "bar")],
      '["bar"]',
    ],
  ];
  for (const [name, value, text] of cases) {
    await t.step(
      name,
      () => assert.equal(pythonJsonDumps(value as never), text),
    );
  }
});

Deno.test("pythonJsonDumps() raises where json.dumps raises", async (t) => {
  const circular: unknown[] = [];
  circular.push(circular);
  const cases: ReadonlyArray<
    readonly [string, unknown, RegExp, ErrorConstructor]
  > = [
    [
      "str and int keys",
      dict([[1n, "a"], ["b", "c"]]),
      /'<' not supported between instances of 'number' and 'str'|'str' and 'number'/,
      TypeError,
    ],
    [
      "None and str keys",
      dict([[null, "a"], ["b", "c"]]),
      /not supported/,
      TypeError,
    ],
    [
      "date keys",
      dict([[
        new PyTemporal({
          kind: "date",
          timeStamp: false,
          year: 2026,
          month: 1,
          day: 2,
          hour: 0,
          minute: 0,
          second: 0,
          microsecond: 0,
        }),
        "a",
      ], [
        new PyTemporal({
          kind: "date",
          timeStamp: false,
          year: 2025,
          month: 1,
          day: 2,
          hour: 0,
          minute: 0,
          second: 0,
          microsecond: 0,
        }),
        "b",
      ]]),
      /keys must be str, int, float, bool or None/,
      TypeError,
    ],
    ["list keys", dict([[["a"], "b"]]), /keys must be/, TypeError],
    ["a circular list", circular, /circular/, TypeError],
    ["a lone surrogate", ["\ud800"], /lone surrogate/, TypeError],
    [
      "an integer of 4301 digits",
      [BigInt("9".repeat(4301))],
      /4300 digits/,
      RangeError,
    ],
  ];
  for (const [name, value, message, type] of cases) {
    await t.step(
      name,
      () =>
        assert.throws(
          () => pythonJsonDumps(value as never),
          (error: unknown) =>
            error instanceof type && message.test((error as Error).message),
        ),
    );
  }
  assert.equal(pythonJsonDumps([BigInt("-" + "9".repeat(4300))]).length, 4303);
});

Deno.test("pythonJsonString() quotes one string", () => {
  assert.equal(pythonJsonString("a\u0000"), '"a\\u0000"');
});

Deno.test("pyRepr() and pyStr() write values as Python does", async (t) => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a str with a quote", "it's", `"it's"`],
    ["a str with both quotes", `it's "q"`, `'it\\'s "q"'`],
    [
      "controls and non-printables",
      "a\t\n\r\\\u0085\u00a0\u00e9\u200b\u{e0001}",
      "'a\\t\\n\\r\\\\\\x85\\xa0é\\u200b\\U000e0001'",
    ],
    [
      "a list",
      ["a", 1n, new PyFloat(1.5), true, null],
      "['a', 1, 1.5, True, None]",
    ],
    [
      "a CommentedMap",
      dict([["k", "v"], [1n, [2n]]]),
      "ordereddict([('k', 'v'), (1, [2])])",
    ],
    ["a plain dict", dict([["k", "v"]], "dict"), "{'k': 'v'}"],
    [
      "an omap",
      (() => {
        const d = new PyDict("CommentedOrderedMap");
        d.set("b", 1n);
        return d;
      })(),
      "CommentedOrderedMap([('b', 1)])",
    ],
    [
      "dates",
      [
        new PyTemporal({
          kind: "date",
          timeStamp: false,
          year: 2026,
          month: 1,
          day: 1,
          hour: 0,
          minute: 0,
          second: 0,
          microsecond: 0,
        }),
        new PyTemporal({
          kind: "datetime",
          timeStamp: false,
          year: 2026,
          month: 1,
          day: 1,
          hour: 10,
          minute: 0,
          second: 0,
          microsecond: 0,
        }),
        new PyTemporal({
          kind: "datetime",
          timeStamp: true,
          year: 2026,
          month: 1,
          day: 1,
          hour: 10,
          minute: 0,
          second: 0,
          microsecond: 500000,
        }),
      ],
      "[datetime.date(2026, 1, 1), datetime.datetime(2026, 1, 1, 10, 0), TimeStamp(2026, 1, 1, 10, 0, 0, 500000)]",
    ],
    ["bytes", [new Uint8Array([0x27])], `[b"'"]`],
    [
      "a set",
      [new PyOpaque("CommentedSet", "set(odict_keys(['a']))")],
      "[set(odict_keys(['a']))]",
    ],
  ];
  for (const [name, value, text] of cases) {
    await t.step(name, () => assert.equal(pyRepr(value as never), text));
  }
  assert.equal(pyStr(null), "None");
  assert.equal(pyStr(false), "False");
  assert.equal(pyStr(new PyFloat(NaN)), "nan");
  assert.equal(pyBytesRepr(new Uint8Array([0x22, 0x27])), `b'"\\''`);
  assert.throws(
    () => pyRepr([new PyOpaque("TaggedScalar", "x")]),
    /memory address/,
  );
  assert.equal(pyStrip("\u001c\u00a0x\u3000"), "x");
});

Deno.test("PyDict compares keys as Python does", () => {
  const keys = new PyDict();
  keys.set(1n, "int");
  assert.ok(keys.has(true) && keys.has(new PyFloat(1)) && !keys.has("1"));
  keys.set(new PyFloat(NaN), "nan");
  assert.ok(!keys.has(new PyFloat(NaN)));
  keys.set(new PyFloat(0.5), "half");
  assert.ok(keys.has(new PyFloat(0.5)));
  keys.set(new Uint8Array([1]), "bytes");
  assert.ok(keys.has(new Uint8Array([1])) && !keys.has(new Uint8Array([2])));
  keys.set(new PyOpaque("TaggedScalar", "x"), "tagged");
  assert.ok(!keys.has(new PyOpaque("TaggedScalar", "x")));
  keys.set(["a"], "list");
  assert.ok(!keys.has(["a"]));
  assert.equal(keys.size, 6);
  assert.equal(keys.get("absent"), undefined);
  assert.equal(
    pyRepr(dict([[false, 0n], [null, new Uint8Array([9, 13])]], "dict")),
    "{False: 0, None: b'\\t\\r'}",
  );
});
