// How the producer sees a dossier (docs/contract.md, "Parity as the producer sees it"): the spec-kitty CLI runs
// its pipeline as index runs (one ArtifactIndexed per artifact on disk, then
// ArtifactMissing for the absent required ones, then one SnapshotComputed
// hashed over what that run indexed). The reducer's state keeps every
// artifact ever indexed (the reference's fold); this tracks, beside it, what
// was present at the latest snapshot, so that the parity verdict is the
// producer's without the state changing.

/** One artifact as an index run saw it. */
interface _RunEntry {
  readonly hash: string;
  readonly superseded: boolean;
}

/** What the producer had at the latest snapshot, and what came after it. */
export interface ProducerView {
  /** The latest SnapshotComputed: its event id and input position. */
  readonly snapshot: { readonly eventId: string; readonly index: number };
  /** The live artifacts of its run, path → content hash, in index order. */
  readonly present: ReadonlyMap<string, string>;
  /** The live artifacts indexed after it (a run still under way), by path. */
  readonly pending: ReadonlySet<string>;
}

/**
 * Follows the index runs of one stream, in replay order. The artifacts
 * present at a snapshot are those indexed since the previous snapshot, the
 * last indexing of a path winning; nothing carries over. A run that holds a
 * `supersedes` (the spec-kitty CLI never writes one) replaces a version of
 * an earlier run: it is read as an incremental run, on top of what was
 * present at the previous snapshot.
 */
export class IndexRuns {
  #run = new Map<string, _RunEntry>();
  /** The paths indexed since the latest snapshot (the run carries more when incremental). */
  #indexedSince = new Set<string>();
  #incremental = false;
  #present: ReadonlyMap<string, _RunEntry> | null = null;
  #snapshot: { eventId: string; index: number } | null = null;

  /** An applied `MissionDossierArtifactIndexed`. */
  indexed(path: string, hash: string, supersedes: string | null): void {
    const run = this.#run;
    if (supersedes !== null) {
      if (!this.#incremental && this.#present !== null) {
        // What the run indexed so far comes after what it carries over.
        this.#run = new Map([...this.#present, ...run]);
      }
      this.#incremental = true;
      const prior = this.#run.get(supersedes);
      if (prior !== undefined) {
        this.#run.set(supersedes, { ...prior, superseded: true });
      }
    }
    this.#run.set(path, { hash, superseded: false });
    this.#indexedSince.add(path);
  }

  /** An applied `MissionDossierSnapshotComputed`: the run ends here. */
  snapshot(eventId: string, index: number): void {
    this.#present = this.#run;
    this.#snapshot = { eventId, index };
    this.#run = new Map();
    this.#indexedSince = new Set();
    this.#incremental = false;
  }

  /** The view as of now; `null` before the first snapshot. */
  view(): ProducerView | null {
    if (this.#snapshot === null || this.#present === null) return null;
    const present = new Map<string, string>();
    for (const [path, entry] of this.#present) {
      if (!entry.superseded) present.set(path, entry.hash);
    }
    const pending = new Set<string>();
    for (const path of this.#indexedSince) {
      if (!this.#run.get(path)!.superseded) pending.add(path);
    }
    return { snapshot: this.#snapshot, present, pending };
  }
}

/**
 * The producer's view of each state the reducers return, kept beside the
 * state (which is the reference's and must not change). A state built any
 * other way (read back with `parseDossierState`, written by hand, copied)
 * has none.
 */
const _views = new WeakMap<object, ProducerView>();

/** Records the producer's view of a state the reducer returns. */
export function recordProducerView(
  state: object,
  view: ProducerView | null,
): void {
  if (view !== null) _views.set(state, view);
}

/** The producer's view of a state, when a reducer made it. */
export function producerViewOf(state: object): ProducerView | undefined {
  return _views.get(state);
}
