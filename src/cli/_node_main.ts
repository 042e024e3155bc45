#!/usr/bin/env node
// The npm package's `dossier` command (package.json "bin"): runs the command
// line on every load, since Node 20 has no `import.meta.main` to ask.
import process from "node:process";
import { _runCli } from "./_cli.ts";
import { _nodeIo } from "./_node_io.ts";

process.exitCode = await _runCli(process.argv.slice(2), _nodeIo());
