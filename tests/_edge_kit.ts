// The edge in-process: a Durable Object namespace whose objects are
// DossierObjects on in-memory SQLite (tests/_sql_storage.ts), one per name,
// each reached through a stub that passes requests as workerd does (a new
// Request, the body read from the old one), and helpers to build batches
// from the real streams and to compute what each dossier must be.
import {
  createDossierRouter,
  DossierObject,
  type DossierObjectNamespace,
  type DossierRouterOptions,
  namespaceKey,
} from "../edge.ts";
import * as v3 from "../v3.ts";
import { type TestStorage, testStorage } from "./_sql_storage.ts";

/** One object of the namespace: its storage, and the object running on it. */
export interface TestObject {
  storage: TestStorage;
  object: DossierObject;
  /** Requests it answered. */
  requests: number;
  /** Requests under way. */
  inflight: number;
  /** Start again on the storage once nothing is under way. */
  restart: boolean;
}

export interface TestEdge {
  /** The Durable Object binding, as a Worker's env holds it. */
  readonly binding: DossierObjectNamespace;
  /** The router, bound to this namespace. */
  route: (request: Request) => Promise<Response>;
  /** The objects made so far, by name. */
  readonly objects: Map<string, TestObject>;
  /** Makes the object of `name` fail its next request as an unreachable one would. */
  unreachable(name: string): void;
  /**
   * Starts every object again on its storage (as after an eviction or a
   * deploy), each once it has no request under way: workerd never runs two
   * instances of one object at once.
   */
  restart(): void;
}

/** A Durable Object namespace of DossierObjects, in-process. */
export function testEdge(options: DossierRouterOptions = {}): TestEdge {
  const objects = new Map<string, TestObject>();
  const down = new Set<string>();
  const namespace: DossierObjectNamespace = {
    idFromName: (name: string) => ({ name }),
    get(id: unknown) {
      const name = (id as { name: string }).name;
      return {
        async fetch(request: Request): Promise<Response> {
          if (down.delete(name)) {
            await request.body?.cancel();
            throw new Error(`Durable Object ${name} is unreachable`);
          }
          let entry = objects.get(name);
          if (entry === undefined) {
            const storage = testStorage();
            entry = {
              storage,
              object: new DossierObject(storage.ctx()),
              requests: 0,
              inflight: 0,
              restart: false,
            };
            objects.set(name, entry);
          }
          if (entry.restart && entry.inflight === 0) {
            entry.restart = false;
            entry.object = new DossierObject(entry.storage.ctx());
          }
          entry.requests++;
          entry.inflight++;
          // What crosses into another isolate: the method, URL, headers and body bytes.
          const body = request.body === null
            ? null
            : new Uint8Array(await request.arrayBuffer());
          try {
            return await entry.object.fetch(
              new Request(request.url, {
                method: request.method,
                headers: request.headers,
                body,
              }),
            );
          } finally {
            entry.inflight--;
          }
        },
      };
    },
  };
  return {
    binding: namespace,
    route: createDossierRouter({ DOSSIERS: namespace }, options),
    objects,
    unreachable: (name) => down.add(name),
    restart() {
      for (const entry of objects.values()) entry.restart = true;
    },
  };
}

/** `POST /events` of a batch's lines. */
export function postEvents(lines: readonly string[], query = ""): Request {
  return new Request(`http://edge.test/events${query}`, {
    method: "POST",
    body: lines.join("\n"),
  });
}

/** The real streams' lines (tests/data/real-streams/), file by file. */
export function realStreams(): Map<string, string[]> {
  const folder = new URL("./data/real-streams/", import.meta.url);
  const streams = new Map<string, string[]>();
  for (
    const entry of [...Deno.readDirSync(folder)].sort((a, b) =>
      a.name < b.name ? -1 : 1
    )
  ) {
    if (!entry.name.endsWith(".jsonl")) continue;
    const text = Deno.readTextFileSync(new URL(entry.name, folder));
    streams.set(
      entry.name,
      text.split("\n").filter((line) => line.trim() !== ""),
    );
  }
  return streams;
}

/**
 * What every dossier of a journal must be: the library's reduction of each
 * namespace's events (partitionByNamespace, then reduceMissionDossier), by
 * namespace key, in canonical JSON.
 */
export async function expectedDossiers(
  lines: readonly string[],
): Promise<Map<string, string>> {
  const events = v3.parseEventStream(lines.join("\n"), {
    acceptEmptyBuildId: true,
  });
  const expected = new Map<string, string>();
  for (const group of v3.partitionByNamespace(events).groups) {
    expected.set(
      await namespaceKey(group.namespace),
      v3.serializeDossierState(v3.reduceMissionDossier(group.events)),
    );
  }
  return expected;
}

/** A seeded random source (mulberry32), so that a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles a copy of `items` with `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/** Cuts `items` into batches of 1 to `max` items. */
export function batches<T>(
  items: readonly T[],
  max: number,
  random: () => number,
): T[][] {
  const cut: T[][] = [];
  for (let start = 0; start < items.length;) {
    const size = 1 + Math.floor(random() * max);
    cut.push(items.slice(start, start + size));
    start += size;
  }
  return cut;
}

/** Drift findings in the documented JSON shape of `drift --json` (docs/parity.md), field by field. */
export function findingsAsJson(
  findings: readonly {
    readonly driftKind: string;
    readonly artifactIds: readonly unknown[];
    readonly manifestSteps: readonly string[];
    readonly manifestVersions: readonly [string, string] | null;
  }[],
): unknown {
  return JSON.parse(JSON.stringify(findings.map((finding) => ({
    drift_kind: finding.driftKind,
    artifact_ids: finding.artifactIds,
    manifest_steps: finding.manifestSteps,
    manifest_versions: finding.manifestVersions,
  }))));
}
