// `deno task serve:edge` as a black box, for tests/served/edge_served.ts:
// started on a free port of 127.0.0.1 with its own storage folder, in a
// process group of its own; stopped by signal, by process id and process
// group, and checked to leave no process behind. Bounded: 180 s for the first
// start (it may run `npm ci`), 60 s for later ones, 20 s per request.

const ROOT = new URL("../../", import.meta.url);
const READY_MS = 180_000;
const GONE_MS = 20_000;
const LOG_KEPT = 64 * 1024;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** The live (not zombie) processes of a process group, read from /proc. */
export function groupMembers(group: number): number[] {
  const members: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
    } catch {
      continue; // Gone meanwhile.
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === group && fields[0] !== "Z") {
      members.push(Number(entry.name));
    }
  }
  return members;
}

/** fetch, given up after 20 s: a request that hangs is a failure, not a hang. */
export function fetchWithin(
  input: string | Request,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(input, { ...init, signal: AbortSignal.timeout(20_000) });
}

/** One run of `deno task serve:edge`. */
export class EdgeServer {
  readonly port: number;
  readonly persistDir: string;
  readonly base: string;
  #child: Deno.ChildProcess | null = null;
  /** wrangler's process group, as serve:edge prints it. */
  #wranglerGroup: number | null = null;
  #log = "";
  #collected: Promise<unknown> = Promise.resolve();
  /** Starts so far. */
  starts = 0;

  /** The Worker's inspector (Chrome DevTools protocol), on 127.0.0.1. */
  readonly inspectorPort: number = freePort();

  constructor(persistDir: string, port = freePort()) {
    this.port = port;
    this.persistDir = persistDir;
    this.base = `http://127.0.0.1:${port}`;
  }

  /** What the server printed last (the last 64 KiB). */
  get log(): string {
    return this.#log;
  }

  /** The process groups it runs in: `deno task`'s and wrangler's. */
  get groups(): number[] {
    return [this.#child?.pid, this.#wranglerGroup].filter((group) =>
      group !== undefined && group !== null
    ) as number[];
  }

  /** Starts it and waits until it answers. */
  async start(): Promise<void> {
    if (this.#child !== null) throw new Error("already started");
    this.starts++;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["task", "serve:edge"],
      cwd: decodeURIComponent(ROOT.pathname),
      env: {
        PORT: String(this.port),
        PERSIST_DIR: this.persistDir,
        INSPECTOR_PORT: String(this.inspectorPort),
        NO_COLOR: "1",
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      // Its own process group, so that the test can stop all of it by id.
      detached: true,
    }).spawn();
    this.#child = child;
    // This run's output only: the group is read from it.
    this.#log = "";
    this.#wranglerGroup = null;
    const decoder = new TextDecoder();
    const collect = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) {
        this.#log = (this.#log + decoder.decode(chunk)).slice(-LOG_KEPT);
        const group = /process group (\d+)/.exec(this.#log);
        if (group !== null && this.#wranglerGroup === null) {
          this.#wranglerGroup = Number(group[1]);
        }
      }
    };
    this.#collected = Promise.all([
      collect(child.stdout),
      collect(child.stderr),
    ]);
    const deadline = Date.now() + (this.starts === 1 ? READY_MS : 60_000);
    for (;;) {
      // Only once this run says it started wrangler: until then, whatever
      // answers on the port is another server (one killed a moment ago).
      try {
        if (this.#wranglerGroup === null) throw new Error("not started yet");
        const response = await fetchWithin(`${this.base}/events`);
        await response.body?.cancel();
        if (response.status === 405) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`serve:edge did not answer in time:\n${this.#log}`);
      }
      await sleep(100);
    }
  }

  /**
   * Sends `signal` to `deno task`'s whole process group (as a supervisor
   * would), or to its process alone (`group: false`).
   */
  signal(signal: Deno.Signal, options: { group?: boolean } = {}): void {
    const child = this.#child;
    if (child === null) return;
    try {
      Deno.kill(options.group === false ? child.pid : -child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /**
   * Waits until no process of either group is left and the port is free;
   * throws when that takes more than 20 s (after killing what is left).
   */
  async waitGone(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    const deadline = Date.now() + GONE_MS;
    await Promise.race([child.status, sleep(GONE_MS)]);
    for (;;) {
      const left = this.groups.flatMap(groupMembers);
      if (left.length === 0) break;
      if (Date.now() > deadline) {
        this.#killGroups();
        throw new Error(`processes left behind: ${left.join(", ")}`);
      }
      await sleep(50);
    }
    await this.#collected;
    this.#child = null;
    this.#wranglerGroup = null;
  }

  /** SIGKILL to every process of both groups, then waits until they are gone. */
  async kill(): Promise<void> {
    if (this.#child === null) return;
    this.#killGroups();
    await this.waitGone();
  }

  #killGroups(): void {
    for (const group of this.groups) {
      try {
        Deno.kill(-group, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
}
