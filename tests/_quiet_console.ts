// For tests that provoke a failure on purpose (a crash in the middle of an
// append, a request the router cannot read): what the code logs then is
// expected, so it is held back, and printed only if the test fails, where
// it helps. A real failure's output is then not lost among expected traces.

/** Renders what `console.error` was called with, as Deno prints it. */
function _render(args: unknown[]): string {
  return args.map((arg) =>
    arg instanceof Error
      ? arg.stack ?? String(arg)
      : typeof arg === "string"
      ? arg
      : Deno.inspect(arg)
  ).join(" ");
}

/**
 * Runs `body` with `console.error` collected; when `body` throws, prints what
 * was collected, then rethrows.
 *
 * @param body The test's work.
 * @returns What `body` returns, and what was logged.
 */
export async function quietConsole<T>(
  body: () => Promise<T>,
): Promise<{ readonly result: T; readonly logged: readonly string[] }> {
  const original = console.error;
  const logged: string[] = [];
  console.error = (...args: unknown[]) => {
    logged.push(_render(args));
  };
  try {
    const result = await body();
    return { result, logged };
  } catch (error) {
    original(`What the code logged before the failure:\n${logged.join("\n")}`);
    throw error;
  } finally {
    console.error = original;
  }
}
