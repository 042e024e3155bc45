// Runs tests/_reference_oracle.py: one python3 subprocess per request, JSON
// in on stdin, JSON out on stdout. Where python3 or pydantic is missing, the
// differential tests are ignored with a loud message instead of passing.

const SCRIPT = new URL("./_reference_oracle.py", import.meta.url).pathname;

/** The pydantic version the contract names as the oracle (docs/contract.md, "The event envelope"). */
export const EXPECTED_PYDANTIC = "2.13.4";

/** Why the oracle cannot run here, or `null` when it can; and pydantic's version. */
export interface OracleStatus {
  readonly unavailable: string | null;
  readonly pydantic: string | null;
}

async function probe(): Promise<OracleStatus> {
  try {
    const output = await new Deno.Command("python3", {
      args: ["-c", "import pydantic; print(pydantic.VERSION)"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    if (!output.success) {
      const why = decoder.decode(output.stderr).trim().split("\n").at(-1);
      return { unavailable: `import pydantic failed: ${why}`, pydantic: null };
    }
    return {
      unavailable: null,
      pydantic: decoder.decode(output.stdout).trim(),
    };
  } catch (error) {
    return {
      unavailable: `python3 cannot be run: ${(error as Error).message}`,
      pydantic: null,
    };
  }
}

/** Whether the oracle can run, checked once per test file. */
export const ORACLE: OracleStatus = await probe();

/**
 * Says loudly, on stderr, that a differential test did not run, and returns
 * the `ignore` flag for `Deno.test`; warns when pydantic is not the version
 * the contract names (the answers may then differ for that reason alone).
 */
export function skipWithoutOracle(test: string): boolean {
  if (ORACLE.unavailable !== null) {
    console.error(
      `\n!!! SKIPPED: ${test}: ${ORACLE.unavailable}. The differential test against the reference (python3 with pydantic ${EXPECTED_PYDANTIC}) did not run; nothing was checked.\n`,
    );
    return true;
  }
  if (ORACLE.pydantic !== EXPECTED_PYDANTIC) {
    console.error(
      `\n!!! ${test}: pydantic ${ORACLE.pydantic} is installed, the contract's oracle is ${EXPECTED_PYDANTIC}; a disagreement may come from the version.\n`,
    );
  }
  return false;
}

/** Sends `inputs` to the oracle in one subprocess and returns its answers, one per input. */
export async function askReference<T>(
  kind: "timestamps" | "event_ids",
  inputs: readonly string[],
): Promise<T[]> {
  const child = new Deno.Command("python3", {
    args: [SCRIPT],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const request = new TextEncoder().encode(JSON.stringify({ kind, inputs }));
  const writing = (async () => {
    const writer = child.stdin.getWriter();
    await writer.write(request);
    await writer.close();
  })();
  const [output] = await Promise.all([child.output(), writing]);
  if (!output.success) {
    throw new Error(
      `Cannot ask the reference: python3 ${SCRIPT} exited with ${output.code}: ${
        new TextDecoder().decode(output.stderr).slice(-2000)
      }`,
    );
  }
  const answers = JSON.parse(new TextDecoder().decode(output.stdout)) as T[];
  if (answers.length !== inputs.length) {
    throw new Error(
      `Cannot ask the reference: ${inputs.length} inputs, ${answers.length} answers`,
    );
  }
  return answers;
}
