// A Durable Object's SQLite storage in-process, for the tests: the part of
// workerd's `ctx.storage` that DossierObject uses (`sql.exec`,
// `transactionSync`), on a real SQLite database (node:sqlite), so that the
// same SQL runs here as in workerd. What it keeps of workerd's behaviour:
// a statement runs when `exec` is called (a write is done before `exec`
// returns), rows are read as the cursor is iterated, transaction statements
// are refused in `exec` (workerd wants `transactionSync`), and
// `transactionSync` is all or nothing, nested ones as savepoints.
//
// `crashAt(n)` makes the n-th `exec` from now throw, as the end of a process
// would end it: what the open transaction wrote is rolled back, what was
// committed stays. `reopen()` is a restart on the same database file.
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type {
  DossierObjectState,
  DossierObjectStorage,
  DossierSqlCursor,
  SqlStorageValue,
} from "../edge.ts";

const _TRANSACTION_STATEMENT =
  /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** A crash the storage was told to simulate. */
export class SimulatedCrash extends Error {
  constructor(at: string) {
    super(`simulated crash at: ${at}`);
  }
}

export interface TestStorage extends DossierObjectStorage {
  /** The n-th `exec` from now (1: the next) throws a `SimulatedCrash`. */
  crashAt(n: number): void;
  /** Statements run so far. */
  readonly execs: number;
  /** How many of the statements run so far contain `fragment`. */
  ran(fragment: string): number;
  /** Counts rows of a table, past the object (to look at what is stored). */
  count(table: string): number;
  /** A `ctx` for a `DossierObject` on this storage. */
  ctx(): DossierObjectState;
  /** The same database, opened again: a restart. */
  reopen(): TestStorage;
  close(): void;
}

/** A storage on a new database: a file in `dir` (or in memory). */
export function testStorage(path = ":memory:"): TestStorage {
  const db = new DatabaseSync(path);
  // workerd keeps a Durable Object's database in WAL mode (a -wal file
  // beside it under --persist-to); so does this, for a file.
  if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  const statements = new Map<
    string,
    { statement: StatementSync; reads: boolean }
  >();
  let execs = 0;
  const queries = new Map<string, number>();
  let crashAt = 0;
  let depth = 0;
  const prepared = (query: string) => {
    let entry = statements.get(query);
    if (entry === undefined) {
      const statement = db.prepare(query);
      entry = { statement, reads: statement.columns().length > 0 };
      statements.set(query, entry);
    }
    return entry;
  };
  const storage: TestStorage = {
    sql: {
      exec(query: string, ...bindings: SqlStorageValue[]): DossierSqlCursor {
        if (_TRANSACTION_STATEMENT.test(query)) {
          throw new Error(
            "To execute a transaction, please use the state.storage.transactionSync() API instead",
          );
        }
        execs++;
        queries.set(query, (queries.get(query) ?? 0) + 1);
        if (crashAt > 0 && --crashAt === 0) throw new SimulatedCrash(query);
        const { statement, reads } = prepared(query);
        const values = bindings as (string | number | null)[];
        if (!reads) {
          statement.run(...values);
          const none: Record<string, SqlStorageValue>[] = [];
          return Object.assign(none[Symbol.iterator](), {
            toArray: () => none,
          });
        }
        const rows = statement.iterate(...values) as IterableIterator<
          Record<string, SqlStorageValue>
        >;
        return Object.assign(rows, { toArray: () => [...rows] });
      },
    },
    transactionSync<T>(closure: () => T): T {
      const name = `t${depth++}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = closure();
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
        throw error;
      } finally {
        depth--;
      }
    },
    crashAt(n: number) {
      crashAt = n;
    },
    get execs() {
      return execs;
    },
    ran: (fragment: string) =>
      [...queries].reduce(
        (sum, [query, count]) => sum + (query.includes(fragment) ? count : 0),
        0,
      ),
    count(table: string): number {
      const exists = db.prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE name = ?",
      ).get(table) as { n: number };
      if (exists.n === 0) return 0;
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {
        n: number;
      }).n;
    },
    ctx(): DossierObjectState {
      return {
        storage,
        blockConcurrencyWhile: <R>(callback: () => Promise<R>) => callback(),
      };
    },
    reopen(): TestStorage {
      if (path === ":memory:") {
        throw new Error("Cannot reopen an in-memory database");
      }
      db.close();
      return testStorage(path);
    },
    close() {
      db.close();
    },
  };
  return storage;
}
