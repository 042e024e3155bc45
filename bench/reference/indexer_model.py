"""A model of the spec-kitty CLI's indexer (commit e6e3b7357; this project's
account of it is docs/indexer.md), written for the bench from a specification
of its behaviour: the CLI itself is not installed on the bench machine. It
does the same work per mission as the CLI's pipeline:
the walk (pathlib's recursive order, hidden paths dropped), meta.json, the
manifest (the four built-in ones, as data), keys and classes with fnmatch,
strict UTF-8 and SHA-256 of every file, work-package frontmatter (YAML with
PyYAML where installed, standing in for ruamel.yaml, else only JSON-shaped
frontmatter) validated with a pydantic model and projected, payloads built and
validated with pydantic models, and the snapshot hash. Its snapshot hashes are
checked against the package's by the bench.

    python3 bench/reference/indexer_model.py <project root> <mission dir>... [--runs N]

Prints one JSON object: {"seconds": median wall time of one pass over every
mission, "hashes": {mission: snapshot hash}, "yaml": "pyyaml"|"json-only"}.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import statistics
import sys
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Optional

import pydantic
from pydantic import BaseModel, ConfigDict

try:
    import yaml as _yaml

    def load_yaml(text: str) -> Any:
        return _yaml.safe_load(text)

    YAML = "pyyaml"
except ImportError:  # pragma: no cover - depends on the machine

    def load_yaml(text: str) -> Any:
        return json.loads(text)

    YAML = "json-only"


def spec(key, cls, pattern, blocking):
    return {"artifact_key": key, "artifact_class": cls, "path_pattern": pattern, "blocking": blocking}


LINT = spec("runtime.charter-lint.decay", "runtime", "lint-report.json", False)
MANIFESTS = {
    "software-dev": {
        "required": [
            spec("input.spec.main", "input", "spec.md", True),
            spec("output.plan.main", "output", "plan.md", True),
            spec("output.tasks.list", "output", "tasks.md", True),
            spec("output.tasks.per_wp", "output", "tasks/WP*.md", True),
            spec("output.tasks.per_wp", "output", "tasks/WP*.md", True),
        ],
        "optional": [
            spec("evidence.research", "evidence", "research.md", False),
            spec("evidence.gap-analysis", "evidence", "gap-analysis.md", False),
            spec("evidence.quickstart", "evidence", "quickstart.md", False),
            spec("evidence.data-model", "evidence", "data-model.md", False),
            LINT,
        ],
    },
}

KEY = re.compile(r"^[a-zA-Z0-9._-]+$")
WP = re.compile(r"^WP\d{2,}", re.IGNORECASE)
PROJECTED = [
    "work_package_id", "title", "dependencies", "requirement_refs", "tracker_refs", "priority",
    "execution_mode", "owned_files", "create_intent", "authoritative_surface", "scope", "task_type",
    "subtasks", "phase",
]


class WorkPackage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    work_package_id: str
    title: Optional[str] = None
    dependencies: list[str] = []
    requirement_refs: list[str] = []
    tracker_refs: list[str] = []
    priority: Optional[str] = None
    execution_mode: Optional[str] = None
    owned_files: list[str] = []
    create_intent: list[str] = []
    authoritative_surface: Optional[str] = None
    scope: Optional[str] = None
    task_type: Optional[str] = None
    subtasks: list[Any] = []
    phase: Optional[Any] = None


class Namespace(BaseModel):
    model_config = ConfigDict(extra="forbid")
    project_uuid: str
    mission_slug: str
    target_branch: str
    mission_type: str
    manifest_version: str
    step_id: Optional[str] = None


class Identity(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mission_type: str
    path: str
    artifact_class: str
    run_id: Optional[str] = None
    wp_id: Optional[str] = None


class ContentRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hash: str
    algorithm: str
    size_bytes: Optional[int] = None
    encoding: Optional[str] = None


class Indexed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    namespace: Namespace
    artifact_id: Identity
    content_ref: ContentRef
    indexed_at: str
    context_diagnostics: Optional[dict[str, str]] = None


def walk(root: str):
    """pathlib's rglob('*') order: a directory's entries, then each real subdirectory, depth first."""
    files = []

    def visit(rel: str):
        try:
            with os.scandir(os.path.join(root, rel)) as it:
                entries = list(it)
        except OSError:
            return
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_file():
                files.append(path)
            elif entry.is_dir(follow_symlinks=False):
                subdirs.append(path)
        for sub in subdirs:
            visit(sub)

    visit("")
    return files


def heuristic(name: str) -> str:
    n = name.lower()
    if n in ("spec.md", "specification.md"):
        return "input"
    if n == "plan.md" or n == "tasks.md" or (n.startswith("wp") and n.endswith(".md")):
        return "workflow"
    if n in ("research.md", "analysis-report.md") or any(p in n for p in ("test", "gap-analysis", "log")):
        return "evidence"
    if any(p in n for p in ("requirements", "constraints", "architecture-decision", "adr")):
        return "policy"
    if any(p in n for p in ("implementation", "code", "findings", "report")):
        return "output"
    if any(p in n for p in ("generated", "cache")):
        return "runtime"
    return "output"


def wp_hash(raw: bytes) -> Optional[str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        return None
    try:
        data = load_yaml("\n".join(lines[1:end])) or {}
    except Exception:
        return None
    if not isinstance(data, dict):
        return None
    model = WorkPackage.model_validate(data)
    projection = {field: getattr(model, field) for field in PROJECTED}
    if projection["phase"] is not None:
        projection["phase"] = str(projection["phase"])
    text = json.dumps(projection, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def index_mission(project_uuid: str, mission: str) -> str:
    slug = os.path.basename(mission)
    meta = {}
    if os.path.exists(os.path.join(mission, "meta.json")):
        with open(os.path.join(mission, "meta.json"), encoding="utf-8") as f:
            meta = json.loads(f.read())
    mission_type = (meta.get("mission_type") or "").strip() or "software-dev"
    manifest = MANIFESTS.get(mission_type)
    specs = manifest["required"] + manifest["optional"] if manifest else []
    required = {s["artifact_key"] for s in manifest["required"]} if manifest else set()
    namespace = Namespace(project_uuid=project_uuid, mission_slug=slug,
                          target_branch=str(meta.get("target_branch") or "main"),
                          mission_type=mission_type, manifest_version="1")
    pairs = []
    for rel in walk(mission):
        name = rel.rsplit("/", 1)[-1]
        key = next((s["artifact_key"] for s in specs if fnmatch.fnmatch(name, s["path_pattern"])), None)
        if key is None:
            stem = name.rsplit(".", 1)[0] if 0 < name.rfind(".") < len(name) - 1 else name
            key = "artifact." + stem.lower().replace("_", "-").replace(" ", "-")
        if not KEY.match(key):
            raise ValueError(key)
        cls = next((s["artifact_class"] for s in specs if fnmatch.fnmatch(rel, s["path_pattern"])), None) or heuristic(name)
        with open(os.path.join(mission, rel), "rb") as f:
            raw = f.read()
        digest = None
        stem, dot, suffix = name.rpartition(".")
        if dot and suffix.lower() == "md" and WP.match(stem):
            digest = wp_hash(raw)
        if digest is None:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            digest = hashlib.sha256(raw).hexdigest()
        Indexed(namespace=namespace,
                artifact_id=Identity(mission_type=mission_type, path=rel, artifact_class=cls),
                content_ref=ContentRef(hash=digest, algorithm="sha256", size_bytes=len(raw)),
                indexed_at=datetime.now(timezone.utc).isoformat(),
                context_diagnostics={"artifact_key": key,
                                     "required_status": "required" if key in required else "optional"}
                ).model_dump_json(exclude_none=True)
        pairs.append((rel, digest))
    pairs.sort()
    text = "\n".join(f"{p}\t{h}" for p, h in pairs)
    _ = uuid.uuid4()
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at:at + 2]
    project, missions = args[0], args[1:]
    with open(os.path.join(project, ".kittify", "config.yaml"), encoding="utf-8") as f:
        project_uuid = str(load_yaml(f.read())["project"]["uuid"]) if YAML == "pyyaml" else "unknown"
    times, hashes = [], {}
    for _ in range(runs):
        start = time.perf_counter()
        for mission in missions:
            hashes[mission] = index_mission(project_uuid, mission)
        times.append(time.perf_counter() - start)
    json.dump({"seconds": statistics.median(times), "hashes": hashes, "yaml": YAML,
               "python": sys.version.split()[0], "pydantic": pydantic.VERSION}, sys.stdout)


if __name__ == "__main__":
    main()
