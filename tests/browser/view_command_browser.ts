/// <reference lib="dom" />
// `dossier view` as a user runs it (`deno run -A cli.ts view …`, a real
// process), its page read in headless Chromium (deno task test:view): for
// every real stream, `--out` gives a page that opens from file:// without
// a single request beyond its folder and shows the mission slug, every live
// artifact path, every stale artifact, every snapshot's short hash and the
// verdicts the package computes; a mission folder gives the dossier its
// index makes; served, the page loads from 127.0.0.1 with its policy as a
// header, and Ctrl-C (SIGINT) stops the server and frees the port.
// Ignored, loudly, without Chromium.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import * as v3 from "../../v3.ts";
import { CLI, runCliProcess } from "../_cli_kit.ts";
import { rawLines, realStream, realStreamNames } from "../_view_kit.ts";
import { browserTest, type Chromium, openPage } from "./_chromium.ts";

const STREAMS = new URL("../data/real-streams/", import.meta.url).pathname;
const MISSIONS = new URL(
  "../data/real-missions/spec-kitty-events/kitty-specs/",
  import.meta.url,
).pathname;

/** What the page must show for a stream, computed by the package. */
async function expected(text: string) {
  const state = v3.reduceMissionDossier(
    v3.parseEventStream(text, { acceptEmptyBuildId: true }),
  );
  const parity = await v3.evaluateParity(state);
  return {
    slug: state.namespace!.mission_slug,
    live: [...state.artifacts].filter(([, entry]) => !entry.superseded).map((
      [path],
    ) => path),
    stale: [...parity.staleArtifacts],
    shortHashes: rawLines(text).filter((line) =>
      line.event_type === "MissionDossierSnapshotComputed"
    ).map((line) =>
      (line.payload as { snapshot_hash: string }).snapshot_hash.replace(
        "sha256:",
        "",
      ).slice(0, 12)
    ),
    verdicts: [parity.status, state.parity_status],
  };
}

/** Checks what the page shows against what the package computed. */
async function assertShows(
  page: Page,
  want: Awaited<ReturnType<typeof expected>>,
): Promise<void> {
  assert.equal(await page.getAttribute("body", "data-state"), "ready");
  assert.equal(await page.textContent("h1"), want.slug);
  const rows = await page.locator("#artifacts-table [role=row][data-path]")
    .evaluateAll((elements) =>
      elements.map((row) => ({
        path: row.getAttribute("data-path")!,
        shown: row.querySelector(".path")?.textContent ?? "",
        state: row.getAttribute("data-state"),
      }))
    );
  for (const path of want.live) {
    assert.ok(
      rows.some((row) => row.path === path && row.shown === path),
      `the row of ${path}`,
    );
  }
  assert.deepEqual(
    rows.filter((row) => row.state === "stale").map((row) => row.path).sort(),
    [...want.stale].sort(),
  );
  const parity = (await page.textContent("#parity"))!;
  for (const path of want.stale) assert.ok(parity.includes(path), path);
  const timeline = (await page.textContent("#timeline"))!;
  assert.ok(want.shortHashes.length > 0);
  for (const hash of want.shortHashes) {
    assert.ok(timeline.includes(hash), `snapshot ${hash} on the timeline`);
  }
  assert.deepEqual([
    await page.textContent("#parity .verdict .pill"),
    await page.textContent("#status .verdict .pill"),
  ], want.verdicts);
}

/** Runs `dossier view --out` as a process; returns the page's file:// URL. */
async function viewOut(args: readonly string[], folder: string): Promise<URL> {
  const out = await Deno.makeTempDir({ dir: folder, prefix: "out-" });
  const { code, stdout, stderr } = await runCliProcess([
    "view",
    "--out",
    out,
    ...args,
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^Wrote the dossier page of /);
  return new URL(`file://${out}/index.html`);
}

/** Opens a page and records every request it makes. */
async function openWatched(browser: Chromium, url: URL | string) {
  const requests: string[] = [];
  const record = (request: { url(): string }) =>
    void requests.push(request.url());
  browser.context.on("request", record);
  try {
    return { ...await openPage(browser, url), requests };
  } finally {
    browser.context.off("request", record);
  }
}

browserTest(
  "dossier view, run as a process, read in headless Chromium",
  "dossier-view-cli-",
  async (t, chromium, folder) => {
    for (const name of realStreamNames()) {
      await t.step(
        `view --out ${name}: from file://, no network; the slug, live and stale artifacts, every snapshot's short hash, the verdicts`,
        async () => {
          const url = await viewOut([`${STREAMS}${name}`], folder);
          const { page, watch, requests } = await openWatched(chromium, url);
          const want = await expected(realStream(name));
          // A stream of several runs: something went stale in between.
          if (want.shortHashes.length > 1) assert.ok(want.stale.length > 0);
          await assertShows(page, want);
          const base = url.href.replace(/index\.html$/, "");
          assert.deepEqual(
            requests.filter((request) => !request.startsWith(base)),
            [],
          );
          assert.deepEqual(watch, { dialogs: [], errors: [] });
          await page.close();
        },
      );
    }

    for (
      const mission of [
        "008-mission-dossier-parity-event-contracts",
        "014-mission-contract-cutover",
      ]
    ) {
      await t.step(
        `view --out of the mission folder ${mission}: the dossier its index makes`,
        async () => {
          const url = await viewOut([`${MISSIONS}${mission}`], folder);
          const html = await Deno.readTextFile(url.pathname);
          const data = JSON.parse(
            /id="dossier-data">(.*)<\/script>/s.exec(html)![1],
          );
          const { page, watch } = await openWatched(chromium, url);
          const want = await expected(data.stream);
          assert.equal(want.slug, mission);
          assert.deepEqual(want.verdicts, ["clean", "clean"]);
          await assertShows(page, want);
          assert.deepEqual(watch, { dialogs: [], errors: [] });
          await page.close();
        },
      );
    }

    await t.step(
      "served: loads from 127.0.0.1 with the policy as a header, no console error; SIGINT stops it and frees the port",
      async () => {
        const name =
          "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl";
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            CLI,
            "view",
            "--port",
            "0",
            `${STREAMS}${name}`,
          ],
          env: { NO_COLOR: "1" },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const reader = child.stdout.pipeThrough(new TextDecoderStream())
          .getReader();
        let stdout = "";
        try {
          while (!/\(Ctrl-C stops\)\n/.test(stdout)) {
            const { value, done } = await reader.read();
            if (done) break;
            stdout += value;
          }
          const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
          assert.ok(url !== null, stdout);
          const page = await chromium.context.newPage();
          const errors: string[] = [];
          page.on("console", (message) => {
            if (message.type() === "error") errors.push(message.text());
          });
          page.on("pageerror", (error) => void errors.push(error.message));
          const response = await page.goto(url[0]);
          const headers = await response!.allHeaders();
          assert.equal(
            headers["content-security-policy"],
            "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
          );
          await page.waitForSelector("body[data-state=ready]");
          await assertShows(page, await expected(realStream(name)));
          assert.deepEqual(errors, []);
          await page.close();

          child.kill("SIGINT");
          const { code } = await child.status;
          while (true) {
            const { value, done } = await reader.read();
            if (done) break;
            stdout += value;
          }
          assert.equal(code, 0);
          assert.match(stdout, /Stopped: the page is no longer served\.\n$/);
          const stderr = await new Response(child.stderr).text();
          assert.match(stderr, /^dossier view: warning: 32 events /);
          const listener = Deno.listen({
            hostname: "127.0.0.1",
            port: Number(url[1]),
          });
          listener.close();
        } finally {
          try {
            child.kill("SIGKILL");
          } catch {
            // already ended
          }
        }
      },
    );
  },
);
