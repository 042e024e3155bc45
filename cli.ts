/**
 * The `dossier` command line: check, replay and compare Mission Dossier event
 * logs (JSONL) in CI pipelines and on large logs, read line by line.
 *
 * ```sh
 * deno run -A jsr:@spec-kitty/dossier/cli validate events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli reduce --json events.jsonl > state.json
 * deno run -A jsr:@spec-kitty/dossier/cli parity events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli drift --baseline state.json events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli partition --out parts/ journal.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli reduce --by-namespace journal.jsonl
 * ```
 *
 * Exit codes: 0 fine (also when stdout is closed early), 1 invalid input,
 * drift or error, 2 wrong usage, 130 interrupted. Run it with `--help`, or
 * `help <command>`, for every option; `--version` for the versions.
 *
 * @module
 */
import { _runCli } from "./src/cli/_cli.ts";
import { _denoIo } from "./src/cli/_deno_io.ts";

if (import.meta.main) {
  Deno.exit(await _runCli(Deno.args, _denoIo()));
}
