import { findManifestEntry, readFixtureText } from "./fixture_store.ts";

/** {@linkcode loadCanonicalOutput} from any fixtures root (the tests serve one over HTTP). */
export async function loadCanonicalOutputFrom(
  root: URL,
  id: string,
): Promise<string> {
  const action = `Cannot load canonical output ${JSON.stringify(String(id))}`;
  const entry = await findManifestEntry(root, id, "reducer_output", action);
  return await readFixtureText(
    new URL(entry.path, root),
    `canonical output "${id}"`,
  );
}
