/// <reference lib="dom" />
// How fast the dossier page draws a large dossier in headless Chromium:
// a producer-shaped contract 3.0.0 stream of N artifacts (one index run,
// or two with 1% of the artifacts edited between them), written as a
// static page, opened from file:// five times; the page measures, with
// performance.now(), the time from reading its embedded stream to the
// drawn table (parse, reduce, verdict of every run, draw and layout), and
// the bench also times one re-sort of the whole table. The page's own
// figures: data-draw-ms (the whole), data-reduce-ms (parse, reduce and the
// verdict of every run), data-build-ms (the artifact rows built).
//
//   deno task bench:view [artifacts…]     (default 10000)
import { renderDossierPage } from "../view.ts";
import { syntheticStream } from "../tests/browser/_synthetic_stream.ts";
import {
  chromiumMissing,
  launchChromium,
  openPage,
  writePage,
} from "../tests/browser/_chromium.ts";

const ROUNDS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(args: string[]): Promise<number> {
  const missing = chromiumMissing();
  if (missing !== null) {
    console.error(`bench:view cannot run: ${missing}`);
    return 1;
  }
  const sizes = args.length > 0 ? args.map(Number) : [10_000];
  const folder = await Deno.makeTempDir({ prefix: "dossier-view-bench-" });
  const browser = await launchChromium();
  try {
    const version = browser.context.browser()?.version() ?? "?";
    console.log(
      `dossier page, headless Chromium ${version}, median of ${ROUNDS} loads from file://`,
    );
    console.log(
      "artifacts  runs  events  page MB  data → drawn ms  parse+reduce+verdicts ms  rows built ms  re-sort ms",
    );
    for (const artifacts of sizes) {
      for (const runs of [1, 2]) {
        const stream = await syntheticStream(artifacts, runs);
        const files = renderDossierPage({ stream, source: "synthetic.jsonl" });
        const url = await writePage(files, folder);
        const draws: number[] = [];
        const reduces: number[] = [];
        const builds: number[] = [];
        const sorts: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const { page } = await openPage(browser, url);
          const rows = await page.locator(
            "#artifacts-table [role=row][data-path]",
          ).count();
          if (rows !== artifacts) {
            throw new Error(`drew ${rows} rows of ${artifacts}`);
          }
          draws.push(Number(await page.getAttribute("body", "data-draw-ms")));
          builds.push(Number(await page.getAttribute("body", "data-build-ms")));
          reduces.push(
            Number(await page.getAttribute("body", "data-reduce-ms")),
          );
          sorts.push(
            await page.evaluate(() => {
              const button = [...document.querySelectorAll("button.sort")]
                .find((item) => item.textContent === "Size") as HTMLElement;
              const started = performance.now();
              button.click();
              void document.body.offsetHeight;
              return performance.now() - started;
            }),
          );
          await page.close();
        }
        console.log(
          [
            String(artifacts).padStart(9),
            String(runs).padStart(5),
            String(runs * (artifacts + 1)).padStart(7),
            (files["index.html"].length / 1e6).toFixed(1).padStart(9),
            median(draws).toFixed(0).padStart(17),
            median(reduces).toFixed(0).padStart(26),
            median(builds).toFixed(0).padStart(15),
            median(sorts).toFixed(0).padStart(12),
          ].join(""),
        );
      }
    }
  } finally {
    await browser.close();
    await Deno.remove(folder, { recursive: true });
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
