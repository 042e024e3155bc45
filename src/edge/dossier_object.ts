// The Durable Object that owns one dossier: one namespace identity of one
// contract, named by its namespace key. Its SQLite storage holds the events
// (see dossier_store.ts); it answers the router's appends and the reads of
// /dossiers/{key}. A class with a constructor and `fetch`, nothing that
// needs `cloudflare:workers`, so that it runs (and is tested) anywhere a
// storage with the same SQL API is given.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import { CONTRACTS_BY_VERSION } from "../envelope/contracts_by_version.ts";
import {
  CONTRACT_VERSIONS,
  type ContractVersion,
} from "../contract/dossier_contract.ts";
import { fieldText } from "../contract/field_issue.ts";
import { safeParseEventWith } from "../envelope/event_envelope.ts";
import { parseDossierStateFor } from "../replay/dossier_state_json.ts";
import { placementOf } from "../replay/partition_by_namespace.ts";
import { diffDossiers, driftPayloadsFor } from "../parity/drift.ts";
import { computeParityHash, evaluateParity } from "../parity/parity_hash.ts";
import { findingsJson, parityJsonOf } from "../parity/parity_report.ts";
import { type ArrivedEvent, DossierStore } from "./dossier_store.ts";
import {
  type DossierObjectStorage,
  ForeignAppendError,
} from "./dossier_storage.ts";
import { answerToError, jsonResponse, Refusal } from "./edge_http.ts";
import { contractNamespaceKey } from "./namespace_key.ts";

/**
 * What a `DossierObject` is given by the runtime: the part of workerd's
 * `DurableObjectState` it uses. A Durable Object's `ctx` is one.
 */
export interface DossierObjectState {
  /** The object's storage; the class must be a SQLite one (`new_sqlite_classes`). */
  readonly storage: DossierObjectStorage;
  /** Holds every request back until `callback` is done (the object's start). */
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

/** The path of the router's appends; not a public route. */
export const APPEND_PATH = "/_append";

/**
 * The path of the router's question before an index run is appended: the
 * highest Lamport clock the object holds (`{ "lamport_clock": n | null }`),
 * so that the run continues after it. Not a public route.
 */
export const CLOCK_PATH = "/_clock";

/** What the router sends an object: the lines of one namespace's events. */
export interface AppendRequest {
  readonly key: string;
  readonly contract: ContractVersion;
  /** How the batch's contract was chosen; kept from the object's first append. */
  readonly contractHow: string;
  readonly contractReason: string | null;
  /** The events' lines, as received, in arrival order. */
  readonly lines: readonly string[];
}

const _DOSSIER_PATH =
  /^\/dossiers\/([0-9a-f]{64})(\/parity|\/drift|\/events)?$/;

function _malformedAppend(detail: string): Refusal {
  return new Refusal(400, {
    error: "malformed_append",
    message: `Cannot append to the dossier: ${detail}`,
  });
}

/** Reads and checks an append request: every line an event of one namespace, whose key is `key`. */
async function _appendOf(text: string): Promise<{
  request: AppendRequest;
  contract: ParsingContract;
  identity: string;
  events: ArrivedEvent[];
}> {
  let body: AppendRequest;
  try {
    body = JSON.parse(text);
  } catch {
    throw _malformedAppend("the body must be JSON");
  }
  if (
    body === null || typeof body !== "object" ||
    typeof body.key !== "string" ||
    !CONTRACT_VERSIONS.includes(body.contract) ||
    typeof body.contractHow !== "string" ||
    !(body.contractReason === null ||
      typeof body.contractReason === "string") ||
    !Array.isArray(body.lines) || body.lines.length === 0 ||
    !body.lines.every((line) => typeof line === "string")
  ) {
    throw _malformedAppend(
      "the body must be { key, contract, contractHow, contractReason, lines } with at least one line",
    );
  }
  const contract = CONTRACTS_BY_VERSION[body.contract];
  const events: ArrivedEvent[] = [];
  let identity: string | null = null;
  let namespace = null;
  for (const [index, line] of body.lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw _malformedAppend(`lines[${index}] is not JSON`);
    }
    const parsed = safeParseEventWith(
      contract.envelopeAcceptingEmptyBuildId,
      value,
    );
    if (!parsed.success) {
      throw _malformedAppend(
        `lines[${index}] is not an envelope: ${fieldText(parsed.issues[0])}`,
      );
    }
    const event = parsed.output;
    const placement = placementOf(contract, event.event_type, event.payload);
    if (placement.kind !== "namespace") {
      throw _malformedAppend(
        `lines[${index}] is not a dossier event with a valid namespace`,
      );
    }
    if (identity === null) {
      identity = placement.key;
      namespace = placement.namespace;
    } else if (placement.key !== identity) {
      throw _malformedAppend(
        `lines[${index}] has another namespace identity than lines[0]: ${placement.key} is not ${identity}`,
      );
    }
    events.push({ line, event });
  }
  const key = await contractNamespaceKey(contract, namespace!);
  if (key !== body.key) {
    throw _malformedAppend(
      `the events' namespace key is ${key}: received ${
        JSON.stringify(body.key)
      }`,
    );
  }
  return { request: body, contract, identity: identity!, events };
}

/**
 * The Durable Object that owns one dossier (one namespace identity of one
 * contract, named by its {@linkcode namespaceKey}), for
 * {@linkcode createDossierRouter} to send each namespace's events to. Bind
 * it in the Worker's configuration as a SQLite class (a migration with
 * `new_sqlite_classes = ["DossierObject"]`) under the name the router reads
 * (`DOSSIERS`), and export it from the Worker's main module.
 *
 * It stores each event's winning copy (the reducer keeps the first copy in
 * sort order: lamport clock, timestamp sort text, event id) in its SQLite
 * storage, in one transaction per append, before it answers; it keeps the
 * fold state in memory and folds only the new events when they arrive in
 * order, and refolds from storage, row by row in sort order, when an event
 * lands before the last one folded. On start it rebuilds the state from
 * storage. So `GET /dossiers/{key}` is, byte for byte,
 * `serializeDossierState(reduceMissionDossier(…))` of every event ever
 * stored for the key, in whatever order and however many times they came.
 *
 * @example Run it on an in-memory SQLite database (what the tests do; in a Worker, the runtime makes `ctx`)
 * ```ts
 * import { createDossierRouter, DossierObject } from "@spec-kitty/dossier/edge";
 * import { DatabaseSync } from "node:sqlite";
 * import assert from "node:assert/strict";
 *
 * const db = new DatabaseSync(":memory:");
 * const storage = {
 *   sql: {
 *     exec(query: string, ...bindings: (string | number | null)[]) {
 *       const statement = db.prepare(query);
 *       const rows = statement.columns().length > 0 ? statement.all(...bindings) : (statement.run(...bindings), []);
 *       return Object.assign(rows[Symbol.iterator](), { toArray: () => rows }) as never;
 *     },
 *   },
 *   transactionSync<T>(closure: () => T): T {
 *     db.exec("SAVEPOINT t");
 *     try { const result = closure(); db.exec("RELEASE t"); return result; }
 *     catch (error) { db.exec("ROLLBACK TO t"); db.exec("RELEASE t"); throw error; }
 *   },
 * };
 * const object = new DossierObject({ storage, blockConcurrencyWhile: (callback) => callback() });
 * const route = createDossierRouter({
 *   DOSSIERS: { idFromName: (name) => name, get: () => ({ fetch: (request) => object.fetch(request) }) },
 * });
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "main", mission_type: "software-dev", manifest_version: "1",
 * };
 * const snapshot = {
 *   event_id: "01M8SPA3JNY34W2D07E7F7X2C2", event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "008-dossier", timestamp: "2026-12-01T20:56:31+00:00", node_id: "n", build_id: "b1",
 *   lamport_clock: 2, project_uuid: namespace.project_uuid, correlation_id: "01M8SPA3JNY34W2D07E7F7X2C2",
 *   payload: { namespace, snapshot_hash: "sha256:ff", artifact_count: 0, anomaly_count: 0, computed_at: "now" },
 * };
 * const stored = await route(new Request("http://edge/events", { method: "POST", body: JSON.stringify(snapshot) }));
 * const { namespaces: [{ key, applied }] } = await stored.json();
 * assert.equal(applied, 1);
 * const state = await (await route(new Request(`http://edge/dossiers/${key}`))).json();
 * assert.equal(state.latest_snapshot.snapshot_hash, "sha256:ff");
 * ```
 */
export class DossierObject {
  readonly #opened: Promise<DossierStore>;

  /**
   * Opens the object's storage and rebuilds its dossier from it, before any
   * request is let in.
   *
   * @param ctx The object's state, as the runtime gives it.
   * @param _env The Worker's bindings (not read).
   */
  constructor(ctx: DossierObjectState, _env?: unknown) {
    // The SQL API is synchronous: the store opens (and folds) right here,
    // and no request comes in before it is done.
    this.#opened = ctx.blockConcurrencyWhile(async () =>
      await Promise.resolve(new DossierStore(ctx.storage))
    );
    // A storage that cannot be opened fails each request (workerd resets
    // an object whose start failed), never with an unhandled rejection.
    this.#opened.catch(() => {});
  }

  /**
   * Answers the router: its appends and its question for the highest
   * Lamport clock, and `GET /dossiers/{key}`, `GET /dossiers/{key}/parity`,
   * `GET /dossiers/{key}/events` and `POST /dossiers/{key}/drift` (see
   * {@linkcode createDossierRouter} for what each returns).
   *
   * @param request A request the router forwards.
   * @returns A JSON answer (JSONL for `/events`); 404 for a key the object does not hold.
   */
  async fetch(request: Request): Promise<Response> {
    try {
      return await this.#answer(request, await this.#opened);
    } catch (error) {
      return await answerToError(
        request,
        error,
        (error) => `The dossier object failed: ${(error as Error).message}`,
      );
    }
  }

  async #answer(request: Request, store: DossierStore): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === APPEND_PATH && request.method === "POST") {
      const text = await request.text();
      const { request: append, identity, events } = await _appendOf(text);
      try {
        return jsonResponse(
          200,
          store.append({
            key: append.key,
            contract: append.contract,
            identity,
            contractHow: append.contractHow,
            contractReason: append.contractReason,
          }, events),
        );
      } catch (error) {
        if (!(error instanceof ForeignAppendError)) throw error;
        throw new Refusal(409, {
          error: "namespace_conflict",
          message: error.message,
          key: append.key,
        });
      }
    }
    if (path === CLOCK_PATH && request.method === "GET") {
      return jsonResponse(200, { lamport_clock: store.highestClock() });
    }
    const match = _DOSSIER_PATH.exec(path);
    const known = store.identity;
    if (match === null || known === null || known.key !== match[1]) {
      throw new Refusal(404, {
        error: "unknown_dossier",
        message: `Cannot find dossier ${
          JSON.stringify(match?.[1] ?? path)
        }: no event was ever stored for it`,
      });
    }
    const view = match[2] ?? "";
    const allowed = view === "/drift" ? "POST" : "GET";
    if (request.method !== allowed) {
      throw new Refusal(405, {
        error: "method_not_allowed",
        message: `Cannot ${request.method} ${path}: use ${allowed}`,
      }, { allow: allowed });
    }
    if (view === "") return jsonResponse(200, store.stateJson());
    if (view === "/events") {
      return new Response(store.streamText(), {
        headers: { "content-type": "application/x-ndjson; charset=utf-8" },
      });
    }
    const state = store.state();
    const events = {
      counts: store.counts(),
      rejected: store.rejected(),
      lines: null,
    };
    if (view === "/parity") {
      return jsonResponse(
        200,
        parityJsonOf(
          await evaluateParity(state),
          state.parity_status,
          store.contractJson(),
          events,
        ),
      );
    }
    const contract = store.contract();
    let baseline;
    try {
      baseline = parseDossierStateFor(contract, await request.text());
    } catch (error) {
      throw new Refusal(400, {
        error: "malformed_baseline",
        message: (error as Error).message,
      });
    }
    const findings = diffDossiers(baseline, state);
    const detectedAt = new URL(request.url).searchParams.get("detectedAt") ??
      new Date().toISOString();
    const payloads = findings.length === 0
      ? []
      : driftPayloadsFor(contract, findings, {
        namespace: state.namespace!,
        expectedHash: await computeParityHash(baseline),
        actualHash: await computeParityHash(state),
        detectedAt,
      });
    return jsonResponse(200, {
      drift: findings.length > 0,
      findings: findingsJson(findings),
      payloads,
      contract: store.contractJson(),
      events: events.counts,
      rejected: events.rejected,
    });
  }
}
