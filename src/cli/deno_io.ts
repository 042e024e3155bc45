// The terminal, files and clock of a Deno process, for the command line
// (cli.ts). The npm package's command runs on `nodeIo` (node_io.ts) instead.
import { browserOpener } from "./browser_opener.ts";
import type { CliIo } from "./cli_io.ts";

/** The folder reader (node:fs), loaded only by the commands that read folders. */
function _folderReader(): Promise<
  typeof import("../index/read_mission_folder.ts")
> {
  return import("../index/read_mission_folder.ts");
}

/** True when an environment variable is set and not empty; false when it cannot be read. */
function _envSet(name: string): boolean {
  try {
    return (Deno.env.get(name) ?? "") !== "";
  } catch {
    return false;
  }
}

/** The real terminal, files and clock of a Deno process. */
export function denoIo(): CliIo {
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
      try {
        while (bytes.length > 0) {
          bytes = bytes.subarray(Deno.stderr.writeSync(bytes));
        }
      } catch {
        // A closed stderr: there is no one left to tell.
      }
    },
    stdoutIsTerminal: Deno.stdout.isTerminal(),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    noColor: _envSet("NO_COLOR"),
    ci: _envSet("CI"),
    open: async (path) => {
      const file = await Deno.open(path);
      // Linux opens a directory; reading it would fail without its name.
      if ((await file.stat()).isDirectory) {
        file.close();
        throw new Deno.errors.IsADirectory(`${path} is a directory`);
      }
      return file.readable;
    },
    fileSize: async (path) => {
      const info = await Deno.stat(path);
      return info.isFile ? info.size : null;
    },
    readTextFile: (path) => Deno.readTextFile(path),
    now: () => new Date(),
    isClosedPipe: (error) => error instanceof Deno.errors.BrokenPipe,
    onInterrupt: (listener) => {
      Deno.addSignalListener("SIGINT", listener);
      return () => Deno.removeSignalListener("SIGINT", listener);
    },
    files: {
      prepareDirectory: async (path) => {
        await Deno.mkdir(path, { recursive: true });
        const names: string[] = [];
        for await (const entry of Deno.readDir(path)) names.push(entry.name);
        return names;
      },
      appendText: (path, text) =>
        Deno.writeTextFile(path, text, { append: true }),
      rename: (from, to) => Deno.rename(from, to),
      writeFile: (path, bytes) => Deno.writeFile(path, bytes),
      removeFile: async (path) => {
        try {
          await Deno.remove(path);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      },
    },
    folders: {
      read: async (path) => (await _folderReader()).readMissionFolder(path),
      projectRoot: async (path) =>
        (await _folderReader()).findProjectRoot(path),
    },
    serve: (port, handler) => {
      // Deno.serve throws at once when it cannot listen (the port in use).
      const server = Deno.serve(
        { hostname: "127.0.0.1", port, onListen() {} },
        handler,
      );
      return Promise.resolve({
        port: server.addr.port,
        close: () => server.shutdown(),
      });
    },
    openInBrowser: async (target) => {
      const { command, args } = browserOpener(Deno.build.os, target);
      const { code } = await new Deno.Command(command, {
        args: [...args],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).output();
      if (code !== 0) throw new Error(`${command} exited with status ${code}`);
    },
  };
}
