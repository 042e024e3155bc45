/**
 * Dossiers that live at the edge: a Cloudflare Durable Object per namespace
 * (one mission's dossier, one contract), and the router that a Worker binds
 * in front of them, for both contracts (2.4.0 and 3.0.0, fixed per batch by
 * its first dossier event or by `?contract=`).
 *
 * Producers send events as they happen: `POST /events` with JSONL, in any
 * order, late, twice. Each object stores every event's winning copy in its
 * SQLite storage in one transaction before it answers, and
 * `GET /dossiers/{key}` is then, byte for byte, `serializeDossierState` of
 * `reduceMissionDossier` of every event it ever stored, whatever the order
 * they came in; the state is rebuilt from storage when the object starts.
 * A mission folder can be indexed right there too: `POST
 * /missions/{slug}/index` takes its files as JSONL `{path, base64}` lines,
 * runs the indexer (`@spec-kitty/dossier/indexer`) in the Worker and stores
 * the run's events the same way. A browser asking for `/dossiers/{key}` gets
 * the dossier page (`@spec-kitty/dossier/view`) of the stored stream.
 *
 * ```
 * JSONL batch ─► router: check every line ─► group by namespace identity ─► DossierObject (namespaceKey)
 *                                                                              ├─ SQLite: winning copy per event id
 *                                                                              └─ fold state ─► /dossiers/{key}[/parity|/drift]
 * ```
 *
 * A Worker's main module:
 *
 * ```ts ignore
 * import { createDossierRouter, DossierObject } from "@spec-kitty/dossier/edge";
 *
 * export { DossierObject };
 * export default {
 *   fetch(request: Request, env: { DOSSIERS: DurableObjectNamespace }) {
 *     return createDossierRouter(env, { acceptEmptyBuildId: true })(request);
 *   },
 * };
 * ```
 *
 * and its `wrangler.toml` binds the class as `DOSSIERS` with a
 * `new_sqlite_classes` migration (`examples/edge-worker/` is one, ready to
 * deploy).
 *
 * @example The key of a namespace names its dossier
 * ```ts
 * import { namespaceKey } from "@spec-kitty/dossier/edge";
 * import assert from "node:assert/strict";
 *
 * const key = await namespaceKey({
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "main", mission_type: "software-dev", manifest_version: "1", step_id: null,
 * });
 * assert.match(`/dossiers/${key}`, /^\/dossiers\/[0-9a-f]{64}$/);
 * ```
 *
 * @module
 */

export {
  createDossierRouter,
  DOSSIER_EDGE_LIMITS,
  type DossierEdgeEnv,
  type DossierObjectNamespace,
  type DossierRouterOptions,
} from "./src/edge/create_dossier_router.ts";
export type {
  DossierBatchNamespace,
  DossierBatchResult,
  DossierObjectStub,
} from "./src/edge/store_batch.ts";
export type { DossierIndexResult } from "./src/edge/index_uploaded_mission.ts";
export {
  DossierObject,
  type DossierObjectState,
} from "./src/edge/dossier_object.ts";
export type {
  DossierObjectStorage,
  DossierSqlCursor,
  DossierSqlStorage,
  SqlStorageValue,
} from "./src/edge/dossier_storage.ts";
export { namespaceKey } from "./src/edge/namespace_key.ts";
/** A namespace of contract 3.0.0, as {@linkcode namespaceKey} takes it. */
export type { LocalNamespaceTuple as LocalNamespaceTuple3_0_0 } from "./src/contract/contract_3_0_0.ts";
/** A namespace of contract 2.4.0, as {@linkcode namespaceKey} takes it. */
export type { LocalNamespaceTuple as LocalNamespaceTuple2_4_0 } from "./src/contract/contract_2_4_0.ts";
