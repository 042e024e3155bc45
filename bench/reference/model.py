"""A model of the Python reference (spec-kitty-events 2.4.0,
`spec_kitty_events.dossier`), written for the bench from docs/contract.md: the
reference itself is not installed on the bench machine. Pydantic 2 models of
the envelope and of the four payloads and their value objects, the reducer of
docs/contract.md, "The reducer", and the state printed with `model_dump_json()`, as the reference
prints it. It is the bench's stand-in for the reference's speed; its output
is checked against the package's canonical output byte for byte.

    python3 bench/reference/model.py <events.jsonl> <output.json> [runs]

Prints one JSON object of timings (milliseconds, the median of `runs`).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import uuid
from datetime import datetime
from typing import Literal, Optional

import pydantic
from pydantic import BaseModel, Field, ValidationError, field_validator

# ── Event ids (docs/contract.md, "The event envelope") ────────────────────────────────────────────────

_ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$", re.IGNORECASE)
_HYPHENATED = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)
_BARE = re.compile(r"^[0-9a-f]{32}$", re.IGNORECASE)


def normalize_event_id(value: str) -> str:
    if len(value) == 26:
        if _ULID.match(value):
            return value.upper()
        raise ValueError("must be a ULID in Crockford base32")
    if len(value) == 36:
        if _HYPHENATED.match(value):
            return value.lower()
        raise ValueError("must be a hyphenated UUID")
    if len(value) == 32:
        if _BARE.match(value):
            v = value.lower()
            return f"{v[:8]}-{v[8:12]}-{v[12:16]}-{v[16:20]}-{v[20:]}"
        raise ValueError("must be 32 hexadecimal digits")
    raise ValueError(f"must be a ULID or a UUID, not {len(value)} characters long")


# ── The envelope ───────────────────────────────────────────────────────────


class Event(BaseModel):
    event_id: str
    event_type: str = Field(min_length=1)
    aggregate_id: str = Field(min_length=1)
    payload: dict = Field(default_factory=dict)
    timestamp: datetime
    node_id: str = Field(min_length=1)
    lamport_clock: int = Field(ge=0)
    causation_id: Optional[str] = None
    project_uuid: uuid.UUID
    project_slug: Optional[str] = None
    correlation_id: str
    schema_version: str = Field(default="1.0.0", pattern=r"^\d+\.\d+\.\d+$")
    data_tier: int = Field(default=0, ge=0, le=4)

    @field_validator("event_id", "correlation_id")
    @classmethod
    def _ids(cls, value: str) -> str:
        return normalize_event_id(value)

    @field_validator("causation_id")
    @classmethod
    def _causation(cls, value: Optional[str]) -> Optional[str]:
        return None if value is None else normalize_event_id(value)


# ── Value objects and payloads (docs/contract.md, "Value objects" and "The four dossier events") ───────────────────────────


class LocalNamespaceTuple(BaseModel):
    project_uuid: str = Field(min_length=1)
    feature_slug: str = Field(min_length=1)
    target_branch: str = Field(min_length=1)
    mission_key: str = Field(min_length=1)
    manifest_version: str = Field(min_length=1)
    step_id: Optional[str] = None


class ArtifactIdentity(BaseModel):
    mission_key: str = Field(min_length=1)
    path: str = Field(min_length=1)
    artifact_class: Literal["input", "workflow", "output", "evidence", "policy", "runtime"]
    run_id: Optional[str] = None
    wp_id: Optional[str] = None


class ContentHashRef(BaseModel):
    hash: str = Field(min_length=1)
    algorithm: Literal["sha256", "sha512", "md5"]
    size_bytes: Optional[int] = Field(default=None, ge=0)
    encoding: Optional[str] = None


class ProvenanceRef(BaseModel):
    source_event_ids: Optional[list[str]] = None
    git_sha: Optional[str] = None
    git_ref: Optional[str] = None
    actor_id: Optional[str] = None
    actor_kind: Optional[Literal["human", "llm", "system"]] = None
    revised_at: Optional[str] = None


class MissionDossierArtifactIndexedPayload(BaseModel):
    namespace: LocalNamespaceTuple
    artifact_id: ArtifactIdentity
    content_ref: ContentHashRef
    indexed_at: str
    provenance: Optional[ProvenanceRef] = None
    step_id: Optional[str] = None
    supersedes: Optional[ArtifactIdentity] = None
    context_diagnostics: Optional[dict[str, str]] = None


class MissionDossierArtifactMissingPayload(BaseModel):
    namespace: LocalNamespaceTuple
    expected_identity: ArtifactIdentity
    manifest_step: str = Field(min_length=1)
    checked_at: str
    last_known_ref: Optional[ProvenanceRef] = None
    remediation_hint: Optional[str] = None
    context_diagnostics: Optional[dict[str, str]] = None


class MissionDossierSnapshotComputedPayload(BaseModel):
    namespace: LocalNamespaceTuple
    snapshot_hash: str = Field(min_length=1)
    artifact_count: int = Field(ge=0)
    anomaly_count: int = Field(ge=0)
    computed_at: str
    algorithm: Optional[Literal["sha256", "sha512", "md5"]] = None
    context_diagnostics: Optional[dict[str, str]] = None


class MissionDossierParityDriftDetectedPayload(BaseModel):
    namespace: LocalNamespaceTuple
    expected_hash: str = Field(min_length=1)
    actual_hash: str = Field(min_length=1)
    drift_kind: Literal[
        "artifact_added",
        "artifact_removed",
        "artifact_mutated",
        "anomaly_introduced",
        "anomaly_resolved",
        "manifest_version_changed",
    ]
    detected_at: str
    artifact_ids_changed: Optional[list[ArtifactIdentity]] = None
    rebuild_hint: Optional[str] = None
    context_diagnostics: Optional[dict[str, str]] = None


PAYLOADS = {
    "MissionDossierArtifactIndexed": MissionDossierArtifactIndexedPayload,
    "MissionDossierArtifactMissing": MissionDossierArtifactMissingPayload,
    "MissionDossierSnapshotComputed": MissionDossierSnapshotComputedPayload,
    "MissionDossierParityDriftDetected": MissionDossierParityDriftDetectedPayload,
}

# ── The state (docs/contract.md, "The reducer") ────────────────────────────────────────────────


class ArtifactEntry(BaseModel):
    identity: ArtifactIdentity
    content_ref: ContentHashRef
    indexed_at: str
    provenance: Optional[ProvenanceRef] = None
    superseded: bool = False
    step_id: Optional[str] = None


class AnomalyEntry(BaseModel):
    anomaly_type: str
    expected_identity: ArtifactIdentity
    manifest_step: str
    checked_at: str
    remediation_hint: Optional[str] = None


class SnapshotSummary(BaseModel):
    snapshot_hash: str
    artifact_count: int
    anomaly_count: int
    computed_at: str
    algorithm: str


class DriftRecord(BaseModel):
    expected_hash: str
    actual_hash: str
    drift_kind: str
    detected_at: str


class MissionDossierState(BaseModel):
    namespace: Optional[LocalNamespaceTuple] = None
    artifacts: dict[str, ArtifactEntry] = Field(default_factory=dict)
    anomalies: list[AnomalyEntry] = Field(default_factory=list)
    latest_snapshot: Optional[SnapshotSummary] = None
    drift_history: list[DriftRecord] = Field(default_factory=list)
    parity_status: Literal["clean", "drifted", "unknown"] = "unknown"
    event_count: int = 0


class NamespaceMixedStreamError(ValueError):
    pass


_IDENTITY = ("project_uuid", "feature_slug", "target_branch", "mission_key", "manifest_version")


def reduce_mission_dossier(events: list[Event]) -> MissionDossierState:
    dossier = [event for event in events if event.event_type in PAYLOADS]
    if not dossier:
        return MissionDossierState()
    ordered = sorted(
        dossier, key=lambda e: (e.lamport_clock, e.timestamp.isoformat(), e.event_id)
    )
    seen: set[str] = set()
    unique: list[Event] = []
    for event in ordered:
        if event.event_id in seen:
            continue
        seen.add(event.event_id)
        unique.append(event)

    first: Optional[LocalNamespaceTuple] = None
    step_ids: set[str] = set()
    for event in unique:
        try:
            namespace = LocalNamespaceTuple.model_validate(event.payload.get("namespace"))
        except ValidationError:
            continue
        if first is None:
            first = namespace
        elif any(getattr(first, f) != getattr(namespace, f) for f in _IDENTITY):
            raise NamespaceMixedStreamError(
                "Namespace mismatch in dossier event stream. "
                f"Expected: {first.model_dump_json()}. Got: {namespace.model_dump_json()}."
            )
        if namespace.step_id is not None:
            step_ids.add(namespace.step_id)
    if first is not None and len(step_ids) > 1:
        first = first.model_copy(update={"step_id": None})

    artifacts: dict[str, ArtifactEntry] = {}
    anomalies: list[AnomalyEntry] = []
    snapshot: Optional[SnapshotSummary] = None
    drift: list[DriftRecord] = []
    for event in unique:
        try:
            payload = PAYLOADS[event.event_type].model_validate(event.payload)
        except ValidationError:
            continue
        if isinstance(payload, MissionDossierArtifactIndexedPayload):
            if payload.supersedes is not None and payload.supersedes.path in artifacts:
                prior = artifacts[payload.supersedes.path]
                artifacts[payload.supersedes.path] = prior.model_copy(
                    update={"superseded": True}
                )
            artifacts[payload.artifact_id.path] = ArtifactEntry(
                identity=payload.artifact_id,
                content_ref=payload.content_ref,
                indexed_at=payload.indexed_at,
                provenance=payload.provenance,
                superseded=False,
                step_id=payload.step_id,
            )
        elif isinstance(payload, MissionDossierArtifactMissingPayload):
            anomalies.append(
                AnomalyEntry(
                    anomaly_type="missing_artifact",
                    expected_identity=payload.expected_identity,
                    manifest_step=payload.manifest_step,
                    checked_at=payload.checked_at,
                    remediation_hint=payload.remediation_hint,
                )
            )
        elif isinstance(payload, MissionDossierSnapshotComputedPayload):
            snapshot = SnapshotSummary(
                snapshot_hash=payload.snapshot_hash,
                artifact_count=payload.artifact_count,
                anomaly_count=payload.anomaly_count,
                computed_at=payload.computed_at,
                algorithm=payload.algorithm or "sha256",
            )
        else:
            drift.append(
                DriftRecord(
                    expected_hash=payload.expected_hash,
                    actual_hash=payload.actual_hash,
                    drift_kind=payload.drift_kind,
                    detected_at=payload.detected_at,
                )
            )
    status = "drifted" if drift else "clean" if snapshot is not None else "unknown"
    return MissionDossierState(
        namespace=first,
        artifacts=artifacts,
        anomalies=anomalies,
        latest_snapshot=snapshot,
        drift_history=drift,
        parity_status=status,
        event_count=len(unique),
    )


# ── The bench's timings ────────────────────────────────────────────────────


def _median_ms(runs: int, work) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(argv: list[str]) -> None:
    path, output, runs = argv[1], argv[2], int(argv[3]) if len(argv) > 3 else 3

    def end_to_end() -> str:
        with open(path, encoding="utf-8") as file:
            lines = [line for line in file.read().split("\n") if line.strip()]
        events = [Event.model_validate_json(line) for line in lines]
        return reduce_mission_dossier(events).model_dump_json()

    with open(path, encoding="utf-8") as file:
        lines = [line for line in file.read().split("\n") if line.strip()]
    json_ms, values = _median_ms(runs, lambda: [json.loads(line) for line in lines])
    envelope_ms, events = _median_ms(
        runs, lambda: [Event.model_validate(value) for value in values]
    )
    reduce_ms, _ = _median_ms(runs, lambda: reduce_mission_dossier(events))
    envelope_reduce_ms, _ = _median_ms(
        runs,
        lambda: reduce_mission_dossier([Event.model_validate(value) for value in values]),
    )
    end_to_end_ms, text = _median_ms(runs, end_to_end)
    with open(output, "w", encoding="utf-8") as file:
        file.write(text)
    print(
        json.dumps(
            {
                "python": sys.version.split()[0],
                "pydantic": pydantic.VERSION,
                "runs": runs,
                "json_loads_ms": json_ms,
                "envelope_ms": envelope_ms,
                "reduce_ms": reduce_ms,
                "envelope_reduce_ms": envelope_reduce_ms,
                "end_to_end_ms": end_to_end_ms,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv)
