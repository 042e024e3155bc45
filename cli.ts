/**
 * The `dossier` command line: check, replay and compare Mission Dossier event
 * logs (JSONL) in CI pipelines and on large logs, read line by line.
 *
 * ```sh
 * deno run -A jsr:@spec-kitty/dossier/cli validate events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli reduce --json events.jsonl > state.json
 * deno run -A jsr:@spec-kitty/dossier/cli parity events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli drift --baseline state.json events.jsonl
 * ```
 *
 * Exit codes: 0 fine, 1 invalid input, drift or error, 2 wrong usage. Run it
 * with `--help` for every option.
 *
 * @module
 */
import { _runCli } from "./src/cli/_cli.ts";
import { _denoIo } from "./src/cli/_deno_io.ts";

if (import.meta.main) {
  Deno.exit(await _runCli(Deno.args, _denoIo()));
}
