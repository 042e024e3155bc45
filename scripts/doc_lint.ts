/**
 * Runs `deno doc --lint` on the entry points given as arguments and fails on
 * every diagnostic located in this package's own files.
 *
 * Diagnostics located inside a dependency's declarations are listed but do
 * not fail: the package re-exports Valibot's `GenericSchema` so that the
 * type of every exported schema is public, and the doc linter then walks
 * Valibot's own declarations, where `ArrayPathItem` references the
 * unexported `MaybeReadonly`. No re-export can make that public, and it is
 * Valibot's documentation, not ours. A diagnostic in any file of this
 * package, or output the parser does not recognize, still fails.
 *
 * Usage: `deno run --allow-read --allow-run scripts/doc_lint.ts mod.ts …`
 *
 * @module
 */

const _DIAGNOSTIC =
  /^(?:error|warning)\[([\w-]+)\]: (.*)\n\s*--> (.+?):(\d+):(\d+)$/gm;
const _SUMMARY = /Found (\d+) documentation lint errors?\./;

const projectDir = new URL("..", import.meta.url).pathname;
const entries = Deno.args;
if (entries.length === 0) {
  console.error("Cannot lint docs: name the entry points: received none");
  Deno.exit(2);
}

const output = await new Deno.Command(Deno.execPath(), {
  args: ["doc", "--lint", ...entries],
  env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
  stdout: "piped",
  stderr: "piped",
}).output();
const decoder = new TextDecoder();
const text = decoder.decode(output.stdout) + decoder.decode(output.stderr);

if (output.success) {
  console.log(`doc lint: ${entries.join(", ")} clean`);
  Deno.exit(0);
}

const diagnostics = [...text.matchAll(_DIAGNOSTIC)].map((match) => ({
  rule: match[1],
  message: match[2],
  file: match[3],
  line: match[4],
}));
const reported = Number(_SUMMARY.exec(text)?.[1] ?? Number.NaN);
const own = diagnostics.filter((diagnostic) =>
  diagnostic.file.startsWith(projectDir) &&
  !diagnostic.file.includes("/node_modules/")
);

if (reported !== diagnostics.length || own.length > 0) {
  console.error(text);
  console.error(
    reported !== diagnostics.length
      ? `doc lint: failed (could not read the linter's output: ${diagnostics.length} diagnostics parsed, ${reported} reported)`
      : `doc lint: ${own.length} problem(s) in this package`,
  );
  Deno.exit(1);
}

console.log(
  `doc lint: ${
    entries.join(", ")
  } clean; ${diagnostics.length} diagnostic(s) inside dependencies' own declarations, not ours:`,
);
for (const diagnostic of diagnostics) {
  console.log(
    `  ${diagnostic.rule}: ${diagnostic.message} (${diagnostic.file}:${diagnostic.line})`,
  );
}
