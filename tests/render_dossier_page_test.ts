import assert from "node:assert/strict";
import { DOSSIER_PAGE_CSP, pageResponse, renderDossierPage } from "../view.ts";
import { PAGE_SCRIPT, PAGE_STYLE } from "../src/view/_page_bundle.generated.ts";
import { V3 } from "./_builders.ts";
import { jsonl, realStream, TWO_RUNS, wire } from "./_view_kit.ts";

const DATA_BLOCK =
  /<script type="application\/json" id="dossier-data">([^<]*)<\/script>/;

Deno.test("renderDossierPage() embeds the stream as a JSON data block that no input can end", () => {
  const hostile =
    "</script><script>alert(1)</script><!-- <img src=x onerror=alert(1)>";
  const text = jsonl([wire(V3).indexed(1, hostile)]);
  const files = renderDossierPage({ stream: text, source: `"><b>${hostile}` });
  const html = files["index.html"];
  const block = html.match(DATA_BLOCK);
  assert.ok(block, "one data block, ended by its own </script>");
  assert.equal(
    html.split("<script").length - 1,
    2,
    "the bundle and the data block, nothing else",
  );
  assert.ok(!block[1].includes("<"));
  assert.deepEqual(JSON.parse(block[1]), {
    source: `"><b>${hostile}`,
    stream: text,
  });
  // Nothing from the input outside the data block.
  assert.ok(!html.replace(block[0], "").includes("alert(1)"));
});

Deno.test("renderDossierPage() without a stream is the page that asks for a file", () => {
  const files = renderDossierPage();
  assert.doesNotMatch(files["index.html"], DATA_BLOCK);
  assert.match(files["index.html"], /<input id="file"[^>]* type="file"/);
  assert.equal(files["app.js"], PAGE_SCRIPT);
  assert.equal(files["app.css"], PAGE_STYLE);
  const source = JSON.parse(
    renderDossierPage({ stream: realStream(TWO_RUNS) })["index.html"].match(
      DATA_BLOCK,
    )![1],
  ).source;
  assert.equal(source, "the embedded stream");
});

Deno.test("renderDossierPage() carries its Content-Security-Policy: own script and style only", () => {
  const html = renderDossierPage()["index.html"];
  assert.ok(
    html.includes(
      `<meta http-equiv="Content-Security-Policy" content="${DOSSIER_PAGE_CSP}">`,
    ),
  );
  const directives = new Map(
    DOSSIER_PAGE_CSP.split(";").map((part) => {
      const [name, ...values] = part.trim().split(" ");
      return [name, values.join(" ")];
    }),
  );
  assert.equal(directives.get("default-src"), "'none'");
  assert.equal(directives.get("script-src"), "'self'");
  assert.equal(directives.get("style-src"), "'self'");
  assert.doesNotMatch(DOSSIER_PAGE_CSP, /unsafe|https?:|data:/);
  assert.doesNotMatch(html, /<style|\sstyle="|\son[a-z]+="/);
});

Deno.test("renderDossierPage() refuses a stream the page could not read, with the parser's error", async (t) => {
  await t.step("not JSON", () => {
    assert.throws(() => renderDossierPage({ stream: "{" }), {
      name: "SyntaxError",
      message: /^Cannot parse line 1: it is not JSON/,
    });
  });
  await t.step("a bad field", () => {
    const bad = { ...wire(V3).indexed(1, "a.md"), node_id: "" };
    assert.throws(() => renderDossierPage({ stream: jsonl([bad]) }), {
      name: "TypeError",
      message:
        /on line 1: field "node_id" must be a non-empty string: received ""/,
    });
  });
  await t.step("empty", () => {
    assert.throws(() => renderDossierPage({ stream: "" }), RangeError);
  });
});

Deno.test("pageResponse() answers each file with its type and the policy as a header", async (t) => {
  const files = renderDossierPage({ stream: realStream(TWO_RUNS) });
  for (
    const [name, file, type] of [
      ["", "index.html", "text/html; charset=utf-8"],
      ["index.html", "index.html", "text/html; charset=utf-8"],
      ["app.js", "app.js", "text/javascript; charset=utf-8"],
      ["app.css", "app.css", "text/css; charset=utf-8"],
    ] as const
  ) {
    await t.step(name === "" ? '""' : name, async () => {
      const response = pageResponse(files, name);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), type);
      assert.equal(
        response.headers.get("content-security-policy"),
        `${DOSSIER_PAGE_CSP}; frame-ancestors 'none'`,
      );
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.equal(response.headers.get("referrer-policy"), "no-referrer");
      assert.equal(response.headers.get("cache-control"), "no-store");
      assert.equal(await response.text(), files[file]);
    });
  }
  await t.step("anything else is a 404", async () => {
    for (const name of ["../deno.json", "constructor", "__proto__", "APP.JS"]) {
      const response = pageResponse(files, name);
      assert.equal(response.status, 404);
      assert.equal(await response.text(), "Not found\n");
    }
  });
});
