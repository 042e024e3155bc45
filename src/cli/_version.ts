// What `dossier --version` prints: the package's version (deno.json's
// "version"; tests/cli_test.ts fails when the two differ) and the versions
// of the spec-kitty-events contract it implements.

/** The version of `@spec-kitty/dossier`. */
export const _PACKAGE_VERSION = "2.4.0";

/** The Mission Dossier Parity contract versions this package implements. */
export const _CONTRACT_VERSIONS: readonly string[] = ["2.4.0"];

/** `dossier 2.4.0 (Mission Dossier Parity contract 2.4.0)`, and a newline. */
export function _versionLine(name: string): string {
  const contracts = _CONTRACT_VERSIONS.length === 1 ? "contract" : "contracts";
  return `${name} ${_PACKAGE_VERSION} (Mission Dossier Parity ${contracts} ${
    _CONTRACT_VERSIONS.join(", ")
  })\n`;
}
