// hashWorkPackage() and isWorkPackagePath() against the spec-kitty CLI's own
// results on 62 crafted work-package files (tests/data/real-missions/
// wp-probe.jsonl, see README-wp-probe.md): the hashing path, presence, the
// reason's prefix, the projection JSON and its hash, the aborts.
import assert from "node:assert/strict";
import {
  hashWorkPackage,
  isWorkPackagePath,
  WorkPackageAbortError,
} from "../src/index/work_package_hash.ts";

interface ProbeCase {
  readonly case: string;
  readonly path: string;
  readonly bytes_b64: string;
  readonly raw_sha256: string;
  readonly outcome: string;
  readonly hash_kind?: string;
  readonly is_present?: boolean;
  readonly error_reason?: string | null;
  readonly content_hash?: string | null;
  readonly projection_json?: string;
  readonly exception?: string;
}

const PROBES: ProbeCase[] = (await Deno.readTextFile(
  new URL("./data/real-missions/wp-probe.jsonl", import.meta.url),
)).split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    bytes as Uint8Array<ArrayBuffer>,
  );
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The raw-byte rule (docs/indexer.md, "Raw bytes and UTF-8") that the indexer applies after a `raw` result. */
function rawPresent(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

Deno.test("hashWorkPackage() agrees with the CLI on every wp-probe case", async (t) => {
  assert.equal(PROBES.length, 62);
  for (const probe of PROBES) {
    await t.step(probe.case, async () => {
      const bytes = decodeBase64(probe.bytes_b64);
      assert.equal(
        await sha256Hex(bytes),
        probe.raw_sha256,
        "the probe's bytes",
      );
      const isWp = isWorkPackagePath(probe.path);
      assert.equal(
        isWp,
        probe.hash_kind !== "raw" || probe.outcome !== "raw",
        "isWorkPackagePath",
      );
      if (!isWp) {
        assert.equal(probe.outcome, "raw");
        return;
      }
      const input = { path: probe.path, bytes, statusLog: null };
      if (probe.outcome === "index_feature_raised") {
        await assert.rejects(hashWorkPackage(input), (error: unknown) => {
          assert.ok(error instanceof WorkPackageAbortError);
          assert.equal(error.path, probe.path);
          assert.equal(error.rule, "projection_unserialisable");
          return true;
        });
        return;
      }
      const result = await hashWorkPackage(input);
      if (probe.outcome === "raw_fallback") {
        assert.equal(result.kind, "raw");
        assert.equal(probe.hash_kind, "wp_raw_fallback");
        assert.equal(rawPresent(bytes), probe.is_present);
        assert.equal(
          probe.is_present ? await sha256Hex(bytes) : probe.error_reason,
          probe.is_present ? probe.content_hash : "invalid_utf8",
        );
      } else if (probe.outcome === "not_present") {
        assert.equal(result.kind, "invalid");
        assert.equal(probe.is_present, false);
        const expected = probe.error_reason!.replace(/ \.\.\.$/, "");
        const reason = result.kind === "invalid" ? result.errorReason : "";
        assert.ok(
          reason.startsWith(expected + "\n"),
          `reason ${JSON.stringify(reason)} should start with ${expected}`,
        );
      } else {
        assert.equal(probe.outcome, "projection");
        assert.equal(result.kind, "projected");
        if (result.kind !== "projected") return;
        assert.equal(result.projectionJson, probe.projection_json);
        assert.equal(result.contentHash, probe.content_hash);
      }
    });
  }
});

Deno.test("isWorkPackagePath() follows the CLI's work-package rule and pathlib's suffix rule", async (t) => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ["tasks/WP01-x.md", true],
    ["WP03-root.md", true],
    ["glossary-fragments/WP07.md", true],
    ["tasks/wp04-lower.md", true],
    ["tasks/WP01.MD", true],
    ["tasks/Wp123.Md", true],
    ["tasks/WP\u0661\u0662.md", true],
    ["a.b/WP01.x.md", true],
    ["tasks/WP1-x.md", false],
    ["tasks/WP01-x.txt", false],
    ["tasks/WP01", false],
    ["tasks/WP01.", false],
    ["tasks/.md", false],
    ["tasks/xWP01.md", false],
    ["WP01.md/notes.txt", false],
  ];
  for (const [path, expected] of cases) {
    await t.step(path, () => assert.equal(isWorkPackagePath(path), expected));
  }
});

Deno.test("hashWorkPackage() aborts the mission where the CLI's indexer raises", async (t) => {
  const cases: ReadonlyArray<readonly [string, string, string, RegExp]> = [
    [
      "a subtasks map with mixed key types",
      "subtasks:\n- {1: a, b: c}",
      "projection_unserialisable",
      /not supported/,
    ],
    [
      "a lone surrogate in a projected string",
      'title: "\\ud800"',
      "projection_unserialisable",
      /lone surrogate/,
    ],
    [
      "an integer Python will not write",
      `subtasks: [0x${"f".repeat(3600)}]`,
      "projection_unserialisable",
      /4300 digits/,
    ],
    [
      "a shell_pid that is a list",
      "shell_pid: [1]",
      "frontmatter_type_error",
      /not 'list'/,
    ],
    [
      "a shell_pid that is a map",
      "shell_pid: {a: 1}",
      "frontmatter_type_error",
      /not 'dict'/,
    ],
    [
      "a shell_pid that is a date",
      "shell_pid: 2026-01-01",
      "frontmatter_type_error",
      /not 'date'/,
    ],
    [
      "a shell_pid that is infinite",
      "shell_pid: .inf",
      "frontmatter_type_error",
      /cannot convert float infinity to integer/,
    ],
    [
      "a phase Python writes with a memory address",
      "phase: [!foo x]",
      "frontmatter_type_error",
      /memory address/,
    ],
  ];
  for (const [name, yaml, rule, message] of cases) {
    await t.step(name, async () => {
      const bytes = new TextEncoder().encode(
        `---\nwork_package_id: WP01\n${yaml}\n---\n`,
      );
      await assert.rejects(
        hashWorkPackage({ path: "tasks/WP01.md", bytes, statusLog: null }),
        (error: unknown) => {
          assert.ok(error instanceof WorkPackageAbortError);
          assert.equal(error.rule, rule);
          assert.equal(error.name, "WorkPackageAbortError");
          assert.match(error.message, message);
          assert.match(
            error.message,
            new RegExp(
              `^Cannot hash work package "tasks/WP01\\.md" \\(${rule}\\): `,
            ),
          );
          return true;
        },
      );
    });
  }
});

Deno.test("hashWorkPackage() hashes raw what has no usable frontmatter", async (t) => {
  const cases: ReadonlyArray<readonly [string, Uint8Array]> = [
    ["no opening line", new TextEncoder().encode("# WP01\n---\n")],
    [
      "no closing line",
      new TextEncoder().encode("---\nwork_package_id: WP01\n"),
    ],
    ["a list", new TextEncoder().encode("---\n- a\n---\n")],
    ["a scalar", new TextEncoder().encode("---\nhello\n---\n")],
    ["a YAML error", new TextEncoder().encode("---\na: [b\n---\n")],
    [
      "not UTF-8",
      new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0x0a, 0x2d, 0x2d, 0x2d]),
    ],
  ];
  for (const [name, bytes] of cases) {
    await t.step(name, async () => {
      assert.deepEqual(
        await hashWorkPackage({
          path: "tasks/WP01.md",
          bytes,
          statusLog: null,
        }),
        { kind: "raw" },
      );
    });
  }
});
