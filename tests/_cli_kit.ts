// Runs of the `dossier` command line for the tests: in-process through
// `runCli` with its output captured, or as a real `deno run` process.
import type { CliFiles, CliIo } from "../src/cli/cli_io.ts";
import { runCli } from "../src/cli/run_cli.ts";

/** The path of cli.ts, for process runs. */
export const CLI: string = new URL("../cli.ts", import.meta.url).pathname;

/** How a run ended: the exit code and everything written. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `runCli` in-process; `io` is the terminal but for the two outputs, which are captured. */
export async function runCliInProcess(
  args: readonly string[],
  io: Omit<CliIo, "write" | "writeError">,
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    ...io,
    write: (text) => {
      stdout += text;
      return Promise.resolve();
    },
    writeError: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/**
 * Runs `runCli` in-process on real files, `stdin` given as text, no
 * terminal and no colour, the clock fixed.
 */
export function runCliOnFiles(
  args: readonly string[],
  stdin = "",
): Promise<Run> {
  return runCliInProcess(args, {
    stdin: new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(stdin));
        controller.close();
      },
    }),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: async (path: string) => (await Deno.open(path)).readable,
    readTextFile: (path: string) => Deno.readTextFile(path),
    now: () => new Date("2026-12-01T21:00:00Z"),
  });
}

/**
 * Runs `deno run -A cli.ts …` as a subprocess with NO_COLOR set; `stdin`
 * (none: no standard input) is written whole, and a failed write is an
 * error unless `mayExitEarly` (a usage error exits before reading).
 */
export async function runCliProcess(
  args: readonly string[],
  options: { stdin?: Uint8Array; mayExitEarly?: boolean } = {},
): Promise<Run> {
  const { stdin, mayExitEarly = false } = options;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    const tolerate = (error: unknown) => {
      if (!mayExitEarly) throw error;
    };
    await writer.write(stdin).catch(tolerate);
    await writer.close().catch(tolerate);
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Files in memory, for `partition` in-process: path → text. */
export function memoryFiles(): {
  readonly files: CliFiles;
  readonly contents: Map<string, string>;
} {
  const contents = new Map<string, string>();
  const files: CliFiles = {
    prepareDirectory: (path) =>
      Promise.resolve(
        [...contents.keys()].filter((name) => name.startsWith(`${path}/`))
          .map((name) => name.slice(path.length + 1)),
      ),
    appendText: (path, text) => {
      contents.set(path, (contents.get(path) ?? "") + text);
      return Promise.resolve();
    },
    rename: (from, to) => {
      const text = contents.get(from);
      if (text === undefined) {
        return Promise.reject(new Deno.errors.NotFound(`no ${from}`));
      }
      contents.delete(from);
      contents.set(to, text);
      return Promise.resolve();
    },
    writeFile: (path, bytes) => {
      contents.set(path, new TextDecoder().decode(bytes));
      return Promise.resolve();
    },
  };
  return { files, contents };
}
