// Writes the dossier page of a JSONL stream into a folder, to open from
// file:// (no server, no network): the library side of `dossier view --out`.
//
//   deno run --allow-read --allow-write examples/view_page.ts <stream.jsonl> <folder>
import { renderDossierPage } from "../view.ts";

const [input, folder] = Deno.args;
if (input === undefined || folder === undefined) {
  console.error("usage: examples/view_page.ts <stream.jsonl> <folder>");
  Deno.exit(2);
}
let files;
try {
  files = renderDossierPage({
    stream: await Deno.readTextFile(input),
    source: input.split("/").pop(),
  });
} catch (error) {
  // The stream's own error: its line, field and value.
  console.error(`view_page: ${(error as Error).message}`);
  Deno.exit(1);
}
await Deno.mkdir(folder, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  await Deno.writeTextFile(`${folder}/${name}`, text);
}
console.log(`wrote ${folder}/index.html: open it in a browser`);
