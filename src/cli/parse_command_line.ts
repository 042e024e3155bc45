// Parsing a command's arguments on `node:util`'s `parseArgs` (the same in
// Deno, Node and Bun): its own flags and, for a command that reads a log,
// the input options and one input file (or `-`); for a command that reads
// mission folders, its folders; `--help`/`-h`. Anything else is a
// `UsageError` (exit 2) whose message says what was wrong, in the command
// line's own words.
import { parseArgs } from "node:util";
import {
  type AnyCliCommand,
  type CommandArgs,
  type FlagTable,
  type FlagValues,
  type FolderCommandArgs,
  INPUT_FLAGS,
} from "./command.ts";
import { CONTRACT_CHOICES } from "./contract_choice.ts";
import { shown } from "./terminal_text.ts";

/** A wrong command line: exit 2 with a one-line reason. */
export class UsageError extends Error {
  /** @param message The reason, without the action. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A parsed command line: the command's arguments, or a request for its help. */
export type ParsedCommandLine =
  | { readonly help: true }
  | {
    readonly help: false;
    readonly args: CommandArgs<FlagTable> | FolderCommandArgs<FlagTable>;
  };

/** `"--bogus"`, shortened, for a message. */
function _quoted(arg: string): string {
  return shown(JSON.stringify(arg), 60);
}

/**
 * Parses the arguments that follow a command's name.
 *
 * @param command The command.
 * @param args Its arguments.
 * @returns Its arguments parsed, or `{ help: true }` for `--help` / `-h`.
 * @throws {UsageError} For an unknown option, a flag without its value or
 * with one it does not take, no input or two (no folder, or two for a
 * command that reads one), or what the command's `usageProblem` finds.
 */
export function parseCommandLine(
  command: AnyCliCommand,
  args: readonly string[],
): ParsedCommandLine {
  const kind = command.input ?? "log";
  const specs: FlagTable = kind === "log"
    ? { ...command.flags, ...INPUT_FLAGS }
    : command.flags;
  const options: Record<string, { type: "boolean" | "string" }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type };
  }
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const forCommand = ` for ${command.name}`;
  const inputs: string[] = [];
  const values: Record<string, string | boolean> = {};
  let help = false;
  for (const token of tokens) {
    if (token.kind === "positional") {
      inputs.push(token.value);
      continue;
    }
    const arg = args[token.index];
    if (token.kind === "option-terminator") {
      throw new UsageError(`unknown option ${_quoted(arg)}${forCommand}`);
    }
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    // Short options other than -h, and groups of them, are unknown.
    const spec = arg.startsWith("--") && Object.hasOwn(specs, token.name)
      ? specs[token.name]
      : undefined;
    if (spec === undefined) {
      throw new UsageError(`unknown option ${_quoted(arg)}${forCommand}`);
    }
    const flag = `--${token.name}`;
    if (spec.type === "string") {
      if (token.value === undefined || token.value === "") {
        throw new UsageError(`${flag} needs ${spec.takes}`);
      }
      values[token.name] = token.value;
    } else if (token.inlineValue) {
      throw new UsageError(`option ${flag} takes no value${forCommand}`);
    } else {
      values[token.name] = true;
    }
  }
  const contract = (values.contract as string | undefined) ?? "auto";
  if (!CONTRACT_CHOICES.includes(contract)) {
    throw new UsageError(
      `--contract must be ${INPUT_FLAGS.contract.takes}: received ${
        JSON.stringify(contract)
      }`,
    );
  }
  if (help) return { help: true };
  if (kind !== "log") return _folderArgs(command, kind, inputs, values);
  if (inputs.length === 0) {
    throw new UsageError(`missing input file (or - for stdin)${forCommand}`);
  }
  if (inputs.length > 1) {
    throw new UsageError(
      `expected one input, received ${inputs.length}: ${
        shown(inputs.join(" "), 200)
      }`,
    );
  }
  if (values.strict === true && values["accept-empty-build-id"] === true) {
    throw new UsageError(
      '--strict refuses build_id "" and --accept-empty-build-id reads it as "unknown": choose one',
    );
  }
  const flags = _commandFlags(command, values);
  return {
    help: false,
    args: {
      input: {
        path: inputs[0],
        contract,
        strict: values.strict === true,
        allowEmpty: values["allow-empty"] === true,
        acceptEmptyBuildId: values["accept-empty-build-id"] === true,
      },
      flags,
    },
  };
}

/** The command's own flags, each given or its default, once its `usageProblem` found none. */
function _commandFlags(
  command: AnyCliCommand,
  values: Readonly<Record<string, string | boolean>>,
): FlagValues<FlagTable> {
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(command.flags)) {
    flags[name] = values[name] ?? (spec.type === "boolean" ? false : undefined);
  }
  const problem = command.usageProblem?.(flags as FlagValues<FlagTable>) ??
    null;
  if (problem !== null) throw new UsageError(problem);
  return flags as FlagValues<FlagTable>;
}

/** The arguments of a command that reads mission folders: one, or one or more. */
function _folderArgs(
  command: AnyCliCommand,
  kind: "mission-folder" | "mission-folders",
  folders: readonly string[],
  values: Readonly<Record<string, string | boolean>>,
): ParsedCommandLine {
  if (folders.length === 0) {
    throw new UsageError(`missing mission folder for ${command.name}`);
  }
  if (kind === "mission-folder" && folders.length > 1) {
    throw new UsageError(
      `${command.name} takes one mission folder, received ${folders.length}: ${
        shown(folders.join(" "), 200)
      }`,
    );
  }
  return {
    help: false,
    args: { folders, flags: _commandFlags(command, values) },
  };
}
