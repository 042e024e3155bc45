// The dossier edge as a Worker: the router of @spec-kitty/dossier/edge in
// front of one DossierObject per namespace (wrangler.toml binds the class as
// DOSSIERS, a SQLite class). The API is the README's "Dossiers at the edge":
//
//   POST /events                   JSONL envelopes of any namespaces
//   POST /missions/{slug}/index    a mission's files ({path, base64} lines), indexed here
//   GET  /dossiers/{key}           the state in canonical JSON (the page for Accept: text/html)
//   GET  /dossiers/{key}/parity    the parity verdict (dossier parity --json)
//   GET  /dossiers/{key}/events    the stored events, JSONL in replay order
//   POST /dossiers/{key}/drift     findings and payloads against a baseline
//
// The bounds and the build_id rule come from [vars].
import {
  createDossierRouter,
  type DossierEdgeEnv,
  DossierObject,
} from "../../edge.ts";

/** The Worker's bindings: the Durable Object binding and `[vars]` of wrangler.toml. */
export interface Env extends DossierEdgeEnv {
  readonly MAX_BODY_BYTES?: string;
  readonly MAX_BATCH_EVENTS?: string;
  readonly MAX_INDEX_BODY_BYTES?: string;
  readonly MAX_INDEX_FILES?: string;
  readonly ACCEPT_EMPTY_BUILD_ID?: string;
}

/** A `[vars]` number, or the router's default when unset. */
function limit(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

export { DossierObject };

export default {
  /** Routes one request (a refusal is a 4xx with a JSON body, never a 500). */
  fetch(request: Request, env: Env): Promise<Response> {
    return createDossierRouter(env, {
      maxBodyBytes: limit(env.MAX_BODY_BYTES),
      maxBatchEvents: limit(env.MAX_BATCH_EVENTS),
      maxIndexBodyBytes: limit(env.MAX_INDEX_BODY_BYTES),
      maxIndexFiles: limit(env.MAX_INDEX_FILES),
      acceptEmptyBuildId: env.ACCEPT_EMPTY_BUILD_ID === "true",
    })(request);
  },
};
