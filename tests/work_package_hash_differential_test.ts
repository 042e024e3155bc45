// hashWorkPackage() against ruamel.yaml 0.17.21, pydantic 2.13.4 and Python's
// json module themselves (tests/_wp_oracle.py): a table of frontmatters
// covering every scalar form of docs/indexer.md ("Work packages: YAML values")
// and beyond (explicit tags, bases, timestamps, binary, sets, merges, block
// scalars, line breaks), every rule of the schema with pydantic's full error
// text, the runtime re-validation, and scalars generated from a fixed seed.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  hashWorkPackage,
  WorkPackageAbortError,
} from "../src/index/work_package_hash.ts";
import {
  askWpOracle,
  type OracleAnswer,
  type OracleRequest,
  skipWithoutWpOracle,
} from "./_wp_oracle.ts";
import { caseRequest, FRONTMATTERS, SCALARS } from "./_wp_cases.ts";

const NAME =
  "hashWorkPackage() agrees with ruamel.yaml, pydantic and json.dumps on every frontmatter of the table";
const SEED = Number(Deno.env.get("DIFFERENTIAL_SEED") ?? "") || 20261207;
const ENCODER = new TextEncoder();

async function port(request: OracleRequest): Promise<unknown> {
  const statusLog = request.runtime === undefined ? null : ENCODER.encode(
    JSON.stringify({
      event_id: "01KJ5V2V6YQCFX0B2DA7XTEBMA",
      kind: "annotation",
      wp_id: "WP01",
      at: "2026-01-01T00:00:00Z",
      actor: "t",
      delta: request.runtime,
    }) + "\n",
  );
  try {
    const result = await hashWorkPackage({
      path: request.path,
      bytes: request.bytes,
      statusLog,
    });
    if (result.kind === "raw") return { kind: "raw" };
    if (result.kind === "invalid") {
      return { kind: "invalid", reason: result.errorReason };
    }
    return {
      kind: "projected",
      json: result.projectionJson,
      hash: result.contentHash,
    };
  } catch (error) {
    if (error instanceof WorkPackageAbortError) return { kind: "abort" };
    throw error;
  }
}

// Python shows a TaggedScalar input by its memory address, which no port
// can reproduce; the rest of the message must match.
const ADDRESS = /0x[0-9a-f]+>/g;

// The port writes ruamel's int subclasses (ScalarInt for `018` or `1_000`,
// HexInt, OctalInt, BinaryInt) as `int` in pydantic's input_type: a known,
// message-only difference.
const INT_CLASS =
  /input_type=(?:ScalarInt|HexInt|HexCapsInt|OctalInt|BinaryInt)\]/g;

function comparable(answer: { kind: string; reason?: string }): unknown {
  if (answer.kind === "abort") return { kind: "abort" };
  if (answer.reason === undefined) return answer;
  const reason = answer.reason.replace(ADDRESS, "0x>").replace(
    INT_CLASS,
    "input_type=int]",
  );
  return { ...answer, reason };
}

async function compare(
  t: Deno.TestContext,
  requests: readonly OracleRequest[],
  label: (i: number) => string,
  recorded?: readonly OracleAnswer[],
) {
  const answers = recorded ?? await askWpOracle(requests);
  const failures: string[] = [];
  for (let i = 0; i < requests.length; i++) {
    const ours = comparable(await port(requests[i]) as { kind: string });
    const theirs = comparable(answers[i]);
    let agrees = true;
    await t.step(label(i), () => {
      try {
        assert.deepEqual(ours, theirs);
      } catch (error) {
        agrees = false;
        throw error;
      }
    });
    if (!agrees) failures.push(label(i));
  }
  assert.deepEqual(
    failures,
    [],
    `${failures.length} of ${requests.length} disagree`,
  );
}

Deno.test({ name: NAME, ignore: skipWithoutWpOracle(NAME) }, async (t) => {
  await compare(t, FRONTMATTERS.map(caseRequest), (i) => FRONTMATTERS[i].name);
});

const NAME_GENERATED =
  "hashWorkPackage() agrees with ruamel.yaml on generated plain scalars in subtasks, phase and title";
Deno.test(
  { name: NAME_GENERATED, ignore: skipWithoutWpOracle(NAME_GENERATED) },
  async (t) => {
    const pieces = fc.constantFrom(
      ...SCALARS,
      "0",
      "1",
      "9",
      "_",
      ".",
      "-",
      "+",
      "e",
      "E",
      "x",
      "o",
      "b",
      ":",
      " ",
      "T",
      "Z",
      "n",
      "a",
    );
    const scalars = fc.sample(
      fc.array(pieces, { minLength: 1, maxLength: 4 }).map((p) => p.join("")),
      { seed: SEED, numRuns: 400 },
    )
      .filter((s) =>
        // Plain scalars both libraries read alike (no indicator first, no
        // `: ` or ` #` inside, no `:` last, which flow context reads apart).
        !/^[\s#&*!|>'"%@`,\[\]{}?:-]|\s$|: | #|:$/.test(s) ||
        /^[-?:][^\s:]+$/.test(s)
      );
    const requests = scalars.flatMap((scalar) => [
      {
        path: "tasks/WP01.md",
        bytes: ENCODER.encode(
          `---\nwork_package_id: WP01\nsubtasks: [${scalar}]\n---\n`,
        ),
      },
      {
        path: "tasks/WP01.md",
        bytes: ENCODER.encode(
          `---\nwork_package_id: WP01\nphase: ${scalar}\n---\n`,
        ),
      },
      {
        path: "tasks/WP01.md",
        bytes: ENCODER.encode(
          `---\nwork_package_id: WP01\ntitle: ${scalar}\n---\n`,
        ),
      },
    ]);
    await compare(
      t,
      requests,
      (i) =>
        `${["subtasks", "phase", "title"][i % 3]}: ${
          JSON.stringify(scalars[Math.floor(i / 3)])
        }`,
    );
  },
);

Deno.test("hashWorkPackage() agrees with the reference's recorded answers on every frontmatter of the table", async (t) => {
  // tests/data/wp-oracle/answers.jsonl, written by tests/_record_wp_oracle.ts
  // from the same reference, so the table is checked without Python too.
  const recorded: { name: string; answer: OracleAnswer }[] =
    (await Deno.readTextFile(
      new URL("./data/wp-oracle/answers.jsonl", import.meta.url),
    )).split("\n").filter((line) => line !== "").map((line) =>
      JSON.parse(line)
    );
  assert.deepEqual(
    recorded.map((r) => r.name),
    FRONTMATTERS.map((row) => row.name),
  );
  await compare(
    t,
    FRONTMATTERS.map(caseRequest),
    (i) => FRONTMATTERS[i].name,
    recorded.map((r) => r.answer),
  );
});
