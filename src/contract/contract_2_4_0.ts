/**
 * Contract 2.4.0 (spec-kitty-events 2.4.0), as data: the namespace's
 * `feature_slug` and `mission_key`, unknown keys dropped, an envelope with
 * no `build_id` whose `schema_version` defaults to `"1.0.0"`
 * (docs/contract.md, "The event envelope" and "Value objects"). Everything
 * else is built from these facts by `defineContract`.
 *
 * @module
 */
import { defineContract, type DossierContract } from "./dossier_contract.ts";
import type {
  ArtifactIdentity,
  LocalNamespaceTuple,
} from "./namespace_and_identity.ts";
import { NamespaceMixedStreamError } from "./namespace_mixed_stream_error.ts";

export type { ArtifactIdentity, LocalNamespaceTuple };

/** Contract 2.4.0 for the pipeline. */
export const CONTRACT_2_4_0: DossierContract<
  LocalNamespaceTuple,
  ArtifactIdentity
> = defineContract({
  version: "2.4.0",
  entryPoint: "@spec-kitty/dossier",
  slugField: "feature_slug",
  missionField: "mission_key",
  unknownKeys: { policy: "drop" },
  identityInWords:
    "project, feature, target branch, mission and manifest version",
  envelope: { buildId: "absent", schemaVersionDefault: "1.0.0" },
  mixedStreamError: NamespaceMixedStreamError,
  other: {
    version: "3.0.0",
    entryPoint: "@spec-kitty/dossier/v3",
    slugField: "mission_slug",
    missionField: "mission_type",
  },
});
