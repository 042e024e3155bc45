// The version-to-contract map: the one table that turns a version the
// command line chose, the edge stored or a stream was detected as, into the
// contract object the pipeline takes.
import { _CONTRACT_2_4_0 } from "./contract_2_4_0.ts";
import { _CONTRACT_3_0_0 } from "./contract_3_0_0.ts";
import type { _DossierContract, ContractVersion } from "./dossier_contract.ts";

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
  Record<ContractVersion, _DossierContract>
> = {
  "2.4.0": _CONTRACT_2_4_0,
  "3.0.0": _CONTRACT_3_0_0,
};
