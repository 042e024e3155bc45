// Hostile requests for the dossier edge (docs/robustness.md), shared by the
// in-process fuzz (tests/fuzz_edge_router_test.ts) and the served one
// (tests/served/edge_served.ts): bodies of damaged streams of both
// contracts, garbage, huge and deep lines, bytes that are not UTF-8, every
// method, odd paths and queries, lying lengths.
import fc from "fast-check";
import { damagedStream, eventLines, jsonish, jsonLine } from "./_fuzz_kit.ts";
import { realStreams } from "./_edge_kit.ts";

/** One request, as plain data, so that it can be sent in-process or over HTTP. */
export interface EdgeRequest {
  readonly method: string;
  /** Path and query, e.g. `/events?contract=3.0.0`. */
  readonly target: string;
  readonly body: string | Uint8Array | null;
  /** A content-length header that may lie; `null`: none. */
  readonly declaredLength: string | null;
}

const REAL = [...realStreams().values()].flat();

/**
 * Lines of the real streams (contract 3.0.0), some repeated, some cut, given
 * a build_id (valid without acceptEmptyBuildId), a 2.4.0 field name or a BOM.
 */
const realLines: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.nat({ max: REAL.length - 1 }), { minLength: 1, maxLength: 12 }),
  fc.array(
    fc.record({
      at: fc.nat(),
      op: fc.constantFrom("cut", "build_id", "mission_key", "bom"),
    }),
    { maxLength: 2 },
  ),
).map(([picks, edits]) => {
  const lines = picks.map((index) => REAL[index]);
  for (const { at, op } of edits) {
    const i = at % lines.length;
    if (op === "cut") lines[i] = lines[i].slice(0, at % lines[i].length);
    else if (op === "build_id") {
      lines[i] = lines[i].replace('"build_id":""', '"build_id":"build-1"');
    } else if (op === "mission_key") {
      lines[i] = lines[i].replace('"mission_type"', '"mission_key"');
    } else if (op === "bom") lines[i] = `\ufeff${lines[i]}`;
  }
  return lines.join("\n");
});

/** A body for POST /events. */
const eventsBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: realLines },
  { weight: 3, arbitrary: damagedStream },
  { weight: 2, arbitrary: eventLines.map((lines) => lines.join("\n")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<string | Uint8Array>(
      "",
      "\n\n",
      new Uint8Array([0xff, 0xfe, 0x7b]),
      `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      `{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      REAL[0].replace("quickstart.md", "x".repeat(1 << 20)),
      Array.from({ length: 1_001 }, () => "{}").join("\n"),
      "x".repeat(4 * 1024 * 1024 + 1),
    ),
  },
);

/** A body for POST /dossiers/{key}/drift. */
const driftBody: fc.Arbitrary<string> = fc.oneof(
  jsonish.map(jsonLine),
  fc.string(),
  fc.constant('{"namespace":null}'),
);

const KEYS = [
  "0".repeat(64),
  "f".repeat(64),
  "F".repeat(64),
  "abc",
  "__proto__",
  "%ff",
  "",
];

/** Any request to the edge. */
export const edgeRequest: fc.Arbitrary<EdgeRequest> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      method: fc.oneof(
        { weight: 9, arbitrary: fc.constant("POST") },
        { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE") },
      ),
      query: fc.constantFrom(
        "",
        "",
        "",
        "?contract=3.0.0",
        "?contract=2.4.0",
        "?contract=1.0",
        "?contract=",
        "?contract=3.0.0&contract=2.4.0",
      ),
      body: eventsBody,
      declaredLength: fc.constantFrom(null, null, null, "0", "99999999", "abc"),
    }).map(({ method, query, body, declaredLength }) => ({
      method,
      target: `/events${query}`,
      body: method === "GET" ? null : body,
      declaredLength: method === "GET" ? null : declaredLength,
    })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "HEAD", "PATCH"),
      key: fc.constantFrom(...KEYS),
      view: fc.constantFrom(
        "",
        "/parity",
        "/drift",
        "/drift?detectedAt=x",
        "/x",
      ),
      body: driftBody,
    }).map(({ method, key, view, body }) => ({
      method,
      target: `/dossiers/${key}${view}`,
      body: method === "GET" || method === "HEAD" ? null : body,
      declaredLength: null,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constantFrom("GET", "POST", "OPTIONS"),
      target: fc.constantFrom(
        "/",
        "/events/",
        "/dossiers",
        "/%2e%2e/events",
        "/EVENTS",
        "/events/../events",
      ),
    }).map(({ method, target }) => ({
      method,
      target,
      body: method === "POST" ? "{}" : null,
      declaredLength: null,
    })),
  },
);

/** The request as a `Request` for `base` (`http://127.0.0.1:8788` or any origin). */
export function toRequest(request: EdgeRequest, base: string): Request {
  const headers = new Headers();
  if (request.declaredLength !== null) {
    headers.set("content-length", request.declaredLength);
  }
  return new Request(`${base}${request.target}`, {
    method: request.method,
    headers,
    body: request.body as BodyInit | null,
  });
}

/** Every status the edge answers bad input with, and 200. Never a 5xx. */
export const EDGE_STATUSES: ReadonlySet<number> = new Set([
  200,
  400,
  404,
  405,
  409,
  413,
  422,
]);
