// `dossier index`: index mission folders as the spec-kitty CLI does, into
// the contract 3.0.0 events of each mission in turn (or, with --json, its
// records and snapshot). Each mission's output is held until it is indexed
// whole: a mission that fails writes nothing, and the others go on.
// (Named for what it does: `commands/index.ts` would read as a barrel.)
import { resolve } from "node:path";
import { eventsToJsonl } from "../../index/dossier_events.ts";
import {
  indexMission,
  type IndexMissionResult,
} from "../../index/index_mission.ts";
import type { CliFiles, CommandIo } from "../cli_io.ts";
import type { CliCommand } from "../command.ts";
import { inputName, ioReason } from "../messages.ts";
import {
  folderReason,
  foldersOf,
  givenProject,
  type MissionProject,
  missionProjects,
} from "../mission_projects.ts";
import { streamEvents } from "../stream_events.ts";

const _FLAGS = {
  out: { type: "string", takes: "a file path" },
  "project-root": { type: "string", takes: "a directory path" },
  "project-uuid": { type: "string", takes: "a project uuid" },
  after: { type: "string", takes: "an event stream (a JSONL file)" },
  "build-id": { type: "string", takes: "a build id" },
  json: { type: "boolean" },
  "write-snapshot": { type: "boolean" },
  "apply-lint-report": { type: "boolean" },
} as const;

const _UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `dossier index`. */
export const indexCommand: CliCommand<typeof _FLAGS, "mission-folders"> = {
  name: "index",
  input: "mission-folders",
  summary: `  index [--out <file>] [--after <stream>] [--json] <mission-dir>…
                                     index mission folders as the spec-kitty CLI does (JSONL events)
`,
  help:
    `Usage: dossier index [--out <file>] [--project-root <dir>] [--project-uuid <uuid>]
                     [--after <stream>] [--build-id <id>] [--json] [--write-snapshot]
                     [--apply-lint-report] <mission-dir>…

Indexes each mission folder exactly as the spec-kitty CLI does (the same
records, payloads and snapshot hash) and writes its contract 3.0.0 events as
JSONL, one mission after the other, in the CLI's journal form (keys sorted,
ASCII escapes): artifact events, then the snapshot event. The project is the
nearest folder above the mission that holds .kittify/ (its config.yaml gives
the project uuid and the org packs), as in the CLI. Nothing is written into
the mission folders unless asked (--write-snapshot, --apply-lint-report).

Options:
  --out <file>          write the output to this file (replaced) instead of
                        standard output
  --project-root <dir>  the project of every mission, instead of looking above
                        each one
  --project-uuid <uuid> the project uuid, instead of .kittify/config.yaml's
  --after <stream>      number the events after the highest Lamport clock of
                        this event stream (a project's journal), so that the
                        output can be appended to it; a stream that cannot be
                        read, or a line that is not a valid event, is an error
  --build-id <id>       the events' build_id (default @spec-kitty/dossier@<version>;
                        the CLI writes "", which the 3.0.0 reference rejects)
  --json                print one JSON document instead of events:
                        {"missions": [{"mission", "path", "namespace", "manifest",
                        "records": [{relative_path, artifact_key, artifact_class,
                        required_status, is_present, error_reason, content_hash,
                        hash_kind, size_bytes, wp_projection_json}, …],
                        "snapshot": {snapshot_id, total_artifacts, …, snapshot_hash,
                        parity_hash_components} | null, "lint_report", "warnings"}, …],
                        "failed": [{"path", "error"}, …]}
  --write-snapshot      write <mission-dir>/.kittify/dossiers/<slug>/snapshot-latest.json
                        as the CLI does, for dossier reconcile and spec-kitty
                        reconcile
  --apply-lint-report   apply the CLI's charter-lint staging to the folder: copy
                        the project's .kittify/lint-report.json into the mission
                        when its feature_scope names it, delete a stale
                        lint-report.json otherwise. Without it the events are
                        the same (staging applies to what is read), and the
                        folder is left alone

The Lamport clock runs on across the missions of one run. A mission the CLI
emits nothing for (no project uuid, a corrupt meta.json, a key the contract
refuses, a work package that aborts, a manifest that fails its schema) is an
error naming the mission, the file and the rule, and writes nothing; the other
missions are still indexed. A progress line on a terminal for many missions.

Exit codes: 0 every mission indexed, 1 a mission not indexed (a folder that
cannot be read, or one the CLI emits nothing for) or a stream or file that
cannot be read or written, 2 wrong usage.
`,
  flags: _FLAGS,
  usageProblem(flags) {
    const uuid = flags["project-uuid"];
    if (uuid !== undefined && !_UUID.test(uuid)) {
      return `--project-uuid must be a uuid (8-4-4-4-12 hexadecimal digits): received ${
        JSON.stringify(uuid)
      }`;
    }
    if (flags.json && flags.after !== undefined) {
      return "--after numbers events and --json prints none: choose one";
    }
    if (flags.json && flags["build-id"] !== undefined) {
      return "--build-id goes into events and --json prints none: choose one";
    }
    if (
      flags.out !== undefined && flags.after !== undefined &&
      resolve(flags.out) === resolve(flags.after)
    ) {
      return "--out would replace the stream --after reads: append with >> instead";
    }
    return null;
  },
  async run({ folders: paths, flags }, io) {
    const folders = foldersOf(io);
    const files = flags.out !== undefined || flags["write-snapshot"] ||
        flags["apply-lint-report"]
      ? _filesOf(io)
      : undefined;
    const given = flags["project-root"] === undefined
      ? undefined
      : await givenProject(folders, flags["project-root"]);
    const projectOf = missionProjects(folders, given);
    let nextClock = flags.after === undefined
      ? 1
      : await _afterClock(flags.after, io);
    const output: string[] = [];
    // Events are ASCII (the journal's escapes), written as they are; the
    // JSON document may hold any text, escaped for a terminal.
    const emit = async (text: string, raw: boolean): Promise<void> => {
      if (flags.out !== undefined) output.push(text);
      else if (raw) await io.writeRaw(text);
      else await io.write(text);
    };
    const indexed: unknown[] = [];
    const failed: { path: string; error: string }[] = [];
    for (const [done, path] of paths.entries()) {
      if (paths.length > 1) {
        io.progress.updateItems(done, paths.length, "missions");
      }
      let result: IndexMissionResult;
      try {
        result = await _indexOne(path, projectOf, {
          projectUuid: flags["project-uuid"],
          buildId: flags["build-id"],
          firstLamportClock: nextClock,
        }, io);
        if (flags["apply-lint-report"]) {
          await _applyLintReport(path, result, files!);
        }
        if (flags["write-snapshot"]) await _writeSnapshot(path, result, files!);
      } catch (error) {
        io.progress.clear();
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ path, error: message });
        io.writeError(`dossier index: ${message}\n`);
        continue;
      }
      for (const warning of result.warnings) {
        io.progress.clear();
        io.writeError(
          `dossier index: warning: ${result.missionSlug}: ${warning}\n`,
        );
      }
      nextClock += result.events.length;
      if (flags.json) indexed.push(_missionJson(path, result));
      else await emit(eventsToJsonl(result.events), true);
    }
    io.progress.clear();
    if (flags.json) {
      await emit(
        `${JSON.stringify({ missions: indexed, failed }, null, 2)}\n`,
        false,
      );
    }
    if (flags.out !== undefined) {
      await _writeText(files!, flags.out, output.join(""), "--out");
    }
    if (failed.length > 0 && paths.length > 1) {
      io.writeError(
        `dossier index: ${failed.length} of ${paths.length} missions not indexed\n`,
      );
    }
    return failed.length === 0 ? 0 : 1;
  },
};

function _filesOf(io: CommandIo): CliFiles {
  if (io.files === undefined) {
    throw new Error(
      "Cannot write files: this runtime gives the command line no file system",
    );
  }
  return io.files;
}

/** The first Lamport clock after the highest of a stream (1 for a stream without events). */
async function _afterClock(path: string, io: CommandIo): Promise<number> {
  let highest = 0;
  for await (const event of streamEvents(path, "--after", "auto", io)) {
    if (event.lamport_clock > highest) highest = event.lamport_clock;
  }
  return highest + 1;
}

/** Indexes one mission folder; any failure is an error naming it. */
async function _indexOne(
  path: string,
  projectOf: (missionPath: string) => Promise<MissionProject>,
  options: {
    readonly projectUuid: string | undefined;
    readonly buildId: string | undefined;
    readonly firstLamportClock: number;
  },
  io: CommandIo,
): Promise<IndexMissionResult> {
  let source;
  try {
    source = await foldersOf(io).read(path);
  } catch (error) {
    throw new Error(
      `Cannot index mission folder ${inputName(path)}: ${folderReason(error)}`,
    );
  }
  const project = await projectOf(path);
  if (project.source === null && options.projectUuid === undefined) {
    throw new Error(
      `Cannot index mission ${
        JSON.stringify(source.name)
      }: no project: no folder above ${
        inputName(path)
      } holds .kittify/ (give --project-root or --project-uuid)`,
    );
  }
  return await indexMission(source, {
    ...options,
    project: project.source ?? undefined,
  });
}

/** `<mission-dir>/<relative>`, with `/` as the separator (every runtime takes it). */
function _inMission(path: string, relative: string): string {
  return `${path.replace(/\/+$/, "")}/${relative}`;
}

async function _writeText(
  files: CliFiles,
  path: string,
  text: string,
  what: string,
): Promise<void> {
  try {
    await files.writeFile(path, new TextEncoder().encode(text));
  } catch (error) {
    throw new Error(
      `Cannot write ${what} ${inputName(path)}: ${ioReason(error)}`,
    );
  }
}

/** Writes `snapshot-latest.json` where the CLI does. */
async function _writeSnapshot(
  path: string,
  result: IndexMissionResult,
  files: CliFiles,
): Promise<void> {
  // A path that cannot be encoded as UTF-8: the CLI writes no snapshot either.
  if (result.snapshotFile === null) return;
  const file = _inMission(path, result.snapshotFilePath);
  try {
    await files.prepareDirectory(file.slice(0, file.lastIndexOf("/")));
  } catch (error) {
    throw new Error(
      `Cannot write the snapshot of mission ${
        JSON.stringify(result.missionSlug)
      } to ${inputName(file)}: ${ioReason(error)}`,
    );
  }
  await _writeText(
    files,
    file,
    result.snapshotFile,
    `the snapshot of mission ${JSON.stringify(result.missionSlug)} to`,
  );
}

/** Does to the folder what the CLI's charter-lint staging does (docs/indexer.md, "The rules, in order", rule 4). */
async function _applyLintReport(
  path: string,
  result: IndexMissionResult,
  files: CliFiles,
): Promise<void> {
  const staging = result.lintReport;
  if (staging.action === "none") return;
  const file = _inMission(path, "lint-report.json");
  try {
    if (staging.action === "copy") await files.writeFile(file, staging.bytes);
    else await files.removeFile(file);
  } catch (error) {
    throw new Error(
      `Cannot ${staging.action} the lint report of mission ${
        JSON.stringify(result.missionSlug)
      } (${inputName(file)}): ${ioReason(error)}`,
    );
  }
}

/** A mission's entry of the `--json` document. */
function _missionJson(path: string, result: IndexMissionResult): unknown {
  return {
    mission: result.missionSlug,
    path,
    namespace: result.namespace,
    manifest: result.manifestOrigin,
    records: result.records,
    snapshot: result.snapshot,
    lint_report: result.lintReport.action,
    warnings: result.warnings,
  };
}
