// The terminal, files and clock of a Deno process, for the command line
// (cli.ts). The npm package's command runs on `_nodeIo` (_node_io.ts) instead.
import type { _CliIo } from "./_cli.ts";

/** True when an environment variable is set and not empty; false when it cannot be read. */
function _envSet(name: string): boolean {
  try {
    return (Deno.env.get(name) ?? "") !== "";
  } catch {
    return false;
  }
}

/** The real terminal, files and clock of a Deno process. */
export function _denoIo(): _CliIo {
  const encoder = new TextEncoder();
  const writeAll = async (text: string): Promise<void> => {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) {
      bytes = bytes.subarray(await Deno.stdout.write(bytes));
    }
  };
  return {
    get stdin(): ReadableStream<Uint8Array> {
      return Deno.stdin.readable;
    },
    write: writeAll,
    writeError: (text) => {
      let bytes = encoder.encode(text);
      while (bytes.length > 0) {
        bytes = bytes.subarray(Deno.stderr.writeSync(bytes));
      }
    },
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    noColor: _envSet("NO_COLOR"),
    open: async (path) => (await Deno.open(path)).readable,
    readTextFile: (path) => Deno.readTextFile(path),
    now: () => new Date(),
  };
}
