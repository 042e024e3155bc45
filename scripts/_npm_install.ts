// Installs the npm tools a script needs from a committed package.json and
// package-lock.json (`npm ci`, so exactly the locked versions) into a folder
// of .cache/, once: a later run with the same lock file reuses them. The
// tarballs land in npm's cache, so later installs of the same versions work
// offline.

/** The result of one command, its output captured. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end with its output captured; a failure prints the
 * command and its output unless `quiet`. A command still running after
 * `timeoutMs` (5 minutes unless told) is killed and reported as failed.
 */
export async function run(
  command: string,
  args: readonly string[],
  options: {
    readonly cwd: URL;
    readonly env?: Record<string, string>;
    readonly quiet?: boolean;
    readonly timeoutMs?: number;
  },
): Promise<CommandResult> {
  const child = new Deno.Command(command, {
    args: [...args],
    cwd: decodeURIComponent(options.cwd.pathname),
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timeoutMs = options.timeoutMs ?? 300_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const output = await child.output().finally(() => clearTimeout(timer));
  const decoder = new TextDecoder();
  const result = {
    code: timedOut ? 124 : output.code,
    stdout: decoder.decode(output.stdout),
    stderr: (timedOut ? `killed after ${timeoutMs / 1000} s\n` : "") +
      decoder.decode(output.stderr),
  };
  if (result.code !== 0 && !options.quiet) {
    console.error(`${command} ${args.join(" ")} exited ${result.code}`);
    console.error(result.stdout + result.stderr);
  }
  return result;
}

async function readText(url: URL): Promise<string | null> {
  try {
    return await Deno.readTextFile(url);
  } catch {
    return null;
  }
}

/**
 * `npm ci` of `from`'s package.json and package-lock.json into `into`
 * (a folder of .cache/, or `from` itself); skipped when `into` already
 * holds that lock file.
 */
export async function installFromLock(
  from: URL,
  into: URL,
  what: string,
): Promise<void> {
  const lock = await Deno.readTextFile(new URL("package-lock.json", from));
  // Inside node_modules, which npm ci replaces: a stamp outlives no install.
  const stamp = new URL("node_modules/.installed-lock.json", into);
  if (await readText(stamp) === lock) return;
  const started = performance.now();
  if (from.href !== into.href) {
    await Deno.mkdir(into, { recursive: true });
    await Deno.copyFile(
      new URL("package.json", from),
      new URL("package.json", into),
    );
    await Deno.writeTextFile(new URL("package-lock.json", into), lock);
  }
  const install = await run("npm", [
    "ci",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    "--loglevel=error",
  ], { cwd: into });
  if (install.code !== 0) throw new Error(`npm ci of ${what} failed`);
  await Deno.writeTextFile(stamp, lock);
  console.log(
    `installed ${what} into ${decodeURIComponent(into.pathname)} in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s`,
  );
}
