// Which contract the command line reads a stream with: `--contract 2.4.0`,
// `--contract 3.0.0`, or `auto` (the default), where the first dossier event
// decides and a later dossier event of the other shape is an error.
import {
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_3_0_0,
  type ParsingContract,
} from "../envelope/parsing_contracts.ts";
import { DOSSIER_EVENT_TYPES } from "../contract/constants.ts";
import {
  type ContractShape,
  contractShape,
} from "../contract/detect_contract.ts";
import {
  CONTRACT_VERSIONS,
  type ContractVersion,
} from "../contract/dossier_contract.ts";
import type { ContractValidation } from "../contract/validate_event.ts";
import {
  VALIDATION_2_4_0,
  VALIDATION_3_0_0,
} from "../api/contract_validations.ts";

/** What the command line needs of one contract. */
export interface _CliContract {
  readonly contract: ParsingContract;
  readonly validation: ContractValidation;
}

/** The two contracts, by version. */
export const _CLI_CONTRACTS: Readonly<Record<ContractVersion, _CliContract>> = {
  "2.4.0": { contract: PARSING_CONTRACT_2_4_0, validation: VALIDATION_2_4_0 },
  "3.0.0": { contract: PARSING_CONTRACT_3_0_0, validation: VALIDATION_3_0_0 },
};

/** The values of `--contract`. */
export const _CONTRACT_CHOICES: readonly string[] = [
  ...CONTRACT_VERSIONS,
  "auto",
];

/** How the contract in use was chosen, for the output. */
export interface _ContractDecision {
  readonly version: ContractVersion;
  /** `--contract 3.0.0`, or `detected from line 4`. */
  readonly how: string;
  /** What told it, when detected: `a build_id`; `null` for `--contract`. */
  readonly reason: string | null;
}

/** A stream that mixes the two contracts' shapes (auto mode). */
export class _MixedContractsError extends Error {
  /** What is wrong, without the action: `line 7 is a contract 3.0.0 event …`. */
  readonly detail: string;

  constructor(detail: string) {
    super(`Cannot read the stream: ${detail}`);
    this.detail = detail;
  }
}

/** True for a JSON object whose `event_type` is a dossier type. */
function _isDossierValue(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return false;
  }
  const type = (value as { event_type?: unknown }).event_type;
  return typeof type === "string" && DOSSIER_EVENT_TYPES.has(type);
}

/**
 * Decides the contract of a stream line by line. With a fixed choice it is
 * decided from the start; in auto mode the first dossier event decides (or,
 * when the stream has none, the first event), and every later dossier event
 * must be in the same shape.
 */
export class _ContractDecider {
  readonly #auto: boolean;
  #decision: _ContractDecision | null;
  #decidedAt: { line: number; shape: ContractShape } | null = null;
  #first: { line: number; shape: ContractShape } | null = null;
  /** The first line of the other shape, once met. */
  #mixedAt: number | null = null;

  constructor(choice: string) {
    this.#auto = choice === "auto";
    this.#decision = this.#auto ? null : {
      version: choice as ContractVersion,
      how: `--contract ${choice}`,
      reason: null,
    };
  }

  /** The decision, or `null` while auto mode waits for a dossier event. */
  get decision(): _ContractDecision | null {
    return this.#decision;
  }

  /**
   * Looks at the JSON value of one line; returns true when this line decides.
   *
   * @throws {_MixedContractsError} In auto mode, for a dossier event whose
   * shape is not the stream's.
   */
  observe(value: unknown, line: number): boolean {
    if (!this.#auto) return false;
    const dossier = _isDossierValue(value);
    if (this.#decision === null) {
      if (!dossier) {
        this.#first ??= { line, shape: contractShape(value) };
        return false;
      }
      const shape = contractShape(value);
      this.#decidedAt = { line, shape };
      this.#decision = {
        version: shape.version,
        how: `detected from line ${line}`,
        reason: shape.reason,
      };
      return true;
    }
    if (!dossier) return false;
    const shape = contractShape(value);
    if (shape.version !== this.#decision.version) {
      const at = this.#decidedAt!;
      if (this.#mixedAt !== null) {
        throw new _MixedContractsError(
          `line ${line} is a contract ${shape.version} event too, in a contract ${at.shape.version} stream (see line ${this.#mixedAt})`,
        );
      }
      this.#mixedAt = line;
      throw new _MixedContractsError(
        `line ${line} is a contract ${shape.version} event (${shape.reason}), but the stream's first dossier event, on line ${at.line}, is contract ${at.shape.version} (${at.shape.reason}): a stream holds one contract; split it, or choose one with --contract`,
      );
    }
    return false;
  }

  /** Decides at the end of a stream without a dossier event. */
  finish(): _ContractDecision {
    if (this.#decision !== null) return this.#decision;
    const first = this.#first;
    const decision: _ContractDecision = first === null
      ? { version: "2.4.0", how: "no event to detect it from", reason: null }
      : {
        version: first.shape.version,
        how: `detected from line ${first.line}`,
        reason: `no dossier event; ${first.shape.reason}`,
      };
    this.#decision = decision;
    return decision;
  }
}
