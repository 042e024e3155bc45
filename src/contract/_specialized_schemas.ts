// Which schemas of a contract carry a validator generated from them at build
// time (scripts/generate_validators.ts), and under what name: the envelope
// and the dossier payloads, which every event of a log goes through, and
// the namespace, which the fold reads on its own when a payload fails. The
// generator and the contracts both read this list, so a name means the same
// schema to both.
import type * as v from "valibot";
import { _withGenerated } from "./_compiled_schema.ts";
import type { _DossierContract } from "./dossier_contract.ts";
import { _GENERATED_VALIDATORS } from "./_generated_validators.ts";

/** The specialized schemas of a contract: name → schema, in a fixed order. */
export function _specializedSchemas(
  contract: _DossierContract,
): [string, v.GenericSchema<unknown, unknown>][] {
  const version = contract.version.replaceAll(".", "_");
  const schemas: [string, v.GenericSchema<unknown, unknown>][] = [
    [`envelope_${version}`, contract.envelope],
  ];
  if (contract.envelopeAcceptingEmptyBuildId !== contract.envelope) {
    schemas.push([
      `envelopeAcceptingEmptyBuildId_${version}`,
      contract.envelopeAcceptingEmptyBuildId,
    ]);
  }
  schemas.push([`namespace_${version}`, contract.namespace]);
  for (const [eventType, schema] of Object.entries(contract.payloads)) {
    schemas.push([`${eventType}_${version}`, schema]);
  }
  return schemas;
}

/**
 * Gives each specialized schema of the contract its generated validator
 * (a name the generated file lacks, as while it is being regenerated,
 * leaves the schema on the compiled path); returns the contract.
 */
export function _withGeneratedValidators(
  contract: _DossierContract,
): _DossierContract {
  for (const [name, schema] of _specializedSchemas(contract)) {
    _withGenerated(schema, _GENERATED_VALIDATORS[name]);
  }
  return contract;
}
