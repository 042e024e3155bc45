// `deno task serve:edge`: the dossier edge (examples/edge-worker) under
// `wrangler dev` on 127.0.0.1:$PORT (default 8788), its Durable Objects'
// storage under $PERSIST_DIR (default .cache/edge of the checkout; a relative
// path is read from where the task was started), the Worker's inspector on
// 127.0.0.1:$INSPECTOR_PORT (default: a free port). Installs the example's npm
// packages from its lock file first (wrangler pinned there), so that it runs
// on a fresh clone with Node and npm.
//
// It stops like any server, and takes wrangler and its workerd with it
// whichever way it is stopped. wrangler runs in a process group of its own
// (wrangler's two node processes, esbuild and two workerd). On SIGTERM or
// SIGINT that group gets SIGTERM, then SIGKILL after 10 s. If this process
// loses its parent (`deno task` killed), the group gets SIGKILL. If this
// process is killed itself (SIGKILL: no handler runs), a watcher in a session
// of its own, reading a pipe from this process, sees the pipe close and
// sends the group SIGKILL. So a SIGKILL of this process, of `deno task`, or
// of their process group leaves nothing running.
import { installFromLock } from "../_npm_install.ts";

const ROOT = new URL("../../", import.meta.url);
const EXAMPLE = new URL("examples/edge-worker/", ROOT);
const path = (url: URL) => decodeURIComponent(url.pathname);
const STOP_MS = 10_000;
const PORT_WAIT_MS = 10_000;

function fail(message: string): never {
  console.error(`serve:edge: ${message}`);
  Deno.exit(1);
}

const portText = Deno.env.get("PORT") ?? "8788";
const port = Number(portText);
if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
  fail(`PORT must be a port number from 1 to 65535: received ${portText}`);
}
const persistText = Deno.env.get("PERSIST_DIR");
const persistDir = persistText === undefined || persistText === ""
  ? path(new URL(".cache/edge", ROOT))
  : persistText.startsWith("/")
  ? persistText
  : `${Deno.env.get("INIT_CWD") ?? Deno.cwd()}/${persistText}`;

/** A port nobody listens on now (for wrangler's inspector). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

// wrangler would move to another port when this one is taken; a server
// asked for a port must fail instead. A server killed a moment ago may still
// hold it while its processes end (its group is killed within 200 ms of the
// kill): wait up to 10 s for the port first.
for (const deadline = Date.now() + PORT_WAIT_MS;;) {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    break;
  } catch {
    if (Date.now() > deadline) {
      fail(
        `cannot listen on 127.0.0.1:${port}: the port is in use (waited ${
          PORT_WAIT_MS / 1000
        } s)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

await installFromLock(EXAMPLE, EXAMPLE, "the edge example's wrangler");
await Deno.mkdir(persistDir, { recursive: true });

const wrangler = new Deno.Command(
  path(new URL("node_modules/.bin/wrangler", EXAMPLE)),
  {
    args: [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persistDir,
      "--inspector-port",
      Deno.env.get("INSPECTOR_PORT") ?? String(freePort()),
    ],
    cwd: path(EXAMPLE),
    env: {
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_METRICS: "false",
      DO_NOT_TRACK: "1",
      CI: "true",
    },
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
    // Its own session and process group, led by wrangler: the group is
    // every process it starts.
    detached: true,
  },
).spawn();
const group = wrangler.pid;

const watcher = new Deno.Command("sh", {
  args: ["-c", `cat > /dev/null; kill -KILL -${group} 2>/dev/null`],
  stdin: "piped",
  stdout: "null",
  stderr: "null",
  detached: true,
}).spawn();

console.log(
  `serve:edge: wrangler dev on http://127.0.0.1:${port} (process group ${group}), storage in ${persistDir}`,
);

function killGroup(signal: Deno.Signal): void {
  try {
    Deno.kill(-group, signal);
  } catch {
    // Already gone.
  }
}

let stopping = false;
async function stop(signal: Deno.Signal, code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    killGroup(signal);
    const timer = setTimeout(() => killGroup("SIGKILL"), STOP_MS);
    await wrangler.status;
    clearTimeout(timer);
    killGroup("SIGKILL");
    await watcher.stdin.close().catch(() => {});
    await watcher.status;
    Deno.exit(code);
  }
  return await new Promise<never>(() => {});
}

Deno.addSignalListener("SIGTERM", () => stop("SIGTERM", 143));
Deno.addSignalListener("SIGINT", () => stop("SIGTERM", 130));
const parent = Deno.ppid;
setInterval(() => {
  if (Deno.ppid !== parent) stop("SIGKILL", 137);
}, 200);

const status = await wrangler.status;
await stop("SIGKILL", status.code);
