// Headless Chromium (Debian's package) driven by playwright-core, for the
// dossier page's browser tests, its benchmark and its screenshots. Every
// launch gets a fresh profile folder, removed on close. Without Chromium
// the tests are ignored and say so loudly: they never pass unrun.
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { DossierPageFiles } from "../../view.ts";

/** The Chromium the tests drive: `$CHROMIUM`, or Debian's. */
export const CHROMIUM_PATH: string = Deno.env.get("CHROMIUM") ??
  "/usr/bin/chromium";

// Without the background-networking flags Chromium tries hosts this closed
// network refuses; --no-sandbox because CI runs as root.
const _FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Why the browser tests cannot run here, or `null` when Chromium is installed. */
export function chromiumMissing(): string | null {
  try {
    return Deno.statSync(CHROMIUM_PATH).isFile
      ? null
      : `${CHROMIUM_PATH} is not a file`;
  } catch {
    return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM)`;
  }
}

/** Says, loudly, that the browser tests did not run. */
export function warnSkipped(reason: string): void {
  console.error(
    `\n${
      "!".repeat(72)
    }\nSKIPPED: the dossier page's browser tests did not run: ${reason}\n${
      "!".repeat(72)
    }\n`,
  );
}

/** A Chromium with a fresh profile; `close()` stops it and removes the profile. */
export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile folder. */
export async function launchChromium(): Promise<Chromium> {
  const profile = await Deno.makeTempDir({ prefix: "dossier-view-profile-" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: _FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await Deno.remove(profile, { recursive: true });
    },
  };
}

/**
 * A Deno test that runs in one headless Chromium with a temporary folder,
 * both removed after it; ignored (after a loud warning) when Chromium is
 * absent.
 */
export function browserTest(
  name: string,
  prefix: string,
  fn: (
    t: Deno.TestContext,
    chromium: Chromium,
    folder: string,
  ) => Promise<void>,
): void {
  const missing = chromiumMissing();
  if (missing !== null) warnSkipped(missing);
  Deno.test({
    name,
    ignore: missing !== null,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const folder = await Deno.makeTempDir({ prefix });
      let browser: Chromium | null = null;
      try {
        browser = await launchChromium();
        await fn(t, browser, folder);
      } finally {
        await browser?.close();
        await Deno.remove(folder, { recursive: true });
      }
    },
  });
}

/** Writes the page's files into a new folder under `parent`; returns the `file://` URL of its index.html. */
export async function writePage(
  files: DossierPageFiles,
  parent: string,
): Promise<URL> {
  const folder = await Deno.makeTempDir({ dir: parent, prefix: "page-" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${folder}/${name}`, text);
  }
  return new URL(`file://${folder}/index.html`);
}

/** What a page did that a test must see: dialogs, errors, console errors. */
export interface PageWatch {
  readonly dialogs: string[];
  readonly errors: string[];
}

/**
 * Opens a page, records every dialog (dismissed), uncaught error and
 * console error, and waits until the page has drawn (or shown an error).
 */
export async function openPage(
  browser: Chromium,
  url: URL | string,
  options: { readonly colorScheme?: "light" | "dark" } = {},
): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.context.newPage();
  const watch: PageWatch = { dialogs: [], errors: [] };
  page.on("dialog", (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => watch.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
  await page.goto(String(url));
  await page.waitForSelector(
    "body[data-state=ready], body[data-state=error], body[data-state=empty]",
  );
  return { page, watch };
}
