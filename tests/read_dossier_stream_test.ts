import assert from "node:assert/strict";
import * as v3 from "../v3.ts";
import {
  describeReadError,
  detectStreamContract,
  readDossierStream,
} from "../src/view/read_dossier_stream.ts";
import { V2, V3 } from "./_builders.ts";
import {
  jsonl,
  rawLines,
  realStream,
  realStreamNames,
  TWO_RUNS,
  wire,
} from "./_view_kit.ts";

Deno.test('readDossierStream() reads every real stream as the CLI does: contract 3.0.0, build_id "" read as unknown', async (t) => {
  for (const name of realStreamNames()) {
    await t.step(name, () => {
      const text = realStream(name);
      const raw = rawLines(text);
      const read = readDossierStream(text);
      assert.equal(read.contract.version, "3.0.0");
      assert.equal(
        read.contract.how,
        'detected from line 1 (schema_version "3.0.0")',
      );
      assert.equal(
        read.contract.emptyBuildIds,
        raw.filter((line) => line.build_id === "").length,
      );
      assert.equal(read.eventCount, raw.length);
      assert.equal(read.namespaces.length, 1);
      assert.deepEqual(
        read.namespaces[0].events,
        v3.parseEventStream(text, { acceptEmptyBuildId: true }),
      );
      const slug = (raw[0].payload as { namespace: { mission_slug: string } })
        .namespace.mission_slug;
      assert.ok(read.namespaces[0].label.startsWith(`${slug} (software-dev, `));
    });
  }
});

Deno.test("detectStreamContract() tells each contract from its first dossier event", async (t) => {
  await t.step("2.4.0: no 3.0.0 marker", () => {
    const text = jsonl([wire(V2).indexed(1, "spec.md")]);
    assert.deepEqual(detectStreamContract(text), {
      version: "2.4.0",
      how: "detected from line 1 (no 3.0.0 marker)",
      emptyBuildIds: 0,
    });
  });
  await t.step(
    "the first dossier event decides, not an earlier other event",
    () => {
      const text = jsonl([wire(V2).other(1), wire(V3).indexed(2, "spec.md")]);
      const contract = detectStreamContract(text);
      assert.equal(contract.version, "3.0.0");
      assert.match(contract.how, /^detected from line 2 /);
    },
  );
  await t.step("without a dossier event, the first event decides", () => {
    const text = jsonl([wire(V3).other(1), wire(V2).other(2)]);
    assert.deepEqual(detectStreamContract(text), {
      version: "3.0.0",
      how: 'detected from line 1 (no dossier event; schema_version "3.0.0")',
      emptyBuildIds: 0,
    });
  });
  await t.step(
    "a stream that mixes the two shapes is refused, naming both lines",
    () => {
      const text = jsonl([
        wire(V3).indexed(1, "a.md"),
        wire(V3).indexed(2, "b.md"),
        wire(V2).snapshot(3),
      ]);
      assert.throws(() => detectStreamContract(text), {
        name: "TypeError",
        message:
          'Cannot read the stream: line 3 is a contract 2.4.0 event (no 3.0.0 marker), but the stream\'s first dossier event, on line 1, is contract 3.0.0 (schema_version "3.0.0"): a stream holds one contract; split it',
      });
    },
  );
  await t.step("an empty input holds no events", () => {
    assert.throws(() => detectStreamContract("\n \n"), {
      name: "RangeError",
      message:
        "Cannot read the stream: it holds no events: received an empty input",
    });
  });
});

Deno.test("readDossierStream() splits a journal of several namespaces into a list to choose from", () => {
  const first = wire(V3);
  const other = V3.namespace({ mission_slug: "043-other" });
  const text = jsonl([
    first.indexed(1, "spec.md"),
    first.indexed(2, "other.md", { namespace: other }),
    first.snapshot(3),
    first.other(4),
    first.snapshot(5, { namespace: { mission_slug: "" } }),
  ]);
  const read = readDossierStream(text);
  assert.deepEqual(read.namespaces.map((choice) => choice.label), [
    "042-dossier (software-dev, main)",
    "043-other (software-dev, main)",
  ]);
  assert.deepEqual(
    read.namespaces.map((choice) => choice.events.map((e) => e.lamport_clock)),
    [[1, 3], [2]],
  );
  assert.equal(read.withoutNamespace, 1);
  assert.equal(read.otherTypes, 1);
  assert.equal(read.eventCount, 5);
});

Deno.test("readDossierStream() keeps every event of a one-namespace stream, the reducer's way", () => {
  const text = jsonl([
    wire(V2).indexed(1, "spec.md"),
    wire(V2).snapshot(2, { namespace: { feature_slug: "" } }),
  ]);
  const read = readDossierStream(text);
  assert.equal(read.namespaces.length, 1);
  assert.equal(read.namespaces[0].events.length, 2);
  assert.equal(read.withoutNamespace, 0);
  const none = readDossierStream(jsonl([wire(V2).other(1)]));
  assert.equal(none.namespaces[0].label, "(no namespace)");
  assert.equal(none.namespaces[0].namespace, null);
});

Deno.test("readDossierStream() refuses bad input with the parser's own error: line, field, value", async (t) => {
  await t.step("a line that is not JSON", () => {
    const text = `${jsonl([wire(V3).indexed(1, "a.md")])}{not json\n`;
    let thrown: unknown;
    assert.throws(() => readDossierStream(text), (error) => {
      thrown = error;
      return error instanceof SyntaxError;
    });
    const view = describeReadError(thrown);
    assert.match(view.message, /^Cannot parse line 2: it is not JSON/);
    assert.equal(view.line, 2);
    assert.equal(view.field, null);
    assert.equal(view.value, '"{not json"');
  });
  await t.step("an envelope with a bad field", () => {
    const bad = { ...wire(V3).indexed(2, "b.md"), lamport_clock: "two" };
    const text = jsonl([wire(V3).indexed(1, "a.md"), bad]);
    let thrown: unknown;
    assert.throws(() => readDossierStream(text), (error) => {
      thrown = error;
      return error instanceof TypeError;
    });
    const expected = (() => {
      try {
        v3.parseEventStream(text, { acceptEmptyBuildId: true });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    const view = describeReadError(thrown);
    assert.equal(view.message, expected);
    assert.match(view.message, /on line 2: field "lamport_clock"/);
    assert.equal(view.line, 2);
    assert.equal(view.field, "lamport_clock");
    assert.equal(view.value, '"two"');
  });
});

Deno.test("describeReadError() says what it can of any error", async (t) => {
  await t.step("not an Error", () => {
    assert.deepEqual(describeReadError("boom"), {
      message: "boom",
      line: null,
      field: null,
      value: null,
    });
  });
  await t.step("a missing field has no value; a long value is cut", () => {
    const error = Object.assign(new TypeError("Cannot parse event"), {
      line: 3,
      issues: [{ path: "event_id", input: undefined }],
    });
    assert.deepEqual(describeReadError(error), {
      message: "Cannot parse event",
      line: 3,
      field: "event_id",
      value: null,
    });
    const long = Object.assign(new TypeError("x"), {
      issues: [{ path: "", input: "a".repeat(300) }],
    });
    const view = describeReadError(long);
    assert.equal(view.field, null);
    assert.equal(view.line, null);
    assert.equal(view.value, `"${"a".repeat(199)}…`);
  });
  await t.step("a value JSON cannot write is shown as text", () => {
    const error = Object.assign(new TypeError("x"), {
      issues: [{ path: "payload", input: Symbol("x") }],
    });
    assert.equal(describeReadError(error).value, "Symbol(x)");
  });
});

Deno.test("readDossierStream() names the two-run real stream's mission", () => {
  const read = readDossierStream(realStream(TWO_RUNS));
  assert.equal(
    read.namespaces[0].namespace?.mission_slug,
    "008-mission-dossier-parity-event-contracts",
  );
});
