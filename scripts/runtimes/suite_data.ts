// The data the smoke suite (smoke_suite.mjs) runs on, read and computed on
// the host: the fixture manifests and files of both contracts, parity hash
// vectors computed independently of the package, Deno's output of the drift
// stream, two real streams the spec-kitty CLI wrote, and a real mission
// folder with the CLI's own results for it.
import * as indexer from "../../indexer.ts";
import {
  parseEventStream,
  reduceMissionDossier,
  serializeDossierState,
} from "../../mod.ts";
import { namespace } from "../../tests/_builders.ts";
// The parity hash of docs/contract.md, "Parity hash and drift", computed independently: node:crypto and code point arrays.
import { expectedParityHash } from "../../tests/_parity_oracle.ts";
import { indexSuiteMission } from "./smoke_suite.mjs";

const ROOT = new URL("../../", import.meta.url);

const NAMESPACE = namespace();

function indexedEvent(
  clock: number,
  path: string,
  hash: string,
  supersedes?: string,
) {
  const identity = (p: string) => ({
    mission_key: "software-dev",
    path: p,
    artifact_class: "output",
  });
  return {
    event_id: `01HV7KA8TQ3R0W2M9X6C4B${String(clock).padStart(4, "0")}`,
    event_type: "MissionDossierArtifactIndexed",
    aggregate_id: "mission-042",
    timestamp: 1700000000 + clock,
    node_id: "laptop-1",
    lamport_clock: clock,
    project_uuid: NAMESPACE.project_uuid,
    correlation_id: "01HV7KA8TQ3R0W2M9X6C4B0000",
    payload: {
      namespace: NAMESPACE,
      artifact_id: identity(path),
      content_ref: { hash, algorithm: "sha256" },
      indexed_at: "2026-02-21T14:00:00Z",
      supersedes: supersedes === undefined ? null : identity(supersedes),
    },
  };
}

function hashVectors() {
  const vector = (
    name: string,
    artifacts: [string, string, string?][],
    live: [string, string][],
  ) => ({
    name,
    events: artifacts.map(([p, h, s], i) => indexedEvent(i + 1, p, h, s)),
    expected: expectedParityHash(live),
  });
  const nonAscii: [string, string][] = [["docs/日本語.md", "aa"], [
    "docs/é.md",
    "bb",
  ], ["docs/Ω.md", "cc"]];
  const astral: [string, string][] = [["a/\u{1F600}.md", "11"], [
    "a/\uFFFD.md",
    "22",
  ]];
  return [
    vector("empty dossier", [], []),
    vector("non-ASCII paths", nonAscii, nonAscii),
    vector("U+1F600 against U+FFFD", astral, astral),
    vector(
      "superseded left out",
      [["contracts/v1.json", "01"], ["spec.md", "02"], [
        "contracts/v2.json",
        "03",
        "contracts/v1.json",
      ]],
      [["spec.md", "02"], ["contracts/v2.json", "03"]],
    ),
  ];
}

/** A conformance kit's manifest and the text of each of its files. */
async function fixturesOf(
  root: URL,
): Promise<
  { manifest: { fixtures: { path: string }[] }; files: Record<string, string> }
> {
  const manifest = JSON.parse(
    await Deno.readTextFile(new URL("manifest.json", root)),
  );
  const files: Record<string, string> = {};
  for (const entry of manifest.fixtures) {
    files[entry.path] = await Deno.readTextFile(new URL(entry.path, root));
  }
  return { manifest, files };
}

/**
 * The mission every runtime indexes: one with work packages (their
 * frontmatter goes through the YAML reader) and a status log.
 */
const INDEXED_MISSION = "011-wp03-decisionpoint-lifecycle-contracts";

/** Every file under `folder`, by POSIX path relative to it, as base64, in sorted order. */
async function base64Files(
  folder: URL,
  prefix = "",
): Promise<Record<string, string>> {
  const entries = [];
  for await (const entry of Deno.readDir(new URL(prefix, folder))) {
    entries.push(entry);
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      Object.assign(files, await base64Files(folder, `${path}/`));
    } else if (entry.isFile) {
      const bytes = await Deno.readFile(new URL(path, folder));
      let binary = "";
      for (const byte of bytes) binary += String.fromCharCode(byte);
      files[path] = btoa(binary);
    }
  }
  return files;
}

/** The indexer's part of the data: the mission, the CLI's results, and Deno's events with fixed run values. */
async function indexerData(): Promise<unknown> {
  const missions = new URL("tests/data/real-missions/", ROOT);
  const project = new URL("spec-kitty-events/", missions);
  const truth = (await Deno.readTextFile(new URL("truth.jsonl", missions)))
    .trim().split("\n").map((line) => JSON.parse(line))
    .find((record) => record.mission === INDEXED_MISSION);
  const data = {
    mission: INDEXED_MISSION,
    files: await base64Files(
      new URL(`kitty-specs/${INDEXED_MISSION}/`, project),
    ),
    config: await Deno.readTextFile(new URL(".kittify/config.yaml", project)),
    fixed: {
      time: "2026-12-07T10:00:00.123Z",
      eventIdPrefix: "01M8SPA3JNY34W2D07E7F7",
      snapshotId: "5f0c3a57-6a4e-4d2b-9b1e-0c8f6c2e7a11",
      nodeId: "runtime-matrix",
      buildId: "runtime-matrix",
    },
    truth: {
      snapshot_hash: truth.snapshot_hash,
      event_counts: truth.event_counts,
      events: truth.events,
    },
  };
  const result = await indexSuiteMission(indexer, data);
  return { ...data, jsonl: indexer.eventsToJsonl(result.events) };
}

/** The `data` argument of runSmokeSuite. */
export async function suiteData(): Promise<unknown> {
  const fixtures = new URL("conformance/fixtures/", ROOT);
  const { manifest, files } = await fixturesOf(fixtures);
  const drift = manifest.fixtures.find((e) =>
    (e as { id?: string }).id === "dossier-replay-drift-scenario"
  )!;
  const realStreams = new URL("tests/data/real-streams/", ROOT);
  const real = (name: string) =>
    Deno.readTextFile(new URL(`${name}.jsonl`, realStreams));
  return {
    manifest,
    files,
    hashVectors: hashVectors(),
    reference: {
      driftScenarioOutput: serializeDossierState(
        reduceMissionDossier(parseEventStream(files[drift.path])),
      ),
    },
    v3: {
      ...(await fixturesOf(new URL("v3/", fixtures))),
      // One index run, and two of them with spec.md unreadable in the second.
      oneRun: await real("ske-001-event-model-project-identity"),
      twoRuns: await real(
        "ske-008-mission-dossier-parity-event-contracts-run1+run2",
      ),
    },
    indexer: await indexerData(),
  };
}
