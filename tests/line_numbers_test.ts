// The compact record of line numbers against the plain array it replaces:
// the same answer at every index, for rising lines with gaps of any size.
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineNumbers } from "../src/cli/line_numbers.ts";

Deno.test("LineNumbers answers as an array of the same lines does", () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5 })), {
        maxLength: 200,
      }),
      fc.integer({ min: 1, max: 3 }),
      (gaps, first) => {
        const expected: number[] = [];
        const lines = new LineNumbers();
        let line = first;
        for (const gap of gaps) {
          expected.push(line);
          lines.push(line);
          line += gap;
        }
        assert.equal(lines.length, expected.length);
        for (let index = -1; index <= expected.length; index++) {
          assert.equal(lines.at(index), expected.at(index < 0 ? 1e9 : index));
        }
        assert.equal(lines.at(0.5), undefined);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("LineNumbers keeps a run of consecutive lines as one entry", () => {
  const lines = new LineNumbers();
  for (let line = 1; line <= 1_000_000; line++) {
    lines.push(line + (line > 500_000 ? 1 : 0));
  }
  assert.equal(lines.at(0), 1);
  assert.equal(lines.at(499_999), 500_000);
  assert.equal(lines.at(500_000), 500_002);
  assert.equal(lines.at(999_999), 1_000_001);
  assert.equal(lines.at(1_000_000), undefined);
});
