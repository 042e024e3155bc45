// What a dossier's store keeps and runs on: the part of a Durable Object's
// storage API it uses, the tables it writes (and their layout version), the
// identity of the one dossier an object holds, what an append counts, and
// the error for an append that belongs to another dossier.
import type { ContractVersion } from "../contract/dossier_contract.ts";

/** A value SQLite storage binds and returns. */
export type SqlStorageValue = string | number | null | ArrayBuffer;

/** The rows of one query (workerd's `SqlStorageCursor`, the part used here). */
export interface DossierSqlCursor
  extends Iterable<Record<string, SqlStorageValue>> {
  /** Every remaining row. */
  toArray(): Record<string, SqlStorageValue>[];
}

/** A Durable Object's SQL API (`ctx.storage.sql`, the part used here). */
export interface DossierSqlStorage {
  /** Runs one statement with `?` bindings; rows are read as the cursor is. */
  exec(query: string, ...bindings: SqlStorageValue[]): DossierSqlCursor;
}

/** A Durable Object's storage (`ctx.storage`, the part used here). */
export interface DossierObjectStorage {
  /** The SQLite database of the object. */
  readonly sql: DossierSqlStorage;
  /** Runs `closure` in one transaction: all of its writes, or none when it throws. */
  transactionSync<T>(closure: () => T): T;
}

/** How one append went, for the events it was given. */
export interface AppendCounts {
  readonly received: number;
  readonly applied: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Always 0: events of other types never reach an object (the router counts them as unassigned). */
  readonly ignored: 0;
}

/** What the object was created with, from its first append. */
export interface DossierIdentity {
  readonly key: string;
  readonly contract: ContractVersion;
  /** The identity key (`_identityKey`) of its namespace. */
  readonly identity: string;
  /** How the contract was chosen, as the parity JSON says it. */
  readonly contractHow: string;
  readonly contractReason: string | null;
}

/** An append that does not belong here: another key, contract or identity. */
export class ForeignAppendError extends Error {
  /** Which of the three differs. */
  readonly field: "key" | "contract" | "identity";

  constructor(
    field: "key" | "contract" | "identity",
    stored: string,
    received: string,
  ) {
    super(
      `Cannot append to dossier: its ${field} is ${
        JSON.stringify(stored)
      }, and an object holds one dossier: received ${JSON.stringify(received)}`,
    );
    this.field = field;
  }
}

/** The storage layout this code writes; a database of another one is refused. */
export const STORE_LAYOUT = 1;

// One row per event id. The index on the sort key lets a refold read the
// rows in the reducer's order without sorting them; the UNIQUE index on
// event_id answers "seen before?". (A table clustered by the sort key, WITHOUT
// ROWID, took three times the space: its rows, lines of about 1 KB, are too
// large for that.) TEXT compares as bytes of UTF-8, which is code point order,
// the reducer's order. `issues` is the payload's issues as JSON for an event
// the fold skips (rejected), NULL for one it applies: a property of the
// payload alone, computed once.
export const STORE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS dossier_meta (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    layout INTEGER NOT NULL,
    namespace_key TEXT NOT NULL,
    contract TEXT NOT NULL,
    identity TEXT NOT NULL,
    contract_how TEXT NOT NULL,
    contract_reason TEXT,
    received INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS dossier_events (
    lamport_clock INTEGER NOT NULL,
    sort_text TEXT NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    line TEXT NOT NULL,
    issues TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS dossier_events_order ON dossier_events (lamport_clock, sort_text, event_id)`,
];
