// The two contracts as parsing takes them: each contract's definition with
// its envelope schemas, built here from the contract's envelope rules
// because the envelope (ids, timestamps) sits above the contract. This is
// also where the validators generated at build time
// (scripts/generate_validators.ts) are given to the schemas they were
// generated from: the envelopes and the dossier payloads, which every event
// of a log goes through, and the namespace, which the fold reads on its own
// when a payload fails. The generator and this module read the same list,
// so a name means the same schema to both.
import type * as v from "valibot";
import { withGenerated } from "../contract/compiled_schema.ts";
import type { DossierContract } from "../contract/dossier_contract.ts";
import {
  type ArtifactIdentity,
  CONTRACT_2_4_0,
  type LocalNamespaceTuple,
} from "../contract/contract_2_4_0.ts";
import {
  type ArtifactIdentity as ArtifactIdentity3_0_0,
  CONTRACT_3_0_0,
  type LocalNamespaceTuple as LocalNamespaceTuple3_0_0,
} from "../contract/contract_3_0_0.ts";
import { type Event, type Event3_0_0, eventSchema } from "./event_envelope.ts";
import { GENERATED_VALIDATORS } from "./generated_validators.ts";

/**
 * A contract with its envelope schemas: what parsing a log needs. `E` is
 * the parsed envelope's type.
 */
export interface ParsingContract<
  N = unknown,
  I = unknown,
  E extends Event = Event,
> extends DossierContract<N, I> {
  /** The envelope schema. */
  readonly envelope: v.GenericSchema<unknown, E>;
  /** The envelope schema that reads `build_id: ""` as `"unknown"`, the spec-kitty CLI's way (2.4.0: `envelope`). */
  readonly envelopeAcceptingEmptyBuildId: v.GenericSchema<unknown, E>;
}

/** The specialized schemas of a contract: name → schema, in a fixed order. */
export function specializedSchemas(
  contract: ParsingContract,
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
 * A contract's envelope schemas built from its rules, and each specialized
 * schema given its generated validator (a name the generated file lacks,
 * as while it is being regenerated, leaves the schema on the compiled path).
 */
function _parsingContract<N, I, E extends Event>(
  contract: DossierContract<N, I>,
): ParsingContract<N, I, E> {
  const rules = contract.envelopeRules;
  const envelope = eventSchema(rules) as v.GenericSchema<unknown, E>;
  const parsing: ParsingContract<N, I, E> = {
    ...contract,
    envelope,
    envelopeAcceptingEmptyBuildId: rules.buildId === "absent"
      ? envelope
      : eventSchema({
        ...rules,
        buildId: "empty-as-unknown",
      }) as v.GenericSchema<unknown, E>,
  };
  for (const [name, schema] of specializedSchemas(parsing)) {
    withGenerated(schema, GENERATED_VALIDATORS[name]);
  }
  return parsing;
}

/** Contract 2.4.0 with its envelope. */
export const PARSING_CONTRACT_2_4_0: ParsingContract<
  LocalNamespaceTuple,
  ArtifactIdentity,
  Event
> = _parsingContract(CONTRACT_2_4_0);

/** Contract 3.0.0 with its envelope. */
export const PARSING_CONTRACT_3_0_0: ParsingContract<
  LocalNamespaceTuple3_0_0,
  ArtifactIdentity3_0_0,
  Event3_0_0
> = _parsingContract(CONTRACT_3_0_0);
