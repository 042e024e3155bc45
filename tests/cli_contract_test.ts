// The command line and the two contracts: --contract, auto detection, a
// stream mixing both shapes, --accept-empty-build-id, and no silent empty
// dossier in either contract.
import assert from "node:assert/strict";
import { runCliOnFiles } from "./_cli_kit.ts";
import { CONTRACTS, V2, V3 } from "./_builders.ts";

const FIXTURES = new URL("../conformance/fixtures/", import.meta.url);
const HAPPY_V2 =
  new URL("dossier/replay/dossier_replay_happy_path.jsonl", FIXTURES)
    .pathname;
const HAPPY_V3 =
  new URL("v3/dossier/replay/dossier_replay_happy_path.jsonl", FIXTURES)
    .pathname;
const lines = (path: string) =>
  Deno.readTextFileSync(path).split("\n").filter((line) => line !== "");

const cli = runCliOnFiles;

const jsonl = (values: readonly unknown[]) =>
  values.map((value) => JSON.stringify(value)).join("\n") + "\n";

Deno.test("dossier --contract takes 2.4.0, 3.0.0 or auto", async (t) => {
  await t.step("anything else is a usage error", async () => {
    const run = await cli(["reduce", "--contract", "4.0.0", HAPPY_V2]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'dossier: --contract must be one of 2.4.0, 3.0.0, auto: received "4.0.0" (run dossier reduce --help)\n',
    );
  });
  await t.step("it needs a value", async () => {
    const run = await cli(["parity", HAPPY_V2, "--contract"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^dossier: --contract needs one of 2\.4\.0/);
  });
  await t.step("--contract=3.0.0 is the same as --contract 3.0.0", async () => {
    const a = await cli(["reduce", "--json", "--contract=3.0.0", HAPPY_V3]);
    const b = await cli(["reduce", "--json", "--contract", "3.0.0", HAPPY_V3]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
  });
  await t.step("every command's help names it", async () => {
    for (const command of ["validate", "reduce", "parity", "drift"]) {
      const run = await cli([command, "--help"]);
      assert.match(run.stdout, /--contract <v> +2\.4\.0, 3\.0\.0 or auto/);
      assert.match(run.stdout, /--accept-empty-build-id/);
    }
  });
});

Deno.test("dossier reduce detects each contract from the first dossier event and says so", async (t) => {
  for (const c of CONTRACTS) {
    await t.step(c.version, async () => {
      const path = c === V2 ? HAPPY_V2 : HAPPY_V3;
      const json = await cli(["reduce", "--json", path]);
      assert.equal(json.code, 0, json.stderr);
      assert.equal(
        json.stdout,
        `${await c.conformance.loadCanonicalOutput()}\n`,
      );
      const readable = await cli(["reduce", path]);
      assert.match(
        readable.stdout,
        new RegExp(
          `\\n {2}contract ${
            c.version.replaceAll(".", "\\.")
          }, detected from line 1 \\(${
            c === V2 ? "no 3\\.0\\.0 marker" : 'schema_version "3\\.0\\.0"'
          }\\)\\n`,
        ),
      );
      const fixed = await cli(["reduce", "--contract", c.version, path]);
      assert.match(
        fixed.stdout,
        new RegExp(
          `\\n {2}contract ${c.version.replaceAll(".", "\\.")}, --contract ${
            c.version.replaceAll(".", "\\.")
          }\\n`,
        ),
      );
    });
  }
});

Deno.test("dossier reduce tells 3.0.0 by a build_id or a namespace with mission_slug too", async (t) => {
  await t.step("a build_id, schema_version 1.0.0", async () => {
    const stream = jsonl([
      V3.envelope({
        ...V3.snapshot(1),
        schema_version: "1.0.0",
        payload: V3.snapshotPayload(),
      }),
    ]);
    const run = await cli(["reduce", "-"], stream);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /contract 3\.0\.0, detected from line 1 \(a build_id\)/,
    );
  });
  await t.step(
    "mission_slug, but no build_id: detected, then refused",
    async () => {
      const { build_id: _, ...withoutBuildId } = V3.envelope({
        event_type: "MissionDossierSnapshotComputed",
        payload: V3.snapshotPayload(),
        schema_version: "1.0.0",
      });
      const run = await cli(["reduce", "-"], jsonl([withoutBuildId]));
      assert.equal(run.code, 1);
      assert.match(run.stderr, /on line 1: field "build_id" is required/);
    },
  );
});

Deno.test("dossier reads the lines before the first dossier event with the contract it detects", async () => {
  const other = V3.envelope({
    event_type: "WPStatusChanged",
    lamport_clock: 1,
  });
  const stream = jsonl([
    other,
    ...lines(HAPPY_V3).map((line) => JSON.parse(line)),
  ]);
  const run = await cli(["reduce", "-"], stream);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /contract 3\.0\.0, detected from line 2/);
  assert.match(
    run.stdout,
    /Events: 7 read · 6 applied · 0 duplicates · 1 ignored/,
  );
  // Read as 2.4.0 it would not have had to carry a build_id; as 3.0.0 it must.
  const { build_id: _, ...bare } = other;
  const refused = await cli(
    ["reduce", "-"],
    jsonl([bare, ...lines(HAPPY_V3).map((line) => JSON.parse(line))]),
  );
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /on line 1: field "build_id" is required/);
});

Deno.test("dossier picks 2.4.0 for a stream without any event, and the first event's shape for one without a dossier event", async () => {
  const none = await cli(["reduce", "--allow-empty", "-"], "\n");
  assert.match(none.stdout, /contract 2\.4\.0, no event to detect it from/);
  const others = await cli(
    ["reduce", "-"],
    jsonl([V3.envelope({ event_type: "WPStatusChanged" })]),
  );
  assert.equal(others.code, 0, others.stderr);
  assert.match(
    others.stdout,
    /contract 3\.0\.0, detected from line 1 \(no dossier event; schema_version "3\.0\.0"\)/,
  );
});

Deno.test("dossier refuses a stream mixing the two contracts, naming the first line of the other shape", async (t) => {
  const mixed = [...lines(HAPPY_V2), ...lines(HAPPY_V3)].join("\n");
  for (const command of ["reduce", "parity"]) {
    await t.step(command, async () => {
      const run = await cli([command, "-"], mixed);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        `dossier ${command}: Cannot read the stream: line 7 is a contract 3.0.0 event (schema_version "3.0.0"), but the stream's first dossier event, on line 1, is contract 2.4.0 (no 3.0.0 marker): a stream holds one contract; split it, or choose one with --contract\n`,
      );
    });
  }
  await t.step(
    "validate: the first line in full, the next ones briefly",
    async () => {
      const run = await cli(["validate", "-"], mixed);
      assert.equal(run.code, 1);
      const out = run.stdout.trim().split("\n");
      assert.equal(out.length, 7);
      assert.match(
        out[0],
        /^line 7 is a contract 3\.0\.0 event \(schema_version "3\.0\.0"\), but the stream's first dossier event, on line 1, is contract 2\.4\.0/,
      );
      assert.equal(
        out[1],
        "line 8 is a contract 3.0.0 event too, in a contract 2.4.0 stream (see line 7)",
      );
      assert.equal(
        out[6],
        "6 invalid lines of 12 (6 problems) (contract 2.4.0, detected from line 1)",
      );
    },
  );
  await t.step(
    "--contract turns the check off: the other lines are then read as that contract",
    async () => {
      const run = await cli(["validate", "--contract", "2.4.0", "-"], mixed);
      assert.equal(run.code, 1);
      assert.match(
        run.stdout,
        /^line 7: payload\.namespace\.feature_slug: is required/,
      );
    },
  );
});

Deno.test('dossier reads build_id "" as "unknown" by default, warns once, and --strict refuses it', async (t) => {
  const withEmpty = lines(HAPPY_V3).map((line, index) =>
    index < 3 ? JSON.stringify({ ...JSON.parse(line), build_id: "" }) : line
  );
  const stream = withEmpty.join("\n");
  const warning =
    /^dossier (\w+): warning: 3 events of standard input carry build_id "" \(what the spec-kitty CLI writes\), read as "unknown" as the CLI's own validator does; the 3\.0\.0 reference and the old sync server reject such events, and --strict refuses them$/;
  for (const command of ["validate", "reduce", "parity"]) {
    await t.step(`${command}: accepted, one warning line`, async () => {
      const run = await cli([command, "-"], stream);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const stderr = run.stderr.split("\n").filter((line) => line !== "");
      const warnings = stderr.filter((line) => line.includes("warning:"));
      assert.equal(warnings.length, 1, run.stderr);
      assert.match(warnings[0], warning);
      assert.equal(warning.exec(warnings[0])![1], command);
    });
    await t.step(
      `${command} --accept-empty-build-id: the same, without the warning`,
      async () => {
        const plain = await cli([command, "-"], stream);
        const flagged = await cli(
          [command, "--accept-empty-build-id", "-"],
          stream,
        );
        assert.equal(flagged.code, plain.code);
        assert.equal(flagged.stdout, plain.stdout);
        assert.equal(
          flagged.stderr,
          plain.stderr.split("\n").filter((line) => !warning.test(line))
            .join("\n"),
        );
      },
    );
  }
  await t.step(
    "reduce --json: the state reads build_id as unknown, stdout stays the JSON",
    async () => {
      const run = await cli(["reduce", "--json", "-"], stream);
      assert.equal(run.code, 0, run.stderr);
      JSON.parse(run.stdout);
      assert.match(run.stderr.trimEnd(), warning);
    },
  );
  await t.step("--strict: validate lists each such line", async () => {
    const run = await cli(["validate", "--strict", "-"], stream);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^line 1: build_id: must be a non-empty string \(.*\): received ""\n/,
    );
    assert.equal(run.stdout.match(/: build_id: /g)?.length, 3);
    assert.doesNotMatch(run.stderr, /warning/);
  });
  for (const command of ["reduce", "parity"]) {
    await t.step(
      `--strict: ${command} refuses the stream at its line`,
      async () => {
        const run = await cli([command, "--strict", "-"], stream);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(
          run.stderr,
          new RegExp(
            `^dossier ${command}: Cannot parse event "[^"]+" on line 1: field "build_id" must be a non-empty string .*: received ""\n$`,
          ),
        );
      },
    );
  }
  await t.step(
    "--strict and --accept-empty-build-id do not combine",
    async () => {
      const run = await cli(
        ["reduce", "--strict", "--accept-empty-build-id", "-"],
        stream,
      );
      assert.equal(run.code, 2);
      assert.equal(
        run.stderr,
        'dossier: --strict refuses build_id "" and --accept-empty-build-id reads it as "unknown": choose one (run dossier reduce --help)\n',
      );
    },
  );
  await t.step("a command that fails after reading says only why", async () => {
    const mixed = withEmpty.map((line, index) => {
      if (index !== withEmpty.length - 1) return line;
      const event = JSON.parse(line);
      event.payload.namespace.mission_slug = "another-mission";
      return JSON.stringify(event);
    }).join("\n");
    const run = await cli(["reduce", "-"], mixed);
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.match(
      run.stderr,
      /^dossier reduce: Cannot reduce the stream: it mixes namespaces/,
    );
  });
  await t.step('no warning for a stream without build_id ""', async () => {
    const run = await cli(["reduce", HAPPY_V3]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, "");
  });
  await t.step(
    "it changes nothing for 2.4.0, which has no build_id",
    async () => {
      const a = await cli(["reduce", "--json", HAPPY_V2]);
      const b = await cli(["reduce", "--json", "--strict", HAPPY_V2]);
      const forced = await cli(
        ["reduce", "--json", "--contract", "2.4.0", "-"],
        jsonl(
          lines(HAPPY_V2).map((line) => ({
            ...JSON.parse(line),
            build_id: "",
          })),
        ),
      );
      assert.equal(a.stdout, b.stdout);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(forced.stdout, a.stdout);
      assert.equal(forced.stderr, "");
    },
  );
});

Deno.test("dossier validate runs 3.0.0's cutover gate on each envelope", async () => {
  const stream = lines(HAPPY_V3).map((line, index) =>
    index === 1
      ? JSON.stringify({ ...JSON.parse(line), schema_version: "3.0.1" })
      : line
  ).join("\n");
  const run = await cli(["validate", "-"], stream);
  assert.equal(run.code, 1);
  assert.equal(
    run.stdout,
    'line 2: schema_version: must be exactly "3.0.0", the cutover signal: received "3.0.1"\n1 invalid line of 6 (1 problem) (contract 3.0.0, detected from line 1)\n',
  );
  // The reducer does not gate: the reference's reducer reads it.
  const reduced = await cli(["reduce", "--json", "-"], stream);
  assert.equal(reduced.code, 0, reduced.stderr);
});

Deno.test("dossier never prints an empty dossier for dossier events it could not apply", async (t) => {
  for (const c of CONTRACTS) {
    const stream = jsonl([1, 2, 3].map((clock) =>
      c.envelope({
        lamport_clock: clock,
        event_type: "MissionDossierArtifactIndexed",
        payload: c.indexedPayload(`doc-${clock}.md`, {
          artifact_id: c.identity(`doc-${clock}.md`, {
            artifact_class: "draft",
          }),
        }),
      })
    ));
    for (const command of ["reduce", "parity"]) {
      await t.step(`${c.version} ${command}`, async () => {
        const run = await cli(
          [command, "--json", "-"].filter((arg) =>
            command === "reduce" || arg !== "--json"
          ),
          stream,
        );
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.equal(
          run.stderr,
          `dossier ${command}: Cannot reduce the stream: 3 dossier events read, 0 applied: the first rejected, event "${
            c.api.parseEvent(JSON.parse(stream.split("\n")[0])).event_id
          }" (MissionDossierArtifactIndexed), has field "payload.artifact_id.artifact_class" must be one of "input", "workflow", "output", "evidence", "policy", "runtime": received "draft"\n`,
        );
      });
    }
    await t.step(`${c.version} drift`, async () => {
      const baseline = await Deno.makeTempFile({ suffix: ".json" });
      await Deno.writeTextFile(
        baseline,
        c.api.serializeDossierState(c.api.emptyDossierState()),
      );
      const run = await cli(["drift", "--baseline", baseline, "-"], stream);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^dossier drift: Cannot reduce the stream: 3 dossier events read, 0 applied/,
      );
      await Deno.remove(baseline);
    });
  }
  await t.step(
    "a file read in order is read a second time for the reason",
    async () => {
      const path = await Deno.makeTempFile({ suffix: ".jsonl" });
      await Deno.writeTextFile(path, Deno.readTextFileSync(HAPPY_V3));
      const run = await cli(["reduce", "--json", "--contract", "2.4.0", path]);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^dossier reduce: Cannot reduce the stream: 6 dossier events read, 0 applied: their payloads use mission_slug\/mission_type, contract 3\.0\.0: read them with @spec-kitty\/dossier\/v3 \(dossier --contract 3\.0\.0 on the command line\)\n$/,
      );
      await Deno.remove(path);
    },
  );
});

Deno.test("dossier drift says when the baseline is the other contract's state", async () => {
  const baseline = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(
    baseline,
    (await cli(["reduce", "--json", HAPPY_V2])).stdout,
  );
  const run = await cli(["drift", "--baseline", baseline, HAPPY_V3]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^dossier drift: Cannot read baseline ".*": Cannot parse dossier state: field "namespace\.mission_slug" is required: received nothing .*\(it is a contract 2\.4\.0 state; the stream is contract 3\.0\.0\)\n$/,
  );
  const same = await cli(["drift", "--baseline", baseline, HAPPY_V2]);
  assert.equal(same.code, 0, same.stderr);
  await Deno.remove(baseline);
});
