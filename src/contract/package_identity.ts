// The package's name and version, kept here at the bottom of the data path
// because two layers above need them: the command line's `--version`, and
// the producer's default `build_id`. tests/cli_test.ts fails when the
// version differs from deno.json's.

/** The package's name. */
export const PACKAGE_NAME = "@spec-kitty/dossier";

/** The version of `@spec-kitty/dossier`. */
export const PACKAGE_VERSION = "2.8.0";
