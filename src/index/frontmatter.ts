/**
 * The YAML text of a work package's frontmatter, cut as the CLI cuts it
 * (docs/indexer.md, "Work packages: the frontmatter"): UTF-8 after one BOM, a
 * first line starting with `---`, the first later line that is `---` once
 * stripped.
 *
 * @module
 */

import { pyStrip } from "./python_repr.ts";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The YAML text between a work package's `---` lines, or `null` when the
 * file has none the CLI would use: not UTF-8, no `---` at its very start, or
 * no closing line. Lines are split on `\n` only, so a `\r` before it stays in
 * the YAML text.
 *
 * @param bytes The file's bytes.
 * @returns The frontmatter's YAML text (lines joined with `\n`), or `null`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractFrontmatter } from "./frontmatter.ts";
 * const bytes = new TextEncoder().encode("---\nwork_package_id: WP01\n  ---  \nbody\n");
 * assert.equal(extractFrontmatter(bytes), "work_package_id: WP01");
 * assert.equal(extractFrontmatter(new TextEncoder().encode("# WP01\n")), null);
 * ```
 */
export function extractFrontmatter(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return null;
  }
  if (!text.startsWith("---")) return null;
  const lines = text.split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (pyStrip(lines[i]) === "---") return lines.slice(1, i).join("\n");
  }
  return null;
}
