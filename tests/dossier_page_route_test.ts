// The dossier page at the edge, in-process: GET /dossiers/{key} answers
// JSON by default and the page (its stored stream embedded) to a request
// that ranks text/html above JSON; the page's assets sit at
// /dossiers/app.js and /dossiers/app.css. The page drawn in Chromium is
// tests/browser/edge_view_browser.ts.
import assert from "node:assert/strict";
import { createDossierRouter, type DossierObjectNamespace } from "../edge.ts";
import { DOSSIER_PAGE_CSP, renderDossierPage } from "../view.ts";
import * as v3 from "../v3.ts";
import { postEvents, realStreams, testEdge } from "./_edge_kit.ts";

const BROWSER_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** A real stream stored at the edge; its key and its lines. */
async function storedStream(): Promise<
  { edge: ReturnType<typeof testEdge>; key: string; lines: string[] }
> {
  const [, lines] = [...realStreams()].find(([name]) =>
    name.startsWith("ske-008")
  )!;
  const edge = testEdge({ acceptEmptyBuildId: true });
  const response = await edge.route(postEvents(lines));
  assert.equal(response.status, 200);
  const { namespaces: [{ key }] } = await response.json();
  return { edge, key, lines };
}

function get(path: string, accept?: string): Request {
  return new Request(
    `http://edge.test${path}`,
    accept === undefined ? {} : { headers: { accept } },
  );
}

/** The stream a page embeds, read from its JSON data block. */
function embeddedStream(html: string): { source: string; stream: string } {
  const match =
    /<script type="application\/json" id="dossier-data">(.*)<\/script>/s
      .exec(html);
  assert.ok(match, "the page embeds a stream");
  return JSON.parse(match[1]);
}

Deno.test("GET /dossiers/{key} answers the page to a browser, with the stored stream and the page's headers", async () => {
  const { edge, key, lines } = await storedStream();
  const response = await edge.route(get(`/dossiers/${key}`, BROWSER_ACCEPT));
  assert.equal(response.status, 200);
  assert.equal(
    response.headers.get("content-type"),
    "text/html; charset=utf-8",
  );
  assert.equal(
    response.headers.get("content-security-policy"),
    `${DOSSIER_PAGE_CSP}; frame-ancestors 'none'`,
  );
  assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  assert.equal(response.headers.get("vary"), "accept");
  const { source, stream } = embeddedStream(await response.text());
  assert.equal(source, `/dossiers/${key}`);
  // The stream is what GET /dossiers/{key}/events answers, and it reduces
  // to the state GET /dossiers/{key} answers.
  const events = await edge.route(get(`/dossiers/${key}/events`));
  assert.equal(
    events.headers.get("content-type"),
    "application/x-ndjson; charset=utf-8",
  );
  assert.equal(stream, await events.text());
  assert.equal(stream.trimEnd().split("\n").length, new Set(lines).size);
  const state = await (await edge.route(get(`/dossiers/${key}`))).text();
  assert.equal(
    v3.serializeDossierState(
      v3.reduceMissionDossier(
        v3.parseEventStream(stream, { acceptEmptyBuildId: true }),
      ),
    ),
    state,
  );
});

Deno.test("GET /dossiers/{key} stays JSON unless text/html is ranked above JSON", async (t) => {
  const { edge, key } = await storedStream();
  const cases: [string, string | undefined, "json" | "html"][] = [
    ["no Accept header", undefined, "json"],
    ["a wildcard (curl)", "*/*", "json"],
    ["application/json", "application/json", "json"],
    ["a tie", "application/json, text/html", "json"],
    ["JSON ranked higher", "text/html;q=0.5, application/json", "json"],
    ["text/html refused", "text/html;q=0, */*", "json"],
    ["text/* only", "text/*", "json"],
    ["a browser", BROWSER_ACCEPT, "html"],
    ["text/html alone", "text/html", "html"],
    ["HTML ranked higher", "application/json;q=0.4, TEXT/HTML", "html"],
  ];
  for (const [name, accept, kind] of cases) {
    await t.step(name, async () => {
      const response = await edge.route(get(`/dossiers/${key}`, accept));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("vary"), "accept");
      assert.equal(
        response.headers.get("content-type"),
        kind === "json"
          ? "application/json; charset=utf-8"
          : "text/html; charset=utf-8",
      );
      await response.body?.cancel();
    });
  }
  await t.step("the other views are not negotiated", async () => {
    const response = await edge.route(
      get(`/dossiers/${key}/parity`, BROWSER_ACCEPT),
    );
    assert.equal(
      response.headers.get("content-type")?.split(";")[0],
      "application/json",
    );
    assert.equal(response.headers.get("vary"), null);
    await response.body?.cancel();
  });
});

Deno.test("GET /dossiers/app.js and /dossiers/app.css serve the page's assets with its headers", async (t) => {
  const { edge } = await storedStream();
  const files = renderDossierPage();
  for (
    const [name, type] of [["app.js", "text/javascript"], [
      "app.css",
      "text/css",
    ]]
  ) {
    await t.step(name, async () => {
      const response = await edge.route(get(`/dossiers/${name}`));
      assert.equal(response.status, 200);
      assert.equal(
        response.headers.get("content-type"),
        `${type}; charset=utf-8`,
      );
      assert.match(
        response.headers.get("content-security-policy")!,
        /script-src 'self'/,
      );
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.equal(await response.text(), files[name as "app.js" | "app.css"]);
    });
  }
  await t.step("a POST is refused", async () => {
    const response = await edge.route(
      new Request("http://edge.test/dossiers/app.js", {
        method: "POST",
        body: "x",
      }),
    );
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "GET");
    assert.equal(
      (await response.json()).message,
      "Cannot POST /dossiers/app.js: use GET",
    );
  });
  await t.step("another file is no dossier", async () => {
    const response = await edge.route(
      get("/dossiers/index.html", BROWSER_ACCEPT),
    );
    assert.equal(response.status, 404);
    assert.match(
      (await response.json()).message,
      /^Cannot find dossier "index\.html"/,
    );
  });
});

Deno.test("GET /dossiers/{key} asked for HTML answers a JSON 404 for a key never stored", async () => {
  const edge = testEdge();
  const key = "0".repeat(64);
  const response = await edge.route(get(`/dossiers/${key}`, BROWSER_ACCEPT));
  assert.equal(response.status, 404);
  const body = await response.json();
  assert.equal(body.error, "unknown_dossier");
  assert.match(body.message, /no event was ever stored for it/);
});

Deno.test("GET /dossiers/{key} asked for HTML answers 500 when the object's stream is not one the page reads", async () => {
  const DOSSIERS: DossierObjectNamespace = {
    idFromName: (name) => name,
    get: () => ({ fetch: () => Promise.resolve(new Response("not json\n")) }),
  };
  const route = createDossierRouter({ DOSSIERS });
  const key = "a".repeat(64);
  const original = console.error;
  console.error = () => {};
  try {
    const response = await route(get(`/dossiers/${key}`, "text/html"));
    assert.equal(response.status, 500);
    const body = await response.json();
    assert.equal(body.error, "internal");
    assert.match(
      body.message,
      /^Cannot draw dossier a{64}: the page refuses its stored stream \(.*line 1.*\); this is a bug$/,
    );
  } finally {
    console.error = original;
  }
});
