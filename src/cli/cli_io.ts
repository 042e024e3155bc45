// Everything the command line touches outside itself, as one object: a
// runtime adapter (`deno_io.ts`, `node_io.ts`) or a test's fake provides it,
// so that every command runs in-process under test. A command receives a
// `CommandIo`: the same, with what it writes escaped for a terminal, plus
// the colours, the progress line and a raw write for canonical JSON.
import type { MissionSource } from "../index/mission_source.ts";
import type { Progress } from "./progress.ts";
import type { Style } from "./style.ts";

/** Writing files: `partition`'s parts, `index --out`, `--write-snapshot` and `view --out`. */
export interface CliFiles {
  /** Creates the directory (and its parents) when absent; resolves to the names of its entries. */
  readonly prepareDirectory: (path: string) => Promise<readonly string[]>;
  /** Appends text (as UTF-8) to a file, creating it when absent. */
  readonly appendText: (path: string, text: string) => Promise<void>;
  /** Renames a file, replacing `to` if it exists. */
  readonly rename: (from: string, to: string) => Promise<void>;
  /** Writes a file whole, replacing it if it exists. */
  readonly writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Removes a file; no error when it is already absent. */
  readonly removeFile: (path: string) => Promise<void>;
}

/** Reading mission folders, for `index`, `reconcile` and `view`. */
export interface CliFolders {
  /** A folder as a source of files (`readMissionFolder`); rejects with a `TypeError` naming it when it is not a directory that can be read. */
  readonly read: (path: string) => Promise<MissionSource>;
  /** The nearest folder above a mission that holds `.kittify/` (`findProjectRoot`); `null` when none does. */
  readonly projectRoot: (missionPath: string) => Promise<string | null>;
}

/** A server started by {@linkcode CliIo.serve}. */
export interface CliServer {
  /** The port it listens on (the one the system chose, for port 0). */
  readonly port: number;
  /** Stops listening and closes its connections; resolves once the port is free. */
  readonly close: () => Promise<void>;
}

/**
 * Everything the command line touches outside itself. The optional members
 * are what a runtime may lack; the command line then does without (no
 * percentage, no quiet end on a closed pipe, no `partition`).
 */
export interface CliIo {
  readonly stdin: ReadableStream<Uint8Array>;
  /** Writes to stdout. */
  readonly write: (text: string) => Promise<void>;
  /** Writes to stderr. */
  readonly writeError: (text: string) => void;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  /** True when the `NO_COLOR` environment variable is set and not empty. */
  readonly noColor: boolean;
  /** Opens a file as a byte stream. */
  readonly open: (path: string) => Promise<ReadableStream<Uint8Array>>;
  readonly readTextFile: (path: string) => Promise<string>;
  /** The clock, read only to date drift payloads. */
  readonly now: () => Date;
  /** True when the `CI` environment variable is set and not empty: no progress line then. */
  readonly ci?: boolean;
  /** The size of a file in bytes, `null` when unknown: the progress line's percentage and time left. */
  readonly fileSize?: (path: string) => Promise<number | null>;
  /**
   * True for the error `write` fails with once the reader of stdout has
   * gone (EPIPE: `dossier reduce --json big.jsonl | head -c 10`); the
   * command then ends quietly with status 0.
   */
  readonly isClosedPipe?: (error: unknown) => boolean;
  /**
   * Calls `listener` on Ctrl-C (SIGINT) instead of the default end of the
   * process; returns the function that stops listening.
   */
  readonly onInterrupt?: (listener: () => void) => () => void;
  /** Writing files; absent where files cannot be written. */
  readonly files?: CliFiles;
  /** Reading mission folders; absent where there is no file system. */
  readonly folders?: CliFolders;
  /**
   * Serves HTTP on 127.0.0.1 (only), on `port` (0: a free one), until
   * closed; rejects when it cannot listen (the port in use).
   */
  readonly serve?: (
    port: number,
    handler: (request: Request) => Response | Promise<Response>,
  ) => Promise<CliServer>;
  /**
   * Opens a URL or a file in the browser with the platform's opener
   * (`xdg-open`, `open`, `start`); rejects when there is none or it fails.
   */
  readonly openInBrowser?: (target: string) => Promise<void>;
}

/** What a command runs with: the adapter, its text escaped, and the run's tools. */
export interface CommandIo extends CliIo {
  /** Writes to stdout as it is: for JSON that must stay byte for byte (the canonical state). */
  readonly writeRaw: (text: string) => Promise<void>;
  /** Colours for stdout (none unless stdout is a terminal and NO_COLOR is unset). */
  readonly style: Style;
  /** The progress line on stderr. */
  readonly progress: Progress;
  /** The command's name, for messages: `reduce`. */
  readonly command: string;
  /**
   * Notes, once an input was read whole, how many of its events carried
   * `build_id: ""`; the command line then warns once on stderr (a second
   * read of the same input replaces the first's count).
   */
  readonly noteEmptyBuildIds: (count: number) => void;
  /**
   * Prints now the warning the command line prints once the command ends
   * (the `build_id: ""` one), for a command that keeps running (a server).
   */
  readonly printNotes: () => void;
}
