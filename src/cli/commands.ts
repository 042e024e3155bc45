// The commands of the command line, in the order `dossier --help` lists
// them. A new command is a module of `commands/` and one line here.
import type { AnyCliCommand } from "./command.ts";
import { driftCommand } from "./commands/drift.ts";
import { indexCommand } from "./commands/index_missions.ts";
import { parityCommand } from "./commands/parity.ts";
import { partitionCommand } from "./commands/partition.ts";
import { reconcileCommand } from "./commands/reconcile.ts";
import { reduceCommand } from "./commands/reduce.ts";
import { validateCommand } from "./commands/validate.ts";
import { viewCommand } from "./commands/view.ts";

/** Every command, by the order of `dossier --help`. */
export const COMMANDS: readonly AnyCliCommand[] = [
  indexCommand,
  reconcileCommand,
  validateCommand,
  reduceCommand,
  parityCommand,
  driftCommand,
  partitionCommand,
  viewCommand,
];
