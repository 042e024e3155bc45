// `dossier drift`: how a log's dossier differs from a stored one, as a
// list, as JSON, or as the drift payloads the producer would emit.
import type { ContractDecision } from "../../contract/contract_decider.ts";
import { CONTRACTS_BY_VERSION } from "../../envelope/contracts_by_version.ts";
import { diffDossiers, driftPayloadsFor } from "../../parity/drift.ts";
import { computeParityHash } from "../../parity/parity_hash.ts";
import { findingsJson, rejectedJson } from "../../parity/parity_report.ts";
import type { FoldState } from "../../replay/dossier_fold.ts";
import { parseDossierStateFor } from "../../replay/dossier_state_json.ts";
import type { CommandIo } from "../cli_io.ts";
import { type CliCommand, INPUT_HELP } from "../command.ts";
import { contractOf, decisionJson } from "../contract_choice.ts";
import { inputName, ioReason } from "../messages.ts";
import { failOnRejected, reduceInput } from "../reduce_input.ts";
import { renderFindings } from "../render.ts";
import { renderRejected } from "../render_account.ts";

const _FLAGS = {
  baseline: { type: "string", takes: "a file path" },
  payloads: { type: "boolean" },
  json: { type: "boolean" },
  "allow-rejected": { type: "boolean" },
} as const;

/** `dossier drift`. */
export const driftCommand: CliCommand<typeof _FLAGS> = {
  name: "drift",
  summary: `  drift --baseline <state.json> [--payloads] <file|->
                                     compare the log's dossier with a stored one
`,
  help:
    `Usage: dossier drift --baseline <state.json> [--payloads] [--json] [--allow-rejected] [--contract <v>] [--strict] [--allow-empty] <file|->

Replays the log and lists how its dossier differs from a stored one (the
canonical JSON that reduce --json prints): artifacts added, removed or
mutated, anomalies introduced or resolved, manifest version changed. An
artifact the producer no longer has (superseded, or not indexed again by the
latest snapshot's run) counts as removed. Rejected events are counted and
listed before the findings.

Options:
  --baseline <state.json>   the stored dossier to compare with (required)
  --payloads                print one MissionDossierParityDriftDetected payload
                            per finding, as JSONL, instead of the list
  --json                    print one JSON object instead (see the README)
  --allow-rejected          do not fail on rejected events (default: exit 1)
${INPUT_HELP}
Exit codes: 0 no drift, 1 drift found, rejected events or error, 2 wrong usage.
`,
  flags: _FLAGS,
  usageProblem(flags) {
    return flags.baseline === undefined
      ? "drift needs --baseline <state.json>"
      : null;
  },
  async run({ input, flags }, io) {
    const text = await _readBaselineText(flags.baseline!, io);
    const { state: current, report, lines, contract } = await reduceInput(
      input,
      io,
      true,
    );
    const baseline = _parseBaseline(flags.baseline!, text, contract);
    const findings = diffDossiers(baseline, current);
    const payloads = flags.payloads && findings.length > 0
      ? await _payloadsOf(findings, baseline, current, contract, io)
      : [];
    const { style } = io;
    if (flags.json) {
      await io.write(
        JSON.stringify({
          drift: findings.length > 0,
          findings: findingsJson(findings),
          ...(flags.payloads ? { payloads } : {}),
          contract: decisionJson(contract),
          events: report!.counts,
          rejected: rejectedJson(report!, lines),
        }) + "\n",
      );
    } else if (flags.payloads) {
      // stdout is the payloads alone; the rejected events are named below.
      if (payloads.length > 0) {
        await io.write(
          payloads.map((payload) => JSON.stringify(payload)).join("\n") + "\n",
        );
      }
    } else {
      await io.write(
        renderRejected(report!, lines, style) +
          renderFindings(findings, style),
      );
    }
    const failed = failOnRejected(
      report!,
      io,
      flags["allow-rejected"],
      flags.payloads && !flags.json ? lines : null,
    );
    return findings.length > 0 || failed ? 1 : 0;
  },
};

async function _readBaselineText(path: string, io: CommandIo): Promise<string> {
  try {
    return await io.readTextFile(path);
  } catch (error) {
    throw new Error(
      `Cannot open baseline ${inputName(path)}: ${ioReason(error)}`,
    );
  }
}

/** Reads the baseline with the stream's contract; says so when it is the other's. */
function _parseBaseline(
  path: string,
  text: string,
  decision: ContractDecision,
): FoldState {
  const contract = contractOf(decision);
  try {
    return parseDossierStateFor(contract, text);
  } catch (error) {
    let other = "";
    try {
      parseDossierStateFor(CONTRACTS_BY_VERSION[contract.other.version], text);
      other =
        ` (it is a contract ${contract.other.version} state; the stream is contract ${contract.version})`;
    } catch {
      // Not the other contract's either: the first error says why.
    }
    throw new Error(
      `Cannot read baseline ${inputName(path)}: ${
        (error as Error).message
      }${other}`,
    );
  }
}

/** The drift payloads of the findings, dated now. */
async function _payloadsOf(
  findings: ReturnType<typeof diffDossiers>,
  baseline: FoldState,
  current: FoldState,
  contract: ContractDecision,
  io: CommandIo,
): Promise<unknown[]> {
  const namespace = current.namespace ?? baseline.namespace;
  if (namespace === null) {
    throw new Error(
      "Cannot build drift payloads: neither the baseline nor the stream has a valid namespace",
    );
  }
  return driftPayloadsFor(contractOf(contract), findings, {
    namespace,
    expectedHash: await computeParityHash(baseline),
    actualHash: await computeParityHash(current),
    detectedAt: io.now().toISOString(),
  });
}
