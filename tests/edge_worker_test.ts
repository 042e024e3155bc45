// The edge example (examples/edge-worker) in-process: its fetch handler reads
// its [vars] as the router's options; its lock file pins what deno.lock
// tested. tests/served/edge_served.ts serves it with wrangler dev.
import assert from "node:assert/strict";
import worker, { type Env } from "../examples/edge-worker/worker.ts";
import { postEvents, realStreams, testEdge } from "./_edge_kit.ts";
import { V3 } from "./_builders.ts";

const EXAMPLE = new URL("../examples/edge-worker/", import.meta.url);

/** The example's env: an in-process DOSSIERS binding and the given vars. */
function envWith(vars: Omit<Env, "DOSSIERS">): Env {
  return { DOSSIERS: testEdge().binding, ...vars };
}

Deno.test("the edge example reads its [vars]: the build_id rule and the limits", async (t) => {
  const journal = realStreams().get(
    "ske-008-mission-dossier-parity-event-contracts-run1.jsonl",
  )!;
  await t.step(
    "ACCEPT_EMPTY_BUILD_ID true takes what the spec-kitty CLI writes",
    async () => {
      const response = await worker.fetch(
        postEvents(journal),
        envWith({ ACCEPT_EMPTY_BUILD_ID: "true" }),
      );
      assert.equal(response.status, 200);
      assert.equal(
        (await response.json()).namespaces[0].applied,
        journal.length,
      );
    },
  );
  await t.step('without it, build_id "" is refused', async () => {
    const response = await worker.fetch(postEvents(journal), envWith({}));
    assert.equal(response.status, 422);
  });
  await t.step("MAX_BATCH_EVENTS", async () => {
    const response = await worker.fetch(
      postEvents(journal),
      envWith({ ACCEPT_EMPTY_BUILD_ID: "true", MAX_BATCH_EVENTS: "10" }),
    );
    assert.equal(response.status, 413);
    assert.equal((await response.json()).limit, 10);
  });
  await t.step("MAX_BODY_BYTES", async () => {
    const response = await worker.fetch(
      postEvents([JSON.stringify(V3.envelope())]),
      envWith({ MAX_BODY_BYTES: "100" }),
    );
    assert.equal(response.status, 413);
    assert.equal((await response.json()).limit, 100);
  });
});

Deno.test("the edge example's wrangler.toml binds DossierObject as a SQLite class under DOSSIERS", async () => {
  const toml = await Deno.readTextFile(new URL("wrangler.toml", EXAMPLE));
  assert.match(
    toml,
    /\[\[durable_objects\.bindings\]\]\nname = "DOSSIERS"\nclass_name = "DossierObject"/,
  );
  assert.match(
    toml,
    /\[\[migrations\]\]\ntag = "v1"\nnew_sqlite_classes = \["DossierObject"\]/,
  );
  assert.match(toml, /\nport = 8788\n/);
});

Deno.test("the edge example's lock file pins valibot at the version deno.lock tested, and wrangler 4.86.0", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  const denoLock = JSON.parse(
    await Deno.readTextFile(new URL("../deno.lock", import.meta.url)),
  );
  const npmLock = JSON.parse(
    await Deno.readTextFile(new URL("package-lock.json", EXAMPLE)),
  );
  assert.equal(
    npmLock.packages["node_modules/valibot"]?.version,
    denoLock.specifiers[config.imports.valibot],
  );
  assert.equal(npmLock.packages["node_modules/wrangler"]?.version, "4.86.0");
  // The two examples run the same wrangler, miniflare and workerd.
  const other = JSON.parse(
    await Deno.readTextFile(
      new URL(
        "../examples/cloudflare-worker/package-lock.json",
        import.meta.url,
      ),
    ),
  );
  for (const name of ["wrangler", "miniflare", "workerd"]) {
    assert.equal(
      npmLock.packages[`node_modules/${name}`]?.version,
      other.packages[`node_modules/${name}`]?.version,
      name,
    );
  }
});
