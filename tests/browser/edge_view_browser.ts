/// <reference lib="dom" />
// The dossier page served by the edge, in headless Chromium (deno task
// test:view): the router on 127.0.0.1 in front of DossierObjects on
// in-memory SQLite (tests/_edge_kit.ts), a real two-run stream posted to
// POST /events and a real mission's files posted to
// POST /missions/{slug}/index; Chromium opens GET /dossiers/{key} (its
// Accept header asks for HTML) and the page shows the stored namespace's
// mission, rows, snapshots and verdicts, under the page's policy sent as a
// header, with nothing refused by it. Ignored, loudly, without Chromium.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import * as v3 from "../../v3.ts";
import { DOSSIER_PAGE_CSP } from "../../view.ts";
import { testEdge } from "../_edge_kit.ts";
import { filesUnder, PROJECT_ROOT } from "../_indexer_kit.ts";
import { rawLines, realStream, TWO_RUNS } from "../_view_kit.ts";
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  openPage,
  warnSkipped,
} from "./_chromium.ts";

const missing = chromiumMissing();
if (missing !== null) warnSkipped(missing);

const MISSION = "011-wp03-decisionpoint-lifecycle-contracts";
const PROJECT_UUID = "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9";

async function rowPaths(page: Page): Promise<string[]> {
  return await page.locator("#artifacts-table [role=row][data-path]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-path")!));
}

/** The mission's files as the index route takes them: JSONL {path, base64}. */
async function upload(): Promise<string> {
  const files = await filesUnder(`${PROJECT_ROOT}kitty-specs/${MISSION}`);
  return Object.entries(files).map(([path, bytes]) => {
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return JSON.stringify({ path, base64: btoa(binary) });
  }).join("\n");
}

Deno.test({
  name: "the dossier page served by the edge in headless Chromium",
  ignore: missing !== null,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const edge = testEdge({ acceptEmptyBuildId: true });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      edge.route,
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    let browser: Chromium | null = null;
    try {
      const stored = await fetch(`${base}/events`, {
        method: "POST",
        body: realStream(TWO_RUNS),
      });
      assert.equal(stored.status, 200);
      const { namespaces: [{ key: streamKey }] } = await stored.json();
      const indexed = await fetch(
        `${base}/missions/${MISSION}/index?project_uuid=${PROJECT_UUID}`,
        { method: "POST", body: await upload() },
      );
      assert.equal(indexed.status, 200);
      const { key: missionKey, snapshot } = await indexed.json();
      browser = await launchChromium();
      const chromium = browser;

      for (
        const [name, key] of [
          ["the two-run stream posted to POST /events", streamKey],
          ["the mission indexed by POST /missions/{slug}/index", missionKey],
        ]
      ) {
        await t.step(name, async () => {
          // What the page must show: the library's reduction of the stored stream.
          const text = await (await fetch(`${base}/dossiers/${key}/events`))
            .text();
          const state = v3.reduceMissionDossier(
            v3.parseEventStream(text, { acceptEmptyBuildId: true }),
          );
          const parity = await v3.evaluateParity(state);
          const { page, watch } = await openPage(
            chromium,
            `${base}/dossiers/${key}`,
          );
          assert.equal(await page.getAttribute("body", "data-state"), "ready");
          assert.equal(
            await page.textContent("h1"),
            state.namespace!.mission_slug,
          );
          assert.deepEqual(
            (await rowPaths(page)).sort(),
            [...state.artifacts.keys()].sort(),
          );
          const timeline = (await page.textContent("#timeline"))!;
          for (
            const line of rawLines(text).filter((line) =>
              line.event_type === "MissionDossierSnapshotComputed"
            )
          ) {
            const hash = (line.payload as { snapshot_hash: string })
              .snapshot_hash;
            assert.ok(
              timeline.includes(hash.replace("sha256:", "").slice(0, 12)),
              hash,
            );
          }
          assert.equal(
            await page.textContent("#parity .verdict .pill"),
            parity.status,
          );
          if (key === missionKey) {
            assert.equal(parity.status, "clean");
            assert.equal(
              state.latest_snapshot?.snapshot_hash,
              snapshot.snapshot_hash,
            );
          }
          // Nothing refused by the policy, no error, no dialog.
          assert.deepEqual(watch, { dialogs: [], errors: [] });
          await page.close();
        });
      }

      await t.step(
        "the page and its assets carry the policy as a header, and nosniff",
        async () => {
          const page = await chromium.context.newPage();
          const headers = new Map<string, Record<string, string>>();
          page.on("response", async (response) => {
            headers.set(
              new URL(response.url()).pathname,
              await response.allHeaders(),
            );
          });
          const response = await page.goto(`${base}/dossiers/${streamKey}`);
          await page.waitForSelector("body[data-state=ready]");
          const main = await response!.allHeaders();
          assert.equal(main["content-type"], "text/html; charset=utf-8");
          assert.equal(main.vary, "accept");
          for (const path of ["/dossiers/app.js", "/dossiers/app.css"]) {
            assert.ok(headers.has(path), `${path} was loaded`);
          }
          for (
            const [path, got] of [
              [`/dossiers/${streamKey}`, main],
              ["/dossiers/app.js", headers.get("/dossiers/app.js")!],
              ["/dossiers/app.css", headers.get("/dossiers/app.css")!],
            ] as const
          ) {
            assert.equal(
              got["content-security-policy"],
              `${DOSSIER_PAGE_CSP}; frame-ancestors 'none'`,
              path,
            );
            assert.equal(got["x-content-type-options"], "nosniff", path);
          }
          await page.close();
        },
      );
    } finally {
      await browser?.close();
      await server.shutdown();
    }
  },
});
