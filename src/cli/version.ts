// What `dossier --version` prints: the package's version (deno.json's
// "version", kept in src/contract/package_identity.ts) and the versions of
// the spec-kitty-events contract it implements.

import { CONTRACT_VERSIONS } from "../contract/dossier_contract.ts";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../contract/package_identity.ts";

export { PACKAGE_NAME, PACKAGE_VERSION };

/** `dossier <version> (Mission Dossier Parity contracts 2.4.0, 3.0.0)`, and a newline. */
export function versionLine(name: string): string {
  return `${name} ${PACKAGE_VERSION} (Mission Dossier Parity contracts ${
    CONTRACT_VERSIONS.join(", ")
  })\n`;
}
