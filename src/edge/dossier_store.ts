// One namespace's dossier, kept in a Durable Object's SQLite storage and
// folded in memory. SQLite holds every event's winning copy (the reducer's
// dedup keeps the first copy in sort order, docs/contract.md, "The reducer", step 3, so a later
// copy with a smaller key replaces the stored one), in sort order, as the
// line of JSON it arrived as: the state is rebuilt from those lines exactly
// as `parseEventStream` and `reduceMissionDossier` would read them (a
// re-serialized envelope would not do: `JSON.stringify` writes an infinite
// number, which a payload may hold, as null). Memory holds the fold state, its tail (the
// sort key of the last event folded) and a few counters; never the events,
// never a set of their ids: SQLite answers "seen before?".
//
// An append of events that all sort after the tail folds only them (the fast
// path: a producer sends in order). One that lands before the tail, or a copy
// that replaces a stored one, refolds from storage, streaming the rows in
// sort order. Either way the state is what `reduceMissionDossier` returns for
// every event ever appended, byte for byte.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import { CONTRACTS_BY_VERSION } from "../envelope/contracts_by_version.ts";
import type { ContractVersion } from "../contract/dossier_contract.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { eventOfLine } from "../envelope/event_stream.ts";
import { timestampSortText } from "../envelope/timestamp.ts";
import { DossierFold, type FoldState } from "../replay/dossier_fold.ts";
import { serializeDossierStateFor } from "../replay/dossier_state_json.ts";
import { compareCodePoints } from "../replay/event_order.ts";
import type { DossierReduceCounts } from "../replay/reduce_mission_dossier_with_report.ts";
import type { ContractJson, RejectedJson } from "../parity/parity_report.ts";
import {
  type AppendCounts,
  type DossierIdentity,
  type DossierObjectStorage,
  ForeignAppendError,
  STORE_LAYOUT,
  STORE_SCHEMA,
} from "./dossier_storage.ts";

/** An event as it arrived: its line of JSON, and that line parsed. */
export interface ArrivedEvent {
  /** The line, as received (the envelope's unknown keys included). */
  readonly line: string;
  /** The envelope the line parses to with the contract's schema (an empty `build_id` read as `"unknown"`). */
  readonly event: Event;
}

/** An event about to be stored, with its sort key. */
interface _Keyed {
  readonly line: string;
  readonly event: Event;
  readonly clock: number;
  readonly text: string;
  readonly id: string;
  /** Its place in the append, the last tie-break (the first arrival wins). */
  readonly position: number;
}

type _Key = readonly [clock: number, text: string, id: string];

function _compareKeys(a: _Key, b: _Key): number {
  return a[0] - b[0] || compareCodePoints(a[1], b[1]) ||
    compareCodePoints(a[2], b[2]);
}

const _keyOf = (entry: _Keyed): _Key => [entry.clock, entry.text, entry.id];

/** The fold and what comes with it, rebuilt together. */
interface _Folded {
  readonly fold: DossierFold;
  /** The sort key of the last event folded. */
  tail: _Key | null;
  /** Events folded (unique), and those of them the fold skipped. */
  count: number;
  rejected: number;
}

/**
 * One namespace's dossier in a Durable Object's storage. Every method is
 * synchronous: the object runs one at a time, and nothing else can see a
 * half-done append.
 */
export class DossierStore {
  readonly #storage: DossierObjectStorage;
  #identity: DossierIdentity | null = null;
  #received = 0;
  #folded: _Folded | null = null;
  #stateJson: string | null = null;

  /** Opens the storage and rebuilds the fold from it (an object's start). */
  constructor(storage: DossierObjectStorage) {
    this.#storage = storage;
    this.#load();
  }

  /** What the object holds, or `null` before its first append. */
  get identity(): DossierIdentity | null {
    return this.#identity;
  }

  #load(): void {
    const sql = this.#storage.sql;
    const tables = sql.exec(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'dossier_meta'",
    ).toArray();
    if (tables.length === 0) return;
    const meta = sql.exec(
      "SELECT layout, namespace_key, contract, identity, contract_how, contract_reason, received FROM dossier_meta",
    ).toArray()[0];
    if (meta === undefined) return;
    if (meta.layout !== STORE_LAYOUT) {
      throw new RangeError(
        `Cannot open the dossier's storage: its layout must be ${STORE_LAYOUT}: received ${meta.layout}`,
      );
    }
    this.#identity = {
      key: meta.namespace_key as string,
      contract: meta.contract as ContractVersion,
      identity: meta.identity as string,
      contractHow: meta.contract_how as string,
      contractReason: meta.contract_reason as string | null,
    };
    this.#received = meta.received as number;
    this.#folded = this.#refold(null);
  }

  get #contract(): ParsingContract {
    return CONTRACTS_BY_VERSION[this.#identity!.contract];
  }

  /**
   * Stores the winning copy of each event and folds what changed, in one
   * transaction: all of it or nothing. `events` are of the object's
   * namespace (the caller checked them), in arrival order.
   *
   * @throws {ForeignAppendError} When the object already holds another
   * key, contract or namespace identity.
   */
  append(
    identity: DossierIdentity,
    events: readonly ArrivedEvent[],
  ): AppendCounts {
    const known = this.#identity;
    if (known !== null) {
      for (const field of ["key", "contract", "identity"] as const) {
        if (known[field] !== identity[field]) {
          throw new ForeignAppendError(field, known[field], identity[field]);
        }
      }
    }
    // The sort keys first: a timestamp that cannot be read fails here,
    // before anything is written.
    const keyed: _Keyed[] = events.map(({ line, event }, position) => ({
      line,
      event,
      clock: event.lamport_clock,
      text: timestampSortText(event.timestamp),
      id: event.event_id,
      position,
    }));
    // In sort order, so that of two copies in one append the one that wins
    // is stored first, and the fast path folds in order.
    keyed.sort((a, b) =>
      _compareKeys(_keyOf(a), _keyOf(b)) || a.position - b.position
    );
    try {
      return this.#storage.transactionSync(() => this.#append(identity, keyed));
    } catch (error) {
      // Nothing was written; the fold and the counters may have moved
      // ahead of that, so they are read again from storage.
      this.#identity = null;
      this.#received = 0;
      this.#folded = null;
      this.#stateJson = null;
      this.#load();
      throw error;
    }
  }

  #append(identity: DossierIdentity, keyed: readonly _Keyed[]): AppendCounts {
    const sql = this.#storage.sql;
    if (this.#identity === null) {
      for (const statement of STORE_SCHEMA) sql.exec(statement);
      sql.exec(
        "INSERT INTO dossier_meta (singleton, layout, namespace_key, contract, identity, contract_how, contract_reason, received) VALUES (1, ?, ?, ?, ?, ?, ?, 0)",
        STORE_LAYOUT,
        identity.key,
        identity.contract,
        identity.identity,
        identity.contractHow,
        identity.contractReason,
      );
      this.#identity = identity;
    }
    const stored: _Keyed[] = [];
    let duplicates = 0;
    for (const entry of keyed) {
      const prior = sql.exec(
        "SELECT lamport_clock, sort_text FROM dossier_events WHERE event_id = ?",
        entry.id,
      ).toArray()[0];
      if (prior !== undefined) {
        const priorKey: _Key = [
          prior.lamport_clock as number,
          prior.sort_text as string,
          entry.id,
        ];
        // An equal key is an earlier arrival of the same copy: it stays.
        if (_compareKeys(priorKey, _keyOf(entry)) <= 0) {
          duplicates++;
          continue;
        }
        // This copy sorts before the stored one, which sorts no later than
        // the tail: the fold below starts again from storage.
        sql.exec("DELETE FROM dossier_events WHERE event_id = ?", entry.id);
      }
      sql.exec(
        "INSERT INTO dossier_events (lamport_clock, sort_text, event_id, event_type, line, issues) VALUES (?, ?, ?, ?, ?, NULL)",
        entry.clock,
        entry.text,
        entry.id,
        entry.event.event_type,
        entry.line,
      );
      stored.push(entry);
    }
    this.#received += keyed.length;
    sql.exec("UPDATE dossier_meta SET received = ?", this.#received);
    let rejected = 0;
    if (stored.length > 0) {
      const outcomes = this.#fold(stored);
      for (const entry of stored) {
        const issues = outcomes.get(entry.id);
        if (issues === undefined) continue;
        rejected++;
        sql.exec(
          "UPDATE dossier_events SET issues = ? WHERE event_id = ?",
          JSON.stringify(issues),
          entry.id,
        );
      }
      this.#stateJson = null;
    }
    return {
      received: keyed.length,
      applied: stored.length - rejected,
      duplicates,
      rejected,
      ignored: 0,
    };
  }

  /**
   * Folds newly stored events (in sort order): only them when they all sort
   * after the tail, else everything from storage. Returns the issues of each
   * new event the fold skipped, by id.
   */
  #fold(stored: readonly _Keyed[]): Map<string, RejectedJson["issues"]> {
    const outcomes = new Map<string, RejectedJson["issues"]>();
    const folded = this.#folded;
    const inOrder = folded !== null &&
      (folded.tail === null ||
        _compareKeys(_keyOf(stored[0]), folded.tail) > 0);
    if (!inOrder) {
      const watched = new Set(stored.map((entry) => entry.id));
      this.#folded = this.#refold({ watched, outcomes });
      return outcomes;
    }
    for (const entry of stored) {
      const issues = _applyTo(folded, entry.event);
      if (issues !== null) outcomes.set(entry.id, issues);
      folded.tail = _keyOf(entry);
    }
    return outcomes;
  }

  /**
   * Folds every stored event, reading the rows in sort order one at a time;
   * `watch` collects the outcomes of some ids on the way.
   */
  #refold(
    watch: {
      readonly watched: ReadonlySet<string>;
      readonly outcomes: Map<string, RejectedJson["issues"]>;
    } | null,
  ): _Folded {
    const folded: _Folded = {
      fold: new DossierFold(this.#contract),
      tail: null,
      count: 0,
      rejected: 0,
    };
    const rows = this.#storage.sql.exec(
      "SELECT lamport_clock, sort_text, event_id, line FROM dossier_events ORDER BY lamport_clock, sort_text, event_id",
    );
    const envelope = this.#contract.envelopeAcceptingEmptyBuildId;
    for (const row of rows) {
      const id = row.event_id as string;
      const event = eventOfLine(envelope, JSON.parse(row.line as string), 0);
      const issues = _applyTo(folded, event);
      if (issues !== null && watch?.watched.has(id)) {
        watch.outcomes.set(id, issues);
      }
      folded.tail = [row.lamport_clock as number, row.sort_text as string, id];
    }
    return folded;
  }

  /** The fold, rebuilt from storage when an append failed. */
  get #current(): _Folded {
    return this.#folded ??= this.#refold(null);
  }

  /** The state of every event appended, as `reduceMissionDossier` returns it. */
  state(): FoldState {
    return this.#current.fold.result();
  }

  /** The state in canonical JSON, kept until the next append changes it. */
  stateJson(): string {
    return this.#stateJson ??= serializeDossierStateFor(
      this.#contract,
      this.state(),
    );
  }

  /** The contract of the dossier. */
  contract(): ParsingContract {
    return this.#contract;
  }

  /** How the contract was chosen, as the JSON outputs say it. */
  contractJson(): ContractJson {
    const identity = this.#identity!;
    return {
      version: identity.contract,
      how: identity.contractHow,
      reason: identity.contractReason,
    };
  }

  /**
   * Every copy appended, in the reducer's report terms: `received` counts
   * each copy of each append (a retried append again), `duplicates` the
   * copies that lost to another.
   */
  counts(): DossierReduceCounts {
    const { count, rejected } = this.#current;
    return {
      received: this.#received,
      applied: count - rejected,
      duplicates: this.#received - count,
      ignored: 0,
      rejected,
    };
  }

  /** The highest Lamport clock stored (the tail's: the sort key starts with it), or `null` before any. */
  highestClock(): number | null {
    return this.#identity === null ? null : this.#current.tail?.[0] ?? null;
  }

  /** Every stored event's line as it arrived, in replay order: the dossier's stream. */
  streamText(): string {
    const rows = this.#storage.sql.exec(
      "SELECT line FROM dossier_events ORDER BY lamport_clock, sort_text, event_id",
    );
    return Array.from(rows, (row) => `${row.line as string}\n`).join("");
  }

  /** The skipped events, in replay order, read from storage. */
  rejected(): RejectedJson[] {
    const rows = this.#storage.sql.exec(
      "SELECT event_id, event_type, issues FROM dossier_events WHERE issues IS NOT NULL ORDER BY lamport_clock, sort_text, event_id",
    );
    const rejected: RejectedJson[] = [];
    for (const row of rows) {
      rejected.push({
        line: null,
        event_id: row.event_id as string,
        event_type: row.event_type as string,
        issues: JSON.parse(row.issues as string),
      });
    }
    return rejected;
  }
}

/** Folds one event; returns its issues when the fold skipped it. */
function _applyTo(
  folded: _Folded,
  event: Event,
): RejectedJson["issues"] | null {
  const outcome = folded.fold.apply(event, folded.count);
  folded.count++;
  if (outcome.applied) return null;
  folded.rejected++;
  return outcome.issues.map(({ path, message, type }) => ({
    path,
    message,
    type,
  }));
}
