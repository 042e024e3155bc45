// A generated file kept in the repository: `deno task <task>` writes it,
// `deno task <task> --check` proves the committed copy is what the generator
// makes now. Shared by the validators and the page bundle.

/**
 * Writes `text` to `path` (relative to the repository root), or with
 * `--check` in `args` compares it with the committed file instead.
 *
 * @returns The exit code: 0 written or up to date, 1 missing or stale.
 */
export async function writeOrCheckGenerated(
  path: string,
  text: string,
  args: readonly string[],
  task: string,
): Promise<number> {
  const file = new URL(`../${path}`, import.meta.url);
  if (!args.includes("--check")) {
    await Deno.writeTextFile(file, text);
    console.log(`wrote ${path}`);
    return 0;
  }
  let committed: string | null = null;
  try {
    committed = await Deno.readTextFile(file);
  } catch {
    // Missing: reported below.
  }
  if (committed === text) {
    console.log(`${path} is up to date`);
    return 0;
  }
  console.error(
    `${path} is ${
      committed === null ? "missing" : "stale"
    }: run deno task ${task}`,
  );
  return 1;
}
