// Reads the conformance fixtures and their manifest from a root URL:
// `file:` through node:fs/promises (Deno, Node and Bun all have it),
// `http:`/`https:` through fetch, so the same code serves a checkout, an
// installed package and a module served over HTTPS. node:fs/promises is
// imported only when a `file:` URL is read, so that browsers and Workers,
// which have no such module, can load the kit (and use validateEvent).
import * as v from "valibot";
import {
  describeValue,
  fieldText,
  toFieldIssues,
} from "../src/contract/field_issue.ts";

/**
 * Where the fixtures sit beside this module, wherever it was loaded from.
 * Cloudflare Workers leave `import.meta.url` undefined: the kit must still
 * import there (`validateEvent` needs no file), and the loaders then refuse
 * the `unavailable:` URL with a clear error.
 */
export const FIXTURES_ROOT: URL = new URL(
  "./fixtures/",
  import.meta.url ?? "unavailable:/conformance/",
);

/** Where contract 3.0.0's fixtures sit: their own folder and manifest. */
export const FIXTURES_ROOT_V3: URL = new URL("./v3/", FIXTURES_ROOT);

/** The kinds of manifest entry that are not payload fixtures. */
const _FIXTURE_TYPES = ["replay_stream", "reducer_output"] as const;

/** One entry of `manifest.json`. */
export interface ManifestEntry {
  readonly id: string;
  /** Relative to the fixtures root, such as `dossier/valid/x.json`. */
  readonly path: string;
  readonly event_type: string;
  readonly expected_result: "valid" | "invalid";
  readonly notes: string;
  readonly min_version: string;
  /** Absent for a payload fixture. */
  readonly fixture_type: typeof _FIXTURE_TYPES[number] | null;
}

const _nonEmpty = () =>
  v.pipe(
    v.string("must be a non-empty string"),
    v.minLength(1, "must be a non-empty string"),
  );

const _EntrySchema: v.GenericSchema<unknown, ManifestEntry> = v.object({
  id: _nonEmpty(),
  path: _nonEmpty(),
  event_type: _nonEmpty(),
  expected_result: v.picklist(
    ["valid", "invalid"],
    'must be "valid" or "invalid"',
  ),
  notes: v.string("must be a string"),
  min_version: _nonEmpty(),
  fixture_type: v.nullish(
    v.picklist(
      _FIXTURE_TYPES,
      `must be one of ${
        _FIXTURE_TYPES.map((type) => `"${type}"`).join(", ")
      } (or absent for a payload fixture)`,
    ),
    null,
  ),
}, "must be an object");

function _quote(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Reads a text file from a `file:`, `http:` or `https:` URL. */
export async function readFixtureText(url: URL, what: string): Promise<string> {
  if (url.protocol === "file:") {
    try {
      const { readFile } = await import("node:fs/promises");
      return await readFile(url, "utf8");
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(
        code === "ENOENT"
          ? `Cannot load ${what}: file ${url.href} is missing`
          : `Cannot load ${what}: reading ${url.href} failed (${
            (error as Error).message
          })`,
        { cause: error },
      );
    }
  }
  if (url.protocol === "http:" || url.protocol === "https:") {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new Error(
        `Cannot load ${what}: fetching ${url.href} failed (${
          (error as Error).message
        })`,
        { cause: error },
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(
        response.status === 404
          ? `Cannot load ${what}: file ${url.href} is missing (HTTP 404)`
          : `Cannot load ${what}: fetching ${url.href} failed with HTTP ${response.status}`,
      );
    }
    return await response.text();
  }
  throw new Error(
    `Cannot load ${what}: the URL must be file:, http: or https:: received ${url.href}`,
  );
}

/** Reads and checks `manifest.json`. */
export async function loadManifest(root: URL): Promise<ManifestEntry[]> {
  const url = new URL("manifest.json", root);
  const what = "the fixture manifest";
  let document: unknown;
  try {
    document = JSON.parse(await readFixtureText(url, what));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SyntaxError(
      `Cannot load ${what}: ${url.href} is not JSON (${error.message})`,
    );
  }
  const fixtures = (document as { fixtures?: unknown } | null)?.fixtures;
  if (!Array.isArray(fixtures)) {
    throw new TypeError(
      `Cannot load ${what}: ${url.href} must hold an object with a "fixtures" array`,
    );
  }
  return fixtures.map((entry: unknown, index) => {
    const result = v.safeParse(_EntrySchema, entry);
    if (result.success) return result.output;
    const id = (entry as { id?: unknown } | null)?.id;
    const label = typeof id === "string" ? `fixture "${id}"` : `entry ${index}`;
    const issue = toFieldIssues(result.issues)[0];
    throw new TypeError(
      `Cannot load ${what}: ${label} ${
        issue.path === ""
          ? `${issue.message}: received ${describeValue(issue.input)}`
          : fieldText(issue)
      }`,
    );
  });
}

/** The manifest entry with this id, of the expected kind. */
export async function findManifestEntry(
  root: URL,
  id: string,
  fixtureType: ManifestEntry["fixture_type"],
  action: string,
): Promise<ManifestEntry> {
  const manifest = await loadManifest(root);
  const entry = manifest.find((candidate) => candidate.id === id);
  if (entry === undefined) {
    const known = manifest.filter((candidate) =>
      candidate.fixture_type === fixtureType
    ).map((candidate) => `"${candidate.id}"`).join(", ");
    throw new TypeError(
      `${action}: id must be one of ${known}: received ${_quote(id)}`,
    );
  }
  if (entry.fixture_type !== fixtureType) {
    throw new TypeError(
      `${action}: fixture "${id}" is ${
        entry.fixture_type === null
          ? "a payload fixture"
          : `a ${entry.fixture_type} fixture`
      }, not a ${fixtureType}`,
    );
  }
  return entry;
}
