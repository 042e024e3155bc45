// The shape of a command of the command line: its name, its line in the
// overview, its help, its flags (declared for `node:util`'s `parseArgs`)
// and its `run(args, io)`. Each command is one module of `commands/`, and
// `commands.ts` lists them. A command reads a log (the default; it then
// also takes the input options below, which the core parses for it) or
// mission folders (`input: "mission-folder"` or `"mission-folders"`).
import type { CommandIo } from "./cli_io.ts";
import { CONTRACT_CHOICES } from "./contract_choice.ts";

/** One flag of a command: `--json` (a boolean) or `--out <dir>` (a string). */
export interface FlagSpec {
  readonly type: "boolean" | "string";
  /** What a string flag takes, for `--out needs a directory path`. */
  readonly takes?: string;
}

/** A command's flags by long name, without the `--`. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** The parsed values of a flag table: a boolean per boolean flag, a string (or undefined) per string flag. */
export type FlagValues<F extends FlagTable> = {
  readonly [K in keyof F]: F[K]["type"] extends "string" ? string | undefined
    : boolean;
};

/** The options every command that reads a log takes (see `INPUT_HELP`). */
export const INPUT_FLAGS: {
  readonly contract: FlagSpec;
  readonly strict: FlagSpec;
  readonly "accept-empty-build-id": FlagSpec;
  readonly "allow-empty": FlagSpec;
} = {
  contract: { type: "string", takes: `one of ${CONTRACT_CHOICES.join(", ")}` },
  strict: { type: "boolean" },
  "accept-empty-build-id": { type: "boolean" },
  "allow-empty": { type: "boolean" },
};

/** The input options' lines in each command's help. */
export const INPUT_HELP = `
  --contract <v>            2.4.0, 3.0.0 or auto (default): the first dossier
                            event decides (schema_version 3.x, a build_id or a
                            namespace with mission_slug: 3.0.0), and a stream
                            mixing both shapes is an error naming the line
  --strict                  refuse build_id "" (what the spec-kitty CLI writes;
                            by default it is read as "unknown", with a warning)
  --accept-empty-build-id   read build_id "" as "unknown" (the default), and
                            do not warn
  --allow-empty             accept an input without a single event (an error
                            otherwise)
`;

/** The input a command reads and how, from the input options. */
export interface InputOptions {
  /** A file path, or `-` for standard input. */
  readonly path: string;
  /** `2.4.0`, `3.0.0` or `auto`. */
  readonly contract: string;
  /** `--strict`: `build_id: ""` is an error, not `"unknown"`. */
  readonly strict: boolean;
  /** `--allow-empty`: an input without a single event is no error. */
  readonly allowEmpty: boolean;
  /**
   * `--accept-empty-build-id`: `build_id: ""` is read as `"unknown"` (the
   * default too) without the warning, the user having asked for it.
   */
  readonly acceptEmptyBuildId: boolean;
}

/**
 * What a command reads: one log (`log`, the default: a file or `-`, with the
 * input options), one mission folder, or one or more mission folders.
 */
export type InputKind = "log" | "mission-folder" | "mission-folders";

/** What a command that reads a log receives: its input and its own flags' values. */
export interface CommandArgs<F extends FlagTable> {
  readonly input: InputOptions;
  readonly flags: FlagValues<F>;
}

/** What a command that reads mission folders receives: the folders, in the order given, and its own flags' values. */
export interface FolderCommandArgs<F extends FlagTable> {
  /** One path for `mission-folder`, one or more for `mission-folders`. */
  readonly folders: readonly string[];
  readonly flags: FlagValues<F>;
}

/** The arguments of a command of input kind `K`. */
export type ArgsOf<F extends FlagTable, K extends InputKind> = K extends "log"
  ? CommandArgs<F>
  : FolderCommandArgs<F>;

/** A command of the command line, of any input kind (the list of commands holds these). */
export type AnyCliCommand = CliCommand<FlagTable, InputKind>;

/** A command of the command line. */
export interface CliCommand<
  F extends FlagTable = FlagTable,
  K extends InputKind = "log",
> {
  /** What follows `dossier`: `reduce`. */
  readonly name: string;
  /** What it reads; `log` when absent (the input options then apply). */
  readonly input?: K;
  /** Its lines in the list of commands of `dossier --help`, indented, each ended by a line feed. */
  readonly summary: string;
  /** What `dossier <name> --help` prints. */
  readonly help: string;
  /** Its own flags (the core adds the input options to a command that reads a log). */
  readonly flags: F;
  /**
   * A problem of the command line that its flags alone do not show (a
   * required flag, two that do not combine), or `null`; checked unless
   * `--help` was given.
   */
  usageProblem?(flags: FlagValues<F>): string | null;
  /**
   * True for a command that listens for Ctrl-C itself (through
   * `io.onInterrupt`) to stop cleanly and return its code (a server); the
   * core then does not end it at Ctrl-C.
   */
  readonly handlesInterrupt?: boolean;
  /**
   * Runs the command.
   *
   * @returns The exit code: 0 fine, 1 invalid input, drift or error.
   * @throws An `Error` whose message is the one line shown after
   * `dossier <name>: ` (exit 1).
   */
  run(args: ArgsOf<F, K>, io: CommandIo): Promise<number>;
}
