import { _findEntry, _readText } from "./_fixture_store.ts";

/** {@linkcode loadCanonicalOutput} from any fixtures root (the tests serve one over HTTP). */
export async function _loadCanonicalOutputFrom(
  root: URL,
  id: string,
): Promise<string> {
  const action = `Cannot load canonical output ${JSON.stringify(String(id))}`;
  const entry = await _findEntry(root, id, "reducer_output", action);
  return await _readText(new URL(entry.path, root), `canonical output "${id}"`);
}
