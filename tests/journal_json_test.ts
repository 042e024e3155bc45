// journalJson() and indentedJson() against Python's json.dumps itself
// (run by python3): sorted compact lines as the CLI's journal, indent=2 as
// snapshot-latest.json, ASCII escaping of every character outside
// space..tilde (control characters, DEL, non-ASCII, astral pairs).

import assert from "node:assert/strict";
import { indentedJson, journalJson } from "../src/index/journal_json.ts";

const VALUE = {
  z: [1, -2, true, false, null, [], {}],
  "é": 'tab\there "quoted" back\\slash \n\r\b\f \u0001 \u007f \u2028 😀 \ud7ff',
  a: { nested: { b: 1, a: [{ y: 2, x: "x" }] } },
  "😀": "astral key",
  "\ue000": "private use",
};

async function python(script: string): Promise<string | null> {
  try {
    const { success, stdout } = await new Deno.Command("python3", {
      args: ["-c", script, JSON.stringify(VALUE)],
      stdout: "piped",
    }).output();
    return success ? new TextDecoder().decode(stdout) : null;
  } catch {
    return null;
  }
}

const compact = await python(
  "import json,sys; sys.stdout.write(json.dumps(json.loads(sys.argv[1]), sort_keys=True, separators=(',', ':')))",
);
const indented = await python(
  "import json,sys; sys.stdout.write(json.dumps(json.loads(sys.argv[1]), indent=2))",
);

Deno.test({
  name:
    "journalJson() writes what Python's json.dumps(sort_keys=True, separators) writes",
  ignore: compact === null,
  fn() {
    assert.equal(journalJson(VALUE), compact);
  },
});

Deno.test({
  name: "indentedJson() writes what Python's json.dumps(indent=2) writes",
  ignore: indented === null,
  fn() {
    assert.equal(indentedJson(VALUE), indented);
  },
});
