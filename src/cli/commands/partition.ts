// `dossier partition`: splits a log that holds several namespaces (a
// project's journal) into one JSONL file per namespace, each line copied as
// read, and an index.json that lists them.
import type { AnyNamespace } from "../../contract/dossier_contract.ts";
import { contractNamespaceKey } from "../../edge/namespace_key.ts";
import {
  namespaceIdentity,
  placedBatches,
  unassignedLine,
} from "../by_namespace.ts";
import { type CliCommand, INPUT_HELP } from "../command.ts";
import {
  contractDecider,
  contractOf,
  decisionJson,
  describeDecision,
} from "../contract_choice.ts";
import { inputName, ioReason } from "../messages.ts";
import { tableLines } from "../style.ts";
import { jsonText, shown } from "../terminal_text.ts";

const _FLAGS = {
  out: { type: "string", takes: "a directory path" },
  "write-unassigned": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** Where `partition` writes one namespace's lines (or the unassigned ones). */
interface _Target {
  readonly file: string;
  readonly firstLine: number;
  events: number;
  /** Lines not written yet. */
  buffer: string;
  /** True once something was written to its `.partial` file. */
  started: boolean;
}

/** Lines held before they are written: a few megabytes, whatever the input's size. */
const _BUFFERED = 4 * 1_048_576;

const _WITHOUT_NAMESPACE_FILE = "_without-namespace.jsonl";
const _OTHER_TYPES_FILE = "_other-types.jsonl";

/**
 * A safe, stable file name for a namespace: its slug with anything but
 * letters, digits, `.`, `_` and `-` replaced, starting with a letter or a
 * digit (so never `_`, `.` or `..`), at most 60 characters, then the first
 * 8 hex digits of its namespace key (more if two keys share 8): the key the
 * edge serves it under, `/dossiers/{key}`.
 */
export function partitionFileName(
  slug: string,
  key: string,
  taken: ReadonlySet<string>,
): string {
  const safe = slug.normalize("NFC").replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "").slice(0, 60).replace(/[._-]+$/, "") ||
    "namespace";
  for (const length of [8, 16, 64]) {
    const name = `${safe}-${key.slice(0, length)}.jsonl`;
    if (!taken.has(name)) return name;
  }
  // Equal SHA-256 digests of two different identities: not in this universe.
  throw new Error(`Cannot name the file of namespace ${key}`);
}

/**
 * `dossier partition --out <dir>`: one JSONL file per namespace identity, each line
 * copied as read, in input order; `index.json` lists them. The files are
 * written as `<name>.partial` while the input is read (a few megabytes
 * held at a time) and renamed once it was read whole, then index.json is
 * written: a run that fails leaves `.partial` files and no index.
 */
export const partitionCommand: CliCommand<typeof _FLAGS> = {
  name: "partition",
  summary: `  partition --out <dir> [--write-unassigned] [--json] <file|->
                                     split a log that holds several namespaces (a project's
                                     journal) into one file per namespace
`,
  help:
    `Usage: dossier partition --out <dir> [--write-unassigned] [--json] [--contract <v>] [--strict] [--allow-empty] <file|->

Splits a log that holds several namespaces (a project's journal holds every
mission of the project) into one JSONL file per namespace identity (project,
mission slug, branch, mission type, manifest version), each line copied as
read, in input order; each file reduces on its own. The files are named
<slug>-<8 hex digits of the identity's SHA-256>.jsonl, the same for the same
namespace in any run. <dir>/index.json lists them: namespace, file, events,
first line. Dossier events without a valid namespace and events of other
types are counted, and written only with --write-unassigned.

Options:
  --out <dir>           where to write (created if absent; it must be empty)
  --write-unassigned    also write _without-namespace.jsonl and _other-types.jsonl
  --json                print index.json's content as one line instead of the table
${INPUT_HELP}
Lines that are not valid envelopes are errors, as for reduce: files are then
left with a .partial suffix and no index.json is written.

Exit codes: 0 written, 1 unreadable or empty input, or a directory that is not
empty, 2 wrong usage.
`,
  flags: _FLAGS,
  usageProblem(flags) {
    return flags.out === undefined ? "partition needs --out <dir>" : null;
  },
  async run({ input, flags }, io) {
    const { style } = io;
    const files = io.files;
    if (files === undefined) {
      throw new Error(
        "Cannot partition the stream: this runtime's adapter cannot write files",
      );
    }
    const dir = flags.out!.length > 1
      ? flags.out!.replace(/\/+$/, "")
      : flags.out!;
    const shownDir = inputName(dir);
    const pathOf = (name: string) => `${dir}/${name}`;
    let entries: readonly string[];
    try {
      entries = await files.prepareDirectory(dir);
    } catch (error) {
      throw new Error(`Cannot write to ${shownDir}: ${ioReason(error)}`);
    }
    if (entries.length > 0) {
      throw new Error(
        `Cannot partition into ${shownDir}: the directory must be empty or absent: received one holding ${entries.length} ${
          entries.length === 1 ? "entry" : "entries"
        } (${
          entries.slice(0, 3).map((name) => shown(JSON.stringify(name), 60))
            .join(", ")
        }${entries.length > 3 ? ", …" : ""})`,
      );
    }
    const write = async (name: string, text: string) => {
      try {
        await files.appendText(pathOf(name), text);
      } catch (error) {
        throw new Error(
          `Cannot write ${inputName(pathOf(name))}: ${ioReason(error)}`,
        );
      }
    };
    const targets = new Map<
      string,
      _Target & { namespace: AnyNamespace; key: string }
    >();
    const names = new Set<string>();
    const unassigned = {
      withoutNamespace: {
        file: _WITHOUT_NAMESPACE_FILE,
        firstLine: 0,
        events: 0,
        buffer: "",
        started: false,
      } as _Target,
      otherTypes: {
        file: _OTHER_TYPES_FILE,
        firstLine: 0,
        events: 0,
        buffer: "",
        started: false,
      } as _Target,
    };
    const all = (): _Target[] => [
      ...targets.values(),
      unassigned.withoutNamespace,
      unassigned.otherTypes,
    ];
    let buffered = 0;
    const flush = async () => {
      for (const target of all()) {
        if (target.buffer === "") continue;
        await write(`${target.file}.partial`, target.buffer);
        target.buffer = "";
        target.started = true;
      }
      buffered = 0;
    };
    const decider = contractDecider(input.contract);
    let lines = 0;
    for await (const batch of placedBatches(input, io, decider)) {
      lines += batch.length;
      for (const { number, text, contract, placement } of batch) {
        let target: _Target;
        if (placement.kind === "namespace") {
          let found = targets.get(placement.key);
          if (found === undefined) {
            const slug = String(
              placement.namespace[contract.namespaceFields[1]],
            );
            const key = await contractNamespaceKey(
              contract,
              placement.namespace,
            );
            const file = partitionFileName(slug, key, names);
            names.add(file);
            found = {
              file,
              key,
              firstLine: number,
              events: 0,
              buffer: "",
              started: false,
              namespace: placement.namespace,
            };
            targets.set(placement.key, found);
          }
          target = found;
        } else {
          target = placement.kind === "other-type"
            ? unassigned.otherTypes
            : unassigned.withoutNamespace;
          if (!flags["write-unassigned"]) {
            target.events++;
            continue;
          }
        }
        target.events++;
        target.buffer += `${text}\n`;
        buffered += text.length + 1;
      }
      if (buffered >= _BUFFERED) await flush();
    }
    const decision = decider.finish();
    await flush();
    for (const target of all()) {
      if (!target.started) continue;
      try {
        await files.rename(
          pathOf(`${target.file}.partial`),
          pathOf(target.file),
        );
      } catch (error) {
        throw new Error(
          `Cannot write ${inputName(pathOf(target.file))}: ${ioReason(error)}`,
        );
      }
    }
    const contract = contractOf(decision);
    const written = (target: _Target) => target.started ? target.file : null;
    const index = {
      contract: decisionJson(decision),
      lines,
      namespaces: [...targets.values()].map((target) => ({
        file: target.file,
        key: target.key,
        events: target.events,
        first_line: target.firstLine,
        namespace: namespaceIdentity(contract, target.namespace),
      })),
      without_namespace: {
        events: unassigned.withoutNamespace.events,
        file: written(unassigned.withoutNamespace),
      },
      other_types: {
        events: unassigned.otherTypes.events,
        file: written(unassigned.otherTypes),
      },
    };
    await write("index.json.partial", `${JSON.stringify(index, null, 2)}\n`);
    try {
      await files.rename(pathOf("index.json.partial"), pathOf("index.json"));
    } catch (error) {
      throw new Error(
        `Cannot write ${inputName(pathOf("index.json"))}: ${ioReason(error)}`,
      );
    }
    if (flags.json) {
      await io.write(`${jsonText(index)}\n`);
      return 0;
    }
    const [, slug, branch] = contract.namespaceFields;
    const rows = [["FILE", "EVENTS", "FIRST LINE", "MISSION · BRANCH"]];
    for (const target of targets.values()) {
      rows.push([
        shown(target.file, 80),
        String(target.events),
        String(target.firstLine),
        `${shown(String(target.namespace[slug]), 60)} · ${
          shown(String(target.namespace[branch]), 40)
        }`,
      ]);
    }
    const count = targets.size;
    const rest = [unassigned.withoutNamespace, unassigned.otherTypes];
    const restNote = rest.some((target) => target.events > 0)
      ? flags["write-unassigned"]
        ? ` (written to ${
          rest.filter((target) => target.started).map((target) => target.file)
            .join(" and ")
        })`
        : " (--write-unassigned writes them to files of their own)"
      : "";
    await io.write(
      [
        `${
          style.bold(`${count} ${count === 1 ? "namespace" : "namespaces"}`)
        } from ${inputName(input.path)} written to ${shownDir}${
          style.dim(` · contract ${describeDecision(decision, true)}`)
        }`,
        ...(count === 0 ? [] : tableLines(rows)),
        unassignedLine(
          {
            withoutNamespace: unassigned.withoutNamespace.events,
            otherTypes: unassigned.otherTypes.events,
          },
          style,
        ) + restNote,
        `${shown(pathOf("index.json"), 200)} lists the files`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};
