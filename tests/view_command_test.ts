// `dossier view` in-process (src/cli/commands/view.ts): the page written to a
// folder with the stream and its policy, bad input refused with the other
// commands' error and nothing written, a mission folder indexed in memory,
// the page served on 127.0.0.1 until Ctrl-C, --open, and the adapters'
// server, opener and folder reader.
import assert from "node:assert/strict";
import { indexMission } from "../indexer.ts";
import { readMissionFolder } from "../indexer_disk.ts";
import type { CliIo } from "../src/cli/cli_io.ts";
import { denoIo } from "../src/cli/deno_io.ts";
import { nodeIo } from "../src/cli/node_io.ts";
import { browserOpener } from "../src/cli/browser_opener.ts";
import { runCli } from "../src/cli/run_cli.ts";
import * as v3 from "../v3.ts";
import { DOSSIER_PAGE_CSP, renderDossierPage } from "../view.ts";
import { runCliInProcess, runCliOnFiles } from "./_cli_kit.ts";
import { jsonl, rawLines, realStream, TWO_RUNS } from "./_view_kit.ts";

const STREAMS = new URL("./data/real-streams/", import.meta.url).pathname;
const MISSIONS = new URL(
  "./data/real-missions/spec-kitty-events/kitty-specs/",
  import.meta.url,
).pathname;
const MISSION = "008-mission-dossier-parity-event-contracts";
const ONE = "ske-001-event-model-project-identity.jsonl";
const UUID = "11111111-2222-4333-8444-555555555555";

/** Ctrl-C by hand: `fire()` calls every listener, as a SIGINT would. */
function interrupter() {
  const listeners = new Set<() => void>();
  return {
    onInterrupt: (listener: () => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    fire: () => [...listeners].forEach((listener) => listener()),
    get listening(): number {
      return listeners.size;
    },
  };
}

/** The real adapter's files, folders and server, stdin given, no terminal, a fixed clock. */
function viewIo(
  overrides: Partial<CliIo> = {},
  stdin = "",
): Omit<CliIo, "write" | "writeError"> {
  const real = denoIo();
  return {
    stdin: new Response(stdin).body!,
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: real.open,
    readTextFile: real.readTextFile,
    now: () => new Date("2026-12-01T21:00:00Z"),
    files: real.files,
    folders: real.folders,
    serve: real.serve,
    ...overrides,
  };
}

/** The stream and source a written index.html carries in its data block. */
function embedded(html: string): { source: string; stream: string } | null {
  const found =
    /<script type="application\/json" id="dossier-data">(.*)<\/script>/s
      .exec(html);
  return found === null ? null : JSON.parse(found[1]);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("dossier view --out writes the page of a stream: the three files, the data, the policy", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/page`;
    const { code, stdout, stderr } = await runCliInProcess(
      ["view", "--out", out, `${STREAMS}${TWO_RUNS}`],
      viewIo(),
    );
    assert.equal(code, 0, stderr);
    const expected = renderDossierPage({
      stream: realStream(TWO_RUNS),
      source: TWO_RUNS,
    });
    for (const name of ["index.html", "app.js", "app.css"] as const) {
      assert.equal(await Deno.readTextFile(`${out}/${name}`), expected[name]);
    }
    const html = await Deno.readTextFile(`${out}/index.html`);
    assert.ok(html.includes(`content="${DOSSIER_PAGE_CSP}"`));
    assert.deepEqual(embedded(html), {
      source: TWO_RUNS,
      stream: realStream(TWO_RUNS),
    });
    assert.equal(
      stdout,
      `Wrote the dossier page of "${STREAMS}${TWO_RUNS}" (32 events, 1 namespace, contract 3.0.0, detected from line 1) to "${out}/index.html": open it in a browser (it needs no server and no network)\n`,
    );
    assert.match(
      stderr,
      /^dossier view: warning: 32 events of "[^"]+" carry build_id "" .*--strict refuses them\n$/,
    );
    // Again into the same folder: the files are replaced, not appended to.
    const again = await runCliInProcess(
      [
        "view",
        "--out",
        `${out}/`,
        "--accept-empty-build-id",
        `${STREAMS}${ONE}`,
      ],
      viewIo(),
    );
    assert.equal(again.code, 0);
    assert.equal(again.stderr, "");
    assert.equal(
      embedded(await Deno.readTextFile(`${out}/index.html`))?.stream,
      realStream(ONE),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier view refuses bad input as reduce does, exit 1, and writes nothing", async (t) => {
  const dir = await Deno.makeTempDir();
  const good = rawLines(realStream(TWO_RUNS));
  const cases: [string, string, string[]][] = [
    [
      "an envelope field out of bounds",
      jsonl([good[0], {
        ...good[1],
        lamport_clock: -1,
      }]),
      [],
    ],
    ["a line that is not JSON", `${JSON.stringify(good[0])}\n{"x"\n`, []],
    ['build_id "" with --strict', realStream(ONE), ["--strict"]],
    ["an empty input", "", []],
  ];
  try {
    for (const [name, text, flags] of cases) {
      await t.step(name, async () => {
        const input = `${dir}/input.jsonl`;
        await Deno.writeTextFile(input, text);
        const out = `${dir}/never`;
        const view = await runCliInProcess(
          ["view", ...flags, "--out", out, input],
          viewIo(),
        );
        const reduce = await runCliOnFiles(["reduce", ...flags, input]);
        assert.equal(view.code, 1);
        assert.equal(view.stdout, "");
        assert.match(view.stderr, /^dossier view: Cannot /);
        assert.equal(
          view.stderr,
          reduce.stderr.replace(/^dossier reduce: /, "dossier view: "),
        );
        assert.equal(await exists(out), false);
      });
    }
    await t.step(
      "the error names the line, the field and the value",
      async () => {
        const input = `${dir}/input.jsonl`;
        await Deno.writeTextFile(
          input,
          jsonl([good[0], { ...good[1], lamport_clock: -1 }]),
        );
        const { stderr } = await runCliInProcess(
          ["view", "--out", `${dir}/never`, input],
          viewIo(),
        );
        assert.match(stderr, /line 2: field "lamport_clock" .*: received -1/);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier view usage errors exit 2 with the reason", async (t) => {
  const input = `${STREAMS}${ONE}`;
  const cases: [string[], RegExp][] = [
    [["view"], /^dossier: missing input file \(or - for stdin\) for view/],
    [
      ["view", "--port", "http", input],
      /--port must be a whole number from 0 to 65535: received "http"/,
    ],
    [["view", "--port", "65536", input], /received "65536"/],
    [
      ["view", "--port", "-1", input],
      /--port must be a whole number from 0 to 65535: received "-1"/,
    ],
    [
      ["view", "--out", "/tmp/x", "--port", "0", input],
      /--out writes the page and --port serves it: choose one/,
    ],
    [["view", "--out"], /--out needs a directory path/],
    [["view", "--open=yes", input], /option --open takes no value for view/],
    [["view", input, input], /expected one input, received 2/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const { code, stdout, stderr } = await runCliInProcess(args, viewIo());
      assert.equal(code, 2);
      assert.equal(stdout, "");
      assert.match(stderr, message);
      assert.match(stderr, /\(run dossier view --help\)\n$/);
    });
  }
});

Deno.test("dossier view --help and the overview name the command, its flags and the folder input", async () => {
  const help = await runCliInProcess(["view", "--help"], viewIo());
  assert.equal(help.code, 0);
  for (
    const flag of [
      "--out <dir>",
      "--port <n>",
      "--open",
      "--project-uuid <uuid>",
      "--strict",
      "mission folder",
    ]
  ) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  const overview = await runCliInProcess(["--help"], viewIo());
  assert.match(
    overview.stdout,
    /^ {2}view \[--out <dir>\] \[--port <n>\] \[--open\] <file\|-\|mission-dir>$/m,
  );
});

Deno.test("dossier view of a mission folder shows the dossier the indexer makes of it", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("the project found above the folder", async () => {
      const out = `${dir}/folder-page`;
      const { code, stdout, stderr } = await runCliInProcess(
        ["view", "--out", out, `${MISSIONS}${MISSION}`],
        viewIo(),
      );
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "");
      const page = embedded(await Deno.readTextFile(`${out}/index.html`))!;
      assert.equal(page.source, `mission folder ${MISSION} (indexed)`);
      const state = v3.reduceMissionDossier(v3.parseEventStream(page.stream));
      const project = await readMissionFolder(`${MISSIONS}../`);
      const indexed = await indexMission(
        await readMissionFolder(`${MISSIONS}${MISSION}`),
        { project },
      );
      assert.equal(
        await v3.computeParityHash(state),
        indexed.snapshot!.snapshot_hash,
      );
      assert.deepEqual(
        [...state.artifacts.keys()].sort(),
        indexed.records.filter((record) => record.is_present).map((record) =>
          record.relative_path
        ).sort(),
      );
      assert.equal(state.namespace!.mission_slug, MISSION);
      assert.ok(
        page.stream.includes('"timestamp":"2026-12-01T21:00:00+00:00"'),
        "the command's clock dates the events",
      );
      assert.match(
        stdout,
        new RegExp(
          `^Wrote the dossier page of mission folder "[^"]+${MISSION}" \\(indexed: ${indexed.records.length} artifacts, snapshot ${
            indexed.snapshot!.snapshot_hash.slice(0, 19)
          }\\) to `,
        ),
      );
    });

    const lone = `${dir}/001-lone`;
    await Deno.mkdir(lone);
    await Deno.writeTextFile(`${lone}/spec.md`, "# Spec\n");
    await t.step("no project uuid: exit 1, --project-uuid named", async () => {
      const { code, stderr } = await runCliInProcess(
        ["view", "--out", `${dir}/lone-page`, lone],
        viewIo(),
      );
      assert.equal(code, 1);
      assert.match(
        stderr,
        /^dossier view: Cannot index mission "001-lone": .*no project\.uuid.*: --project-uuid <uuid> does\n$/,
      );
      assert.equal(await exists(`${dir}/lone-page`), false);
    });
    await t.step("--project-uuid gives it", async () => {
      const { code, stderr } = await runCliInProcess(
        ["view", "--project-uuid", UUID, "--out", `${dir}/lone-page`, lone],
        viewIo(),
      );
      assert.equal(code, 0, stderr);
      const page = embedded(
        await Deno.readTextFile(`${dir}/lone-page/index.html`),
      )!;
      const state = v3.reduceMissionDossier(v3.parseEventStream(page.stream));
      assert.equal(state.namespace!.project_uuid, UUID);
      assert.deepEqual([...state.artifacts.keys()], ["spec.md"]);
    });
    await t.step("--contract 2.4.0: the indexer writes 3.0.0", async () => {
      const { code, stderr } = await runCliInProcess(
        ["view", "--contract", "2.4.0", "--out", `${dir}/x`, lone],
        viewIo(),
      );
      assert.equal(code, 1);
      assert.match(
        stderr,
        /as contract 2\.4\.0: the indexer writes contract 3\.0\.0 events\n$/,
      );
    });
    await t.step(
      "a corrupt meta.json: the indexer's error, exit 1",
      async () => {
        const corrupt = `${dir}/002-corrupt`;
        await Deno.mkdir(corrupt);
        await Deno.writeTextFile(`${corrupt}/meta.json`, "{");
        const { code, stdout, stderr } = await runCliInProcess(
          ["view", "--project-uuid", UUID, "--out", `${dir}/y`, corrupt],
          viewIo(),
        );
        assert.equal(code, 1);
        assert.equal(stdout, "");
        assert.match(
          stderr,
          /^dossier view: Cannot index mission "002-corrupt": meta\.json/,
        );
        assert.equal(await exists(`${dir}/y`), false);
      },
    );
    await t.step("what the indexer passed over: a warning", async () => {
      const root = `${dir}/project`;
      await Deno.mkdir(`${root}/.kittify`, { recursive: true });
      await Deno.mkdir(`${root}/kitty-specs/003-x`, { recursive: true });
      await Deno.writeTextFile(`${root}/kitty-specs/003-x/spec.md`, "s\n");
      const { code, stderr } = await runCliInProcess(
        [
          "view",
          "--project-uuid",
          UUID,
          "--out",
          `${dir}/z`,
          `${root}/kitty-specs/003-x`,
        ],
        viewIo(),
      );
      assert.equal(code, 0);
      assert.equal(
        stderr,
        "dossier view: warning: No .kittify/config.yaml in the project\n",
      );
    });
    await t.step("nothing at the path: the log's error", async () => {
      const { code, stderr } = await runCliInProcess(
        ["view", "--out", `${dir}/x`, `${dir}/missing`],
        viewIo(),
      );
      assert.equal(code, 1);
      assert.match(
        stderr,
        /^dossier view: Cannot open input "[^"]+\/missing": no such file or directory\n$/,
      );
    });
    await t.step(
      "an adapter without folders reads the path as a log",
      async () => {
        const { code, stderr } = await runCliInProcess(
          ["view", "--out", `${dir}/x`, lone],
          viewIo({ folders: undefined }),
        );
        assert.equal(code, 1);
        assert.match(
          stderr,
          /^dossier view: Cannot open input "[^"]+": it is a directory, not a file\n$/,
        );
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier view reads standard input, journals, and empty input with --allow-empty", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("a journal of two namespaces from stdin", async () => {
      const journal = realStream(ONE) + realStream(TWO_RUNS);
      const { code, stdout } = await runCliInProcess(
        ["view", "--out", dir, "-"],
        viewIo({}, journal),
      );
      assert.equal(code, 0);
      assert.match(
        stdout,
        /^Wrote the dossier page of standard input \(47 events, 2 namespaces, /,
      );
      assert.deepEqual(embedded(await Deno.readTextFile(`${dir}/index.html`)), {
        source: "standard input",
        stream: journal,
      });
    });
    await t.step("--allow-empty: the page that asks for a file", async () => {
      const { code } = await runCliInProcess(
        ["view", "--allow-empty", "--out", dir, "-"],
        viewIo(),
      );
      assert.equal(code, 0);
      const html = await Deno.readTextFile(`${dir}/index.html`);
      assert.equal(html, renderDossierPage()["index.html"]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier view --out that cannot be written: exit 1 naming it", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    await t.step("a folder under a file", async () => {
      const { code, stderr } = await runCliInProcess(
        ["view", "--out", `${dir}/file/page`, `${STREAMS}${ONE}`],
        viewIo(),
      );
      assert.equal(code, 1);
      assert.match(
        stderr,
        /^dossier view: Cannot write to "[^"]+\/file\/page": /,
      );
    });
    await t.step("a file that cannot be written", async () => {
      await Deno.mkdir(`${dir}/page/app.js`, { recursive: true });
      const { code, stderr } = await runCliInProcess(
        ["view", "--out", `${dir}/page`, `${STREAMS}${ONE}`],
        viewIo(),
      );
      assert.equal(code, 1);
      assert.match(
        stderr,
        /^dossier view: Cannot write "[^"]+\/page\/app\.js": it is a directory, not a file\n$/,
      );
    });
    await t.step("an adapter that cannot write files", async () => {
      const { code, stderr } = await runCliInProcess(
        ["view", "--out", `${dir}/x`, `${STREAMS}${ONE}`],
        viewIo({ files: undefined }),
      );
      assert.equal(code, 1);
      assert.match(stderr, /this runtime's adapter cannot write files/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs `dossier view` in-process until it prints its URL; Ctrl-C by `stop()`. */
async function startServing(
  args: readonly string[],
  overrides: Partial<CliIo> = {},
) {
  const ctrlC = interrupter();
  let stdout = "";
  let stderr = "";
  const done = runCli(["view", ...args], {
    ...viewIo({ onInterrupt: ctrlC.onInterrupt, ...overrides }),
    write: (text) => Promise.resolve(void (stdout += text)),
    writeError: (text) => void (stderr += text),
  });
  let settled: number | null = null;
  done.then((code) => settled = code);
  while (!/http:\/\/127\.0\.0\.1:\d+\//.test(stdout) && settled === null) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0] ?? null;
  return {
    url,
    ctrlC,
    done,
    output: () => ({ stdout, stderr }),
  };
}

Deno.test("dossier view serves the page on 127.0.0.1 until Ctrl-C, then frees the port", async () => {
  const files = renderDossierPage({
    stream: realStream(TWO_RUNS),
    source: TWO_RUNS,
  });
  const served = await startServing(["--port", "0", `${STREAMS}${TWO_RUNS}`]);
  assert.ok(served.url !== null, served.output().stderr);
  const url: string = served.url;
  const port = Number(new URL(url).port);
  assert.ok(port > 0);
  // The build_id warning is printed before the URL, not when the server stops.
  assert.match(served.output().stderr, /^dossier view: warning: 32 events /);
  for (
    const [path, name] of [["", "index.html"], ["index.html", "index.html"], [
      "app.js",
      "app.js",
    ], ["app.css", "app.css"]] as const
  ) {
    const response = await fetch(`${url}${path}`);
    assert.equal(response.status, 200);
    assert.match(
      response.headers.get("content-security-policy")!,
      /^default-src 'none'; script-src 'self'; style-src 'self'.*frame-ancestors 'none'$/,
    );
    assert.equal(await response.text(), files[name]);
  }
  const missing = await fetch(`${url}secrets.txt`);
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
  const posted = await fetch(url, { method: "POST", body: "x" });
  assert.equal(posted.status, 405);
  await posted.body?.cancel();
  assert.equal(served.ctrlC.listening, 1);

  served.ctrlC.fire();
  assert.equal(await served.done, 0);
  assert.equal(served.ctrlC.listening, 0);
  assert.match(
    served.output().stdout,
    /\(Ctrl-C stops\)\nStopped: the page is no longer served\.\n$/,
  );
  await assert.rejects(fetch(url));
  // The port is free again.
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  listener.close();
});

Deno.test("dossier view --port in use: exit 1 naming the port", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const { code, stdout, stderr } = await runCliInProcess(
      ["view", "--port", String(port), `${STREAMS}${ONE}`],
      viewIo(),
    );
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      `dossier view: Cannot serve the page on 127.0.0.1:${port}: the port is in use (--port 0 picks a free port)\n`,
    );
    const none = await runCliInProcess(
      ["view", `${STREAMS}${ONE}`],
      viewIo({ serve: undefined }),
    );
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /cannot serve HTTP \(--out writes it to a folder\)/,
    );
  } finally {
    listener.close();
  }
});

Deno.test("dossier view --open opens the page with the platform's opener, and only warns without one", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("--out: the written index.html", async () => {
      const opened: string[] = [];
      const { code } = await runCliInProcess(
        [
          "view",
          "--open",
          "--out",
          dir,
          "--accept-empty-build-id",
          `${STREAMS}${ONE}`,
        ],
        viewIo({
          openInBrowser: (target) => Promise.resolve(void opened.push(target)),
        }),
      );
      assert.equal(code, 0);
      assert.deepEqual(opened, [`${dir}/index.html`]);
    });
    await t.step("served: the URL", async () => {
      const opened: string[] = [];
      const served = await startServing(
        ["--open", "--accept-empty-build-id", `${STREAMS}${ONE}`],
        {
          openInBrowser: (target) => Promise.resolve(void opened.push(target)),
        },
      );
      served.ctrlC.fire();
      assert.equal(await served.done, 0);
      assert.deepEqual(opened, [served.url]);
      assert.equal(served.output().stderr, "");
    });
    for (
      const [name, openInBrowser, reason] of [
        ["no opener", undefined, "this runtime's adapter has no opener"],
        [
          "an opener that fails",
          () => Promise.reject(new Deno.errors.NotFound("xdg-open")),
          "no such file or directory",
        ],
      ] as const
    ) {
      await t.step(`${name}: a warning, exit 0`, async () => {
        const { code, stderr } = await runCliInProcess(
          [
            "view",
            "--open",
            "--out",
            dir,
            "--accept-empty-build-id",
            `${STREAMS}${ONE}`,
          ],
          viewIo({ openInBrowser }),
        );
        assert.equal(code, 0);
        assert.equal(
          stderr,
          `dossier view: warning: Cannot open a browser: ${reason}; open ${dir}/index.html yourself\n`,
        );
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("browserOpener() names the platform's opener", () => {
  assert.deepEqual(browserOpener("linux", "http://127.0.0.1:1/"), {
    command: "xdg-open",
    args: ["http://127.0.0.1:1/"],
  });
  assert.deepEqual(browserOpener("darwin", "a b/index.html"), {
    command: "open",
    args: ["a b/index.html"],
  });
  assert.deepEqual(browserOpener("windows", "x"), {
    command: "cmd",
    args: ["/c", "start", '""', "x"],
  });
  assert.deepEqual(browserOpener("win32", "x"), browserOpener("windows", "x"));
});

Deno.test("denoIo() and nodeIo() open with xdg-open from PATH, and reject when it is missing or fails", async (t) => {
  const bin = await Deno.makeTempDir();
  const saved = Deno.env.get("PATH");
  try {
    await Deno.writeTextFile(
      `${bin}/xdg-open`,
      `#!/bin/sh\necho "$1" > "${bin}/opened"\nexit "\${XDG_OPEN_STATUS:-0}"\n`,
    );
    await Deno.chmod(`${bin}/xdg-open`, 0o755);
    Deno.env.set("PATH", `${bin}:/usr/bin:/bin`);
    for (
      const [name, io] of [["denoIo", denoIo()], ["nodeIo", nodeIo()]] as const
    ) {
      await t.step(name, async () => {
        await io.openInBrowser!("http://127.0.0.1:9/");
        assert.equal(
          await Deno.readTextFile(`${bin}/opened`),
          "http://127.0.0.1:9/\n",
        );
        Deno.env.set("XDG_OPEN_STATUS", "3");
        await assert.rejects(
          io.openInBrowser!("x"),
          /xdg-open exited with status 3/,
        );
        Deno.env.delete("XDG_OPEN_STATUS");
        Deno.env.set("PATH", `${bin}/none`);
        await assert.rejects(io.openInBrowser!("x"));
        Deno.env.set("PATH", `${bin}:/usr/bin:/bin`);
      });
    }
  } finally {
    if (saved === undefined) Deno.env.delete("PATH");
    else Deno.env.set("PATH", saved);
    Deno.env.delete("XDG_OPEN_STATUS");
    await Deno.remove(bin, { recursive: true });
  }
});

Deno.test("nodeIo() serves on 127.0.0.1 until closed, and refuses a port in use", async () => {
  const io = nodeIo();
  const server = await io.serve!(
    0,
    (request) =>
      new Response(`${request.method} ${new URL(request.url).pathname}`, {
        headers: { "x-test": "1" },
      }),
  );
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/app.js?x=1`);
    assert.equal(response.headers.get("x-test"), "1");
    assert.equal(await response.text(), "GET /app.js");
    await assert.rejects(io.serve!(server.port, () => new Response()), {
      code: "EADDRINUSE",
    });
    const failing = await io.serve!(0, () => Promise.reject(new Error("boom")));
    const answer = await fetch(`http://127.0.0.1:${failing.port}/`);
    assert.equal(answer.status, 500);
    await answer.body?.cancel();
    await failing.close();
  } finally {
    await server.close();
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port: server.port });
  listener.close();
});

Deno.test("nodeIo() and denoIo() read a mission folder and find its project; they write files whole", async () => {
  for (const io of [nodeIo(), denoIo()]) {
    const folder = await io.folders!.read(`${MISSIONS}${MISSION}`);
    assert.equal(folder.name, MISSION);
    assert.equal(
      await io.folders!.projectRoot(`${MISSIONS}${MISSION}`),
      new URL("./data/real-missions/spec-kitty-events", import.meta.url)
        .pathname,
    );
    await assert.rejects(io.folders!.read(`${STREAMS}${ONE}`), TypeError);
    const dir = await Deno.makeTempDir();
    await io.files!.writeFile(`${dir}/a.txt`, new TextEncoder().encode("one"));
    await io.files!.writeFile(`${dir}/a.txt`, new TextEncoder().encode("two"));
    assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "two");
    await Deno.remove(dir, { recursive: true });
  }
});
