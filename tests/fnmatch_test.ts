// fnmatchCase() against Python's own fnmatch.fnmatch (run by python3): the
// manifest patterns, the cases docs/indexer.md names ("Patterns"), and
// generated names and patterns over an alphabet rich in wildcards, classes,
// ranges and `/`.

import assert from "node:assert/strict";
import fc from "fast-check";
import { fnmatchCase } from "../src/index/fnmatch.ts";

const PYTHON = `
import fnmatch, json, sys
pairs = json.load(sys.stdin)
json.dump([fnmatch.fnmatch(name, pattern) for name, pattern in pairs], sys.stdout)
`;

async function python(pairs: [string, string][]): Promise<boolean[] | null> {
  try {
    const child = new Deno.Command("python3", {
      args: ["-c", PYTHON],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(JSON.stringify(pairs)));
    await writer.close();
    const { success, stdout } = await child.output();
    return success ? JSON.parse(new TextDecoder().decode(stdout)) : null;
  } catch {
    return null;
  }
}

const hasPython = (await python([["a", "a"]])) !== null;

Deno.test("fnmatchCase() follows Python's fnmatch glob semantics", async (t) => {
  const cases: [string, string, boolean][] = [
    ["spec.md", "spec.md", true],
    ["sub/spec.md", "spec.md", false],
    ["tasks/WP01-x.md", "tasks/WP*.md", true],
    ["tasks/wp01-x.md", "tasks/WP*.md", false],
    ["tasks/done/WP01.md", "tasks/WP*.md", false],
    ["docs/a/b.md", "docs/**/*.md", true],
    ["docs/a/b/c.md", "docs/**/*.md", true],
    ["docs/x.md", "docs/**/*.md", false],
    ["a\nb", "a?b", true],
    ["😀", "?", true],
    ["[x", "[x", true],
  ];
  for (const [name, pattern, expected] of cases) {
    await t.step(`${JSON.stringify(name)} ~ ${JSON.stringify(pattern)}`, () => {
      assert.equal(fnmatchCase(name, pattern), expected);
    });
  }
});

Deno.test({
  name:
    "fnmatchCase() agrees with Python's fnmatch.fnmatch on generated names and patterns",
  ignore: !hasPython,
  async fn() {
    const alphabet = [
      "a",
      "b",
      "z",
      "-",
      "!",
      "^",
      "]",
      "[",
      "*",
      "?",
      "/",
      ".",
      "\\",
      "é",
      "😀",
      "&",
      "~",
      "|",
    ];
    const text = (max: number) =>
      fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((chars) =>
        chars.join("")
      );
    const pairs = fc.sample(fc.tuple(text(6), text(8)), {
      numRuns: 4000,
      seed: 20261207,
    }) as [string, string][];
    pairs.push(
      ["b", "[a-c]"],
      ["-", "[a-]"],
      ["b", "[!a-c]"],
      ["x", "[z-a]"],
      ["x", "[!z-a]"],
      ["]", "[]]"],
      ["a", "[!]]"],
      ["-", "[--z]"],
      ["^", "[^a]"],
      ["\\", "[\\]"],
      ["b", "[a-c-e]"],
      ["d", "[a-c-e]"],
      ["-", "[a-c-e]"],
      ["&", "[&&]"],
    );
    const expected = await python(pairs);
    assert.ok(expected !== null);
    const differing = pairs.filter(([name, pattern], index) =>
      fnmatchCase(name, pattern) !== expected[index]
    );
    assert.deepEqual(differing, []);
  },
});
