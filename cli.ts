/**
 * The `dossier` command line: check, replay and compare Mission Dossier event
 * logs (JSONL) in CI pipelines and on large logs, read line by line; and
 * produce them from mission folders as the spec-kitty CLI does.
 *
 * ```sh
 * deno run -A jsr:@spec-kitty/dossier/cli validate events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli reduce --json events.jsonl > state.json
 * deno run -A jsr:@spec-kitty/dossier/cli parity events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli drift --baseline state.json events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli partition --out parts/ journal.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli reduce --by-namespace journal.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli index kitty-specs/001-demo > events.jsonl
 * deno run -A jsr:@spec-kitty/dossier/cli reconcile kitty-specs/001-demo
 * ```
 *
 * Exit codes: 0 fine (also when stdout is closed early), 1 invalid input,
 * drift or error, 2 wrong usage, 130 interrupted; `reconcile` exits as
 * `spec-kitty reconcile` does (0 parity, 1 divergence, 2 error). Run it with `--help`, or
 * `help <command>`, for every option; `--version` for the versions.
 *
 * @module
 */
import { runCli } from "./src/cli/run_cli.ts";
import { denoIo } from "./src/cli/deno_io.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, denoIo()));
}
