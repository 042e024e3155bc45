// Fails when the tests cover less than 98% of the lines in src/.
// Reads the LCOV report of `deno coverage` over the raw profile that
// `deno task test` writes to coverage/raw.
const MINIMUM = 98;

const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
  args: ["coverage", "coverage/raw", "--lcov", "--include=/src/"],
  stdout: "piped",
  stderr: "piped",
}).output();
if (code !== 0) {
  console.error(new TextDecoder().decode(stderr));
  Deno.exit(code);
}

let found = 0;
let hit = 0;
const perFile: string[] = [];
let file = "";
for (const line of new TextDecoder().decode(stdout).split("\n")) {
  if (line.startsWith("SF:")) file = line.slice(line.indexOf("/src/") + 1);
  else if (line.startsWith("LF:")) found += Number(line.slice(3));
  else if (line.startsWith("LH:")) {
    hit += Number(line.slice(3));
    perFile.push(file);
  }
}
const percent = found === 0 ? 0 : (hit / found) * 100;
console.log(
  `coverage of src/: ${
    percent.toFixed(2)
  }% of ${found} lines in ${perFile.length} files (minimum ${MINIMUM}%)`,
);
if (percent < MINIMUM) Deno.exit(1);
