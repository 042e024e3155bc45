// `dossier parity`: the producer's hash check on a replayed log, and the
// drift the state recorded; `--by-namespace` gives one verdict per
// namespace of a journal.
import {
  evaluateParity,
  type ParityEvaluation,
} from "../../parity/parity_hash.ts";
import { parityJson, verdictJson } from "../../parity/parity_report.ts";
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
import { failOnRejected, reduceInput } from "../reduce_input.ts";
import { renderParity } from "../render.ts";
import { renderAccount, renderRejected } from "../render_account.ts";
import { shortHash, statusWord } from "../style.ts";
import { jsonText, shown } from "../terminal_text.ts";

const _FLAGS = {
  json: { type: "boolean" },
  "allow-rejected": { type: "boolean" },
  "by-namespace": { type: "boolean" },
} as const;

/** `dossier parity`. */
export const parityCommand: CliCommand<typeof _FLAGS> = {
  name: "parity",
  summary:
    `  parity [--by-namespace] <file|->   recompute the parity hash and compare it with the latest snapshot
`,
  help:
    `Usage: dossier parity [--json] [--allow-rejected] [--by-namespace] [--contract <v>] [--strict] [--allow-empty] <file|->

Replays the log and makes the hash check the producer makes: is the latest
snapshot's hash the hash of what its index run indexed? It names the stale
artifacts (the state still holds them; that run did not index them: deleted,
renamed or unreadable) and, apart from the hash check, the drift events the
state recorded (what makes its parity_status "drifted", for good). A bare
64-hex snapshot hash (written before mid-2026) is checked with the retired
formula. Rejected events are counted and listed before the verdict.

Options:
  --json             print one JSON object instead (see the README)
  --allow-rejected   do not fail on rejected events (by default they make the
                     command exit 1: a gate must not pass on input it could
                     not read)
  --by-namespace     one verdict per namespace of a stream that holds several
${INPUT_HELP}
Exit codes: 0 clean or no snapshot yet, 1 drifted (in any namespace),
rejected events or error, 2 wrong usage.
`,
  flags: _FLAGS,
  async run({ input, flags }, io) {
    if (flags["by-namespace"]) return _parityByNamespace(input, flags, io);
    const { state, report, lines, contract } = await reduceInput(
      input,
      io,
      true,
    );
    const evaluation = await evaluateParity(state);
    // The snapshot's line: the report maps each event's input position to it.
    const snapshotLine = evaluation.snapshotIndex === null
      ? null
      : lines.at(evaluation.snapshotIndex) ?? null;
    if (flags.json) {
      await io.write(
        JSON.stringify(
          parityJson(
            evaluation,
            state.parity_status,
            decisionJson(contract),
            report!,
            lines,
          ),
        ) + "\n",
      );
    } else {
      const { style } = io;
      await io.write(
        renderAccount(report!, style, false) +
          renderRejected(report!, lines, style) +
          renderParity(
            evaluation,
            style,
            evaluation.snapshotEventId === null ? null : {
              eventId: evaluation.snapshotEventId,
              line: snapshotLine,
            },
          ) +
          style.dim(`  contract    ${describeDecision(contract, true)}`) + "\n",
      );
    }
    const failed = failOnRejected(report!, io, flags["allow-rejected"]);
    return evaluation.status === "drifted" || failed ? 1 : 0;
  },
};

/**
 * `parity --by-namespace`: the parity verdict of each namespace; exit 1
 * when any namespace drifted.
 */
async function _parityByNamespace(
  input: InputOptions,
  flags: FlagValues<typeof _FLAGS>,
  io: CommandIo,
): Promise<number> {
  const result = await namespacesOf(input, io);
  const { style } = io;
  const evaluations: ParityEvaluation[] = [];
  for (const group of result.groups) {
    evaluations.push(await evaluateParity(group.state));
  }
  const count = (status: string) =>
    evaluations.filter((evaluation) => evaluation.status === status).length;
  if (flags.json) {
    const contract = contractOf(result.decision);
    for (const [index, group] of result.groups.entries()) {
      await io.write(
        `${
          jsonText({
            kind: "namespace",
            namespace: namespaceIdentity(contract, group.namespace),
            first_line: group.firstLine,
            lines: group.lines,
            ...verdictJson(
              evaluations[index],
              group.state.parity_status,
              group.lineNumbers,
            ),
          })
        }\n`,
      );
    }
    await io.write(
      `${
        jsonText({
          kind: "summary",
          namespaces: result.groups.length,
          clean: count("clean"),
          drifted: count("drifted"),
          unknown: count("unknown"),
          without_namespace: result.unassigned.withoutNamespace,
          other_types: result.unassigned.otherTypes,
          contract: decisionJson(result.decision),
        })
      }\n`,
    );
    return count("drifted") > 0 ? 1 : 0;
  }
  const table = namespaceTable(result, {
    heads: ["EVENTS", "RECOMPUTED", "SNAPSHOT", "HASH CHECK"],
    cells: (index) => {
      const evaluation = evaluations[index];
      return [
        String(result.groups[index].state.event_count),
        shortHash(evaluation.actualHash),
        evaluation.expectedHash === null
          ? "-"
          : shown(shortHash(evaluation.expectedHash), 40),
        statusWord(evaluation.status, style),
      ];
    },
  });
  await io.write(
    [
      namespacesHeading(result, style),
      ...table,
      `Hash check: ${count("clean")} clean, ${count("drifted")} drifted, ${
        count("unknown")
      } without a snapshot yet`,
      unassignedLine(result.unassigned, style),
      "",
    ].join("\n"),
  );
  return count("drifted") > 0 ? 1 : 0;
}
