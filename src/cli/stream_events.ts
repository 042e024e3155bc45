// The events of a stream that a folder command reads beside its folders
// (`index --after`, `reconcile --events`), with the command line's own
// reader: line by line, every line a valid envelope of the contract, and
// any failure one error naming the flag and the file.
import type { Event } from "../envelope/event_envelope.ts";
import { eventOfLine, wellFormedJson } from "../envelope/event_stream.ts";
import type { CommandIo } from "./cli_io.ts";
import type { InputOptions } from "./command.ts";
import { contractDecider } from "./contract_choice.ts";
import { inputName } from "./messages.ts";
import { decidedValues, envelopeSchemaOf } from "./read_input.ts";

/**
 * The events of a stream, in file order. `build_id: ""` (what the
 * spec-kitty CLI writes) reads as `"unknown"`; an empty stream has no
 * events and is no error.
 *
 * @param path The stream: a JSONL file, or `-` for standard input.
 * @param flag The flag that named it, for messages: `--after`.
 * @param contract `auto`, or `3.0.0` where only that contract makes sense.
 * @param io The command's io.
 * @returns The events.
 * @throws {Error} `Cannot read the --after stream "j.jsonl": …` when the
 * stream cannot be opened or read, or a line is not a valid event.
 */
export async function* streamEvents(
  path: string,
  flag: string,
  contract: "auto" | "3.0.0",
  io: CommandIo,
): AsyncGenerator<Event> {
  const input: InputOptions = {
    path,
    contract,
    strict: false,
    allowEmpty: true,
    acceptEmptyBuildId: true,
  };
  const decider = contractDecider(contract);
  const name = inputName(path);
  try {
    for await (const batch of decidedValues(input, io, decider)) {
      const schema = envelopeSchemaOf(decider.decision!, input);
      for (const { value, number, text } of batch) {
        yield eventOfLine(schema, value, number, wellFormedJson(text));
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot read the ${flag} stream ${name}: ${
        message.replace(`Cannot open input ${name}: `, "")
          .replace(`Cannot read input ${name}: `, "")
      }`,
    );
  }
}
