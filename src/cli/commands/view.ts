// `dossier view`: the dossier page (`renderDossierPage` of ./view) for a
// log of either contract, standard input, or a mission folder indexed in
// memory; written to a folder (`--out`) to open from file://, or served on
// 127.0.0.1 until Ctrl-C.
import type { ContractDecision } from "../../contract/contract_decider.ts";
import { eventsToJsonl } from "../../index/dossier_events.ts";
import { indexMission } from "../../index/index_mission.ts";
import { MissionIndexError } from "../../index/mission_index_error.ts";
import {
  type DossierPageFiles,
  pageResponse,
  renderDossierPage,
} from "../../view/render_dossier_page.ts";
import { placedBatches } from "../by_namespace.ts";
import type { MissionSource } from "../../index/mission_source.ts";
import type { CommandIo } from "../cli_io.ts";
import {
  type CliCommand,
  type FlagValues,
  INPUT_HELP,
  type InputOptions,
} from "../command.ts";
import { contractDecider, describeDecision } from "../contract_choice.ts";
import { inputName, ioReason } from "../messages.ts";

const _FLAGS = {
  out: { type: "string", takes: "a directory path" },
  port: { type: "string", takes: "a port number (0 for a free one)" },
  open: { type: "boolean" },
  "project-uuid": { type: "string", takes: "a project uuid" },
} as const;

type _Flags = FlagValues<typeof _FLAGS>;

/** What the page shows, and how to say so. */
interface _PageInput {
  /** The JSONL stream; `""` for an empty input (`--allow-empty`): the page then asks for a file. */
  readonly stream: string;
  /** What the page calls it. */
  readonly source: string;
  /** What the command says it drew: `"x.jsonl" (27 events, 1 namespace, contract 3.0.0, …)`. */
  readonly described: string;
}

function _count(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/** The input's lines as read, each checked as the other commands check it. */
async function _readLog(
  input: InputOptions,
  io: CommandIo,
): Promise<_PageInput> {
  const decider = contractDecider(input.contract);
  const keys = new Set<string>();
  const lines: string[] = [];
  for await (const batch of placedBatches(input, io, decider)) {
    for (const { text, placement } of batch) {
      lines.push(text);
      if (placement.kind === "namespace") keys.add(placement.key);
    }
  }
  const decision: ContractDecision = decider.finish();
  const name = inputName(input.path);
  return {
    stream: lines.length === 0 ? "" : `${lines.join("\n")}\n`,
    source: input.path === "-"
      ? "standard input"
      : input.path.replace(/^.*[\\/]/, ""),
    described: `${name} (${_count(lines.length, "event")}, ${
      _count(keys.size, "namespace")
    }, contract ${describeDecision(decision)})`,
  };
}

/** A mission folder to index, and the project it belongs to. */
interface _Folder {
  readonly mission: MissionSource;
  readonly project: MissionSource | null;
}

/**
 * The mission folder at the input's path and its project (the nearest
 * ancestor holding `.kittify/`), or `null` when the input is not a folder
 * (a file, `-`, nothing there: it is then read as a log, which names the
 * problem) or the adapter reads no folders.
 */
async function _folderAt(path: string, io: CommandIo): Promise<_Folder | null> {
  if (path === "-" || io.folders === undefined) return null;
  let mission: MissionSource;
  try {
    mission = await io.folders.read(path);
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
  const root = await io.folders.projectRoot(path);
  return {
    mission,
    project: root === null ? null : await io.folders.read(root),
  };
}

/** The folder indexed in memory as the spec-kitty CLI indexes it, as a stream. */
async function _indexFolder(
  folder: _Folder,
  input: InputOptions,
  flags: _Flags,
  io: CommandIo,
): Promise<_PageInput> {
  if (input.contract === "2.4.0") {
    throw new Error(
      `Cannot view mission folder ${
        inputName(input.path)
      } as contract 2.4.0: the indexer writes contract 3.0.0 events`,
    );
  }
  let result;
  try {
    result = await indexMission(folder.mission, {
      project: folder.project ?? undefined,
      projectUuid: flags["project-uuid"],
      clock: io.now,
    });
  } catch (error) {
    if (
      error instanceof MissionIndexError && error.rule === "no-project-uuid"
    ) {
      throw new Error(
        `${error.message}; no .kittify/config.yaml above the folder gives one: --project-uuid <uuid> does`,
      );
    }
    throw error;
  }
  for (const warning of result.warnings) {
    io.writeError(`dossier view: warning: ${warning}\n`);
  }
  const snapshot = result.snapshot === null
    ? "no snapshot"
    : `snapshot ${result.snapshot.snapshot_hash.slice(0, 19)}`;
  return {
    stream: eventsToJsonl(result.events),
    source: `mission folder ${result.missionSlug} (indexed)`,
    described: `mission folder ${inputName(input.path)} (indexed: ${
      _count(result.records.length, "artifact")
    }, ${snapshot})`,
  };
}

/**
 * The page's files for what was read: a stream the page itself could not
 * read throws its own error (line, field, value), before anything is written.
 */
function _render(page: _PageInput): DossierPageFiles {
  return page.stream === ""
    ? renderDossierPage()
    : renderDossierPage({ stream: page.stream, source: page.source });
}

/** Opens the page in the browser when asked; never fails the command. */
async function _openBrowser(target: string, io: CommandIo): Promise<void> {
  const warn = (reason: string) =>
    io.writeError(
      `dossier view: warning: Cannot open a browser: ${reason}; open ${target} yourself\n`,
    );
  if (io.openInBrowser === undefined) {
    warn("this runtime's adapter has no opener");
    return;
  }
  try {
    await io.openInBrowser(target);
  } catch (error) {
    warn(ioReason(error));
  }
}

/** Writes the three files into the folder (created when absent); replaces them. */
async function _write(
  files: DossierPageFiles,
  out: string,
  io: CommandIo,
): Promise<string> {
  if (io.files === undefined) {
    throw new Error(
      "Cannot write the page: this runtime's adapter cannot write files",
    );
  }
  const dir = out.length > 1 ? out.replace(/[\\/]+$/, "") : out;
  try {
    await io.files.prepareDirectory(dir);
  } catch (error) {
    throw new Error(`Cannot write to ${inputName(dir)}: ${ioReason(error)}`);
  }
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    try {
      await io.files.writeFile(path, new TextEncoder().encode(text));
    } catch (error) {
      throw new Error(`Cannot write ${inputName(path)}: ${ioReason(error)}`);
    }
  }
  return `${dir}/index.html`;
}

/** Serves the page on 127.0.0.1 until Ctrl-C; then stops and returns 0. */
async function _serve(
  files: DossierPageFiles,
  flags: _Flags,
  described: string,
  io: CommandIo,
): Promise<number> {
  if (io.serve === undefined) {
    throw new Error(
      "Cannot serve the page: this runtime's adapter cannot serve HTTP (--out writes it to a folder)",
    );
  }
  const port = Number(flags.port ?? "0");
  let server;
  try {
    server = await io.serve(port, (request) => {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return new Response("Method not allowed\n", {
          status: 405,
          headers: { allow: "GET, HEAD" },
        });
      }
      return pageResponse(files, new URL(request.url).pathname.slice(1));
    });
  } catch (error) {
    throw new Error(
      `Cannot serve the page on 127.0.0.1:${port}: ${
        ioReason(error)
      } (--port 0 picks a free port)`,
    );
  }
  let stopListening = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    stopListening = io.onInterrupt?.(resolve) ?? stopListening;
  });
  try {
    const url = `http://127.0.0.1:${server.port}/`;
    io.printNotes();
    await io.write(
      `Serving the dossier page of ${described} at ${url} (Ctrl-C stops)\n`,
    );
    const opening = flags.open ? _openBrowser(url, io) : Promise.resolve();
    await stopped;
    await opening;
  } finally {
    stopListening();
    await server.close();
  }
  await io.write("Stopped: the page is no longer served.\n");
  return 0;
}

/** `dossier view`. */
export const viewCommand: CliCommand<typeof _FLAGS> = {
  name: "view",
  summary: `  view [--out <dir>] [--port <n>] [--open] <file|-|mission-dir>
                                     see the dossier as a page: written to a folder, or
                                     served on 127.0.0.1
`,
  help:
    `Usage: dossier view [--out <dir>] [--port <n>] [--open] [--project-uuid <uuid>] [--contract <v>] [--strict] [--allow-empty] <file|-|mission-dir>

Shows the dossier as a page: its namespace, the hash check as the producer sees
it, the artifacts by class, the anomalies, a timeline of snapshots and drift
events, and what changed between two runs. The input is a JSONL event log of
either contract (a file, or - for standard input; a journal of several
namespaces gives a list to choose from), or a mission folder, which is indexed
in memory as the spec-kitty CLI indexes it (its project uuid from the nearest
.kittify/config.yaml above it, or --project-uuid) and nothing is written to it.
The page reduces the stream in the browser with this package; its
Content-Security-Policy allows only its own script and style sheet.

With --out, writes the page to <dir> (index.html, app.js, app.css; the folder
is created when absent, the three files replaced): it opens from file:// with
no server and no network. Without --out, serves it on 127.0.0.1 only, prints
the URL, and stops on Ctrl-C.

Options:
  --out <dir>              write the page to <dir> instead of serving it
  --port <n>               the port to serve on (default 0: a free one)
  --open                   open the page in the browser (xdg-open, open or
                           start); without an opener, a warning
  --project-uuid <uuid>    the project uuid of a mission folder (instead of
                           .kittify/config.yaml's)
${INPUT_HELP}
Lines that are not valid envelopes are errors, as for reduce (line, field,
value): nothing is written or served then.

Exit codes: 0 written, or served and stopped by Ctrl-C; 1 unreadable or empty
input, a folder that cannot be indexed, --out not writable, the port in use;
2 wrong usage.
`,
  flags: _FLAGS,
  handlesInterrupt: true,
  usageProblem(flags) {
    if (flags.out !== undefined && flags.port !== undefined) {
      return "--out writes the page and --port serves it: choose one";
    }
    const port = flags.port;
    if (
      port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    ) {
      return `--port must be a whole number from 0 to 65535: received ${
        JSON.stringify(port)
      }`;
    }
    return null;
  },
  async run({ input, flags }, io) {
    const folder = await _folderAt(input.path, io);
    const page = folder === null
      ? await _readLog(input, io)
      : await _indexFolder(folder, input, flags, io);
    const files = _render(page);
    if (flags.out === undefined) {
      return await _serve(files, flags, page.described, io);
    }
    const index = await _write(files, flags.out, io);
    await io.write(
      `Wrote the dossier page of ${page.described} to ${
        inputName(index)
      }: open it in a browser (it needs no server and no network)\n`,
    );
    if (flags.open) await _openBrowser(index, io);
    return 0;
  },
};
