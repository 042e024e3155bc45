import { _findEntry, _FIXTURES_ROOT, _readText } from "./_fixture_store.ts";

/** {@linkcode loadReplayStream} from any fixtures root (the tests serve one over HTTP). */
export async function _loadReplayStreamFrom(
  root: URL,
  id: string,
): Promise<Record<string, unknown>[]> {
  const action = `Cannot load replay stream ${JSON.stringify(String(id))}`;
  const entry = await _findEntry(root, id, "replay_stream", action);
  const url = new URL(entry.path, root);
  const text = await _readText(url, `replay stream "${id}"`);
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

/**
 * Loads a replay stream of the conformance kit: the raw event envelopes of
 * its JSONL file, one per line, in file order, not parsed (pass them to
 * `parseEvent`). Files are found as {@linkcode loadFixtures} finds them.
 *
 * @param id The manifest id of a replay stream, such as `dossier-replay-happy-path`.
 * @returns The event objects, in file order.
 * @throws {TypeError} When no fixture has this id (the message lists the
 * replay streams), when the fixture is not a replay stream, or when a line
 * is JSON but not an object.
 * @throws {SyntaxError} When a line is not JSON; the message gives its number.
 * @throws {Error} When the file is missing or cannot be read.
 *
 * @example Replay the happy path
 * ```ts
 * import { loadReplayStream } from "@spec-kitty/dossier/conformance";
 * import { parseEvent, reduceMissionDossier } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const events = await loadReplayStream("dossier-replay-happy-path");
 * assert.deepEqual(events.map((event) => event.lamport_clock), [1, 2, 3, 4, 5, 6]);
 * const state = reduceMissionDossier(events.map(parseEvent));
 * assert.equal(state.parity_status, "clean");
 * ```
 */
export function loadReplayStream(
  id: string,
): Promise<Record<string, unknown>[]> {
  return _loadReplayStreamFrom(_FIXTURES_ROOT, id);
}
