// `dossier help [<command>]`, also `--help` and `-h`: the overview, built
// from the list of commands, or one command's help.
import type { AnyCliCommand } from "../command.ts";
import { UsageError } from "../parse_command_line.ts";
import { shown } from "../terminal_text.ts";
import { VERSION_HELP } from "./version.ts";

/** The words that ask for help. */
export const HELP_WORDS: readonly string[] = ["--help", "-h", "help"];

/**
 * The overview `dossier --help` prints.
 *
 * @param commands The commands, in the order to list them.
 * @returns The text.
 */
export function overviewHelp(commands: readonly AnyCliCommand[]): string {
  return `dossier — check, replay and compare Mission Dossier event logs (JSONL),
and produce them from mission folders

Usage:
  dossier <command> [options] <file|->
  dossier index|reconcile [options] <mission-dir>
  dossier --version (or -V)          print the package's and the contract's versions

Commands:
${
    commands.map((command) => command.summary).join("")
  }  help [<command>]                   this text, or a command's
  version [--json]                   the package's version and its contracts (also --version, -V)

Options of every command that reads a log:
  --contract <2.4.0|3.0.0|auto>      the contract the stream is written in (default
                                     auto: the first dossier event decides; every
                                     current producer writes 3.0.0)
  --strict                           refuse build_id "" (what the spec-kitty CLI
                                     writes); by default it is read as "unknown", as
                                     the CLI's own validator does, with a warning
  --accept-empty-build-id            read build_id "" as "unknown" (the default),
                                     without the warning
  --allow-empty                      accept an input without a single event

Input is a JSONL file, or - for standard input, read line by line as UTF-8
(a line that is not is an error naming its line and byte offset). What is
shown from the input has its control characters escaped (\\u001b).
Exit codes: 0 fine, 1 invalid input, drift or error, 2 wrong usage,
130 interrupted (Ctrl-C); reconcile's are spec-kitty reconcile's (0 parity,
1 divergence, 2 error). A closed stdout (| head) ends a command quietly, 0.
Colour only on a terminal, and never when NO_COLOR is set; the progress line
only on a terminal, and never when NO_COLOR or CI is set.
Run dossier help <command> for the details of a command.
`;
}

/**
 * The help `dossier help <args>` asks for: the overview, or one command's.
 *
 * @param commands The commands.
 * @param args The arguments after the help word.
 * @returns The text to print.
 * @throws {UsageError} For more than one topic, or an unknown one.
 */
export function helpText(
  commands: readonly AnyCliCommand[],
  args: readonly string[],
): string {
  if (args.length === 0 || (args.length === 1 && args[0] === "help")) {
    return overviewHelp(commands);
  }
  const [topic] = args;
  if (args.length === 1 && topic === "version") return VERSION_HELP;
  const command = args.length === 1
    ? commands.find((command) => command.name === topic)
    : undefined;
  if (command === undefined) {
    throw new UsageError(
      `help takes one command: received ${
        args.map((arg) => shown(JSON.stringify(arg), 60)).join(" ")
      }; the commands are ${
        commands.map((command) => command.name).join(", ")
      }, version`,
    );
  }
  return command.help;
}
