/// <reference lib="dom" />
// The dossier page in headless Chromium (deno task test:view): every real
// stream opened from file:// shows its mission, every artifact, the stale
// ones, every snapshot's short hash and the verdicts the package computes;
// a dropped or chosen file is read in the page; bad input shows the
// parser's error; a hostile stream stays text; the page served over HTTP
// carries its policy as a header. Ignored, loudly, without Chromium.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import * as v3 from "../../v3.ts";
import { pageResponse, renderDossierPage } from "../../view.ts";
import { V3 } from "../_builders.ts";
import {
  jsonl,
  rawLines,
  realStream,
  realStreamNames,
  TWO_RUNS,
  wire,
} from "../_view_kit.ts";
import { browserTest, openPage, writePage } from "./_chromium.ts";
import { syntheticStream } from "./_synthetic_stream.ts";

function reduced(text: string): v3.MissionDossierState {
  return v3.reduceMissionDossier(
    v3.parseEventStream(text, { acceptEmptyBuildId: true }),
  );
}

async function texts(page: Page, selector: string): Promise<string[]> {
  return await page.locator(selector).allTextContents();
}

async function rowPaths(page: Page): Promise<string[]> {
  return await page.locator("#artifacts-table [role=row][data-path]")
    .evaluateAll(
      (rows) => rows.map((row) => row.getAttribute("data-path")!),
    );
}

/** The page's verdicts: the hash check and the reducer's recorded status. */
async function verdicts(page: Page): Promise<[string, string]> {
  return [
    (await page.textContent("#parity .verdict .pill"))!,
    (await page.textContent("#status .verdict .pill"))!,
  ];
}

/** Drops a file on the page the way a reader's drag and drop does. */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  await page.evaluate(([fileName, data]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], fileName));
    const target = document.documentElement;
    target.dispatchEvent(
      new DragEvent("dragover", {
        dataTransfer: transfer,
        bubbles: true,
        cancelable: true,
      }),
    );
    target.dispatchEvent(
      new DragEvent("drop", {
        dataTransfer: transfer,
        bubbles: true,
        cancelable: true,
      }),
    );
  }, [name, [...bytes]] as const);
}

async function waitDrawn(page: Page, previous: string | null = null) {
  await page.waitForFunction(
    (before) =>
      ["ready", "error"].includes(document.body.dataset.state ?? "") &&
      document.getElementById("subtitle")?.textContent !== before,
    previous,
  );
}

browserTest(
  "the dossier page in headless Chromium",
  "dossier-view-test-",
  async (t, chromium, folder) => {
    for (const name of realStreamNames()) {
      await t.step(
        `${name}: mission, every artifact, stale ones, every snapshot's hash, the verdicts`,
        async () => {
          const text = realStream(name);
          const state = reduced(text);
          const parity = await v3.evaluateParity(state);
          const url = await writePage(
            renderDossierPage({ stream: text, source: name }),
            folder,
          );
          const { page, watch } = await openPage(chromium, url);
          assert.equal(
            await page.getAttribute("body", "data-state"),
            "ready",
          );
          assert.equal(
            await page.textContent("h1"),
            state.namespace!.mission_slug,
          );
          assert.deepEqual(
            (await rowPaths(page)).sort(),
            [...state.artifacts.keys()].sort(),
          );
          const stale = await page.locator(
            "#artifacts-table [role=row][data-state=stale]",
          ).evaluateAll((rows) =>
            rows.map((row) => row.getAttribute("data-path"))
          );
          assert.deepEqual(stale.sort(), [...parity.staleArtifacts]);
          const timeline = (await page.textContent("#timeline"))!;
          const hashes = rawLines(text).filter((line) =>
            line.event_type === "MissionDossierSnapshotComputed"
          ).map((line) =>
            (line.payload as { snapshot_hash: string }).snapshot_hash
          );
          for (const hash of hashes) {
            assert.ok(
              timeline.includes(hash.replace("sha256:", "").slice(0, 12)),
              hash,
            );
          }
          assert.deepEqual(await verdicts(page), [
            parity.status,
            state.parity_status,
          ]);
          assert.match(
            (await page.textContent("#read-notes"))!,
            /build_id ""/,
          );
          assert.deepEqual(watch, { dialogs: [], errors: [] });
          await page.close();
        },
      );
    }

    await t.step(
      "the two-run stream shows drifted and names what changed between its runs",
      async () => {
        const url = await writePage(
          renderDossierPage({ stream: realStream(TWO_RUNS) }),
          folder,
        );
        const { page } = await openPage(chromium, url);
        assert.deepEqual(await verdicts(page), ["clean", "drifted"]);
        assert.deepEqual(await texts(page, "#compare-added li"), [
          "research.md",
        ]);
        assert.deepEqual(await texts(page, "#compare-removed li"), [
          "spec.md",
        ]);
        assert.deepEqual(await texts(page, "#compare-changed li"), [
          "plan.md",
        ]);
        assert.equal(
          await page.locator("#timeline li[data-kind=drift]").count(),
          1,
        );
        assert.match(
          (await page.textContent("#timeline li[data-kind=drift]"))!,
          /anomaly_introduced/,
        );
        // Comparing a run with itself: nothing changed.
        await page.selectOption("#compare-from", "1");
        assert.deepEqual(await texts(page, "#compare-changed li"), []);
        await page.close();
      },
    );

    await t.step(
      "an altered content hash makes the hash check drifted",
      async () => {
        const lines = rawLines(
          realStream("ske-001-event-model-project-identity.jsonl"),
        );
        const altered = lines.map((line, index) =>
          index === 0
            ? {
              ...line,
              payload: {
                ...(line.payload as object),
                content_ref: { hash: "00".repeat(32), algorithm: "sha256" },
              },
            }
            : line
        );
        const url = await writePage(
          renderDossierPage({ stream: jsonl(altered) }),
          folder,
        );
        const { page } = await openPage(chromium, url);
        assert.deepEqual(await verdicts(page), ["drifted", "clean"]);
        await page.close();
      },
    );

    await t.step(
      "a journal of two missions gives a list to choose from",
      async () => {
        const first = "ske-001-event-model-project-identity.jsonl";
        const second = "ske-002-github-gate-observability-contracts.jsonl";
        const url = await writePage(
          renderDossierPage({
            stream: realStream(first) + realStream(second),
          }),
          folder,
        );
        const { page } = await openPage(chromium, url);
        const slugs = [first, second].map((name) =>
          reduced(realStream(name)).namespace!.mission_slug
        );
        assert.equal(await page.textContent("h1"), slugs[0]);
        const options = await texts(page, "#namespace-select option");
        assert.equal(options.length, 2);
        assert.ok(options[1].startsWith(slugs[1]));
        await page.selectOption("#namespace-select", "1");
        await page.waitForFunction(
          (slug) => document.querySelector("h1")?.textContent === slug,
          slugs[1],
        );
        assert.deepEqual(
          (await rowPaths(page)).sort(),
          [...reduced(realStream(second)).artifacts.keys()].sort(),
        );
        await page.close();
      },
    );

    await t.step(
      "by keyboard: filter by path, sort by a column header, focus visible",
      async () => {
        const text = realStream(TWO_RUNS);
        const state = reduced(text);
        const url = await writePage(
          renderDossierPage({ stream: text }),
          folder,
        );
        const { page } = await openPage(chromium, url);
        await page.getByLabel("Filter by path").fill("TASKS/");
        const expected = [...state.artifacts.keys()].filter((path) =>
          path.toLowerCase().includes("tasks/")
        );
        assert.deepEqual((await rowPaths(page)).sort(), expected.sort());
        assert.match(
          (await page.textContent("#artifact-count"))!,
          new RegExp(`^${expected.length} of ${state.artifacts.size} `),
        );
        await page.getByLabel("Filter by path").fill("");
        const size = page.getByRole("button", { name: "Size" });
        await size.focus();
        await page.keyboard.press("Enter");
        assert.equal(
          await page.getAttribute(
            "[role=columnheader]:has(> button:text('Size'))",
            "aria-sort",
          ),
          "ascending",
        );
        const sizes = await page.locator(
          "#artifacts-table [role=rowgroup][data-kind=output] [role=row][data-path]",
        ).evaluateAll(
          (rows) => rows.map((row) => row.getAttribute("data-path")!),
        );
        const bySize = [...state.artifacts].filter(([, entry]) =>
          entry.identity.artifact_class === "output"
        )
          .sort(([, a], [, b]) =>
            a.content_ref.size_bytes! - b.content_ref.size_bytes!
          ).map(([path]) => path);
        assert.deepEqual(sizes, bySize);
        await page.keyboard.press("Enter");
        assert.equal(
          await page.getAttribute(
            "[role=columnheader]:has(> button:text('Size'))",
            "aria-sort",
          ),
          "descending",
        );
        // Tab from the filter reaches the first header button, visibly focused.
        await page.getByLabel("Filter by path").focus();
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement;
          return {
            text: element.textContent,
            visible: element.matches(":focus-visible"),
            outline: getComputedStyle(element).outlineStyle,
          };
        });
        assert.deepEqual(focus, {
          text: "Path",
          visible: true,
          outline: "solid",
        });
        await page.close();
      },
    );

    await t.step(
      "a chosen file and a dropped file are read and reduced in the page",
      async () => {
        const url = await writePage(renderDossierPage(), folder);
        const { page, watch } = await openPage(chromium, url);
        assert.equal(await page.getAttribute("body", "data-state"), "empty");
        const chosen = "ske-003-status-state-model-contracts.jsonl";
        await page.setInputFiles(
          "#file",
          new URL(`../data/real-streams/${chosen}`, import.meta.url).pathname,
        );
        await waitDrawn(
          page,
          "Drop a JSONL event stream to see its dossier.",
        );
        assert.equal(
          await page.textContent("h1"),
          reduced(realStream(chosen)).namespace!.mission_slug,
        );
        assert.match(
          (await page.textContent("#subtitle"))!,
          new RegExp(`^${chosen} `),
        );
        const before = await page.textContent("#subtitle");
        await dropFile(
          page,
          TWO_RUNS,
          new TextEncoder().encode(realStream(TWO_RUNS)),
        );
        await waitDrawn(page, before);
        assert.equal(
          await page.textContent("h1"),
          reduced(realStream(TWO_RUNS)).namespace!.mission_slug,
        );
        assert.deepEqual(await verdicts(page), ["clean", "drifted"]);
        assert.deepEqual(watch, { dialogs: [], errors: [] });
        await page.close();
      },
    );

    await t.step(
      "bad input shows the parser's error on the page: line, field, value",
      async () => {
        const url = await writePage(renderDossierPage(), folder);
        const { page } = await openPage(chromium, url);
        const good = rawLines(realStream(TWO_RUNS));
        const bad = jsonl([good[0], { ...good[1], lamport_clock: -1 }]);
        let expected = "";
        try {
          v3.parseEventStream(bad, { acceptEmptyBuildId: true });
        } catch (error) {
          expected = (error as Error).message;
        }
        assert.match(expected, /on line 2: field "lamport_clock"/);
        await dropFile(page, "bad.jsonl", new TextEncoder().encode(bad));
        await page.waitForSelector("body[data-state=error]");
        assert.equal(await page.textContent("#error .message"), expected);
        assert.deepEqual(await texts(page, "#error dd"), [
          "2",
          "lamport_clock",
          "-1",
        ]);
        assert.equal(await page.textContent("#main"), "");

        await dropFile(
          page,
          "latin1.jsonl",
          new Uint8Array([0x7b, 0xff, 0x7d]),
        );
        await page.waitForFunction(() =>
          document.querySelector("#error h2")?.textContent ===
            "Cannot read latin1.jsonl"
        );
        assert.match(
          (await page.textContent("#error .message"))!,
          /^Cannot read "latin1.jsonl": it is not UTF-8 text/,
        );

        await dropFile(page, "empty.jsonl", new Uint8Array());
        await page.waitForFunction(() =>
          document.querySelector("#error h2")?.textContent ===
            "Cannot read empty.jsonl"
        );
        assert.equal(
          await page.textContent("#error .message"),
          "Cannot read the stream: it holds no events: received an empty input",
        );
        await page.close();
      },
    );

    await t.step(
      "a hostile stream is shown as written: no dialog, no element injected, the policy in force",
      async () => {
        const hostile = [
          "<img src=x onerror=alert(1)>",
          "javascript:alert(2)",
          '"><script>alert(3)</script>',
          "</script><script>alert(4)</script><!--",
          "<svg onload=alert(5)>",
          "{{constructor.constructor('alert(6)')()}}",
          "__proto__",
        ];
        const w = wire(V3);
        const evil = "<iframe src=javascript:alert(7)>";
        const stream = jsonl([
          ...hostile.map((path, index) =>
            w.indexed(index + 1, path, {
              step_id: evil,
              indexed_at: "<b onmouseover=alert(8)>",
              content_ref: {
                hash: "<svg onload=alert(9)>",
                algorithm: "sha256",
              },
            })
          ),
          w.missing(20, "<img src=y onerror=alert(10)>", {
            remediation_hint: evil,
          }),
          w.snapshot(21, {
            snapshot_hash: "sha256:<img src=z onerror=alert(11)>",
          }),
        ].map((line) => ({ ...line, build_id: "" })));
        const source = '"><img src=x onerror=alert(12)>.jsonl';
        const url = await writePage(
          renderDossierPage({ stream, source }),
          folder,
        );
        const { page, watch } = await openPage(chromium, url);
        assert.equal(await page.getAttribute("body", "data-state"), "ready");
        const cells = await page.locator("#artifacts-table .path")
          .allTextContents();
        assert.deepEqual(cells.sort(), [...hostile].sort());
        assert.ok(
          (await texts(page, "#artifacts-table [role=cell]")).includes(evil),
        );
        assert.equal(
          await page.textContent("#subtitle"),
          `${source} · contract 3.0.0`,
        );
        assert.match(
          (await page.textContent("#anomalies"))!,
          /<img src=y onerror=alert\(10\)>/,
        );
        const injected = await page.evaluate(() => ({
          elements: document.querySelectorAll(
            "img, svg, iframe, a, object, embed, b, form",
          ).length,
          scripts: [...document.scripts].map((script) =>
            script.getAttribute("src") ?? script.type
          ),
          handlers: [...document.querySelectorAll("*")].flatMap((element) =>
            [...element.attributes].map((attribute) => attribute.name).filter(
              (name) => name.startsWith("on"),
            )
          ),
          csp: document.querySelector(
            'meta[http-equiv="Content-Security-Policy"]',
          )?.getAttribute("content"),
        }));
        assert.deepEqual(injected.elements, 0);
        assert.deepEqual(injected.scripts, ["app.js", "application/json"]);
        assert.deepEqual(injected.handlers, []);
        assert.match(injected.csp!, /script-src 'self'/);
        // The policy is in force: an inline script added now does not run.
        const ran = await page.evaluate(() => {
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true";
          document.body.append(script);
          return (window as unknown as { __inlineRan?: boolean })
            .__inlineRan === true;
        });
        assert.equal(ran, false);
        await page.hover("#artifacts-table [role=cell]");
        const hash = page.locator("#artifacts-table button.hash").first();
        assert.equal(await hash.textContent(), "<svg onload=");
        await hash.click();
        assert.equal(
          await hash.textContent(),
          "sha256:<svg onload=alert(9)>",
        );
        assert.equal(await hash.getAttribute("aria-expanded"), "true");
        assert.deepEqual(watch.dialogs, []);
        assert.ok(
          watch.errors.every((message) =>
            /Content Security Policy/.test(message)
          ),
          watch.errors.join("\n"),
        );
        await page.close();
      },
    );

    await t.step(
      "a large dossier (1,500 artifacts, two runs) draws every row, off-screen rows laid out lazily",
      async () => {
        const text = await syntheticStream(1500, 2);
        const state = reduced(text);
        const classes = [
          "input",
          "workflow",
          "output",
          "evidence",
          "policy",
          "runtime",
        ];
        const classOf = (path: string) =>
          classes.indexOf(state.artifacts.get(path)!.identity.artifact_class);
        const url = await writePage(
          renderDossierPage({ stream: text }),
          folder,
        );
        const { page, watch } = await openPage(chromium, url);
        assert.equal(
          await page.getAttribute("#artifacts-table", "class"),
          "table lazy",
        );
        assert.deepEqual(
          await rowPaths(page),
          [...state.artifacts.keys()].sort((a, b) => classOf(a) - classOf(b)),
        );
        assert.deepEqual(await verdicts(page), ["clean", "clean"]);
        assert.equal(await page.locator("#compare-changed li").count(), 15);
        assert.ok(
          Number(await page.getAttribute("body", "data-draw-ms")) > 0,
        );
        assert.deepEqual(watch, { dialogs: [], errors: [] });
        await page.close();
      },
    );

    await t.step(
      "served over HTTP by pageResponse: the policy as a header, the same page",
      async () => {
        const files = renderDossierPage({ stream: realStream(TWO_RUNS) });
        const server = Deno.serve(
          { hostname: "127.0.0.1", port: 0, onListen() {} },
          (request) =>
            pageResponse(files, new URL(request.url).pathname.slice(1)),
        );
        try {
          const page = await chromium.context.newPage();
          const response = await page.goto(
            `http://127.0.0.1:${server.addr.port}/`,
          );
          assert.match(
            (await response!.allHeaders())["content-security-policy"],
            /frame-ancestors 'none'/,
          );
          await page.waitForSelector("body[data-state=ready]");
          assert.deepEqual(await verdicts(page), ["clean", "drifted"]);
          await page.close();
        } finally {
          await server.shutdown();
        }
      },
    );
  },
);
