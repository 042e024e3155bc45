// `POST /missions/{slug}/index`: a mission folder's files posted as JSONL
// `{path, base64}` lines are indexed in the Worker as the spec-kitty CLI
// indexes a folder (indexMission), and the run's events are stored through
// the same path as `POST /events`, their Lamport clocks continuing after
// the highest one the namespace's object holds.
import { PARSING_CONTRACT_3_0_0 } from "../envelope/parsing_contracts.ts";
import { eventsToJsonl } from "../index/dossier_events.ts";
import { indexMission } from "../index/index_mission.ts";
import { MissionIndexError } from "../index/mission_index_error.ts";
import { missionFromFiles } from "../index/mission_source.ts";
import type { MissionSnapshot } from "../index/mission_snapshot.ts";
import { CLOCK_PATH } from "./dossier_object.ts";
import { readBodyText, Refusal } from "./edge_http.ts";
import { readMissionUpload } from "./mission_upload.ts";
import { contractNamespaceKey } from "./namespace_key.ts";
import { type DossierObjectStub, storeBatch } from "./store_batch.ts";

/** What `POST /missions/{slug}/index` answers when the run is stored. */
export interface DossierIndexResult {
  /** The namespace key: the dossier is at `/dossiers/{key}`. */
  readonly key: string;
  /** The mission's slug, from the URL. */
  readonly mission_slug: string;
  /** The namespace of every event of the run. */
  readonly namespace: Readonly<Record<string, string>>;
  /** The run's snapshot, as the CLI computes it (without its hash components); `null` when a path cannot be encoded as UTF-8. */
  readonly snapshot: Omit<MissionSnapshot, "parity_hash_components"> | null;
  /** The run's events: how many, and what the object did with them (as `POST /events` counts them). */
  readonly events: {
    readonly received: number;
    readonly applied: number;
    readonly duplicates: number;
    readonly rejected: number;
  };
  /** The Lamport clocks of the run's first and last events. */
  readonly lamport_clocks: { readonly first: number; readonly last: number };
  /** What the indexer passed over (see `indexMission`). */
  readonly warnings: readonly string[];
}

/** How {@linkcode indexUploadedMission} runs. */
export interface IndexUploadOptions {
  readonly request: Request;
  readonly url: URL;
  /** The path segment after `/missions/`, still percent-encoded. */
  readonly slugSegment: string;
  readonly objectOf: (key: string) => DossierObjectStub;
  readonly maxBodyBytes: number;
  readonly maxFiles: number;
}

function _slugOf(segment: string): string {
  let slug: string;
  try {
    slug = decodeURIComponent(segment);
  } catch {
    slug = "";
  }
  if (slug === "" || slug.includes("/")) {
    throw new Refusal(400, {
      error: "malformed_slug",
      message:
        `Cannot index the mission: its slug (the path segment after /missions/) must be a non-empty, percent-encoded name without "/": received ${
          JSON.stringify(segment)
        }`,
      field: "slug",
    });
  }
  return slug;
}

function _projectUuidOf(url: URL): string {
  const uuid = url.searchParams.get("project_uuid");
  if (uuid === null || uuid === "") {
    throw new Refusal(400, {
      error: "missing_project_uuid",
      message:
        `Cannot index the mission: query parameter "project_uuid" must be the project's uuid (project.uuid of .kittify/config.yaml): received ${
          uuid === null ? "none" : '""'
        }`,
      field: "project_uuid",
    });
  }
  return uuid;
}

/** The highest Lamport clock the object holds, or 0. */
async function _highestClock(stub: DossierObjectStub): Promise<number> {
  const unavailable = (why: string) =>
    new Refusal(503, {
      error: "storage_unavailable",
      message:
        `Cannot index the mission: its dossier's object did not answer (${why}); retry`,
    }, { "retry-after": "1" });
  let answer: Response;
  try {
    answer = await stub.fetch(
      new Request(`https://dossier-object${CLOCK_PATH}`),
    );
  } catch (error) {
    throw unavailable((error as Error).message);
  }
  const body = await answer.json().catch(() => null);
  if (answer.status !== 200) {
    throw unavailable(body?.message ?? `status ${answer.status}`);
  }
  return body.lamport_clock ?? 0;
}

/** Indexes the posted files and stores the run; throws a {@linkcode Refusal} for anything refused, nothing stored. */
export async function indexUploadedMission(
  options: IndexUploadOptions,
): Promise<DossierIndexResult> {
  const slug = _slugOf(options.slugSegment);
  const projectUuid = _projectUuidOf(options.url);
  const text = await readBodyText(
    options.request,
    options.maxBodyBytes,
    "Cannot read the mission's files",
  );
  const files = readMissionUpload(text, options.maxFiles);
  let result;
  try {
    result = await indexMission(missionFromFiles(files, { name: slug }), {
      projectUuid,
    });
  } catch (error) {
    if (!(error instanceof MissionIndexError)) throw error;
    throw new Refusal(422, {
      error: "mission_not_indexed",
      message: `${error.message}; nothing was stored`,
      mission: error.mission,
      file: error.file,
      rule: error.rule,
    });
  }
  const key = await contractNamespaceKey(PARSING_CONTRACT_3_0_0, {
    ...result.namespace,
    step_id: null,
  });
  const stub = options.objectOf(key);
  const after = await _highestClock(stub);
  const events = result.events.map((event) => ({
    ...event,
    lamport_clock: event.lamport_clock + after,
  }));
  const stored = await storeBatch({
    objectOf: () => stub,
    text: eventsToJsonl(events),
    contract: "3.0.0",
    maxEvents: events.length,
    acceptEmptyBuildId: false,
  });
  const counts = stored.namespaces[0];
  const snapshot = result.snapshot === null ? null : (({
    parity_hash_components: _components,
    ...rest
  }) => rest)(result.snapshot);
  return {
    key,
    mission_slug: slug,
    namespace: { ...result.namespace },
    snapshot,
    events: {
      received: counts.received,
      applied: counts.applied,
      duplicates: counts.duplicates,
      rejected: counts.rejected,
    },
    lamport_clocks: {
      first: events[0].lamport_clock,
      last: events.at(-1)!.lamport_clock,
    },
    warnings: result.warnings,
  };
}
