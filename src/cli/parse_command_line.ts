// Parsing a command's arguments on `node:util`'s `parseArgs` (the same in
// Deno, Node and Bun): its own flags and the input options, one input file
// (or `-`), `--help`/`-h`. Anything else is a `UsageError` (exit 2) whose
// message says what was wrong, in the command line's own words.
import { parseArgs } from "node:util";
import {
  type CliCommand,
  type CommandArgs,
  type FlagTable,
  type FlagValues,
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
  | { readonly help: false; readonly args: CommandArgs<FlagTable> };

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
 * with one it does not take, no input or two, or what the command's
 * `usageProblem` finds.
 */
export function parseCommandLine(
  command: CliCommand,
  args: readonly string[],
): ParsedCommandLine {
  const specs: FlagTable = { ...command.flags, ...INPUT_FLAGS };
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
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(command.flags)) {
    flags[name] = values[name] ?? (spec.type === "boolean" ? false : undefined);
  }
  const problem = command.usageProblem?.(flags as FlagValues<FlagTable>) ??
    null;
  if (problem !== null) throw new UsageError(problem);
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
      flags: flags as FlagValues<FlagTable>,
    },
  };
}
