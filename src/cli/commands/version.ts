// `dossier version [--json]`, also `--version` and `-V`: the package's
// version and the contract versions it reads.
import { CONTRACT_VERSIONS } from "../../contract/dossier_contract.ts";
import { UsageError } from "../parse_command_line.ts";
import { jsonText, shown } from "../terminal_text.ts";
import { PACKAGE_NAME, PACKAGE_VERSION, versionLine } from "../version.ts";

/** The words that ask for the version. */
export const VERSION_WORDS: readonly string[] = ["--version", "-V", "version"];

/** What `dossier help version` prints. */
export const VERSION_HELP: string =
  `Usage: dossier version [--json]   (or dossier --version, dossier -V)

Prints the package's version and the contract versions it reads. With --json:
{"name":"@spec-kitty/dossier","version":"…","contracts":["2.4.0","3.0.0"]}.
`;

/**
 * What the arguments after a version word ask for.
 *
 * @param word The word used: `--version`, `-V` or `version`.
 * @param args The arguments after it.
 * @returns `help` for `--help`, else whether `--json` was given.
 * @throws {UsageError} For any other argument.
 */
export function parseVersionRequest(
  word: string,
  args: readonly string[],
): "help" | { readonly json: boolean } {
  if (args.includes("--help") || args.includes("-h")) return "help";
  const extra = args.filter((arg) => arg !== "--json");
  if (extra.length > 0) {
    const what = extra[0].startsWith("-") ? "option" : "argument";
    throw new UsageError(
      `${word} takes no ${what} but --json: received ${
        shown(JSON.stringify(extra[0]), 60)
      }`,
    );
  }
  return { json: args.includes("--json") };
}

/**
 * What `--version` prints: the package's version, and the contracts it reads.
 *
 * @param json Whether to print it as one JSON object.
 * @returns The text, ending in a line feed.
 */
export function versionText(json: boolean): string {
  if (!json) return versionLine("dossier");
  return `${
    jsonText({
      name: PACKAGE_NAME,
      version: PACKAGE_VERSION,
      contracts: CONTRACT_VERSIONS,
    })
  }\n`;
}
