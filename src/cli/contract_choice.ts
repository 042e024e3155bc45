// Which contract the command line reads a stream with: `--contract 2.4.0`,
// `--contract 3.0.0`, or `auto` (the default), decided as the edge decides
// (`contract/contract_decider.ts`); and how the choice is shown.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import {
  ContractDecider,
  type ContractDecision,
} from "../contract/contract_decider.ts";
import { CONTRACTS_BY_VERSION } from "../envelope/contracts_by_version.ts";
import {
  CONTRACT_VERSIONS,
  type ContractVersion,
} from "../contract/dossier_contract.ts";
import type { ContractValidation } from "../contract/validate_event.ts";
import { VALIDATION_2_4_0 } from "../api/contract_validations.ts";
import { VALIDATION_3_0_0 } from "../api/contract_validations.ts";
import type { ContractJson } from "../parity/parity_report.ts";

/** The values of `--contract`. */
export const CONTRACT_CHOICES: readonly string[] = [
  ...CONTRACT_VERSIONS,
  "auto",
];

/** The two layers of `validate`, by contract version. */
const _VALIDATIONS: Readonly<Record<ContractVersion, ContractValidation>> = {
  "2.4.0": VALIDATION_2_4_0,
  "3.0.0": VALIDATION_3_0_0,
};

/**
 * A decider with the command line's words (`--contract`, `stream`).
 *
 * @param choice `2.4.0`, `3.0.0` or `auto`.
 * @returns A new decider.
 */
export function contractDecider(choice: string): ContractDecider {
  return new ContractDecider(choice, { input: "stream", choice: "--contract" });
}

/**
 * The contract a decision names.
 *
 * @param decision How the contract was chosen.
 * @returns The contract.
 */
export function contractOf(decision: ContractDecision): ParsingContract {
  return CONTRACTS_BY_VERSION[decision.version];
}

/**
 * The two validation layers of the contract a decision names.
 *
 * @param decision How the contract was chosen.
 * @returns Its validation.
 */
export function validationOf(decision: ContractDecision): ContractValidation {
  return _VALIDATIONS[decision.version];
}

/**
 * `3.0.0, detected from line 1`, and with `why` what told it: `(a build_id)`.
 *
 * @param decision How the contract was chosen.
 * @param why Whether to add what told it.
 * @returns The text.
 */
export function describeDecision(
  decision: ContractDecision,
  why = false,
): string {
  return `${decision.version}, ${decision.how}${
    why && decision.reason !== null ? ` (${decision.reason})` : ""
  }`;
}

/**
 * The decision as the JSON outputs write it.
 *
 * @param decision How the contract was chosen.
 * @returns `{version, how, reason}`.
 */
export function decisionJson(decision: ContractDecision): ContractJson {
  return {
    version: decision.version,
    how: decision.how,
    reason: decision.reason,
  };
}
