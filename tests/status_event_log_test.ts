// readStatusEventLog() and the status-log step of hashWorkPackage()
// (docs/indexer.md, "Work packages: the status log"): which lines the CLI's
// reader refuses (aborting the mission), which it skips, how annotations fold
// into the runtime fields that are validated again, and the raw fallback for a
// log that is not UTF-8.
import assert from "node:assert/strict";
import { readStatusEventLog } from "../src/index/status_event_log.ts";
import {
  hashWorkPackage,
  WorkPackageAbortError,
} from "../src/index/work_package_hash.ts";
import { PyDict } from "../src/index/python_value.ts";

const ENCODER = new TextEncoder();
const ULID = "01KJ5V2V6YQCFX0B2DA7XTEBMA";
const TRANSITION = {
  actor: "migration",
  at: "2026-02-07T00:00:00Z",
  event_id: ULID,
  evidence: null,
  execution_mode: "direct_repo",
  force: true,
  from_lane: "planned",
  to_lane: "done",
  wp_id: "WP01",
};

function log(...lines: unknown[]): Uint8Array {
  return ENCODER.encode(
    lines.map((line) => typeof line === "string" ? line : JSON.stringify(line))
      .join("\n") + "\n",
  );
}

function annotation(delta: unknown, extra: Record<string, unknown> = {}) {
  return {
    event_id: ULID,
    kind: "annotation",
    wp_id: "WP01",
    at: "2026-01-01T00:00:00Z",
    actor: "a",
    delta,
    ...extra,
  };
}

const CORRUPT: ReadonlyArray<readonly [string, Uint8Array, RegExp]> = [
  [
    "text that is not JSON",
    log("this is not json"),
    /^Invalid JSON on line 1: /,
  ],
  [
    "a JSON array",
    log("[1]"),
    /^Invalid event structure on line 1: expected JSON object$/,
  ],
  ["a JSON string", log('"x"'), /expected JSON object/],
  [
    "an unknown kind",
    log({ ...TRANSITION, kind: "note" }),
    /unknown event kind "note"/,
  ],
  [
    "a kind that is false",
    log({ ...TRANSITION, kind: false }),
    /unknown event kind false/,
  ],
  [
    "a transition without wp_id",
    log({ ...TRANSITION, wp_id: undefined }),
    /lacks the key "wp_id"/,
  ],
  [
    "a transition without force",
    log({ ...TRANSITION, force: undefined }),
    /lacks the key "force"/,
  ],
  [
    "a lane that is not one",
    log({ ...TRANSITION, to_lane: "doing" }),
    /field "to_lane" is not a lane: "doing"/,
  ],
  [
    "a lane that is a number",
    log({ ...TRANSITION, from_lane: 1 }),
    /field "from_lane" is not a lane: 1/,
  ],
  [
    "evidence that is a string",
    log({ ...TRANSITION, evidence: "x" }),
    /field "evidence" is not an object/,
  ],
  [
    "evidence without review",
    log({ ...TRANSITION, evidence: { repos: [] } }),
    /lacks the key "review"/,
  ],
  [
    "a review that is a list",
    log({ ...TRANSITION, evidence: { review: [1] } }),
    /"evidence.review" is not an object/,
  ],
  [
    "a review without verdict",
    log({
      ...TRANSITION,
      evidence: { review: { reviewer: "r", reference: "x" } },
    }),
    /lacks the key "verdict"/,
  ],
  [
    "repos that is a number",
    log({
      ...TRANSITION,
      evidence: {
        review: { reviewer: "r", verdict: "v", reference: "x" },
        repos: 3,
      },
    }),
    /"evidence.repos" is not iterable/,
  ],
  [
    "repos holding a string",
    log({
      ...TRANSITION,
      evidence: {
        review: { reviewer: "r", verdict: "v", reference: "x" },
        repos: ["a"],
      },
    }),
    /holds an item that is not an object/,
  ],
  [
    "verification missing summary",
    log({
      ...TRANSITION,
      evidence: {
        review: { reviewer: "r", verdict: "v", reference: "x" },
        verification: [{ command: "c", result: "pass" }],
      },
    }),
    /lacks the key "summary"/,
  ],
  [
    "an annotation with a bad id",
    log(annotation({}, { event_id: "x" })),
    /field "event_id" is not a ULID: "x"/,
  ],
  [
    "an annotation without delta",
    log(annotation(undefined)),
    /lacks the key "delta"/,
  ],
  [
    "an annotation whose delta is a list",
    log(annotation([1])),
    /field "delta" is not an object/,
  ],
  [
    "an annotation without wp_id",
    log(annotation({}, { wp_id: undefined })),
    /lacks the key "wp_id"/,
  ],
  [
    "subtasks that is a list",
    log(annotation({ subtasks: ["a"] })),
    /"delta.subtasks" is not an object/,
  ],
  [
    "a review override that is a string",
    log(annotation({ review: "x" })),
    /"delta.review" is not an object/,
  ],
  [
    "a review override without reason",
    log(annotation({ review: { at: "a", actor: "b", wp_id: "c" } })),
    /lacks the key "reason"/,
  ],
  [
    "tracker_refs that is a number",
    log(annotation({ tracker_refs: 1 })),
    /"delta.tracker_refs" is not iterable/,
  ],
  [
    "a BOM before the first line",
    ENCODER.encode("\ufeff" + JSON.stringify(TRANSITION) + "\n"),
    /^Invalid JSON on line 1/,
  ],
  [
    "a line break inside a line (U+2028)",
    ENCODER.encode('{"a":\u2028 1}\n'),
    /^Invalid JSON on line 1/,
  ],
  ["the second line bad", log(TRANSITION, "{"), /on line 2/],
];

Deno.test("readStatusEventLog() refuses the lines the CLI's reader refuses", async (t) => {
  for (const [name, bytes, reason] of CORRUPT) {
    await t.step(name, () => {
      const result = readStatusEventLog(bytes);
      assert.equal(result.kind, "corrupt");
      assert.match(result.kind === "corrupt" ? result.reason : "", reason);
    });
  }
});

Deno.test("readStatusEventLog() accepts transitions, skips other events and blank lines", () => {
  const result = readStatusEventLog(log(
    TRANSITION,
    "",
    "   ",
    { ...TRANSITION, from_lane: "genesis", evidence: {} },
    {
      ...TRANSITION,
      evidence: {
        review: { reviewer: "r", verdict: "v", reference: "x" },
        repos: [{ repo: "a", branch: "b", commit: "c" }],
        verification: "",
      },
    },
    { event_type: "MissionCreated", payload: {} },
    { event_name: "retrospective.captured" },
    { type: "RetrospectiveSkipped" },
    { ...TRANSITION, kind: null },
  ));
  assert.deepEqual(result, { kind: "ok", runtime: new Map() });
});

Deno.test("readStatusEventLog() splits lines as str.splitlines() does", () => {
  const text =
    [TRANSITION, TRANSITION, TRANSITION].map((e) => JSON.stringify(e)).join(
      "\r\n",
    ) +
    "\r" + JSON.stringify(TRANSITION) + "\u2029" + JSON.stringify(TRANSITION);
  assert.equal(readStatusEventLog(ENCODER.encode(text)).kind, "ok");
});

Deno.test("readStatusEventLog() folds annotations into each work package's runtime fields", () => {
  const result = readStatusEventLog(log(
    annotation({
      shell_pid: 42,
      agent: "claude",
      assignee: "bob",
      shell_pid_created_at: "t0",
    }),
    annotation({ agent: "", assignee: null, shell_pid: 7.5 }),
    annotation({ release_runtime_claim: true }, { wp_id: "WP02" }),
    annotation(
      { shell_pid: "x", tracker_refs: "a", subtasks: { T1: "done" } },
      { wp_id: "WP02" },
    ),
    annotation({ release_runtime_claim: true, assignee: ["a"] }),
  ));
  assert.equal(result.kind, "ok");
  if (result.kind !== "ok") return;
  const wp01 = result.runtime.get("WP01")!;
  assert.equal(wp01.shell_pid, null);
  assert.equal(wp01.agent, null);
  assert.equal(wp01.shell_pid_created_at, null);
  assert.deepEqual(wp01.assignee, ["a"]);
  const wp02 = result.runtime.get("WP02")!;
  assert.equal(wp02.shell_pid, "x");
  assert.equal(result.runtime.get("WP03"), undefined);
  const objects = readStatusEventLog(
    log(annotation({ agent: { tool: "x" }, shell_pid: 5 })),
  );
  const agent = objects.kind === "ok"
    ? objects.runtime.get("WP01")!.agent
    : null;
  assert.ok(agent instanceof PyDict && agent.className === "dict");
});

Deno.test("readStatusEventLog() reads each byte array once and says when it is not UTF-8", () => {
  const bytes = log("{");
  const first = readStatusEventLog(bytes);
  assert.equal(readStatusEventLog(bytes), first);
  assert.notEqual(readStatusEventLog(log("{")), first);
  assert.deepEqual(readStatusEventLog(new Uint8Array([0x7b, 0xff, 0x7d])), {
    kind: "undecodable",
  });
});

const WP = ENCODER.encode(
  "---\nwork_package_id: WP01\ntitle: T\n---\n# WP01\n",
);

Deno.test("hashWorkPackage() aborts the mission on a corrupt status log", async () => {
  await assert.rejects(
    hashWorkPackage({
      path: "tasks/WP01-a.md",
      bytes: WP,
      statusLog: log("this is not json"),
    }),
    (error: unknown) => {
      assert.ok(error instanceof WorkPackageAbortError);
      assert.equal(error.rule, "status_events_corrupt");
      assert.equal(error.path, "tasks/WP01-a.md");
      assert.match(
        error.message,
        /^Cannot hash work package "tasks\/WP01-a\.md" \(status_events_corrupt\): the status log beside its folder is corrupt: Invalid JSON on line 1: /,
      );
      assert.doesNotMatch(error.message, /\.$/);
      return true;
    },
  );
});

Deno.test("hashWorkPackage() never reads the log of a work package that fails its schema or has no frontmatter", async () => {
  const corrupt = log("this is not json");
  const invalid = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: ENCODER.encode("---\ntitle: x\n---\n"),
    statusLog: corrupt,
  });
  assert.equal(invalid.kind, "invalid");
  const raw = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: ENCODER.encode("# WP01\n"),
    statusLog: corrupt,
  });
  assert.equal(raw.kind, "raw");
});

Deno.test("hashWorkPackage() hashes a work package raw when its status log is not UTF-8", async () => {
  const result = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: WP,
    statusLog: new Uint8Array([0xff]),
  });
  assert.deepEqual(result, { kind: "raw" });
});

Deno.test("hashWorkPackage() re-validates the runtime fields the log records, without changing the hash", async () => {
  const plain = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: WP,
    statusLog: null,
  });
  const numeric = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: WP,
    statusLog: log(annotation({ shell_pid: "42", agent: [1] })),
  });
  assert.deepEqual(numeric, plain);
  const other = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: WP,
    statusLog: log(annotation({ shell_pid: "abc" }, { wp_id: "WP02" })),
  });
  assert.deepEqual(other, plain);
  const invalid = await hashWorkPackage({
    path: "tasks/WP01.md",
    bytes: WP,
    statusLog: log(annotation({ shell_pid: "abc" })),
  });
  assert.equal(invalid.kind, "invalid");
  assert.match(
    invalid.kind === "invalid" ? invalid.errorReason : "",
    /^wp frontmatter invalid: 1 validation error for WPMetadata\nshell_pid\n {2}Value error, invalid literal for int\(\) with base 10: 'abc' /,
  );
  await assert.rejects(
    hashWorkPackage({
      path: "tasks/WP01.md",
      bytes: WP,
      statusLog: log(annotation({ shell_pid: { a: 1 } })),
    }),
    (error: unknown) =>
      error instanceof WorkPackageAbortError &&
      error.rule === "frontmatter_type_error" &&
      /not 'dict'/.test(error.message),
  );
});

Deno.test("readStatusEventLog() reads evidence and delta lists as Python iterates them", () => {
  const review = { reviewer: "r", verdict: "v", reference: "x" };
  assert.equal(
    readStatusEventLog(
      log({ ...TRANSITION, evidence: [] }, { ...TRANSITION, evidence: 0 }),
    ).kind,
    "ok",
  );
  assert.equal(
    readStatusEventLog(log({ ...TRANSITION, evidence: [1] })).kind,
    "corrupt",
  );
  assert.equal(
    readStatusEventLog(log({ ...TRANSITION, evidence: { review, repos: {} } }))
      .kind,
    "ok",
  );
  assert.equal(
    readStatusEventLog(
      log({ ...TRANSITION, evidence: { review, repos: { a: 1 } } }),
    ).kind,
    "corrupt",
  );
  assert.equal(
    readStatusEventLog(
      log(
        annotation({
          tracker_refs: ["a"],
          tracker_refs_replace: "b",
          review: null,
        }),
      ),
    ).kind,
    "ok",
  );
});
