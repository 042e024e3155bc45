// Hostile requests for the example Cloudflare Worker, through its fetch
// handler (docs/robustness.md): bad input gets a 4xx and a JSON body.
import fc from "fast-check";
import assert from "node:assert/strict";
import worker, { type Env } from "../examples/cloudflare-worker/worker.ts";
import {
  damagedStream,
  eventLines,
  fuzzParameters,
  jsonish,
  jsonLine,
} from "./_fuzz_kit.ts";

const REPLAY = "../conformance/fixtures/dossier/replay/";
const HAPPY_TEXT = Deno.readTextFileSync(
  new URL(`${REPLAY}dossier_replay_happy_path.jsonl`, import.meta.url),
);
const CANONICAL = Deno.readTextFileSync(
  new URL(`${REPLAY}dossier_canonical_output_snapshot.json`, import.meta.url),
).trim();
const encoder = new TextEncoder();

/** A JSONL body: damaged valid streams, lines of mutated events, garbage. */
const jsonlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: damagedStream },
  {
    weight: 3,
    arbitrary: eventLines.map((lines) => lines.join("\n")),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      HAPPY_TEXT,
      HAPPY_TEXT.replace("spec.md", "x".repeat(1 << 20)),
      `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
      `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
    ),
  },
);

/** A baseline part: the canonical state, cut, altered, or any JSON. */
const baselineText: fc.Arbitrary<string> = fc.oneof(
  fc.constant(CANONICAL),
  fc.nat({ max: CANONICAL.length }).map((end) => CANONICAL.slice(0, end)),
  jsonish.map(jsonLine),
  fc.string(),
);

type Body = Uint8Array | FormData | string;

/** A body and the content type to send it with (FormData sets its own). */
const body: fc.Arbitrary<{ body: Body; type: string | null }> = fc.oneof(
  {
    weight: 6,
    arbitrary: jsonlText.map((text) => ({ body: text, type: null })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      events: fc.option(jsonlText),
      baseline: fc.option(baselineText),
      asFile: fc.boolean(),
    }).map(({ events, baseline, asFile }) => {
      const form = new FormData();
      const add = (name: string, text: string | null) => {
        if (text === null) return;
        if (asFile) form.append(name, new Blob([text]), `${name}.txt`);
        else form.append(name, text);
      };
      add("events", events);
      add("baseline", baseline);
      return { body: form as Body, type: null };
    }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.uint8Array({ maxLength: 64 }),
      fc.constantFrom(
        null,
        "application/x-ndjson",
        "multipart/form-data",
        "multipart/form-data; boundary=xyz",
        "MULTIPART/FORM-DATA; boundary=",
      ),
    ).map(([bytes, type]) => ({ body: bytes as Body, type })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      // Not UTF-8, in the body and in a multipart file part.
      { body: new Uint8Array([0xff, 0xfe, 0xc3]) as Body, type: null },
      {
        body: encoder.encode(
          '--b\r\ncontent-disposition: form-data; name="events"; filename="e"\r\n\r\n\xff\r\n--b--\r\n',
        ) as Body,
        type: "multipart/form-data; boundary=b",
      },
    ),
  },
);

const request: fc.Arbitrary<{ request: () => Request; env: Env }> = fc.record(
  {
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant("POST") },
      { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "HEAD") },
    ),
    path: fc.oneof(
      { weight: 8, arbitrary: fc.constant("/evaluate") },
      {
        weight: 1,
        arbitrary: fc.constantFrom("/", "/evaluate/", "/__proto__", "/%ff"),
      },
    ),
    body,
    limit: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom("2048", "not a number", "-1") },
    ),
    // A content-length header that lies.
    declared: fc.oneof(
      { weight: 8, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom("0", "999999999", "abc", "-5") },
    ),
  },
).map(({ method, path, body, limit, declared }) => ({
  request: () => {
    const headers = new Headers();
    if (body.type !== null) headers.set("content-type", body.type);
    if (declared !== null) headers.set("content-length", declared);
    const hasBody = method !== "GET" && method !== "HEAD";
    return new Request(`https://dossier.example${path}`, {
      method,
      headers,
      body: hasBody ? body.body as BodyInit : null,
    });
  },
  env: limit === undefined ? {} : { MAX_BODY_BYTES: limit },
}));

const STATUSES = new Set([200, 400, 404, 405, 409, 413, 422]);

Deno.test("the example Worker answers hostile requests with a 4xx and a JSON body (fuzz)", async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async ({ request, env }) => {
      const first = await worker.fetch(request(), env);
      const text = await first.text();
      assert.ok(STATUSES.has(first.status), `status ${first.status}: ${text}`);
      assert.match(
        first.headers.get("content-type") ?? "",
        /^application\/json/,
      );
      const parsed = JSON.parse(text);
      if (first.status !== 200) {
        assert.equal(typeof parsed.error, "string");
        assert.match(parsed.message, /^Cannot |^Namespace mismatch/);
      }
      // The same request gets the same status.
      const second = await worker.fetch(request(), env);
      await second.body?.cancel();
      assert.equal(second.status, first.status);
      statuses.set(first.status, (statuses.get(first.status) ?? 0) + 1);
    }),
    fuzzParameters,
  );
  if (Deno.env.get("FUZZ_VERBOSE")) {
    console.log(
      `fuzz worker: statuses ${
        JSON.stringify(Object.fromEntries([...statuses].sort()))
      }`,
    );
  }
  assert.ok(statuses.has(200) && statuses.has(400) && statuses.has(422));
});
