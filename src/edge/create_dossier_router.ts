// The edge's HTTP API (README, "Dossiers at the edge"): POST /events takes a
// batch of JSONL envelopes of any namespaces, checks every line before
// anything is stored, groups the dossier events by namespace identity and
// sends each group to the Durable Object named by its namespace key; the
// reads of /dossiers/{key} go to that object.
import { describeValue } from "../contract/field_issue.ts";
import { type DossierObjectStub, storeBatch } from "./store_batch.ts";
import { indexUploadedMission } from "./index_uploaded_mission.ts";
import {
  dossierPage,
  PAGE_ASSETS,
  pageAsset,
  prefersHtml,
} from "./dossier_page_route.ts";
import {
  answerToError,
  jsonResponse,
  readBodyText,
  Refusal,
} from "./edge_http.ts";
import { NAMESPACE_KEY_PATTERN } from "./namespace_key.ts";

/** The binding of the `DossierObject` class (workerd's `DurableObjectNamespace`, the part used here). */
export interface DossierObjectNamespace {
  /** The id of the object named `name`. */
  idFromName(name: string): unknown;
  /** A stub of the object with that id. */
  get(id: unknown): DossierObjectStub;
}

/** The Worker bindings the router reads. */
export interface DossierEdgeEnv {
  /** The Durable Object binding of the `DossierObject` class. */
  readonly DOSSIERS: DossierObjectNamespace;
}

/** Options of {@linkcode createDossierRouter}. */
export interface DossierRouterOptions {
  /** The largest request body accepted, in bytes; larger ones get a 413. Default {@linkcode DOSSIER_EDGE_LIMITS}`.maxBodyBytes`. */
  readonly maxBodyBytes?: number;
  /** The most event lines in one `POST /events`; more get a 413. Default {@linkcode DOSSIER_EDGE_LIMITS}`.maxBatchEvents`. */
  readonly maxBatchEvents?: number;
  /** The largest body of `POST /missions/{slug}/index`, in bytes (the files in base64); larger ones get a 413. Default {@linkcode DOSSIER_EDGE_LIMITS}`.maxIndexBodyBytes`. */
  readonly maxIndexBodyBytes?: number;
  /** The most files in one `POST /missions/{slug}/index`; more get a 413. Default {@linkcode DOSSIER_EDGE_LIMITS}`.maxIndexFiles`. */
  readonly maxIndexFiles?: number;
  /**
   * Read `build_id: ""`, which the spec-kitty CLI writes on every event and
   * the 3.0.0 reference rejects, as `"unknown"`, as the CLI's own validator
   * does. Default `false`: such a line is refused with a 422 that says so.
   */
  readonly acceptEmptyBuildId?: boolean;
}

/** The default bounds of the router's input. */
export const DOSSIER_EDGE_LIMITS: {
  /** 4 MiB: a batch of 1,000 events of the spec-kitty CLI is about 1.2 MB. */
  readonly maxBodyBytes: 4194304;
  /** 1,000 event lines. */
  readonly maxBatchEvents: 1000;
  /** 8 MiB of files in base64: the 23 real missions of spec-kitty-events are 2 MB together. */
  readonly maxIndexBodyBytes: 8388608;
  /** 2,000 files in one mission. */
  readonly maxIndexFiles: 2000;
} = {
  maxBodyBytes: 4194304,
  maxBatchEvents: 1000,
  maxIndexBodyBytes: 8388608,
  maxIndexFiles: 2000,
};

const _DOSSIER_PATH = /^\/dossiers\/([^/]*)(\/parity|\/drift|\/events)?$/;
const _INDEX_PATH = /^\/missions\/([^/]*)\/index$/;

function _limit(
  options: Record<string, unknown>,
  name: keyof typeof DOSSIER_EDGE_LIMITS,
): number {
  const value = options[name] ?? DOSSIER_EDGE_LIMITS[name];
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new RangeError(
      `Cannot create the dossier router: option "${name}" must be a positive integer: received ${
        describeValue(value)
      }`,
    );
  }
  return value as number;
}

/** Refuses a request whose method is not `method` with a 405. */
function _only(request: Request, method: string, path: string): void {
  if (request.method !== method) {
    throw new Refusal(405, {
      error: "method_not_allowed",
      message: `Cannot ${request.method} ${path}: use ${method}`,
    }, { allow: method });
  }
}

function _options(options: unknown): {
  maxBodyBytes: number;
  maxBatchEvents: number;
  maxIndexBodyBytes: number;
  maxIndexFiles: number;
  acceptEmptyBuildId: boolean;
} {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot create the dossier router: the options must be an object: received ${
        describeValue(options)
      }`,
    );
  }
  const record = options as Record<string, unknown>;
  const accept = record.acceptEmptyBuildId ?? false;
  if (typeof accept !== "boolean") {
    throw new TypeError(
      `Cannot create the dossier router: option "acceptEmptyBuildId" must be a boolean: received ${
        describeValue(accept)
      }`,
    );
  }
  return {
    maxBodyBytes: _limit(record, "maxBodyBytes"),
    maxBatchEvents: _limit(record, "maxBatchEvents"),
    maxIndexBodyBytes: _limit(record, "maxIndexBodyBytes"),
    maxIndexFiles: _limit(record, "maxIndexFiles"),
    acceptEmptyBuildId: accept,
  };
}

/**
 * Creates the fetch handler of the dossier edge: the HTTP API below, with
 * each namespace's dossier in its own {@linkcode DossierObject} (bound as
 * `DOSSIERS`), for both contracts. A Worker's `fetch` calls it.
 *
 * - `POST /events` (body: JSONL envelopes of any namespaces;
 *   `?contract=2.4.0|3.0.0`, else the batch's first dossier event decides):
 *   every line is checked first, and one that is not a valid envelope
 *   refuses the batch (400 for a line that is not a JSON object, 422 for
 *   envelope violations, each naming its line and field), nothing stored.
 *   Then the dossier events are grouped by namespace identity and each group
 *   stored by the object named by its {@linkcode namespaceKey}, in one
 *   transaction, before the answer: 200
 *   `{ "namespaces": [{ key, namespace, received, applied, duplicates, rejected, ignored }], "unassigned": n }`,
 *   `unassigned` counting the events not stored (other types, or no valid
 *   namespace). A retried batch changes nothing. 503 when an object could
 *   not store its group: retry the batch.
 * - `POST /missions/{slug}/index?project_uuid=…` (body: one JSON object
 *   per line, `{"path", "base64"}`, each file of the mission folder, its
 *   path POSIX and relative to the folder): indexes the files as the
 *   spec-kitty CLI indexes a folder (`indexMission` of
 *   `@spec-kitty/dossier/indexer`, slug from the URL) and stores the run's
 *   contract 3.0.0 events as `POST /events` does, their Lamport clocks
 *   after the highest one stored for the namespace: 200
 *   `{ key, mission_slug, namespace, snapshot, events, lamport_clocks, warnings }`.
 *   400 for a line, field or value refused (named), 413 past
 *   `maxIndexBodyBytes` or `maxIndexFiles`, 422 where the CLI would emit
 *   nothing (`MissionIndexError`: mission, file and rule); nothing stored.
 * - `GET /dossiers/{key}`: the state in canonical JSON, byte for byte
 *   `serializeDossierState(reduceMissionDossier(…))` of every event stored
 *   for the key; with `Accept: text/html` (ranked above JSON), the dossier
 *   page (`renderDossierPage` of `@spec-kitty/dossier/view`, its stored
 *   stream embedded), whose script and style sheet are
 *   `GET /dossiers/app.js` and `GET /dossiers/app.css`, each with the
 *   page's Content-Security-Policy header and `nosniff`.
 * - `GET /dossiers/{key}/events`: the stored events, JSONL in replay
 *   order, each line as it arrived.
 * - `GET /dossiers/{key}/parity`: the parity verdict as `dossier parity
 *   --json` prints it (`line: null`: the edge has no lines).
 * - `POST /dossiers/{key}/drift` (body: a baseline state in canonical JSON;
 *   `?detectedAt=`, default now): `{ drift, findings, payloads, contract,
 *   events, rejected }`, as `dossier drift --json --payloads` prints it.
 *
 * Refusals are JSON (`{ "error", "message", … }`) and 4xx for any input
 * (404 for an unknown key or path, 405 for a wrong method, 413 past the
 * limits), and each reads the rest of the body before it answers.
 *
 * @param env The Worker's bindings, with the `DOSSIERS` Durable Object binding.
 * @param options The bounds of the input, and `acceptEmptyBuildId`.
 * @returns The fetch handler.
 * @throws {TypeError} When `options` is not an object, or `acceptEmptyBuildId` not a boolean.
 * @throws {RangeError} When a limit is not a positive integer.
 *
 * @example A refusal names what is wrong
 * ```ts
 * import { createDossierRouter } from "@spec-kitty/dossier/edge";
 * import assert from "node:assert/strict";
 *
 * const route = createDossierRouter({
 *   DOSSIERS: { idFromName: (name) => name, get: () => { throw new Error("not reached"); } },
 * });
 * const response = await route(new Request("http://edge/events", { method: "POST", body: "{" }));
 * assert.equal(response.status, 400);
 * assert.equal((await response.json()).line, 1);
 * ```
 */
export function createDossierRouter(
  env: DossierEdgeEnv,
  options: DossierRouterOptions = {},
): (request: Request) => Promise<Response> {
  const limits = _options(options);
  const objects = env?.DOSSIERS;
  if (
    typeof objects?.idFromName !== "function" ||
    typeof objects?.get !== "function"
  ) {
    throw new TypeError(
      `Cannot create the dossier router: env.DOSSIERS must be the Durable Object binding of DossierObject: received ${
        describeValue(objects)
      }`,
    );
  }
  const objectOf = (key: string) => objects.get(objects.idFromName(key));

  async function postEvents(request: Request, url: URL): Promise<Response> {
    const text = await readBodyText(
      request,
      limits.maxBodyBytes,
      "Cannot store the batch",
    );
    return jsonResponse(
      200,
      await storeBatch({
        objectOf,
        text,
        contract: url.searchParams.get("contract"),
        maxEvents: limits.maxBatchEvents,
        acceptEmptyBuildId: limits.acceptEmptyBuildId,
      }),
    );
  }

  async function read(
    request: Request,
    key: string,
    view: string,
  ): Promise<Response> {
    if (!NAMESPACE_KEY_PATTERN.test(key)) {
      throw new Refusal(404, {
        error: "unknown_dossier",
        message: `Cannot find dossier ${
          JSON.stringify(key)
        }: a key is 64 lowercase hex digits (see namespaceKey)`,
      });
    }
    const allowed = view === "/drift" ? "POST" : "GET";
    if (request.method !== allowed) {
      throw new Refusal(405, {
        error: "method_not_allowed",
        message:
          `Cannot ${request.method} /dossiers/${key}${view}: use ${allowed}`,
      }, { allow: allowed });
    }
    const url = new URL(request.url);
    const page = view === "" && prefersHtml(request);
    const forwarded = new Request(
      `https://dossier-object/dossiers/${key}${
        page ? "/events" : view
      }${url.search}`,
      allowed === "GET" ? {} : {
        method: "POST",
        body: await readBodyText(
          request,
          limits.maxBodyBytes,
          "Cannot read the baseline",
        ),
      },
    );
    let answer: Response;
    try {
      answer = await objectOf(key).fetch(forwarded);
    } catch (error) {
      throw new Refusal(503, {
        error: "storage_unavailable",
        message: `Cannot read dossier ${key}: its object did not answer (${
          (error as Error).message
        }); retry`,
      }, { "retry-after": "1" });
    }
    if (page && answer.status === 200) {
      return dossierPage(key, await answer.text());
    }
    if (view !== "") return answer;
    // The same URL answers JSON or the page, by the Accept header.
    const varied = new Response(answer.body, answer);
    varied.headers.set("vary", "accept");
    return varied;
  }

  return async function route(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      const path = url.pathname;
      if (path === "/events") {
        _only(request, "POST", path);
        return await postEvents(request, url);
      }
      const index = _INDEX_PATH.exec(path);
      if (index !== null) {
        _only(request, "POST", path);
        return jsonResponse(
          200,
          await indexUploadedMission({
            request,
            url,
            slugSegment: index[1],
            objectOf,
            maxBodyBytes: limits.maxIndexBodyBytes,
            maxFiles: limits.maxIndexFiles,
          }),
        );
      }
      const asset = path.slice("/dossiers/".length);
      if (path.startsWith("/dossiers/") && PAGE_ASSETS.includes(asset)) {
        _only(request, "GET", path);
        return pageAsset(asset);
      }
      const match = _DOSSIER_PATH.exec(path);
      if (match !== null) return await read(request, match[1], match[2] ?? "");
      throw new Refusal(404, {
        error: "not_found",
        message:
          `Cannot find ${path}: the routes are POST /events, POST /missions/{slug}/index, GET /dossiers/{key} (JSON, or the page for Accept: text/html, with /dossiers/app.js and /dossiers/app.css), GET /dossiers/{key}/parity, GET /dossiers/{key}/events and POST /dossiers/{key}/drift`,
      });
    } catch (error) {
      return await answerToError(
        request,
        error,
        () => "The dossier router failed; this is a bug",
      );
    }
  };
}
