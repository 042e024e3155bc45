// A Cloudflare Worker that evaluates dossier parity at the edge.
//
//   POST /evaluate   body: a JSONL event stream, or multipart/form-data with
//                    an `events` part (JSONL) and an optional `baseline` part
//                    (a state in canonical JSON, as serializeDossierState
//                    writes it)
//
// 200 → {"state": <canonical JSON>, "parity": …, "findings": […], "payloads": […]}
// 400 → an empty stream (an empty body, or one of blank lines only), a line
//       that is not a JSON object (names the line and the field), a body
//       that is not UTF-8, a missing `events` part, a bad baseline
// 405 → any method but POST; 404 → any other path
// 409 → NamespaceMixedStreamError, with both namespaces
// 413 → a body over MAX_BODY_BYTES (wrangler.toml)
// 422 → envelope or payload violations, each with its line and field
//
// Every refusal reads the rest of the request body before it answers: a
// request answered while its body is still arriving leaves the connection
// in a state that workerd resolves by restarting the Worker, which fails the
// next request with a 503.
import {
  computeParityHash,
  diffDossiers,
  DOSSIER_EVENT_TYPES,
  driftPayloads,
  evaluateParity,
  type Event,
  type MissionDossierState,
  NamespaceMixedStreamError,
  parseDossierState,
  parseEvent,
  reduceMissionDossier,
  serializeDossierState,
} from "../../mod.ts";
import { validateEvent } from "../../conformance/mod.ts";

/** The Worker's bindings: `[vars]` of wrangler.toml. */
export interface Env {
  /** The largest body accepted, in bytes; 1 MiB when unset. */
  readonly MAX_BODY_BYTES?: string;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_VIOLATIONS = 100;

/** One problem of one line of the stream. */
interface Violation {
  readonly line: number;
  readonly field: string;
  readonly message: string;
  readonly layer: "model" | "schema";
}

/** A request the Worker refuses with a status and a JSON body. */
class Refusal {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {}
}

function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

function maxBodyBytes(env: Env): number {
  const limit = Number(env?.MAX_BODY_BYTES);
  return Number.isSafeInteger(limit) && limit > 0
    ? limit
    : DEFAULT_MAX_BODY_BYTES;
}

/** Reads the body, refusing it as soon as it passes the limit. */
async function readBody(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = new Refusal(413, {
    error: "body_too_large",
    message:
      `Cannot evaluate the stream: the body must be at most ${limit} bytes`,
    limit,
  });
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw tooLarge;
  if (request.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      while (!(await reader.read()).done) {
        // Drained, not kept: see the note at the top.
      }
      throw tooLarge;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Reads what is left of the request body and drops it (see the note at the top). */
async function drain(request: Request): Promise<void> {
  if (request.body === null || request.bodyUsed) return;
  try {
    const reader = request.body.getReader();
    while (!(await reader.read()).done) {
      // Dropped.
    }
  } catch {
    // A body that fails while it is read has nothing more to drain.
  }
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Refusal(400, {
      error: "malformed_body",
      message: `Cannot read ${what}: it must be UTF-8 text`,
    });
  }
}

/** Splits the request into the JSONL text and the optional baseline text. */
async function streamAndBaseline(
  request: Request,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ jsonl: string; baseline: string | null }> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    return { jsonl: utf8(bytes, "the body"), baseline: null };
  }
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": type } })
      .formData();
  } catch {
    throw new Refusal(400, {
      error: "malformed_body",
      message: "Cannot read the multipart body: it is not valid form data",
    });
  }
  const part = async (name: string): Promise<string | null> => {
    const value = form.get(name);
    if (value === null) return null;
    return typeof value === "string"
      ? value
      : utf8(new Uint8Array(await value.arrayBuffer()), `the ${name} part`);
  };
  const jsonl = await part("events");
  if (jsonl === null) {
    throw new Refusal(400, {
      error: "malformed_body",
      message:
        'Cannot evaluate the stream: the multipart body must have an "events" part',
    });
  }
  return { jsonl, baseline: await part("baseline") };
}

/** Parses and validates every line: 400 for a line that is not a JSON object, 422 for violations. */
function parseLines(jsonl: string): Event[] {
  const events: Event[] = [];
  const violations: Violation[] = [];
  const lines = jsonl.split("\n");
  for (const [index, text] of lines.entries()) {
    if (text.trim() === "") continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Refusal(400, {
        error: "malformed_line",
        line,
        field: null,
        message: `Cannot parse line ${line}: it is not JSON (${
          (error as Error).message
        })`,
      });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Refusal(400, {
        error: "malformed_line",
        line,
        field: "",
        message:
          `Cannot parse line ${line}: the line must be a JSON object (an event envelope)`,
      });
    }
    const envelope = validateEvent(value, "Event");
    const record = (prefix: string, result: typeof envelope) => {
      for (
        const [layer, issues] of [
          ["model", result.modelViolations],
          ["schema", result.schemaViolations],
        ] as const
      ) {
        for (const issue of issues) {
          violations.push({
            line,
            field: prefix + issue.path,
            message: issue.message,
            layer,
          });
        }
      }
    };
    if (!envelope.valid) {
      record("", envelope);
      continue;
    }
    const event = parseEvent(value);
    if (DOSSIER_EVENT_TYPES.has(event.event_type)) {
      const payload = validateEvent(event.payload, event.event_type);
      if (!payload.valid) record("payload.", payload);
    }
    events.push(event);
  }
  if (violations.length > 0) {
    throw new Refusal(422, {
      error: "invalid_events",
      message: `Cannot evaluate the stream: ${violations.length} ${
        violations.length === 1 ? "violation" : "violations"
      } of the event contract`,
      violations: violations.slice(0, MAX_VIOLATIONS),
    });
  }
  return events;
}

function parseBaseline(text: string): MissionDossierState {
  try {
    return parseDossierState(text);
  } catch (error) {
    throw new Refusal(400, {
      error: "malformed_baseline",
      part: "baseline",
      message: (error as Error).message,
    });
  }
}

async function evaluate(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname !== "/evaluate") {
    throw new Refusal(404, {
      error: "not_found",
      message: `Cannot find ${url.pathname}: the only route is POST /evaluate`,
    });
  }
  if (request.method !== "POST") {
    throw new Refusal(405, {
      error: "method_not_allowed",
      message: `Cannot ${request.method} /evaluate: use POST`,
    }, { allow: "POST" });
  }
  const bytes = await readBody(request, maxBodyBytes(env));
  const { jsonl, baseline } = await streamAndBaseline(request, bytes);
  if (jsonl.trim() === "") {
    const multipart = (request.headers.get("content-type") ?? "")
      .toLowerCase().startsWith("multipart/form-data");
    throw new Refusal(400, {
      error: "empty_stream",
      message: `Cannot evaluate the stream: ${
        multipart ? 'the "events" part' : "the body"
      } must hold at least one JSONL event line: received ${
        jsonl === "" ? "nothing" : "blank lines only"
      }`,
    });
  }
  const events = parseLines(jsonl);
  const baselineState = baseline === null ? null : parseBaseline(baseline);

  let state: MissionDossierState;
  try {
    state = reduceMissionDossier(events);
  } catch (error) {
    if (!(error instanceof NamespaceMixedStreamError)) throw error;
    throw new Refusal(409, {
      error: "namespace_mismatch",
      message: error.message,
      expected: error.expected,
      got: error.got,
    });
  }

  const parity = await evaluateParity(state);
  const findings = baselineState === null
    ? []
    : diffDossiers(baselineState, state);
  const namespace = state.namespace ?? baselineState?.namespace ?? null;
  const payloads = namespace === null || baselineState === null
    ? []
    : driftPayloads(findings, {
      namespace,
      expectedHash: await computeParityHash(baselineState),
      actualHash: parity.actualHash,
      detectedAt: new Date().toISOString(),
    });
  // The state is spliced in as canonical JSON text: parsing it back into a
  // JS object would move integer-like paths to the front.
  return json(
    200,
    `{"state":${serializeDossierState(state)},"parity":${
      JSON.stringify(parity)
    },"findings":${JSON.stringify(findings)},"payloads":${
      JSON.stringify(payloads)
    }}`,
  );
}

export default {
  /** Answers `POST /evaluate`; bad input gets a 4xx, never a 500. */
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await evaluate(request, env);
    } catch (error) {
      if (error instanceof Refusal) {
        await drain(request);
        return json(error.status, error.body, error.headers);
      }
      console.error(error);
      return json(500, {
        error: "internal",
        message: "The Worker failed; this is a bug",
      });
    }
  },
};
