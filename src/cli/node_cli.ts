// The npm package's `./cli` entry, in place of cli.ts (which needs Deno):
// like cli.ts, it runs the command line when it is the program
// (`node …/src/cli/_node_cli.js validate events.jsonl`) and does nothing
// when it is imported.
import process from "node:process";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * True when `moduleUrl` is the program Node was started with: `argv1` (the
 * path Node got, perhaps a symbolic link) resolves to that module's file.
 */
export function isProgram(
  moduleUrl: string,
  argv1: string | undefined,
): boolean {
  if (argv1 === undefined) return false;
  try {
    return pathToFileURL(realpathSync(argv1)).href === moduleUrl;
  } catch {
    return false;
  }
}

if (isProgram(import.meta.url, process.argv[1])) {
  await import("./node_main.ts");
}
