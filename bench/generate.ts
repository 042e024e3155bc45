// Writes synthetic mission logs as JSONL, shaped like a real mission: about
// 70% artifacts indexed over ~2,000 paths, 15% missing artifacts, 10%
// snapshots, 5% drift events; 1% of lines re-delivered (the same line twice
// in a row, as an at-least-once transport does) and 1% of another event
// type. Lamport clocks rise with each event, so a log is in sort order.
//
//   deno run -A bench/generate.ts [sizes…]     (default 10000 100000 1000000)
//
// Files go to .cache/bench/events-<size>.jsonl (git-ignored). Deterministic:
// the same size always gives the same bytes.

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const PATHS = 2000;

/** mulberry32: a small seeded generator, so runs are reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchFile(size: number): URL {
  return new URL(`../.cache/bench/events-${size}.jsonl`, import.meta.url);
}

/** The lines of a synthetic log of `size` events. */
export function* syntheticLines(size: number): Generator<string> {
  const next = random(size);
  const ulid = (n: number): string => {
    let text = "";
    for (let i = 0, rest = n; i < 10; i++, rest = Math.floor(rest / 32)) {
      text = CROCKFORD[rest % 32] + text;
    }
    for (let i = 0; i < 16; i++) text += CROCKFORD[Math.floor(next() * 32)];
    return text;
  };
  const hex = (length: number): string => {
    let text = "";
    for (let i = 0; i < length; i++) {
      text += "0123456789abcdef"[Math.floor(next() * 16)];
    }
    return text;
  };
  const namespace = {
    project_uuid: "bef12780-fc81-4e02-85a3-a3181ce8f3aa",
    feature_slug: "042-mission-dossier",
    target_branch: "main",
    mission_key: "software-dev",
    manifest_version: "1.0.0",
    step_id: null,
  };
  const classes = ["input", "workflow", "output", "evidence"];
  const identity = (path: number) => ({
    mission_key: "software-dev",
    path: `kitty-specs/042-mission-dossier/docs/${path}.md`,
    artifact_class: classes[path % 4],
    run_id: null,
    wp_id: path % 3 === 0 ? `WP${path % 17}` : null,
  });
  const correlation = ulid(1_771_682_400_000);
  const start = Date.UTC(2026, 1, 21, 14, 0, 0);
  let previous = "";
  for (let n = 0; n < size; n++) {
    const roll = next();
    if (roll < 0.01 && previous !== "") {
      yield previous; // a re-delivered line
      continue;
    }
    const at = new Date(start + n * 1000).toISOString();
    const path = Math.floor(next() * PATHS);
    let eventType = "MissionDossierArtifactIndexed";
    let payload: Record<string, unknown>;
    const kind = next();
    if (roll < 0.02) {
      eventType = "WPStatusChanged";
      payload = { wp_id: `WP${path % 17}`, status: "doing" };
    } else if (kind < 0.70) {
      payload = {
        namespace,
        artifact_id: identity(path),
        content_ref: {
          hash: hex(64),
          algorithm: "sha256",
          size_bytes: Math.floor(next() * 50_000),
          encoding: "utf-8",
        },
        indexed_at: at,
        provenance: next() < 0.3
          ? {
            source_event_ids: [correlation],
            git_sha: hex(40),
            git_ref: "refs/heads/042-mission-dossier",
            actor_id: "claude-code",
            actor_kind: "llm",
            revised_at: null,
          }
          : null,
        step_id: "implement",
        supersedes: next() < 0.05 ? identity((path + 1) % PATHS) : null,
        context_diagnostics: null,
      };
    } else if (kind < 0.85) {
      eventType = "MissionDossierArtifactMissing";
      payload = {
        namespace,
        expected_identity: identity(path),
        manifest_step: "tasks",
        checked_at: at,
        last_known_ref: null,
        remediation_hint: "Run /spec-kitty.tasks to generate it",
        context_diagnostics: null,
      };
    } else if (kind < 0.95) {
      eventType = "MissionDossierSnapshotComputed";
      payload = {
        namespace,
        snapshot_hash: hex(64),
        artifact_count: path,
        anomaly_count: n % 7,
        computed_at: at,
        algorithm: "sha256",
        context_diagnostics: null,
      };
    } else {
      eventType = "MissionDossierParityDriftDetected";
      payload = {
        namespace,
        expected_hash: hex(64),
        actual_hash: hex(64),
        drift_kind: "artifact_mutated",
        detected_at: at,
        artifact_ids_changed: [identity(path)],
        rebuild_hint: "Re-index, then recompute the snapshot",
        context_diagnostics: null,
      };
    }
    previous = JSON.stringify({
      event_id: ulid(start + n),
      event_type: eventType,
      aggregate_id: "042-mission-dossier",
      payload,
      timestamp: at,
      node_id: "spec-kitty-cli-7f3a9c",
      lamport_clock: n + 1,
      causation_id: null,
      project_uuid: namespace.project_uuid,
      project_slug: "spec-kitty-demo",
      correlation_id: correlation,
      schema_version: "1.0.0",
      data_tier: 0,
    });
    yield previous;
  }
}

/** Writes the log of `size` events unless it is already there. */
export async function generate(size: number): Promise<URL> {
  const file = benchFile(size);
  try {
    await Deno.stat(file);
    return file;
  } catch {
    // Not generated yet.
  }
  await Deno.mkdir(new URL(".", file), { recursive: true });
  const partial = new URL(`${file.pathname}.partial`, "file://");
  const out = await Deno.open(partial, {
    write: true,
    create: true,
    truncate: true,
  });
  const encoder = new TextEncoder();
  let buffer = "";
  for (const line of syntheticLines(size)) {
    buffer += line + "\n";
    if (buffer.length > 1 << 20) {
      await out.write(encoder.encode(buffer));
      buffer = "";
    }
  }
  await out.write(encoder.encode(buffer));
  out.close();
  await Deno.rename(partial, file);
  return file;
}

if (import.meta.main) {
  const sizes = Deno.args.length > 0
    ? Deno.args.map(Number)
    : [10_000, 100_000, 1_000_000];
  for (const size of sizes) {
    const file = await generate(size);
    const { size: bytes } = await Deno.stat(file);
    console.log(
      `${file.pathname}: ${size} events, ${(bytes / 1e6).toFixed(1)} MB`,
    );
  }
}
