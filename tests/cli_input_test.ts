// The command line's input and output text, below the commands: UTF-8
// decoding of the input (fatal, with offsets), the progress line, the
// escaping of what is shown from the input, and the words for file errors.
import assert from "node:assert/strict";
import fc from "fast-check";
import { invalidUtf8, readLines } from "../src/cli/read_lines.ts";
import { Progress } from "../src/cli/progress.ts";
import { jsonText, safeForTerminal, shown } from "../src/cli/terminal_text.ts";
import { ioReason } from "../src/cli/messages.ts";
import { runCliInProcess } from "./_cli_kit.ts";

const encoder = new TextEncoder();

async function linesOf(chunks: readonly Uint8Array[]) {
  const lines = [];
  for await (const batch of readLines(ReadableStream.from(chunks))) {
    lines.push(...batch);
  }
  return lines;
}

/** Cuts bytes at the given points. */
function cut(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))]
    .sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...sorted, bytes.length]) {
    if (point > start) chunks.push(bytes.slice(start, point));
    start = point;
  }
  return chunks;
}

Deno.test("readLines() reports a line that is not UTF-8 with its offsets, never U+FFFD", async () => {
  const bytes = new Uint8Array([
    ...encoder.encode('{"a":1}\n'),
    ...encoder.encode('{"path":"sp'),
    0xff,
    ...encoder.encode('ec.md"}\n\n'),
    ...encoder.encode('{"b":"\u00e9"}\n'),
    ...encoder.encode('{"c":"'),
    0xe2,
    0x82,
  ]);
  for (
    const chunks of [[bytes], cut(bytes, [3, 11, 12, 40]), cut(bytes, [45])]
  ) {
    const lines = await linesOf(chunks);
    assert.deepEqual(lines, [
      { text: '{"a":1}', number: 1 },
      {
        text: "",
        number: 2,
        invalid:
          "received the byte 0xFF at byte offset 11 of the line (offset 19 in the input)",
      },
      { text: '{"b":"\u00e9"}', number: 4 },
      {
        text: "",
        number: 5,
        invalid:
          "received the bytes 0xE2 0x82 cut short by the end of the line at byte offset 6 of the line (offset 46 in the input)",
      },
    ]);
    assert.ok(!lines.some((line) => line.text.includes("\ufffd")));
  }
});

Deno.test("readLines() keeps a U+FFFD the input holds: it is text", async () => {
  const bytes = new Uint8Array([
    ...encoder.encode('{"a":"\ufffd"}\n{"b":"'),
    0xc0,
    ...encoder.encode('"}\n{"c":"\ufffd"}'),
  ]);
  assert.deepEqual(await linesOf([bytes]), [
    { text: '{"a":"\ufffd"}', number: 1 },
    {
      text: "",
      number: 2,
      invalid:
        "received the byte 0xC0 at byte offset 6 of the line (offset 18 in the input)",
    },
    { text: '{"c":"\ufffd"}', number: 3 },
  ]);
});

Deno.test("readLines() drops only the first byte order mark and keeps a U+FEFF inside", async () => {
  const text = '\ufeff{"a":1}\n\ufeff{"b":2}\n';
  const lines = await linesOf(cut(encoder.encode(text), [1, 2]));
  assert.deepEqual(lines.map((line) => line.text), [
    '{"a":1}',
    '\ufeff{"b":2}',
  ]);
});

Deno.test("readLines() gives the lines of any UTF-8 text however it is cut (property)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 20 }).filter((line) =>
            !line.includes("\n") && !line.includes("\r") &&
            line.isWellFormed()
          ),
          fc.constant(""),
        ),
        { maxLength: 8 },
      ),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.boolean(),
      async (lines, points, finalNewline) => {
        const text = lines.join("\n") + (finalNewline ? "\n" : "");
        const read = await linesOf(cut(encoder.encode(text), points));
        // A byte order mark opening the input is dropped; blank lines are skipped.
        const expected = lines.map((line, index) => ({
          text: index === 0 && line.startsWith("\ufeff") ? line.slice(1) : line,
          number: index + 1,
        })).filter((line) => line.text.trim() !== "");
        assert.deepEqual(read, expected);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("invalidUtf8() finds exactly what the fatal decoder refuses (property)", () => {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const interesting = fc.constantFrom(
    0x00,
    0x41,
    0x7f,
    0x80,
    0xbf,
    0xc0,
    0xc1,
    0xc2,
    0xdf,
    0xe0,
    0xe1,
    0xed,
    0xee,
    0xef,
    0xf0,
    0xf1,
    0xf4,
    0xf5,
    0xff,
    0x90,
    0xa0,
    0x9f,
    0x8f,
  );
  fc.assert(
    fc.property(
      fc.array(fc.oneof(interesting, fc.integer({ min: 0, max: 255 })), {
        maxLength: 12,
      }),
      (items) => {
        const bytes = new Uint8Array(items);
        let decodes = true;
        try {
          decoder.decode(bytes);
        } catch {
          decodes = false;
        }
        const found = invalidUtf8(bytes);
        assert.equal(found === null, decodes, String(items));
        if (found !== null) {
          // Everything before it decodes; from it on, something does not.
          decoder.decode(bytes.subarray(0, found.offset));
          assert.throws(() => decoder.decode(bytes.subarray(found.offset)));
        }
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("Progress shows a percentage and the time left when the size is known", () => {
  let now = 0;
  const writes: string[] = [];
  const progress = new Progress((text) => writes.push(text), true, () => now);
  progress.setTotal(10 * 1_048_576);
  progress.addBytes(2.5 * 1_048_576);
  now = 1000;
  progress.update(25_000);
  assert.equal(
    writes.at(-1),
    "\r\x1b[K25% (2.5 of 10.0 MiB), 25,000 events, 25,000 events/s, 3s left",
  );
  progress.addBytes(7.5 * 1_048_576 - 1);
  now = 2000;
  progress.update(99_000);
  assert.match(
    writes.at(-1)!,
    // deno-lint-ignore no-control-regex -- the escapes are what is checked
    /^\r\x1b\[K99% \(10\.0 of 10\.0 MiB\).*, 1s left$/,
  );
  progress.restart();
  assert.equal(writes.at(-1), "\r\x1b[K");
  progress.addBytes(1_048_576);
  now = 2600;
  progress.update(10);
  assert.match(
    writes.at(-1)!,
    // deno-lint-ignore no-control-regex -- the escapes are what is checked
    /^\r\x1b\[K10% \(1\.0 of 10\.0 MiB\), 10 events, .* left$/,
  );
  // Long inputs: minutes, then hours.
  progress.setTotal(1000 * 1_048_576);
  now = 4000;
  progress.update(20);
  assert.match(writes.at(-1)!, /, \d+m \d{2}s left$/);
  progress.setTotal(100_000 * 1_048_576);
  now = 5000;
  progress.update(30);
  assert.match(writes.at(-1)!, /, \d+h \d{2}m left$/);
  // Unknown size, or nothing read yet: no percentage, or no time left.
  progress.setTotal(null);
  now = 6000;
  progress.update(40);
  assert.match(writes.at(-1)!, /MiB read, 40 events, /);
  const fresh = new Progress((text) => writes.push(text), true, () => now);
  fresh.setTotal(100);
  now = 7000;
  fresh.update(0);
  assert.equal(
    writes.at(-1),
    "\r\x1b[K0% (0.0 of 0.0 MiB), 0 events, 0 events/s",
  );
});

Deno.test("shown() escapes every control character and cuts long values with a marker", async (t) => {
  const cases: [string, string, number | undefined, string][] = [
    [
      "an escape sequence",
      "x\x1b]0;pwned\x07",
      undefined,
      "x\\u001b]0;pwned\\u0007",
    ],
    ["a line feed and a tab", "a\nb\tc", undefined, "a\\u000ab\\u0009c"],
    ["C1 controls and DEL", "\u009b31m\u007f", undefined, "\\u009b31m\\u007f"],
    ["bidi overrides", "a\u202eb\u2066c", undefined, "a\\u202eb\\u2066c"],
    ["line separators", "a\u2028b", undefined, "a\\u2028b"],
    ["an unpaired surrogate", "a\ud800b\udc00", undefined, "a\\ud800b\\udc00"],
    ["a pair is kept", "😀", undefined, "😀"],
    [
      "plain text",
      "kitty-specs/042/spec.md",
      undefined,
      "kitty-specs/042/spec.md",
    ],
    ["a long value", "x".repeat(1005), 5, "xxxxx…(+1,000 characters)"],
    ["a cut that would split a pair", "ab😀cd", 3, "ab…(+4 characters)"],
  ];
  for (const [name, value, max, expected] of cases) {
    await t.step(name, () => {
      assert.equal(shown(value, max), expected);
    });
  }
});

Deno.test("safeForTerminal() keeps line feeds, and our colours only when colour is on", () => {
  const text = "\x1b[31mred\x1b[39m\nx\x1b]0;t\x07\r";
  assert.equal(
    safeForTerminal(text, true),
    "\x1b[31mred\x1b[39m\nx\\u001b]0;t\\u0007\\u000d",
  );
  assert.equal(
    safeForTerminal(text, false),
    "\\u001b[31mred\\u001b[39m\nx\\u001b]0;t\\u0007\\u000d",
  );
});

Deno.test("safeForTerminal() and jsonText() keep the JSON value of JSON text (property)", () => {
  fc.assert(
    fc.property(
      fc.jsonValue(),
      fc.string({ unit: "binary" }),
      (value, text) => {
        const document = { value, text };
        const safe = safeForTerminal(JSON.stringify(document), false);
        assert.deepEqual(
          JSON.parse(safe),
          JSON.parse(JSON.stringify(document)),
        );
        assert.doesNotMatch(
          safe,
          // deno-lint-ignore no-control-regex -- the escapes are what is checked
          /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/,
        );
        const json = jsonText(document);
        assert.deepEqual(
          JSON.parse(json),
          JSON.parse(JSON.stringify(document)),
        );
        // deno-lint-ignore no-control-regex -- the escapes are what is checked
        assert.doesNotMatch(json, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("ioReason() says why in its own words and never repeats the path", async (t) => {
  const named = (name: string, message = "x") =>
    Object.assign(new Error(message), { name });
  const cases: [string, unknown, string][] = [
    [
      "Deno: not found",
      new Deno.errors.NotFound(
        "No such file or directory (os error 2): open 'a.jsonl'",
      ),
      "no such file or directory",
    ],
    [
      "Node: ENOENT",
      Object.assign(new Error("ENOENT: no such file, open 'a'"), {
        code: "ENOENT",
      }),
      "no such file or directory",
    ],
    ["a directory", named("IsADirectory"), "it is a directory, not a file"],
    ["permission", named("PermissionDenied"), "permission denied"],
    [
      "not a directory",
      named("NotADirectory"),
      "a part of the path is not a directory",
    ],
    ["exists", named("AlreadyExists"), "it already exists"],
    ["a loop", named("FilesystemLoop"), "too many symbolic links"],
    [
      "any other, Deno's form",
      new Error("Input/output error (os error 5): read 'a.jsonl'"),
      "Input/output error",
    ],
    [
      "any other, Node's form",
      new Error("EIO: i/o error, read 'a.jsonl'"),
      "EIO: i/o error",
    ],
    ["a rename", new Error("Busy (os error 16): rename 'a' -> 'b'"), "Busy"],
    ["not an Error", "boom", "boom"],
    ["no words at all", new Error(""), "the system gave no reason"],
    ["control characters", new Error("bad\x1b[2Jthing"), "bad\\u001b[2Jthing"],
  ];
  for (const [name, error, expected] of cases) {
    await t.step(name, () => {
      assert.equal(ioReason(error), expected);
    });
  }
});

/** A file read slowly: three chunks, 300 ms apart, so that a progress line is due. */
function slowFile(): { chunks: Uint8Array[]; size: number } {
  const happy = Deno.readTextFileSync(
    new URL(
      "../conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl",
      import.meta.url,
    ),
  ).split("\n")[0];
  const event = JSON.parse(happy);
  const lines = Array.from({ length: 30 }, (_, n) =>
    JSON.stringify({
      ...event,
      event_id: `01KJ08EPG04S3TEE33D7C${String(10000 + n)}`,
      lamport_clock: n + 1,
    }));
  const bytes = encoder.encode(lines.join("\n") + "\n");
  const third = Math.ceil(bytes.length / 3);
  return {
    chunks: [0, 1, 2].map((n) => bytes.slice(n * third, (n + 1) * third)),
    size: bytes.length,
  };
}

function slowStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else controller.close();
    },
  });
}

Deno.test("dossier draws its progress line only on a terminal, never with NO_COLOR or CI", async (t) => {
  const { chunks, size } = slowFile();
  const run = (
    terminal: { stderrIsTerminal: boolean; noColor: boolean; ci: boolean },
  ) =>
    runCliInProcess(["reduce", "--json", "in.jsonl"], {
      stdin: slowStream([]),
      stdoutIsTerminal: false,
      ...terminal,
      open: () => Promise.resolve(slowStream(chunks)),
      fileSize: () => Promise.resolve(size),
      readTextFile: () => Promise.reject(new Error("none")),
      now: () => new Date(0),
    });
  await t.step("a terminal: a percentage, then the line erased", async () => {
    const { code, stderr } = await run({
      stderrIsTerminal: true,
      noColor: false,
      ci: false,
    });
    assert.equal(code, 0);
    assert.match(
      stderr,
      // deno-lint-ignore no-control-regex -- the escapes are what is checked
      /^\r\x1b\[K\d+% \(0\.0 of 0\.0 MiB\), \d+ events, [\d,]+ events\/s(, \d+s left)?/,
    );
    assert.ok(stderr.endsWith("\r\x1b[K"), JSON.stringify(stderr));
  });
  for (
    const [name, terminal] of [
      ["a pipe", { stderrIsTerminal: false, noColor: false, ci: false }],
      ["NO_COLOR", { stderrIsTerminal: true, noColor: true, ci: false }],
      ["CI", { stderrIsTerminal: true, noColor: false, ci: true }],
    ] as const
  ) {
    await t.step(name, async () => {
      const { code, stderr } = await run(terminal);
      assert.equal(code, 0);
      assert.equal(stderr, "");
    });
  }
});
