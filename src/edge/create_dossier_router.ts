// The edge's HTTP API (README, "Dossiers at the edge"): POST /events takes a
// batch of JSONL envelopes of any namespaces, checks every line before
// anything is stored, groups the dossier events by namespace identity and
// sends each group to the Durable Object named by its namespace key; the
// reads of /dossiers/{key} go to that object.
import { CONTRACTS_BY_VERSION } from "../envelope/contracts_by_version.ts";
import { describeValue } from "../contract/field_issue.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { partitionByNamespaceFor } from "../replay/partition_by_namespace.ts";
import { APPEND_PATH, type AppendRequest } from "./dossier_object.ts";
import { batchContract, batchEnvelopes, batchLines } from "./read_batch.ts";
import {
  answerToError,
  jsonResponse,
  readBodyText,
  Refusal,
} from "./edge_http.ts";
import {
  contractNamespaceKey,
  NAMESPACE_KEY_PATTERN,
} from "./namespace_key.ts";

/** A stub of one Durable Object (workerd's `DurableObjectStub`, the part used here). */
export interface DossierObjectStub {
  /** Sends the object a request. */
  fetch(request: Request): Promise<Response>;
}

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
} = { maxBodyBytes: 4194304, maxBatchEvents: 1000 };

/** What `POST /events` answers for one namespace of the batch. */
export interface DossierBatchNamespace {
  /** The namespace key: the dossier is at `/dossiers/{key}`. */
  readonly key: string;
  /** The namespace of the namespace's first event in the batch, as parsed. */
  readonly namespace: Readonly<Record<string, string | null>>;
  /** The batch's events of this namespace. */
  readonly received: number;
  /** Of those, the ones stored whose payload the fold applied. */
  readonly applied: number;
  /** Copies of an event id that lost to another copy (stored before, or earlier in the replay order). */
  readonly duplicates: number;
  /** Stored, but the fold skips them: their payload does not parse (they count in `event_count`). */
  readonly rejected: number;
  /** Always 0: events of other types are counted in `unassigned`. */
  readonly ignored: number;
}

/** What `POST /events` answers when the batch is stored. */
export interface DossierBatchResult {
  /** One entry per namespace identity, in the order of each one's first event in the batch. */
  readonly namespaces: readonly DossierBatchNamespace[];
  /** Events not stored: other event types, and dossier events without a valid namespace. */
  readonly unassigned: number;
}

const _DOSSIER_PATH = /^\/dossiers\/([^/]*)(\/parity|\/drift)?$/;

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

function _options(options: unknown): {
  maxBodyBytes: number;
  maxBatchEvents: number;
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
 * - `GET /dossiers/{key}`: the state in canonical JSON, byte for byte
 *   `serializeDossierState(reduceMissionDossier(…))` of every event stored
 *   for the key.
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

  async function storeBatch(request: Request, url: URL): Promise<Response> {
    const text = await readBodyText(
      request,
      limits.maxBodyBytes,
      "Cannot store the batch",
    );
    const lines = batchLines(text, limits.maxBatchEvents);
    const chosen = batchContract(lines, url.searchParams.get("contract"));
    const contract = CONTRACTS_BY_VERSION[chosen.version];
    const events = batchEnvelopes(lines, contract, limits.acceptEmptyBuildId);
    const lineOf = new Map<Event, string>(
      events.map((event, index) => [event, lines[index].text]),
    );
    const { groups, withoutNamespace, otherTypes } = partitionByNamespaceFor(
      contract,
      events,
    );
    const results = await Promise.all(groups.map(async (group) => {
      const key = await contractNamespaceKey(contract, group.namespace);
      const append: AppendRequest = {
        key,
        contract: chosen.version,
        contractHow: chosen.how,
        contractReason: chosen.reason,
        lines: group.events.map((event) => lineOf.get(event)!),
      };
      try {
        const response = await objectOf(key).fetch(
          new Request(`https://dossier-object${APPEND_PATH}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(append),
          }),
        );
        const body = await response.json();
        return {
          key,
          namespace: group.namespace,
          status: response.status,
          body,
        };
      } catch (error) {
        return {
          key,
          namespace: group.namespace,
          status: 503,
          body: { error: "unavailable", message: (error as Error).message },
        };
      }
    }));
    const failed = results.filter((result) => result.status !== 200);
    if (failed.length > 0) {
      const conflict = failed.every((result) => result.status === 409);
      throw new Refusal(
        conflict ? 409 : 503,
        {
          error: conflict ? "namespace_conflict" : "storage_unavailable",
          message:
            `Cannot store the batch: ${failed.length} of its ${results.length} namespaces could not be stored (${
              failed[0].body?.message ?? `status ${failed[0].status}`
            }); the others were: ${
              conflict
                ? "a key is held by another namespace"
                : "retry the batch"
            }, a retried batch stores nothing twice`,
          stored: results.filter((result) => result.status === 200).map((
            result,
          ) => result.key),
          failed: failed.map((result) => ({
            key: result.key,
            status: result.status,
            error: result.body?.error ?? null,
          })),
        },
        conflict ? {} : { "retry-after": "1" },
      );
    }
    const body: DossierBatchResult = {
      namespaces: results.map(({ key, namespace, body }) => ({
        key,
        namespace,
        received: body.received,
        applied: body.applied,
        duplicates: body.duplicates,
        rejected: body.rejected,
        ignored: body.ignored,
      })),
      unassigned: withoutNamespace.length + otherTypes.length,
    };
    return jsonResponse(200, body);
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
    const forwarded = new Request(
      `https://dossier-object/dossiers/${key}${view}${url.search}`,
      allowed === "GET" ? {} : {
        method: "POST",
        body: await readBodyText(
          request,
          limits.maxBodyBytes,
          "Cannot read the baseline",
        ),
      },
    );
    try {
      return await objectOf(key).fetch(forwarded);
    } catch (error) {
      throw new Refusal(503, {
        error: "storage_unavailable",
        message: `Cannot read dossier ${key}: its object did not answer (${
          (error as Error).message
        }); retry`,
      }, { "retry-after": "1" });
    }
  }

  return async function route(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      if (url.pathname === "/events") {
        if (request.method !== "POST") {
          throw new Refusal(405, {
            error: "method_not_allowed",
            message: `Cannot ${request.method} /events: use POST`,
          }, { allow: "POST" });
        }
        return await storeBatch(request, url);
      }
      const match = _DOSSIER_PATH.exec(url.pathname);
      if (match !== null) return await read(request, match[1], match[2] ?? "");
      throw new Refusal(404, {
        error: "not_found",
        message:
          `Cannot find ${url.pathname}: the routes are POST /events, GET /dossiers/{key}, GET /dossiers/{key}/parity and POST /dossiers/{key}/drift`,
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
