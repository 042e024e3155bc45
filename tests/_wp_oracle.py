"""Reference for tests/work_package_hash_differential_test.ts.

The work-package hashing (docs/indexer.md, "Work packages: which files" and
the sections after it) written in Python on the very
libraries the spec-kitty CLI runs on (ruamel.yaml 0.17.21 round-trip,
pydantic 2.13.4 lax mode, the standard json module), so that the port's
YAML resolution, schema errors and serialisation are checked against the
libraries themselves rather than against a reading of them. The model is
written here from a reading of the CLI's schema (docs/indexer.md, "Work
packages: the schema"), not taken from the CLI.

stdin: a JSON list of {"path", "b64", "runtime"?}; stdout: a JSON list of
{"kind": "raw"|"invalid"|"projected"|"abort", ...}.
"""

import base64
import enum
import hashlib
import json
import re
import sys
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from ruamel.yaml import YAML


class Lane(enum.StrEnum):
    PLANNED = "planned"
    CLAIMED = "claimed"
    IN_PROGRESS = "in_progress"
    FOR_REVIEW = "for_review"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELED = "canceled"


def _split(text: str) -> list[str]:
    return [piece.strip() for piece in text.split(",") if piece.strip()]


class WPMetadata(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    work_package_id: str
    title: str | None = None
    dependencies: list[str] = Field(default_factory=list)
    base_branch: str | None = None
    base_commit: str | None = None
    created_at: str | None = None
    planning_base_branch: str | None = None
    merge_target_branch: str | None = None
    branch_strategy: str | None = None
    requirement_refs: list[str] = Field(default_factory=list)
    tracker_refs: list[str] = Field(default_factory=list)
    priority: str | None = None
    execution_mode: str | None = None
    owned_files: list[str] = Field(default_factory=list)
    create_intent: list[str] = Field(default_factory=list)
    authoritative_surface: str | None = None
    scope: str | None = None
    task_type: str | None = None
    subtasks: list[Any] = Field(default_factory=list)
    phase: str | None = None
    phases: str | None = None
    assignee: str | None = None
    agent: Any = None
    model: str | None = None
    agent_profile: str | None = None
    role: str | None = None
    shell_pid: int | None = None
    shell_pid_created_at: str | None = None
    history: list[Any] = Field(default_factory=list)
    lane: Lane | None = None
    feature_slug: str | None = None
    activity_log: str | None = None
    review_status: str | None = None
    reviewed_by: str | None = None
    approved_by: str | None = None
    reviewer: Any = None
    reviewer_agent: str | None = None
    reviewer_shell_pid: str | None = None
    review_feedback: str | None = None
    review_feedback_file: str | None = None
    subtitle: str | None = None
    description: str | None = None
    estimated_duration: str | None = None
    tags: list[str] = Field(default_factory=list)
    mission_id: str | None = None
    mission_number: str | None = None
    mission_slug: str | None = None
    status: str | None = None
    wp_code: str | None = None
    work_package_title: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _before(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "title" not in data and "work_package_title" in data:
            data["title"] = data["work_package_title"]
        deps = data.get("dependencies")
        if isinstance(deps, str):
            data["dependencies"] = [] if deps.strip() == "[]" else _split(deps.strip())
        for name in ("requirement_refs", "tracker_refs"):
            if isinstance(data.get(name), str):
                data[name] = _split(data[name])
        return data

    @field_validator("work_package_id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not re.match(r"^WP\d{2,}$", v):
            raise ValueError(f"Invalid work_package_id: {v!r} (must match WP##)")
        return v

    @field_validator("title")
    @classmethod
    def _title(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("title must not be empty")
        return v

    @field_validator("base_commit")
    @classmethod
    def _commit(cls, v: str | None) -> str | None:
        if v is None or v == "unknown":
            return None
        if not re.match(r"^[0-9a-f]{7,40}$", v):
            raise ValueError(f"Invalid base_commit: {v!r} (must be hex SHA)")
        return v

    @field_validator("phase", mode="before")
    @classmethod
    def _phase(cls, v: Any) -> Any:
        return None if v is None else str(v)

    @field_validator("shell_pid", mode="before")
    @classmethod
    def _pid(cls, v: Any) -> Any:
        if v is None or v == "":
            return None
        return int(v)

    @field_validator("lane", mode="before")
    @classmethod
    def _lane(cls, v: Any) -> Any:
        if v is None or v == "":
            return None
        canonical = {"doing": "in_progress"}.get(str(v), str(v))
        valid = ", ".join([lane.value for lane in Lane] + ["doing"])
        try:
            return Lane(canonical)
        except ValueError as err:
            raise ValueError(f"Invalid lane value: {v!r}. Must be one of: {valid}") from err


PROJECTED = [
    "work_package_id", "title", "dependencies", "requirement_refs", "tracker_refs", "priority",
    "execution_mode", "owned_files", "create_intent", "authoritative_surface", "scope",
    "task_type", "subtasks", "phase",
]


def frontmatter(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            try:
                data = YAML().load("\n".join(lines[1:i]))
            except Exception:
                return None
            if data is None:
                data = {}
            return data if isinstance(data, dict) else None
    return None


def hash_wp(path: str, raw: bytes, runtime: dict | None) -> dict:
    data = frontmatter(raw)
    if data is None:
        return {"kind": "raw"}
    if path.rsplit("/", 1)[-1].startswith("WP") and "dependencies" not in data:
        data["dependencies"] = []
    try:
        meta = WPMetadata.model_validate(data, strict=False)
        if runtime is not None:
            WPMetadata.model_validate(meta.model_dump() | runtime, strict=False)
    except ValidationError as err:
        return {"kind": "invalid", "reason": "wp frontmatter invalid: " + str(err)}
    except Exception as err:
        return {"kind": "abort", "error": f"{type(err).__name__}: {err}"}
    projection = {name: getattr(meta, name) for name in PROJECTED}
    try:
        text = json.dumps(projection, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        encoded = text.encode("utf-8")
    except Exception as err:
        return {"kind": "abort", "error": f"{type(err).__name__}: {err}"}
    return {"kind": "projected", "json": text, "hash": hashlib.sha256(encoded).hexdigest()}


def main() -> None:
    requests = json.load(sys.stdin)
    answers = [
        hash_wp(r["path"], base64.b64decode(r["b64"]), r.get("runtime")) for r in requests
    ]
    json.dump(answers, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
