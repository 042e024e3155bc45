// The README's "See a dossier" commands, run as written from the checkout
// with bash: the `--out` lines write the page, the serving line serves it on
// 127.0.0.1 until Ctrl-C (SIGINT here), then ends with 0.
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

/** The lines of the section's one `sh` block. */
function sectionLines(heading: string): string[] {
  const readme = Deno.readTextFileSync(new URL("README.md", ROOT));
  const start = readme.indexOf(`\n${heading}\n`);
  assert.notEqual(start, -1, `README.md has no "${heading}"`);
  const end = readme.indexOf("\n## ", start + heading.length + 2);
  const blocks = [
    ...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g),
  ];
  assert.equal(blocks.length, 1, "one block of commands");
  return blocks[0][1].split("\n").filter((line) => line !== "");
}

function bash(script: string) {
  return new Deno.Command("bash", {
    args: ["-c", script],
    cwd: decodeURIComponent(ROOT.pathname),
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("the README's dossier view commands run as written", async () => {
  const lines = sectionLines("## See a dossier");
  const setup = lines.filter((line) => /^\w+=/.test(line));
  const writing = lines.filter((line) => / view --out /.test(line));
  const serving = lines.filter((line) =>
    / view /.test(line) && !writing.includes(line)
  );
  assert.deepEqual(
    [setup.length, writing.length, serving.length],
    [1, 2, 1],
    lines.join("\n"),
  );
  const outs = writing.map((line) => / --out (\S+) /.exec(line)![1]);
  try {
    const written = await bash(["set -e", ...setup, ...writing].join("\n"))
      .output();
    const stdout = new TextDecoder().decode(written.stdout);
    assert.equal(written.code, 0, new TextDecoder().decode(written.stderr));
    for (const out of outs) {
      assert.ok(stdout.includes(`to "${out}/index.html"`), stdout);
      for (const name of ["index.html", "app.js", "app.css"]) {
        assert.ok((await Deno.stat(`${out}/${name}`)).size > 0, name);
      }
    }

    const child = bash([...setup, `exec ${serving[0]}`].join("\n")).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let text = "";
    try {
      while (!/\(Ctrl-C stops\)\n/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(text)?.[0];
      assert.ok(url !== undefined, text);
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /id="dossier-data"/);
    } finally {
      child.kill("SIGINT");
    }
    const { code } = await child.status;
    await reader.cancel();
    await child.stderr.cancel();
    assert.equal(code, 0);
  } finally {
    for (const out of outs) {
      await Deno.remove(out, { recursive: true }).catch(() => {});
    }
  }
});
