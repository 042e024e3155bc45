// `deno task install:cli`: installs cli.ts as the `dossier` command, fetching
// only the packages it imports. A global install resolves its packages
// afresh in `<root>/bin/.dossier/`, with a copy of the config it is given;
// without a lockfile there, Deno also fetches the metadata of every optional
// peer dependency (valibot's is TypeScript, megabytes the command never
// runs). So the install gets cli.install.json (those packages and
// nothing else) and, beside its copy, the frozen cli.install.lock.
//
//   deno task install:cli      (DENO_INSTALL_ROOT, else ~/.deno, as Deno's own)

const ROOT = new URL("../", import.meta.url);
const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
const installRoot = Deno.env.get("DENO_INSTALL_ROOT") ??
  (home === undefined ? undefined : `${home}/.deno`);
if (installRoot === undefined) {
  console.error(
    "install:cli: Cannot find where to install: set DENO_INSTALL_ROOT or HOME",
  );
  Deno.exit(1);
}
const folder = `${installRoot}/bin/.dossier`;
await Deno.mkdir(folder, { recursive: true });
await Deno.copyFile(
  new URL("cli.install.lock", ROOT),
  `${folder}/cli.install.lock`,
);
const { code } = await new Deno.Command(Deno.execPath(), {
  args: [
    "install",
    "--global",
    "--allow-all",
    "--force",
    "--name",
    "dossier",
    "--config",
    "cli.install.json",
    "cli.ts",
  ],
  cwd: decodeURIComponent(ROOT.pathname),
  stdout: "inherit",
  stderr: "inherit",
}).output();
Deno.exit(code);
