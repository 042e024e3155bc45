// The three loaders of a conformance kit bound to one fixtures root: the
// 2.4.0 kit's beside this module, the 3.0.0 kit's in its own folder.
import { loadCanonicalOutputFrom } from "./load_canonical_output.ts";
import { type FixtureCase, loadFixturesFrom } from "./load_fixtures.ts";
import { loadReplayStreamFrom } from "./load_replay_stream.ts";

/** The id of the one reducer output fixture of each kit. */
const _CANONICAL_OUTPUT_ID = "dossier-canonical-output-snapshot";

/** The loaders of one conformance kit. */
export interface FixtureKit {
  /** See `loadFixtures`. */
  readonly loadFixtures: (category: string) => Promise<FixtureCase[]>;
  /** See `loadReplayStream`. */
  readonly loadReplayStream: (
    id: string,
  ) => Promise<Record<string, unknown>[]>;
  /** See `loadCanonicalOutput`. */
  readonly loadCanonicalOutput: (id?: string) => Promise<string>;
}

/** The loaders of the kit whose manifest sits at `root`. */
export function fixtureKit(root: URL): FixtureKit {
  return {
    loadFixtures: (category) => loadFixturesFrom(root, category),
    loadReplayStream: (id) => loadReplayStreamFrom(root, id),
    loadCanonicalOutput: (id = _CANONICAL_OUTPUT_ID) =>
      loadCanonicalOutputFrom(root, id),
  };
}
