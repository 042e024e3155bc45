/**
 * The two value objects whose field names differ between the contracts,
 * side by side (docs/contract.md, "Contract 3.0.0 and the divergences"):
 * the namespace's slug and mission fields, and the artifact identity's
 * mission field. Everything that holds them (payloads, state, errors) takes
 * them as type parameters.
 *
 * @module
 */
import type { ArtifactClass } from "./constants.ts";

/**
 * The collision-safe key of a dossier (contract 2.4.0). Its identity is the
 * first five fields; `step_id` is not part of it.
 */
export interface LocalNamespaceTuple {
  /** The project's id: any non-empty string, kept as given (unlike the envelope's `project_uuid`, not normalized). */
  readonly project_uuid: string;
  /** The feature the mission works on, e.g. `"042-dossier"` (3.0.0: `mission_slug`). */
  readonly feature_slug: string;
  /** The git branch the mission's work targets. */
  readonly target_branch: string;
  /** The mission's key, e.g. `"software-dev"` (3.0.0: `mission_type`). */
  readonly mission_key: string;
  /** Version of the manifest that says which artifacts the mission expects. */
  readonly manifest_version: string;
  /** The mission step the producer was at, not part of the identity; `null` when not given (the empty string is a value). */
  readonly step_id: string | null;
}

/** Which artifact an event is about (contract 2.4.0); `artifact_class` lives only here. */
export interface ArtifactIdentity {
  /** The mission the artifact belongs to (3.0.0: `mission_type`). */
  readonly mission_key: string;
  /** The artifact's repository-relative path. */
  readonly path: string;
  /** The artifact's role, one of `ARTIFACT_CLASSES`. */
  readonly artifact_class: ArtifactClass;
  /** The run that produced it; `null` when not given. */
  readonly run_id: string | null;
  /** The work package that produced it; `null` when not given. */
  readonly wp_id: string | null;
}

/**
 * The collision-safe key of a dossier (contract 3.0.0). Its identity is the
 * first five fields; `step_id` is not part of it. Unknown keys are rejected.
 */
export interface LocalNamespaceTuple3_0_0 {
  /** The project's id: any non-empty string, kept as given (unlike the envelope's `project_uuid`, not normalized). */
  readonly project_uuid: string;
  /** The mission's slug, e.g. `"008-mission-dossier-parity-event-contracts"` (2.4.0: `feature_slug`). */
  readonly mission_slug: string;
  /** The git branch the mission's work targets. */
  readonly target_branch: string;
  /** The mission's type, e.g. `"software-dev"` (2.4.0: `mission_key`). */
  readonly mission_type: string;
  /** Version of the manifest that says which artifacts the mission expects. */
  readonly manifest_version: string;
  /** The mission step the producer was at, not part of the identity; `null` when not given (the empty string is a value). */
  readonly step_id: string | null;
}

/** Which artifact an event is about (contract 3.0.0); `artifact_class` lives only here. */
export interface ArtifactIdentity3_0_0 {
  /** The type of the mission the artifact belongs to (2.4.0: `mission_key`). */
  readonly mission_type: string;
  /** The artifact's repository-relative path. */
  readonly path: string;
  /** The artifact's role, one of `ARTIFACT_CLASSES`. */
  readonly artifact_class: ArtifactClass;
  /** The run that produced it; `null` when not given. */
  readonly run_id: string | null;
  /** The work package that produced it; `null` when not given. */
  readonly wp_id: string | null;
}
