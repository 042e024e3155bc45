// `dossier reduce`: replays a log into its dossier and accounts for every
// event; `--by-namespace` replays each namespace of a journal on its own.
import { evaluateParity } from "../../parity/parity_hash.ts";
import { dossierStateJsonChunks } from "../../replay/dossier_state_json.ts";
import {
  namespaceIdentity,
  namespacesHeading,
  namespacesOf,
  namespaceTable,
  unassignedLine,
} from "../by_namespace.ts";
import type { CommandIo } from "../cli_io.ts";
import {
  type CliCommand,
  type FlagValues,
  INPUT_HELP,
  type InputOptions,
} from "../command.ts";
import {
  contractOf,
  decisionJson,
  describeDecision,
} from "../contract_choice.ts";
import { reduceInput, writeStateJson } from "../reduce_input.ts";
import { renderDossier, renderHashCheckLine } from "../render.ts";
import { renderAccount, renderReport } from "../render_account.ts";
import { createStyle, shortHash, statusWord, type Style } from "../style.ts";
import { jsonText, shown } from "../terminal_text.ts";

const _FLAGS = {
  json: { type: "boolean" },
  report: { type: "boolean" },
  "by-namespace": { type: "boolean" },
} as const;

/** `dossier reduce`. */
export const reduceCommand: CliCommand<typeof _FLAGS> = {
  name: "reduce",
  summary: `  reduce [--json] [--report] [--by-namespace] <file|->
                                     replay the log into a dossier, and account for every event
`,
  help:
    `Usage: dossier reduce [--json] [--report] [--by-namespace] [--contract <v>] [--strict] [--allow-empty] <file|->

Replays a JSONL event log into its mission dossier: artifacts, anomalies,
latest snapshot, drift history and parity status, then one line that accounts
for every event: applied, duplicates (later copies of an id, dropped), ignored
(other event types) and rejected (dossier payloads that do not validate:
skipped but counted in event_count, as the reference does). Lines that are not
valid envelopes are errors.

Options:
  --json     print the canonical JSON of the state (what serializeDossierState
             writes, byte for byte the reference's) instead of the tables, and
             no account line, so that stdout stays that JSON
  --report   after the account, list each rejected event (line, event id, type,
             and every field path with its problem), each duplicate (with the
             line of the copy kept) and the ignored types; with --json, the
             account and this list go to stderr
  --by-namespace
             reduce each namespace of a stream that holds several (a project's
             journal) on its own, and print one row per namespace; with --json,
             one JSON object per line: {"kind":"namespace","namespace":{…},
             "first_line","lines","state":<canonical JSON>}, then
             {"kind":"summary",…}
${INPUT_HELP}
Dossier events that were read but none applied (every payload rejected) are an
error, never an empty dossier: the message says why. A stream that mixes
namespaces is an error naming the line, the event and the fields that differ.

Exit codes: 0 reduced, 1 unreadable or empty input, mixed namespaces or nothing
applied, 2 wrong usage.
`,
  flags: _FLAGS,
  usageProblem(flags) {
    return flags["by-namespace"] && flags.report
      ? "--report lists one stream's events; it does not combine with --by-namespace"
      : null;
  },
  async run({ input, flags }, io) {
    if (flags["by-namespace"]) return _reduceByNamespace(input, flags, io);
    const { style } = io;
    // With --json, stdout is the canonical JSON alone: the account goes to
    // stderr, and only when --report asks for it.
    const account = flags.report || !flags.json;
    const { state, report, lines, contract } = await reduceInput(
      input,
      io,
      account,
    );
    const accountText = (accountStyle: Style): string =>
      renderAccount(report!, accountStyle, !flags.report) +
      (flags.report ? renderReport(report!, lines, accountStyle) : "");
    const chosen = contractOf(contract);
    if (!flags.json) {
      const evaluation = await evaluateParity(state);
      await io.write(
        `${
          renderDossier(state, chosen, style, describeDecision(contract, true))
        }${renderHashCheckLine(evaluation, style)}\n\n${accountText(style)}`,
      );
      return 0;
    }
    await writeStateJson(state, chosen, io.writeRaw);
    if (account) {
      io.writeError(
        accountText(createStyle(io.stderrIsTerminal && !io.noColor)),
      );
    }
    return 0;
  },
};

/**
 * `reduce --by-namespace`: one row per namespace (or, with `--json`, one
 * JSON object per line, the state as canonical JSON), then what no
 * namespace took.
 */
async function _reduceByNamespace(
  input: InputOptions,
  flags: FlagValues<typeof _FLAGS>,
  io: CommandIo,
): Promise<number> {
  const result = await namespacesOf(input, io);
  const contract = contractOf(result.decision);
  const { style } = io;
  if (flags.json) {
    for (const group of result.groups) {
      let line = `${
        jsonText({
          kind: "namespace",
          namespace: namespaceIdentity(contract, group.namespace),
          first_line: group.firstLine,
          lines: group.lines,
        }).slice(0, -1)
      },"state":`;
      for (const chunk of dossierStateJsonChunks(contract, group.state)) {
        line += chunk;
      }
      // The state is canonical JSON, byte for byte: written as it is.
      await io.writeRaw(`${line}}\n`);
    }
    await io.write(
      `${
        jsonText({
          kind: "summary",
          namespaces: result.groups.length,
          without_namespace: result.unassigned.withoutNamespace,
          other_types: result.unassigned.otherTypes,
          contract: decisionJson(result.decision),
        })
      }\n`,
    );
    return 0;
  }
  const table = namespaceTable(result, {
    heads: ["EVENTS", "ARTIFACTS", "ANOMALIES", "SNAPSHOT", "STATUS"],
    cells: (index) => {
      const { state } = result.groups[index];
      return [
        String(state.event_count),
        String(state.artifacts.size),
        String(state.anomalies.length),
        state.latest_snapshot === null
          ? "-"
          : shown(shortHash(state.latest_snapshot.snapshot_hash), 40),
        // The last column is not padded: colour cannot misalign it.
        statusWord(state.parity_status, style),
      ];
    },
  });
  await io.write(
    [
      namespacesHeading(result, style),
      ...table,
      unassignedLine(result.unassigned, style),
      "",
    ].join("\n"),
  );
  return 0;
}
