// Runs the smoke suite in this process (Node or Bun) and prints one JSON
// line: { runtime, version, passed, failed, failures, ms }.
// Usage: <runtime> host_process.mjs <bundle.js> <data.json>
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { runSmokeSuite } from "./smoke_suite.mjs";

const [bundlePath, dataPath] = process.argv.slice(2);
const data = JSON.parse(await readFile(dataPath, "utf8"));
const started = performance.now();
const pkg = await import(pathToFileURL(bundlePath).href);
const result = await runSmokeSuite(pkg, data);
const isBun = typeof globalThis.Bun !== "undefined";
console.log(JSON.stringify({
  runtime: isBun ? "bun" : "node",
  version: isBun ? globalThis.Bun.version : process.versions.node,
  ...result,
  ms: performance.now() - started,
}));
