// Runs the smoke suite inside workerd through Miniflare (run with Node 22),
// and prints one JSON line like host_process.mjs. workerd listens on
// 127.0.0.1 only, with `cf: false` (no request-metadata download).
// Usage: node host_workerd.mjs <node_modules dir> <bundle.js> <data.json>
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [nodeModules, bundlePath, dataPath] = process.argv.slice(2);
const require = createRequire(join(nodeModules, "noop.js"));
const { Miniflare } = await import(
  pathToFileURL(require.resolve("miniflare")).href
);
const workerdVersion = JSON.parse(
  await readFile(join(nodeModules, "workerd", "package.json"), "utf8"),
).version;

const entry = `
import * as pkg from "./dossier.js";
import { runSmokeSuite } from "./smoke_suite.mjs";
export default {
  async fetch(request) {
    return Response.json(await runSmokeSuite(pkg, await request.json()));
  },
};`;
const mf = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  cf: false,
  compatibilityDate: "2025-09-15",
  compatibilityFlags: ["nodejs_compat"],
  modules: [
    { type: "ESModule", path: "entry.mjs", contents: entry },
    {
      type: "ESModule",
      path: "dossier.js",
      contents: await readFile(bundlePath, "utf8"),
    },
    {
      type: "ESModule",
      path: "smoke_suite.mjs",
      contents: await readFile(
        new URL("./smoke_suite.mjs", import.meta.url),
        "utf8",
      ),
    },
  ],
});
try {
  const url = await mf.ready;
  if (url.hostname !== "127.0.0.1") {
    throw new Error(`workerd listens on ${url.host}, not on 127.0.0.1`);
  }
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    body: await readFile(dataPath, "utf8"),
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`the worker answered ${response.status}: ${body}`);
  }
  console.log(JSON.stringify({
    runtime: "workerd",
    version: workerdVersion,
    ...JSON.parse(body),
    ms: performance.now() - started,
  }));
} finally {
  await mf.dispose();
}
