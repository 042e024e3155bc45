// Runs tests/_wp_oracle.py (ruamel.yaml 0.17.21 and pydantic 2.13.4 doing the
// work-package hashing of docs/indexer.md, "Work packages: which files" and the
// sections after it) in one python3 subprocess per batch. Debian's
// python3-ruamel.yaml is 0.17.21; its folder is added to PYTHONPATH so that a
// python3 with pydantic finds it. Where either library is missing or of another
// version, the differential test is ignored with a loud message instead of
// passing.

const SCRIPT = new URL("./_wp_oracle.py", import.meta.url).pathname;
const DEBIAN_PACKAGES = "/usr/lib/python3/dist-packages";
const EXPECTED = "0.17.21 2.13.4";

function pythonEnv(): Record<string, string> {
  const path = Deno.env.get("PYTHONPATH");
  return { PYTHONPATH: path ? `${path}:${DEBIAN_PACKAGES}` : DEBIAN_PACKAGES };
}

async function probe(): Promise<string | null> {
  try {
    const output = await new Deno.Command("python3", {
      args: [
        "-c",
        "import ruamel.yaml, pydantic; print(ruamel.yaml.__version__, pydantic.VERSION)",
      ],
      env: pythonEnv(),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    if (!output.success) {
      return `import ruamel.yaml, pydantic failed: ${
        decoder.decode(output.stderr).trim().split("\n").at(-1)
      }`;
    }
    const versions = decoder.decode(output.stdout).trim();
    return versions === EXPECTED
      ? null
      : `ruamel.yaml and pydantic are ${versions}, not ${EXPECTED}`;
  } catch (error) {
    return `python3 cannot be run: ${(error as Error).message}`;
  }
}

const UNAVAILABLE = await probe();

/** Says loudly that the differential test did not run and returns the `ignore` flag, or `false` when it can run. */
export function skipWithoutWpOracle(test: string): boolean {
  if (UNAVAILABLE === null) return false;
  console.error(
    `\n!!! SKIPPED: ${test}: ${UNAVAILABLE}. The differential test against ruamel.yaml ${
      EXPECTED.split(" ")[0]
    } and pydantic ${
      EXPECTED.split(" ")[1]
    } (apt-get install python3-ruamel.yaml; pip install pydantic==2.13.4) did not run; nothing was checked.\n`,
  );
  return true;
}

/** One request: a file, and optionally the runtime fields to re-validate with. */
export interface OracleRequest {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly runtime?: Record<string, unknown>;
}

/** The reference's answer. */
export type OracleAnswer =
  | { readonly kind: "raw" }
  | { readonly kind: "invalid"; readonly reason: string }
  | { readonly kind: "projected"; readonly json: string; readonly hash: string }
  | { readonly kind: "abort"; readonly error: string };

function base64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** Asks the reference about every request in one subprocess. */
export async function askWpOracle(
  requests: readonly OracleRequest[],
): Promise<OracleAnswer[]> {
  const child = new Deno.Command("python3", {
    args: [SCRIPT],
    env: pythonEnv(),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const body = JSON.stringify(
    requests.map((r) => ({
      path: r.path,
      b64: base64(r.bytes),
      runtime: r.runtime,
    })),
  );
  const writing = (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(body));
    await writer.close();
  })();
  const [output] = await Promise.all([child.output(), writing]);
  if (!output.success) {
    throw new Error(
      `The work-package oracle failed: ${
        new TextDecoder().decode(output.stderr)
      }`,
    );
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}
