import { findManifestEntry, readFixtureText } from "./fixture_store.ts";

/** {@linkcode loadReplayStream} from any fixtures root (the tests serve one over HTTP). */
export async function loadReplayStreamFrom(
  root: URL,
  id: string,
): Promise<Record<string, unknown>[]> {
  const action = `Cannot load replay stream ${JSON.stringify(String(id))}`;
  const entry = await findManifestEntry(root, id, "replay_stream", action);
  const url = new URL(entry.path, root);
  const text = await readFixtureText(url, `replay stream "${id}"`);
  const events: Record<string, unknown>[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (error) {
      throw new SyntaxError(
        `${action}: line ${index + 1} of ${url.href} is not JSON (${
          (error as Error).message
        })`,
      );
    }
    if (event === null || typeof event !== "object" || Array.isArray(event)) {
      throw new TypeError(
        `${action}: line ${
          index + 1
        } of ${url.href} must be a JSON object: received ${line.slice(0, 80)}`,
      );
    }
    events.push(event as Record<string, unknown>);
  }
  return events;
}
