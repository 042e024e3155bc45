// The proof that lets a line skip the well-formedness checks of its strings
// (wellFormedJson) must never pass a line whose parsed value holds an
// unpaired surrogate, and a line that fails it must be checked in full.
import assert from "node:assert/strict";
import fc from "fast-check";
import { wellFormedJson } from "../src/envelope/event_stream.ts";
import { CONTRACTS } from "./_builders.ts";

/** Every string of a JSON value, keys included. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") found.push(value);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      found.push(key);
      strings(item, found);
    }
  }
  return found;
}

const anyText = fc.string({ unit: "binary" });
const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) =>
  String.fromCharCode(code)
);
const escaped = fc.integer({ min: 0, max: 0xffff }).map((code) =>
  `\\u${code.toString(16).padStart(4, "0")}`
);

Deno.test("wellFormedJson() passes no JSON text whose strings hold an unpaired surrogate", () => {
  // Lines assembled from raw text, raw surrogates and \u escapes of anything.
  const pieces = fc.array(fc.oneof(anyText, surrogate, escaped), {
    maxLength: 6,
  });
  fc.assert(
    fc.property(pieces, pieces, (keyPieces, valuePieces) => {
      const line = `{"${keyPieces.join("").replaceAll('"', "")}":"${
        valuePieces.join("").replaceAll('"', "").replace(/\\$/, "")
      }"}`;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return;
      }
      if (wellFormedJson(line)) {
        for (const text of strings(value)) assert.ok(text.isWellFormed());
      }
    }),
    { numRuns: 5000 },
  );
  assert.equal(wellFormedJson('{"a":"\\ud800"}'), false);
  assert.equal(wellFormedJson('{"a":"\ud800"}'), false);
  assert.equal(wellFormedJson('{"a":"\ud83d\ude00"}'), true);
  assert.equal(wellFormedJson('{"a":"\\n\\t\\"\\\\"}'), true);
});

for (const c of CONTRACTS) {
  Deno.test(`parseEventStream() rejects a lone surrogate escape in any string field, as parseEvent() does (${c.version})`, async (t) => {
    const wire = c.envelope({
      event_type: "MissionDossierArtifactIndexed",
      project_slug: "demo",
    });
    for (
      const field of ["event_type", "aggregate_id", "node_id", "project_slug"]
    ) {
      await t.step(field, () => {
        for (const escape of ["\\ud800", "\\udfff", "\\uDBFF"]) {
          const line = JSON.stringify({ ...wire, [field]: "x" }).replace(
            `"${field}":"x"`,
            `"${field}":"a${escape}b"`,
          );
          const viaValue = c.api.safeParseEvent(JSON.parse(line));
          assert.equal(viaValue.success, false);
          assert.throws(
            () => c.api.parseEventStream(line),
            (error: Error) =>
              error.message.includes(`field "${field}"`) &&
              error.message.includes("unpaired surrogate"),
          );
          // A paired escape is a character like any other.
          const paired = line.replace(escape, "\\ud83d\\ude00");
          assert.equal(c.api.parseEventStream(paired).length, 1);
        }
      });
    }
  });
}

for (const c of CONTRACTS) {
  Deno.test(`reduceEventStream() skips a payload with a lone surrogate escape, as the batch reducer does (${c.version})`, () => {
    const payload = c.indexedPayload("spec.md", { indexed_at: "x" });
    const line = JSON.stringify(c.envelope({
      event_type: "MissionDossierArtifactIndexed",
      payload,
    }));
    for (const escape of ["\\ud800", "\\udc00"]) {
      const bad = line.replace('"indexed_at":"x"', `"indexed_at":"x${escape}"`);
      const state = c.api.reduceEventStream(bad);
      assert.equal(state.event_count, 1);
      assert.equal(state.artifacts.size, 0);
      assert.deepEqual(
        state,
        c.api.reduceMissionDossier(c.api.parseEventStream(bad)),
      );
    }
    assert.equal(c.api.reduceEventStream(line).artifacts.size, 1);
  });
}
