// The version-to-contract map: the one table that turns a version the
// command line chose, the edge stored or a stream was detected as, into the
// contract the pipeline takes, its envelope schemas included.
import type { ContractVersion } from "../contract/dossier_contract.ts";
import {
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_3_0_0,
  type ParsingContract,
} from "./parsing_contracts.ts";

/**
 * Each contract this package reads, by its version.
 *
 * @example
 * ```ts
 * import { CONTRACTS_BY_VERSION } from "./contracts_by_version.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(CONTRACTS_BY_VERSION["3.0.0"].version, "3.0.0");
 * ```
 */
export const CONTRACTS_BY_VERSION: Readonly<
  Record<ContractVersion, ParsingContract>
> = {
  "2.4.0": PARSING_CONTRACT_2_4_0,
  "3.0.0": PARSING_CONTRACT_3_0_0,
};
