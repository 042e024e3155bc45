// Hostile requests for the dossier edge in-process (docs/robustness.md): every
// answer is a 200 or a 4xx with a JSON body, never a 5xx, and whatever was
// accepted is what every dossier reduces to.
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import { namespaceKey } from "../edge.ts";
import { testEdge } from "./_edge_kit.ts";
import { EDGE_STATUSES, edgeRequest, toRequest } from "./_edge_fuzz.ts";
import { FUZZ_RUNS, FUZZ_SEED } from "./_fuzz_kit.ts";

const API = { "2.4.0": v2, "3.0.0": v3 as unknown as typeof v2 };

Deno.test("the dossier edge answers hostile requests with a 4xx and a JSON body, and stores exactly what it accepted (fuzz)", async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(
      fc.array(edgeRequest, { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      fc.boolean(),
      async (requests, accept, small) => {
        const edge = testEdge({
          acceptEmptyBuildId: accept,
          ...(small ? { maxBodyBytes: 4096, maxBatchEvents: 3 } : {}),
        });
        const accepted: { version: "2.4.0" | "3.0.0"; text: string }[] = [];
        const keys = new Set<string>();
        for (const request of requests) {
          const response = await edge.route(
            toRequest(request, "http://edge.test"),
          );
          const text = await response.text();
          statuses.set(
            response.status,
            (statuses.get(response.status) ?? 0) + 1,
          );
          assert.ok(
            EDGE_STATUSES.has(response.status),
            `${response.status} for ${request.method} ${request.target}: ${text}`,
          );
          assert.equal(
            response.headers.get("content-type"),
            "application/json; charset=utf-8",
          );
          const body = JSON.parse(text);
          if (response.status !== 200) {
            assert.equal(typeof body.error, "string");
            assert.equal(typeof body.message, "string");
            continue;
          }
          if (request.target.startsWith("/events")) {
            for (const entry of body.namespaces) {
              keys.add(entry.key);
              const parity = await (await edge.route(
                new Request(`http://edge.test/dossiers/${entry.key}/parity`),
              )).json();
              accepted.push({
                version: parity.contract.version,
                text: request.body as string,
              });
            }
          }
        }
        // Every dossier touched is the library's reduction of the accepted batches.
        for (const key of keys) {
          const state = await (await edge.route(
            new Request(`http://edge.test/dossiers/${key}`),
          )).text();
          const version = JSON.parse(
            JSON.stringify(
              (await (await edge.route(
                new Request(`http://edge.test/dossiers/${key}/parity`),
              )).json()).contract.version,
            ),
          ) as "2.4.0" | "3.0.0";
          const api = API[version];
          const events = accepted.filter((batch) => batch.version === version)
            .flatMap((batch) =>
              (version === "3.0.0"
                ? v3.parseEventStream(batch.text, { acceptEmptyBuildId: true })
                : api.parseEventStream(batch.text)) as v2.Event[]
            );
          const group = await (async () => {
            for (const candidate of api.partitionByNamespace(events).groups) {
              if (await namespaceKey(candidate.namespace) === key) {
                return candidate;
              }
            }
            throw new Error(`no accepted event has the key ${key}`);
          })();
          assert.equal(
            state,
            api.serializeDossierState(api.reduceMissionDossier(group.events)),
          );
        }
      },
    ),
    { numRuns: Math.max(100, Math.round(FUZZ_RUNS / 4)), seed: FUZZ_SEED },
  );
  console.log(`statuses: ${JSON.stringify([...statuses].sort())}`);
  // The run reached both sides: stored batches and each kind of refusal.
  for (const status of [200, 400, 404, 405, 413, 422]) {
    assert.ok(
      (statuses.get(status) ?? 0) > 0,
      `no ${status} in ${JSON.stringify([...statuses])}`,
    );
  }
});
