// The command line's yardstick: reads a file the way the CLI reads it (the
// same line reader) and runs JSON.parse on every line, discarding the value.
// `deno task bench` times it beside `dossier reduce` in a subprocess.
//
//   deno run -A bench/cli_yardstick.ts <file>
import { readLines } from "../src/cli/read_lines.ts";

let lines = 0;
const file = await Deno.open(Deno.args[0]);
for await (const batch of readLines(file.readable)) {
  for (const line of batch) {
    JSON.parse(line.text);
    lines++;
  }
}
console.log(lines);
