// Regenerates docs/view-light.png and docs/view-dark.png: the dossier page
// of the real two-run stream (tests/data/real-streams), opened from file://
// in headless Chromium in each colour scheme.
//
//   deno task screenshots:view
import { renderDossierPage } from "../view.ts";
import {
  chromiumMissing,
  launchChromium,
  openPage,
  writePage,
} from "../tests/browser/_chromium.ts";

const STREAM = "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl";

async function main(): Promise<number> {
  const missing = chromiumMissing();
  if (missing !== null) {
    console.error(`screenshots:view cannot run: ${missing}`);
    return 1;
  }
  const stream = await Deno.readTextFile(
    new URL(`../tests/data/real-streams/${STREAM}`, import.meta.url),
  );
  const folder = await Deno.makeTempDir({ prefix: "dossier-view-shots-" });
  const browser = await launchChromium();
  try {
    const url = await writePage(
      renderDossierPage({ stream, source: STREAM }),
      folder,
    );
    for (const colorScheme of ["light", "dark"] as const) {
      const { page, watch } = await openPage(browser, url, { colorScheme });
      if (watch.errors.length > 0) throw new Error(watch.errors.join("\n"));
      const path = new URL(`../docs/view-${colorScheme}.png`, import.meta.url);
      await page.screenshot({ path: path.pathname, fullPage: true });
      console.log(`wrote docs/view-${colorScheme}.png`);
      await page.close();
    }
  } finally {
    await browser.close();
    await Deno.remove(folder, { recursive: true });
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
