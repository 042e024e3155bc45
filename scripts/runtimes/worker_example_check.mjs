// Checks the example Worker (examples/cloudflare-worker) in workerd through
// Miniflare, run with Node 22: the happy and drift streams, every kind of bad
// input, then 1,000 sequential requests, each with its status and body
// checked. workerd listens on 127.0.0.1 only, with `cf: false`; it is
// stopped at the end. Prints one JSON line like host_process.mjs.
// Usage: node worker_example_check.mjs <node_modules dir> <worker.js>
//        <wrangler.toml> <fixtures dir> <dossier.js bundle>
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [nodeModules, workerPath, wranglerPath, fixturesDir, bundlePath] = process
  .argv.slice(2);
const require = createRequire(join(nodeModules, "noop.js"));
const { Miniflare } = await import(
  pathToFileURL(require.resolve("miniflare")).href
);
const pkg = await import(pathToFileURL(bundlePath).href);
const workerdVersion = JSON.parse(
  await readFile(join(nodeModules, "workerd", "package.json"), "utf8"),
).version;

// The few wrangler.toml settings the Worker depends on, read from the file
// so that the check runs the Worker as configured.
const toml = await readFile(wranglerPath, "utf8");
const setting = (name) => {
  const match = new RegExp(`^${name}\\s*=\\s*(.+)$`, "m").exec(toml);
  if (match === null) throw new Error(`wrangler.toml has no ${name}`);
  return JSON.parse(match[1]);
};
const limit = Number(setting("MAX_BODY_BYTES"));

const fixture = (path) => readFile(join(fixturesDir, path), "utf8");
const happy = await fixture("dossier/replay/dossier_replay_happy_path.jsonl");
const drift = await fixture(
  "dossier/replay/dossier_replay_drift_scenario.jsonl",
);
const canonical = (await fixture(
  "dossier/replay/dossier_canonical_output_snapshot.json",
)).trimEnd();
const invalidPayload = JSON.parse(
  await fixture("dossier/invalid/dossier_artifact_indexed_missing_path.json"),
);

const happyLines = happy.trim().split("\n");
const withPayload = (line, edit) => {
  const event = JSON.parse(line);
  edit(event);
  return JSON.stringify(event);
};
const mixed = [
  happyLines[0],
  withPayload(happyLines[1], (e) => {
    e.payload.namespace.feature_slug = "043-other";
  }),
].join("\n");

const mf = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  cf: false,
  compatibilityDate: setting("compatibility_date"),
  compatibilityFlags: setting("compatibility_flags"),
  modules: true,
  scriptPath: workerPath,
  bindings: { MAX_BODY_BYTES: String(limit) },
});

const failures = [];
let passed = 0;
const started = performance.now();
try {
  const base = await mf.ready;
  if (base.hostname !== "127.0.0.1") {
    throw new Error(`workerd listens on ${base.host}, not on 127.0.0.1`);
  }
  const endpoint = new URL("/evaluate", base);
  const post = (body, init = {}) =>
    fetch(endpoint, { method: "POST", body, ...init });
  const multipart = (events, baseline) => {
    const form = new FormData();
    if (events !== null) {
      form.append("events", new Blob([events]), "events.jsonl");
    }
    if (baseline !== null) {
      form.append("baseline", new Blob([baseline]), "baseline.json");
    }
    return form;
  };

  /** Sends a request and checks its status and body; returns the body. */
  const expect = async (name, request, status, checkBody) => {
    try {
      const response = await request();
      const text = await response.text();
      if (response.status !== status) {
        throw new Error(
          `status ${response.status}, expected ${status}: ${
            text.slice(0, 300)
          }`,
        );
      }
      if (
        !response.headers.get("content-type")?.startsWith("application/json")
      ) {
        throw new Error(`content-type ${response.headers.get("content-type")}`);
      }
      await checkBody(JSON.parse(text), text, response);
      passed++;
    } catch (error) {
      failures.push(`${name}: ${error.message}`);
    }
  };
  const assert = (condition, what) => {
    if (!condition) throw new Error(what);
  };
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const cases = [
    ["happy stream", () => post(happy), 200, (body, text) => {
      assert(
        text.startsWith(`{"state":${canonical},"parity":`),
        "the state is the canonical output, byte for byte",
      );
      assert(body.parity.status === "clean", "parity clean");
      assert(
        body.parity.actualHash ===
          `sha256:${body.state.latest_snapshot.snapshot_hash}`,
        "hashes",
      );
      assert(
        same(body.findings, []) && same(body.payloads, []),
        "no drift without a baseline",
      );
    }],
    ["drift stream", () => post(drift), 200, (body) => {
      assert(body.state.parity_status === "drifted", "state drifted");
      assert(
        body.state.drift_history[0].drift_kind === "anomaly_introduced",
        "drift history",
      );
      assert(
        body.parity.status === "clean",
        "the snapshot still matches the artifacts",
      );
    }],
    [
      "drift stream against the happy baseline",
      () => post(multipart(drift, canonical)),
      200,
      (body) => {
        assert(
          same(body.findings.map((f) => f.driftKind), [
            "artifact_removed",
            "anomaly_introduced",
          ]),
          `findings ${JSON.stringify(body.findings.map((f) => f.driftKind))}`,
        );
        assert(
          body.findings[0].artifactIds[0].path ===
            "kitty-specs/042-mission-dossier/contracts/dossier-events.v2.json",
          "the removed artifact",
        );
        assert(
          body.findings[1].artifactIds[0].path ===
            "kitty-specs/042-mission-dossier/tasks.md",
          "the anomaly",
        );
        assert(body.payloads.length === 2, "one payload per finding");
        for (const payload of body.payloads) {
          const result = pkg.conformance.validateEvent(
            payload,
            "MissionDossierParityDriftDetected",
          );
          assert(result.valid, `payload ${payload.drift_kind} validates`);
          assert(payload.expected_hash !== payload.actual_hash, "two hashes");
          assert(
            !Number.isNaN(Date.parse(payload.detected_at)),
            "detected_at is a date",
          );
        }
      },
    ],
    ["empty body", () => post(""), 400, (body) => {
      assert(body.error === "empty_stream", JSON.stringify(body));
      assert(/received nothing$/.test(body.message), body.message);
    }],
    [
      "a line that is not JSON",
      () => post(`${happyLines[0]}\n{"event_id":`),
      400,
      (body) => {
        assert(
          body.error === "malformed_line" && body.line === 2 &&
            body.field === null,
          JSON.stringify(body),
        );
        assert(
          /^Cannot parse line 2: it is not JSON/.test(body.message),
          body.message,
        );
      },
    ],
    ["a line that is not an object", () => post(`\n[1, 2]`), 400, (body) => {
      assert(
        body.error === "malformed_line" && body.line === 2 && body.field === "",
        JSON.stringify(body),
      );
    }],
    [
      "an envelope without event_id",
      () => post(withPayload(happyLines[0], (e) => delete e.event_id)),
      422,
      (body) => {
        assert(body.error === "invalid_events", body.error);
        const model = body.violations.filter((v) => v.layer === "model");
        const schema = body.violations.filter((v) => v.layer === "schema");
        assert(
          model.some((v) => v.line === 1 && v.field === "event_id"),
          JSON.stringify(model),
        );
        assert(
          schema.some((v) => v.line === 1 && /event_id/.test(v.message)),
          JSON.stringify(schema),
        );
      },
    ],
    [
      "an invalid payload",
      () =>
        post(withPayload(happyLines[0], (e) => (e.payload = invalidPayload))),
      422,
      (body) => {
        assert(
          body.violations.some((v) =>
            v.line === 1 && v.field === "payload.artifact_id.path"
          ),
          JSON.stringify(body.violations),
        );
      },
    ],
    ["a mixed stream", () => post(mixed), 409, (body) => {
      assert(body.error === "namespace_mismatch", body.error);
      assert(
        body.expected.feature_slug === "042-mission-dossier" &&
          body.got.feature_slug === "043-other",
        "both namespaces",
      );
      assert(
        body.message.startsWith(
          "Namespace mismatch in dossier event stream. Expected: ",
        ),
        body.message,
      );
    }],
    [
      "a body over the limit",
      () => post("\n".repeat(limit + 1)),
      413,
      (body) => {
        assert(
          body.error === "body_too_large" && body.limit === limit,
          JSON.stringify(body),
        );
      },
    ],
    [
      "a streamed body over the limit",
      () => {
        const chunk = new TextEncoder().encode("\n".repeat(64 * 1024));
        let sent = 0;
        const stream = new ReadableStream({
          pull(controller) {
            if (sent > limit) return controller.close();
            sent += chunk.byteLength;
            controller.enqueue(chunk);
          },
        });
        return post(stream, { duplex: "half" });
      },
      413,
      (body) => assert(body.error === "body_too_large", body.error),
    ],
    ["GET", () => fetch(endpoint), 405, (body, _text, response) => {
      assert(response.headers.get("allow") === "POST", "Allow: POST");
      assert(body.error === "method_not_allowed", body.error);
    }],
    [
      "PUT",
      () => fetch(endpoint, { method: "PUT", body: happy }),
      405,
      (body) => {
        assert(body.error === "method_not_allowed", body.error);
      },
    ],
    [
      "another path",
      () => fetch(new URL("/other", base), { method: "POST", body: happy }),
      404,
      (body) => {
        assert(body.error === "not_found", body.error);
      },
    ],
    [
      "a body that is not UTF-8",
      () => post(new Uint8Array([0xff, 0xfe, 0x0a])),
      400,
      (body) => {
        assert(body.error === "malformed_body", body.error);
      },
    ],
    [
      "multipart without events",
      () => post(multipart(null, canonical)),
      400,
      (body) => {
        assert(
          body.error === "malformed_body" && /"events" part/.test(body.message),
          body.message,
        );
      },
    ],
    [
      "a baseline that is not a state",
      () => post(multipart(happy, '{"namespace":null}')),
      400,
      (body) => {
        assert(
          body.error === "malformed_baseline" && body.part === "baseline",
          JSON.stringify(body),
        );
      },
    ],
  ];
  for (const [name, request, status, checkBody] of cases) {
    await expect(name, request, status, checkBody);
  }

  // 1,000 sequential requests, cycling through answers of every status.
  const cycle = cases.filter(([name]) =>
    [
      "happy stream",
      "drift stream against the happy baseline",
      "a line that is not JSON",
      "an invalid payload",
      "a mixed stream",
      "GET",
    ].includes(name)
  );
  const before = failures.length;
  let ok = 0;
  for (let i = 0; i < 1000; i++) {
    const [name, request, status, checkBody] = cycle[i % cycle.length];
    const count = passed;
    await expect(`request ${i + 1} (${name})`, request, status, checkBody);
    if (passed > count) {
      ok++;
      passed = count;
    }
    if (failures.length - before >= 5) break;
  }
  if (ok === 1000) passed++;
  else failures.push(`1,000 sequential requests: ${ok} answered as expected`);
} catch (error) {
  failures.push(error.stack ?? String(error));
} finally {
  await mf.dispose();
}
console.log(JSON.stringify({
  runtime: "workerd",
  version: workerdVersion,
  passed,
  failed: failures.length,
  failures,
  ms: performance.now() - started,
}));
