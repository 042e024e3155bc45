// Contract auto-detection for a stream read line by line: a fixed choice
// decides from the start; otherwise the first dossier event decides (or,
// in a stream without one, the first event), and every later dossier event
// must be in the same shape. The command line's `--contract auto` and the
// edge router's batches without `?contract=` both decide this way.
import { DOSSIER_EVENT_TYPES } from "./constants.ts";
import { type ContractShape, contractShape } from "./detect_contract.ts";
import type { ContractVersion } from "./dossier_contract.ts";

/** How the contract in use was chosen, for the output. */
export interface ContractDecision {
  readonly version: ContractVersion;
  /** `--contract 3.0.0`, or `detected from line 4`. */
  readonly how: string;
  /** What told it, when detected: `a build_id`; `null` for a fixed choice. */
  readonly reason: string | null;
}

/** The words a decider's messages use for its input and for the choice. */
export interface ContractDeciderWords {
  /** What the input is called: `stream`, `batch`. */
  readonly input: string;
  /** How a user chooses the contract: `--contract`, `?contract=`. */
  readonly choice: string;
  /** Added to `detected from line 4`: ` of the batch that created it`. */
  readonly detectedSuffix?: string;
}

/** A stream that mixes the two contracts' shapes (auto mode). */
export class MixedContractsError extends Error {
  /** What is wrong, without the action: `line 7 is a contract 3.0.0 event …`. */
  readonly detail: string;
  /** The line of the event whose shape is not the input's. */
  readonly line: number;

  /**
   * @param detail What is wrong, without the action.
   * @param line The line of the event whose shape is not the input's.
   * @param input What the input is called: `stream`, `batch`.
   */
  constructor(detail: string, line: number, input: string) {
    super(`Cannot read the ${input}: ${detail}`);
    this.name = "MixedContractsError";
    this.detail = detail;
    this.line = line;
  }
}

/** True for a JSON object whose `event_type` is a dossier type. */
function _isDossierValue(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return false;
  }
  const type = Object.getOwnPropertyDescriptor(value, "event_type")?.value;
  return typeof type === "string" && DOSSIER_EVENT_TYPES.has(type);
}

/**
 * Decides the contract of a stream line by line (see the top of this file).
 *
 * @example
 * ```ts
 * import { ContractDecider } from "./contract_decider.ts";
 * import assert from "node:assert/strict";
 *
 * const decider = new ContractDecider("auto", { input: "stream", choice: "--contract" });
 * decider.observe({ event_type: "MissionDossierArtifactIndexed", build_id: "b" }, 1);
 * assert.deepEqual(decider.decision, {
 *   version: "3.0.0", how: "detected from line 1", reason: "a build_id",
 * });
 * ```
 */
export class ContractDecider {
  readonly #auto: boolean;
  readonly #words: ContractDeciderWords;
  #decision: ContractDecision | null;
  #decidedAt: { line: number; shape: ContractShape } | null = null;
  #first: { line: number; shape: ContractShape } | null = null;
  /** The first line of the other shape, once met. */
  #mixedAt: number | null = null;

  /**
   * @param choice A contract version, or `auto`.
   * @param words The words of its messages.
   */
  constructor(choice: string, words: ContractDeciderWords) {
    this.#auto = choice === "auto";
    this.#words = words;
    this.#decision = this.#auto ? null : {
      version: choice as ContractVersion,
      how: `${words.choice}${words.choice.endsWith("=") ? "" : " "}${choice}`,
      reason: null,
    };
  }

  /** The decision, or `null` while auto mode waits for a dossier event. */
  get decision(): ContractDecision | null {
    return this.#decision;
  }

  /**
   * Looks at the JSON value of one line.
   *
   * @param value The line's JSON value.
   * @param line Its line number.
   * @returns True when this line decides.
   * @throws {MixedContractsError} In auto mode, for a dossier event whose
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
        how: this.#detected(line),
        reason: shape.reason,
      };
      return true;
    }
    if (!dossier) return false;
    const shape = contractShape(value);
    if (shape.version !== this.#decision.version) {
      const at = this.#decidedAt!;
      const { input, choice } = this.#words;
      if (this.#mixedAt !== null) {
        throw new MixedContractsError(
          `line ${line} is a contract ${shape.version} event too, in a contract ${at.shape.version} ${input} (see line ${this.#mixedAt})`,
          line,
          input,
        );
      }
      this.#mixedAt = line;
      throw new MixedContractsError(
        `line ${line} is a contract ${shape.version} event (${shape.reason}), but the ${input}'s first dossier event, on line ${at.line}, is contract ${at.shape.version} (${at.shape.reason}): a ${input} holds one contract; split it, or choose one with ${choice}`,
        line,
        input,
      );
    }
    return false;
  }

  /**
   * Decides at the end of a stream without a dossier event.
   *
   * @returns The decision.
   */
  finish(): ContractDecision {
    if (this.#decision !== null) return this.#decision;
    const first = this.#first;
    const decision: ContractDecision = first === null
      ? { version: "2.4.0", how: "no event to detect it from", reason: null }
      : {
        version: first.shape.version,
        how: this.#detected(first.line),
        reason: `no dossier event; ${first.shape.reason}`,
      };
    this.#decision = decision;
    return decision;
  }

  #detected(line: number): string {
    return `detected from line ${line}${this.#words.detectedSuffix ?? ""}`;
  }
}
