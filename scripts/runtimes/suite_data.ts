// The data the smoke suite (smoke_suite.mjs) runs on, read and computed on
// the host: the fixture manifests and files of both contracts, parity hash
// vectors computed independently of the package, Deno's output of the drift
// stream, and two real streams the spec-kitty CLI wrote.
import {
  parseEventStream,
  reduceMissionDossier,
  serializeDossierState,
} from "../../mod.ts";
import { namespace } from "../../tests/_builders.ts";
// The parity hash of docs/contract.md, "Parity hash and drift", computed independently: node:crypto and code point arrays.
import { expectedParityHash } from "../../tests/_parity_oracle.ts";

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
  };
}
