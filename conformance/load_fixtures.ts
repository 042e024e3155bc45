import { loadManifest, readFixtureText } from "./fixture_store.ts";

/** One payload fixture of the conformance kit, ready for {@linkcode validateEvent}. */
export interface FixtureCase {
  /** The manifest id, such as `dossier-artifact-indexed-valid`. */
  readonly id: string;
  /** The payload, parsed from its JSON file. */
  readonly payload: unknown;
  /** Whether the payload must pass validation (`expected_result: "valid"`). */
  readonly expectedValid: boolean;
  /** The event type whose payload schema applies. */
  readonly eventType: string;
  /** What the fixture shows. */
  readonly notes: string;
  /** The first contract version the fixture applies to, such as `2.4.0`. */
  readonly minVersion: string;
}

/** The category of a manifest path: its first segment (`dossier/valid/x.json` → `dossier`). */
function _category(path: string): string {
  return path.split("/")[0];
}

/** {@linkcode loadFixtures} from any fixtures root (the tests serve one over HTTP). */
export async function loadFixturesFrom(
  root: URL,
  category: string,
): Promise<FixtureCase[]> {
  const manifest = await loadManifest(root);
  const categories = [
    ...new Set(manifest.map((entry) => _category(entry.path))),
  ];
  if (!categories.includes(category)) {
    throw new TypeError(
      `Cannot load fixtures: category must be one of ${
        categories.map((known) => `"${known}"`).join(", ")
      }: received ${
        typeof category === "string"
          ? JSON.stringify(category)
          : String(category)
      }`,
    );
  }
  const cases: FixtureCase[] = [];
  for (const entry of manifest) {
    if (entry.fixture_type !== null || _category(entry.path) !== category) {
      continue;
    }
    const url = new URL(entry.path, root);
    const what = `fixture "${entry.id}"`;
    let payload: unknown;
    try {
      payload = JSON.parse(await readFixtureText(url, what));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new SyntaxError(
        `Cannot load ${what}: ${url.href} is not JSON (${error.message})`,
      );
    }
    cases.push({
      id: entry.id,
      payload,
      expectedValid: entry.expected_result === "valid",
      eventType: entry.event_type,
      notes: entry.notes,
      minVersion: entry.min_version,
    });
  }
  return cases;
}
