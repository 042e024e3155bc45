/**
 * Contract 3.0.0 (spec-kitty-events 3.0.0 to 10.0.1, what every current
 * producer writes), as data: the namespace's `mission_slug` and
 * `mission_type` (the artifact identity's `mission_type`), unknown keys
 * rejected at every level, an envelope with a required `build_id` whose
 * `schema_version` defaults to `"3.0.0"` (docs/contract.md, "Contract
 * 3.0.0 and the divergences"). Everything else is contract 2.4.0's.
 *
 * @module
 */
import { defineContract, type DossierContract } from "./dossier_contract.ts";
import type {
  ArtifactIdentity3_0_0 as ArtifactIdentity,
  LocalNamespaceTuple3_0_0 as LocalNamespaceTuple,
} from "./namespace_and_identity.ts";
import { NamespaceMixedStreamError as _NamespaceMixedStreamErrorOf } from "./namespace_mixed_stream_error.ts";

export type { ArtifactIdentity, LocalNamespaceTuple };

/**
 * Thrown by the reducer when one event stream holds two namespaces whose
 * identity (project, mission slug, branch, mission type, manifest version)
 * differs; `expected` and `got` are contract 3.0.0 namespaces. No state is
 * returned: partition streams by namespace before reducing.
 *
 * @example Catch a mixed stream and read both namespaces
 * ```ts
 * import { NamespaceMixedStreamError } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const a = { project_uuid: "p", mission_slug: "m1", target_branch: "main", mission_type: "software-dev", manifest_version: "1", step_id: null };
 * const error = new NamespaceMixedStreamError(a, { ...a, mission_slug: "m2" });
 * assert.equal(error.got.mission_slug, "m2");
 * assert.deepEqual(error.differingFields, ["mission_slug"]);
 * ```
 */
export class NamespaceMixedStreamError
  extends _NamespaceMixedStreamErrorOf<LocalNamespaceTuple> {}

/** Contract 3.0.0 for the pipeline. */
export const CONTRACT_3_0_0: DossierContract<
  LocalNamespaceTuple,
  ArtifactIdentity
> = defineContract({
  version: "3.0.0",
  entryPoint: "@spec-kitty/dossier/v3",
  slugField: "mission_slug",
  missionField: "mission_type",
  unknownKeys: {
    policy: "reject",
    contract: "3.0.0",
    renamed: { feature_slug: "mission_slug", mission_key: "mission_type" },
  },
  identityInWords:
    "project, mission slug, target branch, mission type and manifest version",
  envelope: { buildId: "required", schemaVersionDefault: "3.0.0" },
  mixedStreamError: NamespaceMixedStreamError,
  other: {
    version: "2.4.0",
    entryPoint: "@spec-kitty/dossier",
    slugField: "feature_slug",
    missionField: "mission_key",
  },
});
