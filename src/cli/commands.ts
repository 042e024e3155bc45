// The commands of the command line, in the order `dossier --help` lists
// them. A new command is a module of `commands/` and one line here.
//
// Each module is loaded only when its command runs (or for the help that
// lists them all): the producer's commands bring the indexer, its YAML
// reader and the page, which would otherwise double the start-up time of
// every `validate` or `reduce`.
import type { AnyCliCommand } from "./command.ts";

/** A command's name, and its module loaded on demand. */
export interface CommandEntry {
  /** The word that names it: `dossier <name>`. */
  readonly name: string;
  /** Loads its module; resolves to the command. */
  readonly load: () => Promise<AnyCliCommand>;
}

/** Every command, by the order of `dossier --help`. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "index",
    load: async () =>
      (await import("./commands/index_missions.ts")).indexCommand,
  },
  {
    name: "reconcile",
    load: async () =>
      (await import("./commands/reconcile.ts")).reconcileCommand,
  },
  {
    name: "validate",
    load: async () => (await import("./commands/validate.ts")).validateCommand,
  },
  {
    name: "reduce",
    load: async () => (await import("./commands/reduce.ts")).reduceCommand,
  },
  {
    name: "parity",
    load: async () => (await import("./commands/parity.ts")).parityCommand,
  },
  {
    name: "drift",
    load: async () => (await import("./commands/drift.ts")).driftCommand,
  },
  {
    name: "partition",
    load: async () =>
      (await import("./commands/partition.ts")).partitionCommand,
  },
  {
    name: "view",
    load: async () => (await import("./commands/view.ts")).viewCommand,
  },
];

/** Every command's module, loaded, in the same order. */
export function loadAllCommands(): Promise<AnyCliCommand[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
