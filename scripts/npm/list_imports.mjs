// Prints the module specifiers each file imports (static, dynamic and
// re-exports; comments ignored), as one JSON object { file: [specifier] },
// read with TypeScript's own scanner. Run with Node by build.ts.
// Usage: node list_imports.mjs <typescript package dir> <file>…
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [typescriptDir, ...files] = process.argv.slice(2);
const ts = createRequire(join(typescriptDir, "noop.js"))("typescript");
const imports = {};
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(
    readFileSync(file, "utf8"),
    true,
    true,
  );
  imports[file] = importedFiles.map((entry) => entry.fileName);
}
console.log(JSON.stringify(imports));
