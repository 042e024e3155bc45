// The fixture loaders of both conformance kits (docs/contract.md, "Schemas, fixtures and dual-layer validation" and "Contract 3.0.0 and the divergences": each contract's
// fixtures in their own folder), from a checkout and over HTTP.
import assert from "node:assert/strict";
import { loadFixturesFrom } from "../conformance/load_fixtures.ts";
import { loadReplayStreamFrom } from "../conformance/load_replay_stream.ts";
import { loadCanonicalOutputFrom } from "../conformance/load_canonical_output.ts";
import {
  FIXTURES_ROOT,
  readFixtureText,
} from "../conformance/fixture_store.ts";
import { CONTRACTS } from "./_builders.ts";

const REPO = new URL("../", import.meta.url);

/** A temp copy of a fixture root whose manifest or files a test may break. */
async function brokenCopy(
  root: URL,
  change: (dir: string) => Promise<void>,
): Promise<{ root: URL; [Symbol.asyncDispose](): Promise<void> }> {
  const dir = await Deno.makeTempDir({ prefix: "dossier_fixtures_" });
  const copy = async (from: URL, to: string) => {
    for await (const entry of Deno.readDir(from)) {
      if (entry.isDirectory) {
        await Deno.mkdir(`${to}/${entry.name}`);
        await copy(new URL(`${entry.name}/`, from), `${to}/${entry.name}`);
      } else {
        await Deno.copyFile(new URL(entry.name, from), `${to}/${entry.name}`);
      }
    }
  };
  await copy(root, dir);
  await change(dir);
  return {
    root: new URL(`file://${dir}/`),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

async function editManifest(
  dir: string,
  edit: (manifest: { fixtures: Record<string, unknown>[] }) => unknown,
) {
  const file = `${dir}/manifest.json`;
  const manifest = JSON.parse(await Deno.readTextFile(file));
  const replaced = edit(manifest);
  await Deno.writeTextFile(
    file,
    replaced === undefined ? JSON.stringify(manifest) : String(replaced),
  );
}

/** Serves a directory on 127.0.0.1 with a random port; some paths can fail. */
function serve(directory: URL, failures: Record<string, number> = {}) {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (request) => {
      const path = decodeURIComponent(new URL(request.url).pathname);
      if (path in failures) {
        return new Response("failure", { status: failures[path] });
      }
      try {
        const body = await Deno.readFile(new URL(`.${path}`, directory));
        const type = path.endsWith(".ts")
          ? "application/typescript"
          : path.endsWith(".json")
          ? "application/json"
          : "text/plain";
        return new Response(body, { headers: { "content-type": type } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    port: server.addr.port,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

for (const c of CONTRACTS) {
  const { loadCanonicalOutput, loadFixtures, loadReplayStream } = c.conformance;
  const ROOT = c.fixtures;
  /** `/fixtures/` or `/fixtures/v3/`: the root when conformance/ is served. */
  const served = ROOT.href.slice(new URL("conformance/", REPO).href.length - 1);
  /** The kit's module: `conformance/mod.ts` or `conformance/v3.ts`. */
  const module = c.version === "3.0.0" ? "v3.ts" : "mod.ts";

  Deno.test(`loadFixtures() returns the thirteen dossier payload fixtures (${c.version})`, async () => {
    const cases = await loadFixtures("dossier");
    assert.equal(cases.length, 13);
    assert.deepEqual(cases[0], {
      id: "dossier-artifact-indexed-valid",
      payload: JSON.parse(
        await Deno.readTextFile(
          new URL(
            "dossier/valid/dossier_artifact_indexed_valid.json",
            ROOT,
          ),
        ),
      ),
      expectedValid: true,
      eventType: "MissionDossierArtifactIndexed",
      notes: "spec.md indexed as an input artifact at the specify step",
      minVersion: c.version,
    });
    assert.deepEqual(
      cases.map((fixture) => fixture.expectedValid).filter((valid) => !valid)
        .length,
      3,
    );
  });

  Deno.test(`loadFixtures() rejects an unknown category, listing the known ones (${c.version})`, async (t) => {
    for (const category of ["status", "Dossier", ""]) {
      await t.step(JSON.stringify(category), async () => {
        await assert.rejects(() => loadFixtures(category), {
          name: "TypeError",
          message:
            `Cannot load fixtures: category must be one of "dossier": received ${
              JSON.stringify(category)
            }`,
        });
      });
    }
    await t.step("a value that is not a string", async () => {
      await assert.rejects(
        () => loadFixtures(7 as unknown as string),
        /: received 7$/,
      );
    });
  });

  Deno.test(`loadReplayStream() returns the raw envelopes in file order (${c.version})`, async (t) => {
    for (
      const [id, length] of [
        ["dossier-replay-happy-path", 6],
        ["dossier-replay-drift-scenario", 5],
      ] as const
    ) {
      await t.step(id, async () => {
        const events = await loadReplayStream(id);
        assert.equal(events.length, length);
        const lines = (await Deno.readTextFile(
          new URL(
            `dossier/replay/${id.replaceAll("-", "_")}.jsonl`,
            ROOT,
          ),
        )).trimEnd().split("\n");
        assert.deepEqual(events, lines.map((line) => JSON.parse(line)));
      });
    }
  });

  Deno.test(`loadReplayStream() names what is wrong with the id (${c.version})`, async (t) => {
    await t.step("an unknown id lists the replay streams", async () => {
      await assert.rejects(() => loadReplayStream("dossier-replay-sad-path"), {
        name: "TypeError",
        message:
          'Cannot load replay stream "dossier-replay-sad-path": id must be one of "dossier-replay-happy-path", "dossier-replay-drift-scenario": received "dossier-replay-sad-path"',
      });
    });
    await t.step("a payload fixture is not a replay stream", async () => {
      await assert.rejects(
        () => loadReplayStream("dossier-artifact-indexed-valid"),
        {
          name: "TypeError",
          message:
            'Cannot load replay stream "dossier-artifact-indexed-valid": fixture "dossier-artifact-indexed-valid" is a payload fixture, not a replay_stream',
        },
      );
    });
    await t.step("a reducer output is not a replay stream", async () => {
      await assert.rejects(
        () => loadReplayStream("dossier-canonical-output-snapshot"),
        /is a reducer_output fixture, not a replay_stream$/,
      );
    });
  });

  Deno.test(`loadCanonicalOutput() returns the canonical JSON text (${c.version})`, async (t) => {
    await t.step("by default, the output of the happy path", async () => {
      const text = await loadCanonicalOutput();
      assert.equal(
        text,
        await Deno.readTextFile(
          new URL(
            "dossier/replay/dossier_canonical_output_snapshot.json",
            ROOT,
          ),
        ),
      );
      assert.equal(
        await loadCanonicalOutput("dossier-canonical-output-snapshot"),
        text,
      );
    });
    await t.step("a replay stream is not an output", async () => {
      await assert.rejects(
        () => loadCanonicalOutput("dossier-replay-happy-path"),
        {
          name: "TypeError",
          message:
            'Cannot load canonical output "dossier-replay-happy-path": fixture "dossier-replay-happy-path" is a replay_stream fixture, not a reducer_output',
        },
      );
    });
    await t.step("an unknown id lists the outputs", async () => {
      await assert.rejects(
        () => loadCanonicalOutput("nope"),
        /id must be one of "dossier-canonical-output-snapshot": received "nope"$/,
      );
    });
  });

  Deno.test(`the loaders report a broken manifest (${c.version})`, async (t) => {
    await t.step("an unknown fixture_type names the fixture", async () => {
      await using copy = await brokenCopy(
        ROOT,
        (dir) =>
          editManifest(dir, (manifest) => {
            manifest.fixtures[14].fixture_type = "snapshot";
          }),
      );
      await assert.rejects(() => loadFixturesFrom(copy.root, "dossier"), {
        name: "TypeError",
        message:
          'Cannot load the fixture manifest: fixture "dossier-replay-drift-scenario" field "fixture_type" must be one of "replay_stream", "reducer_output" (or absent for a payload fixture): received "snapshot"',
      });
    });
    await t.step("a missing field names the entry", async () => {
      await using copy = await brokenCopy(
        ROOT,
        (dir) =>
          editManifest(dir, (manifest) => {
            delete manifest.fixtures[2].id;
          }),
      );
      await assert.rejects(
        () => loadReplayStreamFrom(copy.root, "dossier-replay-happy-path"),
        /^TypeError: Cannot load the fixture manifest: entry 2 field "id" is required: received nothing$/,
      );
    });
    await t.step("an entry that is not an object", async () => {
      await using copy = await brokenCopy(
        ROOT,
        (dir) =>
          editManifest(dir, (manifest) => {
            manifest.fixtures.push(null as never);
          }),
      );
      await assert.rejects(
        () => loadFixturesFrom(copy.root, "dossier"),
        /entry 16 must be an object: received null$/,
      );
    });
    await t.step("no fixtures array", async () => {
      await using copy = await brokenCopy(
        ROOT,
        (dir) => editManifest(dir, () => JSON.stringify({ version: "2.4.0" })),
      );
      await assert.rejects(
        () => loadFixturesFrom(copy.root, "dossier"),
        /manifest\.json must hold an object with a "fixtures" array$/,
      );
    });
    await t.step("a manifest that is not JSON", async () => {
      await using copy = await brokenCopy(
        ROOT,
        (dir) => editManifest(dir, () => "{ fixtures: ["),
      );
      await assert.rejects(
        () =>
          loadCanonicalOutputFrom(
            copy.root,
            "dossier-canonical-output-snapshot",
          ),
        (error: unknown) => {
          assert.ok(error instanceof SyntaxError);
          assert.match(
            error.message,
            /^Cannot load the fixture manifest: .*manifest\.json is not JSON/,
          );
          return true;
        },
      );
    });
    await t.step("a missing manifest", async () => {
      await using copy = await brokenCopy(
        ROOT,
        (dir) => Deno.remove(`${dir}/manifest.json`),
      );
      await assert.rejects(
        () => loadFixturesFrom(copy.root, "dossier"),
        /^Error: Cannot load the fixture manifest: file file:\/\/.*manifest\.json is missing$/,
      );
    });
  });

  Deno.test(`the loaders report broken fixture files (${c.version})`, async (t) => {
    await t.step("a missing payload file names the fixture", async () => {
      await using copy = await brokenCopy(ROOT, (dir) =>
        Deno.remove(
          `${dir}/dossier/invalid/dossier_artifact_indexed_missing_path.json`,
        ));
      await assert.rejects(
        () => loadFixturesFrom(copy.root, "dossier"),
        /^Error: Cannot load fixture "dossier-artifact-indexed-missing-path": file .*dossier_artifact_indexed_missing_path\.json is missing$/,
      );
    });
    await t.step("a payload file that is not JSON", async () => {
      await using copy = await brokenCopy(ROOT, (dir) =>
        Deno.writeTextFile(
          `${dir}/dossier/valid/dossier_snapshot_computed_clean.json`,
          "{",
        ));
      await assert.rejects(
        () => loadFixturesFrom(copy.root, "dossier"),
        (error: unknown) => {
          assert.ok(error instanceof SyntaxError);
          assert.match(
            error.message,
            /^Cannot load fixture "dossier-snapshot-computed-clean": .*dossier_snapshot_computed_clean\.json is not JSON/,
          );
          return true;
        },
      );
    });
    await t.step("a JSONL line that is not JSON gives its number", async () => {
      await using copy = await brokenCopy(ROOT, async (dir) => {
        const file = `${dir}/dossier/replay/dossier_replay_happy_path.jsonl`;
        const lines = (await Deno.readTextFile(file)).split("\n");
        lines[2] = lines[2].slice(0, 40);
        await Deno.writeTextFile(file, lines.join("\r\n"));
      });
      await assert.rejects(
        () => loadReplayStreamFrom(copy.root, "dossier-replay-happy-path"),
        (error: unknown) => {
          assert.ok(error instanceof SyntaxError);
          assert.match(
            error.message,
            /^Cannot load replay stream "dossier-replay-happy-path": line 3 of .*dossier_replay_happy_path\.jsonl is not JSON/,
          );
          return true;
        },
      );
    });
    await t.step("a JSONL line that is not an object", async () => {
      await using copy = await brokenCopy(ROOT, (dir) =>
        Deno.writeTextFile(
          `${dir}/dossier/replay/dossier_replay_drift_scenario.jsonl`,
          '{"event_id":"x"}\n\n[1, 2]\n',
        ));
      await assert.rejects(
        () => loadReplayStreamFrom(copy.root, "dossier-replay-drift-scenario"),
        /^TypeError: .*line 3 of .* must be a JSON object: received \[1, 2\]$/,
      );
    });
    await t.step("CRLF endings and blank lines are fine", async () => {
      await using copy = await brokenCopy(ROOT, async (dir) => {
        const file = `${dir}/dossier/replay/dossier_replay_happy_path.jsonl`;
        const text = await Deno.readTextFile(file);
        await Deno.writeTextFile(
          file,
          `\r\n${text.replaceAll("\n", "\r\n")}\r\n`,
        );
      });
      const events = await loadReplayStreamFrom(
        copy.root,
        "dossier-replay-happy-path",
      );
      assert.deepEqual(
        events,
        await loadReplayStream("dossier-replay-happy-path"),
      );
    });
  });

  Deno.test(`the loaders work over HTTP (${c.version})`, async (t) => {
    await using server = serve(new URL("conformance/", REPO), {
      [`${served}dossier/valid/dossier_snapshot_computed_clean.json`]: 500,
    });
    const root = new URL(served, server.origin);

    await t.step("a replay stream through an http: URL", async () => {
      assert.deepEqual(
        await loadReplayStreamFrom(root, "dossier-replay-happy-path"),
        await loadReplayStream("dossier-replay-happy-path"),
      );
    });
    await t.step("the canonical output through an http: URL", async () => {
      assert.equal(
        await loadCanonicalOutputFrom(
          root,
          "dossier-canonical-output-snapshot",
        ),
        await loadCanonicalOutput(),
      );
    });
    await t.step("an HTTP error names the URL and the status", async () => {
      await assert.rejects(
        () => loadFixturesFrom(root, "dossier"),
        new RegExp(
          `^Error: Cannot load fixture "dossier-snapshot-computed-clean": fetching http://127\\.0\\.0\\.1:\\d+${served}dossier/valid/dossier_snapshot_computed_clean\\.json failed with HTTP 500$`,
        ),
      );
    });
    await t.step("a 404 is a missing file", async () => {
      await assert.rejects(
        () => loadFixturesFrom(new URL("/nowhere/", server.origin), "dossier"),
        /^Error: Cannot load the fixture manifest: file http:\/\/.*\/nowhere\/manifest\.json is missing \(HTTP 404\)$/,
      );
    });
  });

  Deno.test(`the loaders work over HTTP: payload fixtures (${c.version})`, async () => {
    await using server = serve(new URL("conformance/", REPO));
    assert.deepEqual(
      await loadFixturesFrom(new URL(served, server.origin), "dossier"),
      await loadFixtures("dossier"),
    );
  });

  Deno.test(`the loaders report a server that cannot be reached (${c.version})`, async () => {
    const server = serve(new URL("conformance/", REPO));
    const root = new URL(served, server.origin);
    await server[Symbol.asyncDispose]();
    await assert.rejects(
      () => loadFixturesFrom(root, "dossier"),
      new RegExp(
        `^Error: Cannot load the fixture manifest: fetching http://127\\.0\\.0\\.1:\\d+${served}manifest\\.json failed \\(`,
      ),
    );
  });

  Deno.test(`the conformance module served over HTTP finds its fixtures beside it (${c.version})`, async () => {
    // The whole package is served; a separate Deno imports
    // conformance/mod.ts from http://127.0.0.1, so import.meta.url is an
    // http: URL and every fixture is fetched. --no-lock keeps deno.lock clean.
    await using server = serve(REPO);
    const script = `
    const kit = await import("${server.origin}/conformance/${module}");
    const cases = await kit.loadFixtures("dossier");
    const stream = await kit.loadReplayStream("dossier-replay-happy-path");
    const output = await kit.loadCanonicalOutput();
    const verdicts = cases.map((c) => kit.validateEvent(c.payload, c.eventType).valid === c.expectedValid);
    console.log(JSON.stringify({ cases: cases.length, stream: stream.length, output: output.length, agree: verdicts.every(Boolean) }));
  `;
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        "--no-lock",
        "--config",
        new URL("deno.json", REPO).pathname,
        `--allow-import=127.0.0.1:${server.port}`,
        `--allow-net=127.0.0.1:${server.port}`,
        script,
      ],
      cwd: Deno.makeTempDirSync(),
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), {
      cases: 13,
      stream: 6,
      output: (await loadCanonicalOutput()).length,
      agree: true,
    });
  });
}

Deno.test("readFixtureText() reads file:, http: and https: URLs only", async (t) => {
  await t.step("another scheme", async () => {
    await assert.rejects(
      () => readFixtureText(new URL("data:text/plain,hi"), "the thing"),
      /^Error: Cannot load the thing: the URL must be file:, http: or https:: received data:text\/plain,hi$/,
    );
  });
  await t.step("a file that cannot be read (a directory)", async () => {
    await assert.rejects(
      () => readFixtureText(FIXTURES_ROOT, "the thing"),
      /^Error: Cannot load the thing: reading file:\/\/.* failed \(/,
    );
  });
});
