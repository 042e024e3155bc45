// A TypeScript consumer of the npm package, type-checked under `strict`
// with the package's own declarations (check_package.ts). Every
// `@ts-expect-error` line is a misuse that must not compile: were a type
// to degrade to `any`, its directive would be unused, and that is an error
// too. check_package.ts also compiles this file without the directives and
// expects an error on exactly those lines.
import {
  computeParityHash,
  diffDossiers,
  type DriftFinding,
  type Event,
  EventSchema,
  type GenericSchema,
  type MissionDossierState,
  NamespaceMixedStreamError,
  type ParityStatus,
  parseEventStream,
  reduceMissionDossier,
  serializeDossierState,
} from "@spec-kitty/dossier";
import {
  type FixtureCase,
  loadFixtures,
  validateEvent,
  type ValidateEventResult,
} from "@spec-kitty/dossier/conformance";
import {
  indexMission,
  type IndexMissionResult,
  missionFromFiles,
  type MissionSource,
} from "@spec-kitty/dossier/indexer";
import { readMissionFolder } from "@spec-kitty/dossier/indexer/disk";
import {
  type DossierPageFiles,
  pageResponse,
  renderDossierPage,
} from "@spec-kitty/dossier/view";
import eventJsonSchema from "@spec-kitty/dossier/schemas/event.schema.json" with {
  type: "json",
};

export async function replay(jsonl: string): Promise<string> {
  const events: Event[] = parseEventStream(jsonl);
  let state: MissionDossierState;
  try {
    state = reduceMissionDossier(events);
  } catch (error) {
    if (error instanceof NamespaceMixedStreamError) {
      return `mixed: ${error.expected.feature_slug} / ${error.got.feature_slug}`;
    }
    throw error;
  }
  const status: ParityStatus = state.parity_status;
  const hash: string = await computeParityHash(state);
  const findings: DriftFinding[] = diffDossiers(state, state);
  const schema: GenericSchema<unknown, Event> = EventSchema;
  const fixtures: FixtureCase[] = await loadFixtures("dossier");
  const result: ValidateEventResult = validateEvent(
    fixtures[0].payload,
    "Event",
  );
  const id: string = eventJsonSchema.$id;
  return `${status} ${hash} ${findings.length} ${typeof schema} ${result.valid} ${id} ${
    serializeDossierState(state)
  }`;
}

export async function produce(folder: string | null): Promise<string> {
  const source: MissionSource = folder === null
    ? missionFromFiles({ "spec.md": "# Spec\n" }, { name: "001-demo" })
    : await readMissionFolder(folder);
  const result: IndexMissionResult = await indexMission(source, {
    projectUuid: "11111111-2222-4333-8444-555555555555",
  });
  const files: DossierPageFiles = renderDossierPage();
  const response: Response = pageResponse(files, "app.js");
  return `${result.snapshot?.snapshot_hash} ${response.status}`;
}

export function misuse(state: MissionDossierState): void {
  // @ts-expect-error parseEventStream takes the JSONL text, not a number
  parseEventStream(42);
  // @ts-expect-error a state has no field "status"
  console.log(state.status);
  // @ts-expect-error parity_status is a union of strings, not a number
  const clock: number = state.parity_status;
  // @ts-expect-error the artifacts are a ReadonlyMap
  state.artifacts.set("spec.md", state.artifacts.get("spec.md")!);
  // @ts-expect-error computeParityHash is asynchronous
  const hash: string = computeParityHash(state);
  // @ts-expect-error not one of the parity statuses
  const status: ParityStatus = "unknown-status";
  // @ts-expect-error indexMission takes a source, not a folder's path
  void indexMission("kitty-specs/001-demo");
  // @ts-expect-error the page has no file "page.html"
  console.log(renderDossierPage()["page.html"]);
  // @ts-expect-error a finding has no field "kind" (it is driftKind)
  console.log(diffDossiers(state, state)[0].kind, clock, hash, status);
}
