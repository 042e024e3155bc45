// The platform's own way to open a URL or a file in the browser, for
// `dossier view --open`: `open` on macOS, `start` (through cmd) on Windows,
// `xdg-open` elsewhere.

/** A program and its arguments. */
export interface OpenerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The command that opens `target` in the browser on an operating system.
 *
 * @param os The operating system, as `Deno.build.os` or Node's `process.platform` names it.
 * @param target A URL, or a file path.
 * @returns The program to run and its arguments.
 */
export function browserOpener(os: string, target: string): OpenerCommand {
  if (os === "darwin") return { command: "open", args: [target] };
  if (os === "windows" || os === "win32") {
    // `start` is a command of cmd; its first quoted argument is a title.
    return { command: "cmd", args: ["/c", "start", '""', target] };
  }
  return { command: "xdg-open", args: [target] };
}
