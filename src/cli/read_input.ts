// How a command reads its input: the file (or standard input) opened and
// named once in any error, its lines in batches, each line's JSON value
// handed over once the contract is decided, and the envelope schema the
// input options ask for. Lines of `build_id: ""` are counted for the
// warning the command line prints (`--strict` refuses them instead).
import type * as v from "valibot";
import type { ContractDecider } from "../contract/contract_decider.ts";
import type { ContractDecision } from "../contract/contract_decider.ts";
import type { Event } from "../envelope/event_envelope.ts";
import type { CommandIo } from "./cli_io.ts";
import type { InputOptions } from "./command.ts";
import { contractOf } from "./contract_choice.ts";
import { emptyInputMessage, inputName, ioReason } from "./messages.ts";
import { type InputLine, readLines } from "./read_lines.ts";
import { jsonOfLine } from "../envelope/event_stream.ts";

async function _open(
  path: string,
  io: CommandIo,
): Promise<ReadableStream<Uint8Array>> {
  if (path === "-") return io.stdin;
  try {
    const bytes = await io.open(path);
    io.progress.setTotal(await io.fileSize?.(path).catch(() => null) ?? null);
    return bytes;
  } catch (error) {
    throw new Error(`Cannot open input ${inputName(path)}: ${ioReason(error)}`);
  }
}

/**
 * The input's lines in batches; a failed read is an error naming the input once.
 *
 * @param path A file path, or `-` for standard input.
 * @param io The command's io; its progress line counts the bytes.
 * @returns The batches.
 * @throws {Error} When the input cannot be opened or read.
 */
export async function* inputLines(
  path: string,
  io: CommandIo,
): AsyncGenerator<InputLine[]> {
  const bytes = await _open(path, io);
  const lines = readLines(bytes, (count) => io.progress.addBytes(count));
  while (true) {
    let next: IteratorResult<InputLine[]>;
    try {
      next = await lines.next();
    } catch (error) {
      throw new Error(
        `Cannot read input ${inputName(path)}: ${ioReason(error)}`,
      );
    }
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The error for a line whose bytes are not UTF-8.
 *
 * @param line The line.
 * @returns The error.
 */
export function notUtf8(line: InputLine): Error {
  return new Error(
    `Cannot read line ${line.number}: it must be UTF-8 text: ${line.invalid}`,
  );
}

/**
 * True for a line's JSON value that carries `build_id: ""`, what the
 * spec-kitty CLI writes on every event.
 *
 * @param value A line's JSON value.
 * @returns Whether it has an empty `build_id`.
 */
export function hasEmptyBuildId(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    (value as { build_id?: unknown }).build_id === "";
}

/**
 * Notes the count of `build_id: ""` events of an input read whole, when
 * they were read as `"unknown"` (contract 3.0.0, without `--strict`).
 *
 * @param io The command's io.
 * @param decision The contract the input was read with.
 * @param count The events with `build_id: ""`.
 */
export function noteEmptyBuildIds(
  io: CommandIo,
  decision: ContractDecision,
  count: number,
): void {
  if (decision.version === "3.0.0") io.noteEmptyBuildIds(count);
}

/** One line's JSON value, with its number and its text as read. */
export interface InputValue {
  readonly value: unknown;
  readonly number: number;
  readonly text: string;
}

/**
 * The JSON values of the input's lines, in batches, each batch handed over
 * only once the contract is decided (in auto mode, lines before the first
 * dossier event wait for it), with the decision made. Once the input was
 * read whole, its `build_id: ""` events are noted.
 *
 * @param input The input and its options.
 * @param io The command's io.
 * @param decider Decides the contract as the lines go by.
 * @returns The batches.
 * @throws {Error} When the input cannot be read, a line is not UTF-8 or not
 * JSON, the stream mixes contracts, or it holds no event (unless
 * `allowEmpty`).
 */
export async function* decidedValues(
  input: InputOptions,
  io: CommandIo,
  decider: ContractDecider,
): AsyncGenerator<InputValue[]> {
  let waiting: InputValue[] = [];
  let read = 0;
  let emptyBuildIds = 0;
  for await (const batch of inputLines(input.path, io)) {
    const values: InputValue[] = [];
    for (const line of batch) {
      if (line.invalid !== undefined) throw notUtf8(line);
      const value = jsonOfLine(line.text, line.number);
      if (hasEmptyBuildId(value)) emptyBuildIds++;
      decider.observe(value, line.number);
      values.push({ value, number: line.number, text: line.text });
    }
    read += values.length;
    if (decider.decision === null) {
      waiting.push(...values);
      continue;
    }
    if (waiting.length > 0) {
      values.unshift(...waiting);
      waiting = [];
    }
    yield values;
  }
  if (read === 0 && !input.allowEmpty) {
    throw new Error(emptyInputMessage(input.path));
  }
  const decision = decider.finish();
  if (waiting.length > 0) yield waiting;
  if (!input.strict) noteEmptyBuildIds(io, decision, emptyBuildIds);
}

/**
 * The envelope schema of a decision: `build_id: ""` read as `"unknown"`,
 * unless `--strict`.
 *
 * @param decision The contract chosen.
 * @param input The input options.
 * @returns The envelope schema.
 */
export function envelopeSchemaOf(
  decision: ContractDecision,
  input: InputOptions,
): v.GenericSchema<unknown, Event> {
  const contract = contractOf(decision);
  return input.strict
    ? contract.envelope
    : contract.envelopeAcceptingEmptyBuildId;
}
