// The command line against its adapter, in-process: a closed stdout,
// Ctrl-C, a read that fails, what is escaped on a colour terminal, and the
// Deno adapter's own members.
import assert from "node:assert/strict";
import type { CliIo } from "../src/cli/cli_io.ts";
import { denoIo } from "../src/cli/deno_io.ts";
import { type Run, runCliInProcess } from "./_cli_kit.ts";
import { runCli } from "../src/cli/run_cli.ts";

const HAPPY = new URL(
  "../conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl",
  import.meta.url,
).pathname;
const encoder = new TextEncoder();

class ClosedPipe extends Error {}

/** An adapter whose stdout's reader has gone after `allowed` writes. */
function closingIo(
  allowed: number,
  extra: Partial<CliIo> = {},
): { io: CliIo; stderr: () => string } {
  let writes = 0;
  let stderr = "";
  const io: CliIo = {
    stdin: ReadableStream.from([encoder.encode(Deno.readTextFileSync(HAPPY))]),
    write: () =>
      ++writes > allowed
        ? Promise.reject(new ClosedPipe("Broken pipe (os error 32)"))
        : Promise.resolve(),
    writeError: (text) => {
      stderr += text;
    },
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: async (path) => (await Deno.open(path)).readable,
    readTextFile: (path) => Deno.readTextFile(path),
    now: () => new Date(0),
    isClosedPipe: (error) => error instanceof ClosedPipe,
    ...extra,
  };
  return { io, stderr: () => stderr };
}

Deno.test("dossier ends quietly with 0 when the adapter says stdout is closed", async (t) => {
  for (
    const args of [
      ["reduce", "--json", "-"],
      ["reduce", "-"],
      ["validate", "--json", "-"],
      ["reduce", "--by-namespace", "--json", "-"],
      ["--help"],
      ["version"],
      ["reduce", "--help"],
    ]
  ) {
    await t.step(args.join(" "), async () => {
      const { io, stderr } = closingIo(0);
      assert.equal(await runCli(args, io), 0);
      assert.equal(stderr(), "");
    });
  }
  await t.step("an adapter that cannot tell: an error, exit 1", async () => {
    const { io, stderr } = closingIo(0, { isClosedPipe: undefined });
    assert.equal(await runCli(["reduce", "-"], io), 1);
    assert.equal(stderr(), "dossier reduce: Broken pipe (os error 32)\n");
  });
});

Deno.test("dossier ends at once on Ctrl-C with 130 and stops listening after", async () => {
  let listener: (() => void) | null = null;
  let stopped = 0;
  let pulled = 0;
  // Standard input that never ends: the command waits for more, as on a terminal.
  const stdin = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      if (pulled === 1) {
        controller.enqueue(encoder.encode(`${Deno.readTextFileSync(HAPPY)}`));
        // Ctrl-C once the command line listens for it (it loads the
        // command's module first).
        const interrupt = () =>
          listener === null ? setTimeout(interrupt, 1) : listener();
        interrupt();
      }
      return new Promise(() => {});
    },
  });
  let stderr = "";
  const code = await runCli(["reduce", "-"], {
    stdin,
    write: () => Promise.resolve(),
    writeError: (text) => {
      stderr += text;
    },
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: () => Promise.reject(new Error("no files")),
    readTextFile: () => Promise.reject(new Error("no files")),
    now: () => new Date(0),
    onInterrupt: (handler) => {
      listener = handler;
      return () => stopped++;
    },
  });
  assert.equal(code, 130);
  assert.equal(stderr, "dossier reduce: interrupted\n");
  assert.equal(stopped, 1);
});

function run(args: string[], io: Partial<CliIo>): Promise<Run> {
  return runCliInProcess(args, {
    stdin: ReadableStream.from([]),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: async (path) => (await Deno.open(path)).readable,
    readTextFile: (path) => Deno.readTextFile(path),
    now: () => new Date(0),
    ...io,
  });
}

Deno.test("dossier names the input once when reading it fails half-way", async () => {
  const failing = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(Deno.readTextFileSync(HAPPY).split("\n")[0]),
      );
      controller.error(
        new Error("Input/output error (os error 5): read 'x.jsonl'"),
      );
    },
  });
  const result = await run(["reduce", "x.jsonl"], {
    open: () => Promise.resolve(failing),
    fileSize: () => Promise.reject(new Error("no stat")),
  });
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    'dossier reduce: Cannot read input "x.jsonl": Input/output error\n',
  );
});

Deno.test("dossier keeps its colours and escapes the input's on a colour terminal", async () => {
  const event = JSON.parse(Deno.readTextFileSync(HAPPY).split("\n")[0]);
  event.payload.artifact_id.path = "a\x1b[31mred\x1b[39m.md";
  const result = await run(["reduce", "-"], {
    stdin: ReadableStream.from([encoder.encode(JSON.stringify(event))]),
    stdoutIsTerminal: true,
    noColor: false,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(result.stdout.includes("\x1b[1mMission dossier\x1b[22m"));
  assert.ok(
    result.stdout.includes("a\\u001b[31mred\\u001b[39m.md"),
    result.stdout,
  );
  assert.ok(!result.stdout.includes("a\x1b[31m"));
});

Deno.test("dossier validate in-process: lines that are not UTF-8, not JSON, or of the other contract", async (t) => {
  const lines = Deno.readTextFileSync(HAPPY).trim().split("\n");
  const v3 = JSON.stringify({
    ...JSON.parse(lines[1]),
    schema_version: "3.0.0",
    build_id: "b",
  });
  const bytes = new Uint8Array([
    ...encoder.encode(`${lines[0]}\n{"a":"`),
    0xff,
    ...encoder.encode(`"}\n{oops\n${v3}\n`),
  ]);
  await t.step("text", async () => {
    const result = await run(["validate", "-"], {
      stdin: ReadableStream.from([bytes]),
    });
    assert.equal(result.code, 1);
    const out = result.stdout.split("\n");
    assert.match(
      out[0],
      /^line 2: not UTF-8 text: received the byte 0xFF at byte offset 6 of the line \(offset [\d,]+ in the input\)$/,
    );
    assert.match(out[1], /^line 3: not JSON \(/);
    assert.match(out[2], /^line 4 is a contract 3\.0\.0 event /);
    assert.equal(
      out[3],
      "3 invalid lines of 4 (3 problems) (contract 2.4.0, detected from line 1)",
    );
  });
  await t.step("--json", async () => {
    const result = await run(["validate", "--json", "-"], {
      stdin: ReadableStream.from([bytes]),
    });
    const objects = result.stdout.trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.deepEqual(
      objects.slice(0, 3).map((
        object,
      ) => [object.line, object.event_id, object.issues[0].type]),
      [
        [2, null, "utf8"],
        [3, null, "json"],
        [4, null, "contract_mixed"],
      ],
    );
    assert.equal(objects[3].invalid, 3);
  });
});

Deno.test("denoIo() speaks for a Deno process", async () => {
  const io = denoIo();
  assert.equal(io.isClosedPipe!(new Deno.errors.BrokenPipe("gone")), true);
  assert.equal(io.isClosedPipe!(new Error("other")), false);
  const dir = await Deno.makeTempDir();
  const file = `${dir}/a.jsonl`;
  await Deno.writeTextFile(file, "{}\n");
  assert.equal(await io.fileSize!(file), 3);
  assert.equal(await io.fileSize!(dir), null);
  await assert.rejects(() => io.open(dir), Deno.errors.IsADirectory);
  const stream = await io.open(file);
  assert.equal(await new Response(stream).text(), "{}\n");
  assert.deepEqual(await io.files!.prepareDirectory(`${dir}/new/deeper`), []);
  await io.files!.appendText(`${dir}/new/x.partial`, "a");
  await io.files!.appendText(`${dir}/new/x.partial`, "b");
  await io.files!.rename(`${dir}/new/x.partial`, `${dir}/new/x`);
  assert.equal(await Deno.readTextFile(`${dir}/new/x`), "ab");
  const names = await io.files!.prepareDirectory(`${dir}/new`);
  assert.deepEqual([...names].sort(), ["deeper", "x"]);
  await io.files!.writeFile(`${dir}/new/x`, new TextEncoder().encode("c"));
  assert.equal(await Deno.readTextFile(`${dir}/new/x`), "c");
  await io.files!.removeFile(`${dir}/new/x`);
  await io.files!.removeFile(`${dir}/new/x`);
  await assert.rejects(
    io.files!.removeFile(`${dir}/new`),
    (error: unknown) => !(error instanceof Deno.errors.NotFound),
  );
  assert.equal((await io.folders!.read(`${dir}/new`)).name, "new");
  assert.equal(await io.folders!.projectRoot(`${dir}/new`), null);
  const stop = io.onInterrupt!(() => {});
  stop();
  io.writeError("");
  assert.equal(typeof io.ci, "boolean");
  await Deno.remove(dir, { recursive: true });
});
