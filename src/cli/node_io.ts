// The terminal, files and clock of a Node process (also Bun's), for the npm
// package's `dossier` command: what `denoIo` (_deno_io.ts) is to Deno.
import process from "node:process";
import { spawn } from "node:child_process";
import {
  appendFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { browserOpener } from "./browser_opener.ts";
import type { CliIo, CliServer } from "./cli_io.ts";
import {
  findProjectRoot,
  readMissionFolder,
} from "../index/read_mission_folder.ts";

/** A web byte stream over a Node readable. */
function _web(readable: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(readable) as unknown as ReadableStream<Uint8Array>;
}

/** A `fetch`-style handler served by `node:http` on 127.0.0.1. */
function _serveOnNode(
  port: number,
  handler: (request: Request) => Response | Promise<Response>,
): Promise<CliServer> {
  const server = createServer((incoming, outgoing) => {
    const request = new Request(`http://127.0.0.1${incoming.url ?? "/"}`, {
      method: incoming.method,
    });
    Promise.resolve(handler(request)).then(async (response) => {
      const body = new Uint8Array(await response.arrayBuffer());
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(body);
    }).catch(() => {
      outgoing.writeHead(500).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve({
        port: typeof address === "object" && address !== null
          ? address.port
          : port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Opens a URL or file with the platform's opener; rejects when it is missing or fails. */
function _openOnNode(target: string): Promise<void> {
  const { command, args } = browserOpener(process.platform, target);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with status ${code}`));
    });
  });
}

/** The real terminal, files and clock of a Node process. */
export function nodeIo(): CliIo {
  // A failed write rejects its promise, which runCli reports in one line;
  // without a listener the same error would also crash the process as an
  // unhandled "error" event (a closed pipe: `dossier reduce … | head -1`).
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  return {
    get stdin(): ReadableStream<Uint8Array> {
      return _web(process.stdin);
    },
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(
          text,
          (error) => error ? reject(error) : resolve(),
        );
      }),
    // Synchronous for files and pipes, so a message written just before the
    // process ends is not lost.
    writeError: (text) => {
      process.stderr.write(text);
    },
    stdoutIsTerminal: process.stdout.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    noColor: (process.env.NO_COLOR ?? "") !== "",
    ci: (process.env.CI ?? "") !== "",
    // Opened before the stream is made, so that a missing file (or a
    // directory) fails here, as "Cannot open input …", not at the first read.
    open: async (path) => {
      const file = await open(path, "r");
      if ((await file.stat()).isDirectory()) {
        await file.close();
        throw Object.assign(new Error(`${path} is a directory`), {
          code: "EISDIR",
        });
      }
      return _web(file.createReadStream());
    },
    fileSize: async (path) => {
      const info = await stat(path);
      return info.isFile() ? info.size : null;
    },
    readTextFile: (path) => readFile(path, "utf8"),
    now: () => new Date(),
    isClosedPipe: (error) =>
      (error as { code?: unknown } | null)?.code === "EPIPE",
    onInterrupt: (listener) => {
      process.on("SIGINT", listener);
      return () => {
        process.off("SIGINT", listener);
      };
    },
    files: {
      prepareDirectory: async (path) => {
        await mkdir(path, { recursive: true });
        return await readdir(path);
      },
      appendText: (path, text) => appendFile(path, text, "utf8"),
      rename: (from, to) => rename(from, to),
      writeFile: (path, bytes) => writeFile(path, bytes),
      // `force`: no error when the file is already absent.
      removeFile: (path) => rm(path, { force: true }),
    },
    folders: { read: readMissionFolder, projectRoot: findProjectRoot },
    serve: _serveOnNode,
    openInBrowser: _openOnNode,
  };
}
