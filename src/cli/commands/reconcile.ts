// `dossier reconcile`: `spec-kitty reconcile` for a mission folder: the
// folder as indexed now against its recorded snapshot (or the latest
// snapshot run of an event stream), with the CLI's verdicts, words, JSON
// and exit codes (0 parity, 1 divergence, 2 error).
import { basename, resolve } from "node:path";
import type { Event3_0_0 } from "../../envelope/event_envelope.ts";
import {
  parseRecordedSnapshot,
  type RecordedSnapshot,
  recordedSnapshotFromEvents,
} from "../../index/recorded_snapshot.ts";
import {
  formatReconcileResult,
  reconcileMission,
  type ReconcileResult,
} from "../../index/reconcile_mission.ts";
import type { CommandIo } from "../cli_io.ts";
import type { CliCommand, FlagValues } from "../command.ts";
import { inputName, ioReason } from "../messages.ts";
import { foldersOf, givenProject } from "../mission_projects.ts";
import { streamEvents } from "../stream_events.ts";

const _FLAGS = {
  snapshot: { type: "string", takes: "a snapshot-latest.json file" },
  events: { type: "string", takes: "an event stream (a JSONL file)" },
  "project-root": { type: "string", takes: "a directory path" },
  json: { type: "boolean" },
} as const;

const _EXIT_CODES = { parity: 0, divergence: 1, error: 2 } as const;

/** `dossier reconcile`. */
export const reconcileCommand: CliCommand<typeof _FLAGS, "mission-folder"> = {
  name: "reconcile",
  input: "mission-folder",
  summary:
    `  reconcile [--snapshot <file>|--events <stream>] [--json] <mission-dir>
                                     compare a folder with its recorded snapshot (spec-kitty reconcile)
`,
  help:
    `Usage: dossier reconcile [--snapshot <file> | --events <stream>] [--json]
                         [--project-root <dir>] <mission-dir>

What spec-kitty reconcile does, for a mission folder: indexes the folder
again, hashes its present artifacts and the recorded ones with the snapshot
formula, and says parity, or divergence with each differing path and its
kind: missing_in_projection (only in the folder), missing_in_source (only in
the record), content_mismatch (both, different hashes). By default the record
is the folder's own .kittify/dossiers/<slug>/snapshot-latest.json (what
dossier index --write-snapshot and the CLI write), read with the CLI's rules:
a legacy file that names the mission feature_slug is an error, as in the CLI.
Like the CLI, it classifies with the software-dev manifest whatever meta.json
says (a quirk kept on purpose: hashes do not depend on it, keys and required
status of other mission types do) and stages no lint report.

Options:
  --snapshot <file>     compare with this snapshot-latest.json instead
  --events <stream>     compare with the latest snapshot run of the mission in
                        this contract 3.0.0 event stream (a project's journal:
                        other missions' events are passed over)
  --project-root <dir>  the project (its org packs), instead of the nearest
                        folder above the mission that holds .kittify/
  --json                print the verdict as the CLI's --json does:
                        {"mission", "status": "parity"|"divergence"|"error",
                        "rebuilt_hash", "recorded_hash", "differing_artifacts":
                        [{"artifact_path", "kind", "source_hash",
                        "recorded_hash"}, …], "error"}

Prints, as the CLI does, PARITY <slug> — dossier matches the recorded snapshot,
or DIVERGENCE <slug> — N artifact(s) differ: and one line per path, or
ERROR <slug> — <why> (no project, no folder, no record or one that cannot be
read, a folder that cannot be indexed).

Exit codes (the CLI's): 0 parity, 1 divergence, 2 error or wrong usage.
`,
  flags: _FLAGS,
  usageProblem(flags) {
    return flags.snapshot !== undefined && flags.events !== undefined
      ? "--snapshot and --events each name the record to compare with: choose one"
      : null;
  },
  async run({ folders: [path], flags }, io) {
    const result = await _reconcile(path, flags, io);
    await io.write(
      flags.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : formatReconcileResult(result),
    );
    return _EXIT_CODES[result.status];
  },
};

function _error(mission: string, error: string): ReconcileResult {
  return {
    mission,
    status: "error",
    rebuilt_hash: null,
    recorded_hash: null,
    differing_artifacts: [],
    error,
  };
}

function _message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every failure before the comparison is an `error` verdict, in the CLI's words where it has some. */
async function _reconcile(
  path: string,
  flags: FlagValues<typeof _FLAGS>,
  io: CommandIo,
): Promise<ReconcileResult> {
  const mission = basename(resolve(path));
  let folders;
  let project;
  try {
    folders = foldersOf(io);
    const given = flags["project-root"];
    const root = given === undefined ? await folders.projectRoot(path) : null;
    project = given !== undefined
      ? (await givenProject(folders, given)).source
      : root === null
      ? null
      : await folders.read(root);
  } catch (error) {
    return _error(mission, _message(error));
  }
  if (project === null) {
    return _error(
      mission,
      "not in a spec-kitty project (no project root resolved)",
    );
  }
  let source;
  try {
    source = await folders.read(path);
  } catch {
    return _error(mission, `mission dossier not found: ${mission}`);
  }
  let recorded: RecordedSnapshot | null | undefined;
  try {
    recorded = flags.snapshot !== undefined
      ? await _snapshotFile(flags.snapshot, io)
      : flags.events !== undefined
      ? await _latestRun(flags.events, mission, io)
      : undefined;
  } catch (error) {
    return _error(
      mission,
      `could not load recorded snapshot for ${mission}: ${_message(error)}`,
    );
  }
  if (recorded === null) {
    return _error(
      mission,
      `no recorded snapshot to reconcile against for ${mission} (no snapshot run of it in the --events stream ${
        inputName(flags.events!)
      })`,
    );
  }
  return await reconcileMission(source, recorded, { project });
}

/** A `snapshot-latest.json` given with `--snapshot`, read with the CLI's rules. */
async function _snapshotFile(
  path: string,
  io: CommandIo,
): Promise<RecordedSnapshot> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(
      await new Response(await io.open(path)).arrayBuffer(),
    );
  } catch (error) {
    throw new Error(`Cannot read ${inputName(path)}: ${ioReason(error)}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SyntaxError(
      `Cannot read ${inputName(path)}: it is not valid UTF-8`,
    );
  }
  return parseRecordedSnapshot(text);
}

/** The latest snapshot run of the mission in a stream; `null` when it has none. */
async function _latestRun(
  path: string,
  mission: string,
  io: CommandIo,
): Promise<RecordedSnapshot | null> {
  const events: Event3_0_0[] = [];
  for await (const event of streamEvents(path, "--events", "3.0.0", io)) {
    const namespace =
      (event.payload as { namespace?: { mission_slug?: unknown } })
        .namespace;
    if (namespace?.mission_slug === mission) events.push(event as Event3_0_0);
  }
  return recordedSnapshotFromEvents(events);
}
