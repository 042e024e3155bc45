// The core of the command line behind `cli.ts`: it finds the command,
// parses its arguments, runs it with an io object, and turns what happened
// into an exit code (0 fine, 1 invalid input or drift, 2 wrong usage, 130
// interrupted) and at most one line on stderr. The commands are in
// `commands/`, listed in `commands.ts`; help and version in
// `commands/help.ts` and `commands/version.ts`.
import type { CliIo, CommandIo } from "./cli_io.ts";
import type { AnyCliCommand } from "./command.ts";
import { COMMANDS, loadAllCommands } from "./commands.ts";
import { HELP_WORDS, helpText } from "./commands/help.ts";
import {
  parseVersionRequest,
  VERSION_HELP,
  VERSION_WORDS,
  versionText,
} from "./commands/version.ts";
import { inputName } from "./messages.ts";
import { parseCommandLine, UsageError } from "./parse_command_line.ts";
import { Progress } from "./progress.ts";
import { createStyle } from "./style.ts";
import { safeForTerminal, shown } from "./terminal_text.ts";

/**
 * The same adapter, with what it writes escaped for a terminal (control
 * characters of the input as `\u001b`); only our colours stay, and only
 * when colour is on. The adapter stays the prototype, so that members read
 * lazily (`stdin`) stay lazy.
 */
function _escapingIo(io: CliIo, colour: boolean): CliIo {
  return Object.create(io, {
    write: {
      value: (text: string) => io.write(safeForTerminal(text, colour)),
    },
    writeError: {
      value: (text: string) => io.writeError(safeForTerminal(text, false)),
    },
  });
}

/** Writes our own text (help, version), ending quietly on a closed stdout. */
async function _writeOwn(io: CliIo, text: string): Promise<number> {
  try {
    await io.write(text);
  } catch (error) {
    if (!io.isClosedPipe?.(error)) throw error;
  }
  return 0;
}

/** The command named by the first argument. */
async function _commandNamed(name: string | undefined): Promise<AnyCliCommand> {
  if (name === undefined) throw new UsageError("missing command");
  const entry = COMMANDS.find((entry) => entry.name === name);
  if (entry === undefined) {
    throw new UsageError(
      `unknown command ${shown(JSON.stringify(name), 60)}; the commands are ${
        COMMANDS.map((command) => command.name).join(", ")
      }, help, version`,
    );
  }
  return await entry.load();
}

/** The warning for an input whose events carry `build_id: ""`, read as `"unknown"`. */
function _emptyBuildIdWarning(
  command: string,
  path: string,
  count: number,
): string {
  return `dossier ${command}: warning: ${count.toLocaleString("en-US")} ${
    count === 1 ? "event" : "events"
  } of ${
    inputName(path)
  } carry build_id "" (what the spec-kitty CLI writes), read as "unknown" as the CLI's own validator does; the 3.0.0 reference and the old sync server reject such events, and --strict refuses them\n`;
}

/**
 * Runs the command line and returns its exit code. Errors are written to
 * stderr as one message, never as a stack trace. A closed stdout ends the
 * command quietly (0); Ctrl-C ends it with 130 and one line on stderr, at
 * once, whatever the command was doing (`cli.ts` then exits).
 *
 * @param args The arguments after the program's name.
 * @param io What the command line may touch: a runtime's adapter, or a
 * test's.
 * @returns The exit code.
 *
 * @example
 * ```ts
 * import { runCli } from "./run_cli.ts";
 * import assert from "node:assert/strict";
 *
 * let stdout = "";
 * const code = await runCli(["--version"], {
 *   stdin: new ReadableStream(),
 *   write: (text) => Promise.resolve(void (stdout += text)),
 *   writeError: () => {},
 *   stdoutIsTerminal: false,
 *   stderrIsTerminal: false,
 *   noColor: true,
 *   open: () => Promise.reject(new Error("no files")),
 *   readTextFile: () => Promise.reject(new Error("no files")),
 *   now: () => new Date(0),
 * });
 * assert.equal(code, 0);
 * assert.match(stdout, /^dossier \d+\.\d+\.\d+ /);
 * ```
 */
export async function runCli(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const colour = io.stdoutIsTerminal && !io.noColor;
  const safe = _escapingIo(io, colour);
  const [name, ...rest] = args;
  let command: AnyCliCommand;
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    if (HELP_WORDS.includes(name)) {
      return await _writeOwn(io, helpText(await loadAllCommands(), rest));
    }
    if (VERSION_WORDS.includes(name)) {
      const request = parseVersionRequest(name, rest);
      return await _writeOwn(
        io,
        request === "help" ? VERSION_HELP : versionText(request.json),
      );
    }
    command = await _commandNamed(name);
    parsed = parseCommandLine(command, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const known = COMMANDS.some((entry) => entry.name === name);
    const help = known ? `dossier ${name} --help` : "dossier --help";
    safe.writeError(`dossier: ${error.message} (run ${help})\n`);
    return 2;
  }
  if (parsed.help) return _writeOwn(io, command.help);
  const { args: commandArgs } = parsed;
  const progress = new Progress(
    io.writeError,
    io.stderrIsTerminal && !io.noColor && io.ci !== true,
  );
  let emptyBuildIds = 0;
  // Once the command ran to its end (or asks for it, as `view` does before
  // it serves): an error's line is all that is said. Only a log read as the
  // input warns: a folder command's streams (`index --after`,
  // `reconcile --events`) are read for a clock or a run.
  const warn = (): void => {
    if (!("input" in commandArgs)) return;
    if (emptyBuildIds === 0 || commandArgs.input.acceptEmptyBuildId) return;
    safe.writeError(
      _emptyBuildIdWarning(command.name, commandArgs.input.path, emptyBuildIds),
    );
    emptyBuildIds = 0;
  };
  const commandIo: CommandIo = Object.create(safe, {
    writeRaw: { value: io.write },
    style: { value: createStyle(colour) },
    progress: { value: progress },
    command: { value: command.name },
    noteEmptyBuildIds: {
      value: (count: number) => {
        emptyBuildIds = count;
      },
    },
    printNotes: { value: warn },
  });
  let stopListening = (): void => {};
  const interrupted = new Promise<number>((resolve) => {
    if (command.handlesInterrupt) return;
    stopListening = io.onInterrupt?.(() => {
      progress.clear();
      safe.writeError(`dossier ${command.name}: interrupted\n`);
      resolve(130);
    }) ?? stopListening;
  });
  try {
    const code = await Promise.race([
      command.run(commandArgs, commandIo),
      interrupted,
    ]);
    if (code !== 130) warn();
    return code;
  } catch (error) {
    progress.clear();
    if (io.isClosedPipe?.(error)) return 0;
    const message = error instanceof Error ? error.message : String(error);
    safe.writeError(`dossier ${command.name}: ${message}\n`);
    return 1;
  } finally {
    stopListening();
  }
}
