#!/usr/bin/env node
// The npm package's `dossier` command (package.json "bin"): runs the command
// line on every load, since Node 20 has no `import.meta.main` to ask.
import process from "node:process";
import { runCli } from "./run_cli.ts";
import { nodeIo } from "./node_io.ts";

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
