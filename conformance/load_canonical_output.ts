import { _findEntry, _FIXTURES_ROOT, _readText } from "./_fixture_store.ts";

/** The id of the one reducer output fixture of the kit. */
const _CANONICAL_OUTPUT_ID = "dossier-canonical-output-snapshot";

/** {@linkcode loadCanonicalOutput} from any fixtures root (the tests serve one over HTTP). */
export async function _loadCanonicalOutputFrom(
  root: URL,
  id: string,
): Promise<string> {
  const action = `Cannot load canonical output ${JSON.stringify(String(id))}`;
  const entry = await _findEntry(root, id, "reducer_output", action);
  return await _readText(new URL(entry.path, root), `canonical output "${id}"`);
}

/**
 * Loads a reducer output fixture: the canonical JSON of the state that a
 * replay stream reduces to, byte for byte (what `serializeDossierState`
 * prints, and what the reference's `model_dump_json()` prints). Files are
 * found as {@linkcode loadFixtures} finds them.
 *
 * @param id The manifest id of a reducer output; by default
 * `dossier-canonical-output-snapshot`, the output of `dossier-replay-happy-path`.
 * @returns The canonical JSON text, with no final newline.
 * @throws {TypeError} When no fixture has this id (the message lists the
 * reducer outputs), or the fixture is not a reducer output.
 * @throws {Error} When the file is missing or cannot be read.
 *
 * @example The happy path reduces to the canonical output
 * ```ts
 * import { loadCanonicalOutput, loadReplayStream } from "@spec-kitty/dossier/conformance";
 * import { parseEvent, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const events = await loadReplayStream("dossier-replay-happy-path");
 * const state = reduceMissionDossier(events.map(parseEvent));
 * assert.equal(serializeDossierState(state), await loadCanonicalOutput());
 * ```
 */
export function loadCanonicalOutput(
  id: string = _CANONICAL_OUTPUT_ID,
): Promise<string> {
  return _loadCanonicalOutputFrom(_FIXTURES_ROOT, id);
}
