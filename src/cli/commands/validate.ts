// `dossier validate`: checks every line of a log (UTF-8, JSON, envelope,
// both payload layers, one namespace) and prints each problem, then a
// summary; `--json` writes JSON Lines instead.
import { MixedContractsError } from "../../contract/contract_decider.ts";
import { receivedEventId } from "../../envelope/parse_event_error.ts";
import { type CliCommand, INPUT_HELP } from "../command.ts";
import { contractDecider, describeDecision } from "../contract_choice.ts";
import {
  type LineIssue,
  lineIssues,
  namespaceIssue,
  type NamespaceWatch,
  rejectionJson,
  rejectionText,
} from "../line_issues.ts";
import { emptyInputMessage } from "../messages.ts";
import {
  hasEmptyBuildId,
  inputLines,
  noteEmptyBuildIds,
} from "../read_input.ts";
import { jsonText } from "../terminal_text.ts";

const _FLAGS = { json: { type: "boolean" } } as const;

function _plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

/** A line of `validate`: its JSON value, or the problems found before one. */
interface _ValidateItem {
  readonly number: number;
  readonly value?: unknown;
  readonly issues?: readonly LineIssue[];
}

/** `dossier validate`. */
export const validateCommand: CliCommand<typeof _FLAGS> = {
  name: "validate",
  summary:
    `  validate [--json] <file|->         check every line: envelope, both payload layers,
                                     one namespace
`,
  help:
    `Usage: dossier validate [--json] [--contract <v>] [--strict] [--allow-empty] <file|->

Checks every line of a JSONL event log: that it is UTF-8 text, that it is
JSON, that it is a valid event envelope, and, for the four dossier event
types, that the payload passes both the Valibot schema and the committed JSON
Schema (for contract 3.0.0, also the reference's cutover gate on the
envelope). Prints one line per problem (line 12: payload.artifact_id.path: is
required), then a summary. A problem both layers find is printed once.

It also checks that the stream holds one namespace, as the reducer demands:
the first event whose namespace differs from the first one's is a problem
naming the fields that differ; the summary then says how many namespaces the
stream holds (dossier partition splits it).

Options:
  --json    print JSON Lines instead: one object per rejected line,
            {"kind":"rejected","line":12,"event_id":"01J…"|null,"issues":[{"path",
            "message","type", …}]}, then {"kind":"summary","lines",…,"contract"}
${INPUT_HELP}
Exit codes: 0 every line valid, 1 a line is invalid or the input is empty,
2 wrong usage.
`,
  flags: _FLAGS,
  async run({ input, flags }, io) {
    const { style } = io;
    const decider = contractDecider(input.contract);
    const watch: NamespaceWatch = {
      first: null,
      keys: new Set(),
      reported: false,
    };
    let lines = 0;
    let invalid = 0;
    let problems = 0;
    let emptyBuildIds = 0;
    // In auto mode, lines before the first dossier event wait for it.
    let waiting: _ValidateItem[] = [];
    const check = (items: readonly _ValidateItem[]): string => {
      let out = "";
      const decision = decider.decision!;
      for (const item of items) {
        let issues = item.issues;
        let eventId: string | null = null;
        if (issues === undefined) {
          const found = lineIssues(item.value, decision, input);
          issues = found.issues;
          eventId = receivedEventId(item.value);
          if (found.event !== null) {
            const mixed = namespaceIssue(
              watch,
              found.event,
              item.number,
              decision,
            );
            if (mixed !== null) issues = [...issues, mixed];
          }
        }
        lines++;
        if (issues.length === 0) continue;
        invalid++;
        problems += issues.length;
        const rejection = { line: item.number, eventId, issues };
        out +=
          (flags.json ? rejectionJson(rejection) : rejectionText(rejection)) +
          "\n";
      }
      return out;
    };
    for await (const batch of inputLines(input.path, io)) {
      const items: _ValidateItem[] = [];
      for (const line of batch) {
        if (line.invalid !== undefined) {
          items.push({
            number: line.number,
            issues: [{
              path: "",
              message: `not UTF-8 text: ${line.invalid}`,
              type: "utf8",
            }],
          });
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(line.text);
        } catch (error) {
          items.push({
            number: line.number,
            issues: [{
              path: "",
              message: `not JSON (${(error as Error).message})`,
              type: "json",
            }],
          });
          continue;
        }
        try {
          if (hasEmptyBuildId(value)) emptyBuildIds++;
          decider.observe(value, line.number);
          items.push({ number: line.number, value });
        } catch (error) {
          if (!(error instanceof MixedContractsError)) throw error;
          items.push({
            number: line.number,
            issues: [{
              path: "",
              message: error.detail,
              type: "contract_mixed",
            }],
          });
        }
      }
      if (decider.decision === null) {
        waiting.push(...items);
        continue;
      }
      const out = check([...waiting, ...items]);
      waiting = [];
      io.progress.update(lines);
      if (out !== "") {
        io.progress.clear();
        await io.write(out);
      }
    }
    decider.finish();
    const rest = check(waiting);
    io.progress.clear();
    if (rest !== "") await io.write(rest);
    if (lines === 0 && !input.allowEmpty) {
      throw new Error(emptyInputMessage(input.path));
    }
    const decision = decider.decision!;
    if (!input.strict) noteEmptyBuildIds(io, decision, emptyBuildIds);
    if (flags.json) {
      await io.write(
        jsonText({
          kind: "summary",
          lines,
          valid: lines - invalid,
          invalid,
          problems,
          namespaces: watch.keys.size,
          contract: {
            version: decision.version,
            how: decision.how,
            reason: decision.reason,
          },
        }) + "\n",
      );
      return invalid === 0 ? 0 : 1;
    }
    const verdict = invalid === 0
      ? style.green(`all ${_plural(lines, "line")} valid`)
      : style.red(
        `${_plural(invalid, "invalid line")} of ${lines} (${
          _plural(problems, "problem")
        })`,
      );
    const namespaces = watch.keys.size > 1
      ? `the stream holds ${watch.keys.size} namespaces: dossier partition splits it into one file per namespace, and reduce --by-namespace reads each\n`
      : "";
    await io.write(
      `${verdict} ${
        style.dim(`(contract ${describeDecision(decision)})`)
      }\n${namespaces}`,
    );
    return invalid === 0 ? 0 : 1;
  },
};
