// What `dossier --version` prints: the package's version (deno.json's
// "version"; tests/cli_test.ts fails when the two differ) and the versions
// of the spec-kitty-events contract it implements.

import { CONTRACT_VERSIONS } from "../contract/dossier_contract.ts";

/** The package's name. */
export const PACKAGE_NAME = "@spec-kitty/dossier";

/** The version of `@spec-kitty/dossier`. */
export const PACKAGE_VERSION = "2.6.0";

/** `dossier 2.6.0 (Mission Dossier Parity contracts 2.4.0, 3.0.0)`, and a newline. */
export function versionLine(name: string): string {
  return `${name} ${PACKAGE_VERSION} (Mission Dossier Parity contracts ${
    CONTRACT_VERSIONS.join(", ")
  })\n`;
}
