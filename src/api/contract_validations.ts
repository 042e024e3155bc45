// Each contract's two layers of validation: its Valibot schemas beside its
// committed JSON Schemas (imported as JSON modules, so that validation needs
// no file access), for `validateEvent` of each conformance entry point and
// for the command line's `validate`.
import {
  type ContractValidation,
  contractValidation,
} from "../contract/validate_event.ts";
import {
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_3_0_0,
} from "../envelope/parsing_contracts.ts";
import eventJsonSchema from "../../schemas/event.schema.json" with {
  type: "json",
};
import indexedJsonSchema from "../../schemas/mission_dossier_artifact_indexed_payload.schema.json" with {
  type: "json",
};
import missingJsonSchema from "../../schemas/mission_dossier_artifact_missing_payload.schema.json" with {
  type: "json",
};
import snapshotJsonSchema from "../../schemas/mission_dossier_snapshot_computed_payload.schema.json" with {
  type: "json",
};
import driftJsonSchema from "../../schemas/mission_dossier_parity_drift_detected_payload.schema.json" with {
  type: "json",
};
import eventJsonSchema3 from "../../schemas/v3/event.schema.json" with {
  type: "json",
};
import indexedJsonSchema3 from "../../schemas/v3/mission_dossier_artifact_indexed_payload.schema.json" with {
  type: "json",
};
import missingJsonSchema3 from "../../schemas/v3/mission_dossier_artifact_missing_payload.schema.json" with {
  type: "json",
};
import snapshotJsonSchema3 from "../../schemas/v3/mission_dossier_snapshot_computed_payload.schema.json" with {
  type: "json",
};
import driftJsonSchema3 from "../../schemas/v3/mission_dossier_parity_drift_detected_payload.schema.json" with {
  type: "json",
};

/** Contract 2.4.0's layers. */
export const VALIDATION_2_4_0: ContractValidation = contractValidation(
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_2_4_0.envelope,
  {
    MissionDossierArtifactIndexed: indexedJsonSchema,
    MissionDossierArtifactMissing: missingJsonSchema,
    MissionDossierSnapshotComputed: snapshotJsonSchema,
    MissionDossierParityDriftDetected: driftJsonSchema,
    Event: eventJsonSchema,
  },
);

/** Contract 3.0.0's layers, with its envelope rules (unwrapping, the cutover gate). */
export const VALIDATION_3_0_0: ContractValidation = contractValidation(
  PARSING_CONTRACT_3_0_0,
  PARSING_CONTRACT_3_0_0.envelope,
  {
    MissionDossierArtifactIndexed: indexedJsonSchema3,
    MissionDossierArtifactMissing: missingJsonSchema3,
    MissionDossierSnapshotComputed: snapshotJsonSchema3,
    MissionDossierParityDriftDetected: driftJsonSchema3,
    Event: eventJsonSchema3,
  },
);
