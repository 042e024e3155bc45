import assert from "node:assert/strict";
import { compareEvents, dedupEvents, statusEventSortKey } from "../mod.ts";
import { compareCodePoints, sortByEvent } from "../src/replay/event_order.ts";
import { event, ulid } from "./_builders.ts";

Deno.test("statusEventSortKey() is (lamport_clock, timestamp sort text, normalized event_id)", async (t) => {
  await t.step("a datetime with an offset", () => {
    assert.deepEqual(
      statusEventSortKey(event({
        lamport_clock: 4,
        timestamp: "2026-02-21 14:00:00,5-00:00",
        event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
      })),
      [4, "2026-02-21T14:00:00.500000+00:00", "01HV7KA8TQ3R0W2M9X6C4B5N1P"],
    );
  });
  await t.step("a Unix time and a bare UUID", () => {
    assert.deepEqual(
      statusEventSortKey(event({
        lamport_clock: 0,
        timestamp: 1700000000,
        event_id: "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2",
      })),
      [0, "2023-11-14T22:13:20+00:00", "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2"],
    );
  });
});

Deno.test("statusEventSortKey() rejects an event whose timestamp is not a datetime", () => {
  const bad = { ...event(), timestamp: "yesterday" };
  assert.throws(() => statusEventSortKey(bad), {
    name: "TypeError",
    message:
      'Cannot read timestamp: value must be a datetime (YYYY-MM-DD, optionally T or space, HH:MM, :SS, a fraction and an offset Z or ±HH:MM) or a Unix time: received "yesterday"',
  });
});

Deno.test("compareEvents() orders by lamport_clock first", () => {
  const early = event({
    lamport_clock: 2,
    timestamp: "2030-01-01",
    event_id: ulid(9),
  });
  const late = event({
    lamport_clock: 10,
    timestamp: "2020-01-01",
    event_id: ulid(1),
  });
  assert.ok(compareEvents(early, late) < 0);
  assert.ok(compareEvents(late, early) > 0);
});

Deno.test("compareEvents() breaks a clock tie by the timestamp sort text", async (t) => {
  const at = (timestamp: string | number, id: number) =>
    event({ lamport_clock: 1, timestamp, event_id: ulid(id) });
  await t.step(
    "15:00+01:00 sorts after 14:30Z though it is the earlier instant",
    () => {
      assert.ok(
        compareEvents(
          at("2026-02-21T15:00:00+01:00", 1),
          at("2026-02-21T14:30:00Z", 2),
        ) > 0,
      );
    },
  );
  await t.step(
    "a text without offset sorts before the same time with one",
    () => {
      // "2026-02-21T14:00:00" is a prefix of "2026-02-21T14:00:00+00:00".
      assert.ok(
        compareEvents(
          at("2026-02-21 14:00", 9),
          at("2026-02-21T14:00:00Z", 1),
        ) < 0,
      );
    },
  );
  await t.step("a Unix time compares by its sort text", () => {
    // 1700000000 → "2023-11-14T22:13:20+00:00", before "2023-11-14T22:13:21".
    assert.ok(
      compareEvents(at(1700000000, 9), at("2023-11-14T22:13:21", 1)) < 0,
    );
  });
});

Deno.test("compareEvents() breaks a clock and timestamp tie by the event id", () => {
  const a = event({
    lamport_clock: 1,
    timestamp: "2026-02-21T14:00:00Z",
    event_id: ulid(1),
  });
  const b = event({
    lamport_clock: 1,
    timestamp: "2026-02-21T14:00:00.000+00:00",
    event_id: ulid(2),
  });
  assert.ok(compareEvents(a, b) < 0);
  assert.ok(compareEvents(b, a) > 0);
  assert.equal(compareEvents(a, { ...a }), 0);
});

Deno.test("compareEvents() sorts an array as the contract says", () => {
  const events = [
    event({
      lamport_clock: 2,
      timestamp: "2026-02-21T14:00:00Z",
      event_id: ulid(5),
    }),
    event({
      lamport_clock: 1,
      timestamp: "2026-02-21T15:00:00+01:00",
      event_id: ulid(3),
    }),
    event({
      lamport_clock: 1,
      timestamp: "2026-02-21T14:30:00Z",
      event_id: ulid(4),
    }),
    event({
      lamport_clock: 1,
      timestamp: "2026-02-21T14:30:00+00:00",
      event_id: ulid(2),
    }),
    event({ lamport_clock: 0, timestamp: "2099-01-01", event_id: ulid(6) }),
  ];
  assert.deepEqual(
    events.toSorted(compareEvents).map((e) => e.event_id),
    [ulid(6), ulid(2), ulid(4), ulid(3), ulid(5)],
  );
});

Deno.test("compareCodePoints() compares by code point, not by UTF-16 code unit", async (t) => {
  const cases: [string, string, -1 | 0 | 1][] = [
    ["a", "b", -1],
    ["b", "a", 1],
    ["abc", "abc", 0],
    ["ab", "abc", -1],
    ["abc", "ab", 1],
    // U+FFFF is below U+1F600, though its code unit 0xFFFF is above 0xD83D.
    ["\uFFFF", "😀", -1],
    ["😀", "\uFFFF", 1],
    ["\uE000", "𐀀", -1],
    // Below U+D800 code units and code points agree.
    ["\uD7FF", "😀", -1],
    ["😀", "\uD7FF", 1],
    ["😀", "😁", -1],
  ];
  for (const [a, b, sign] of cases) {
    await t.step(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => {
      assert.equal(Math.sign(compareCodePoints(a, b)), sign);
    });
  }
});

Deno.test("dedupEvents() keeps the first copy of each event_id, in order", () => {
  const first = event({
    lamport_clock: 1,
    event_id: ulid(1),
    node_id: "first",
  });
  const other = event({ lamport_clock: 2, event_id: ulid(2) });
  const copy = event({ lamport_clock: 3, event_id: ulid(1), node_id: "copy" });
  const result = dedupEvents([first, other, copy, other]);
  assert.equal(result.length, 2);
  assert.equal(result[0], first);
  assert.equal(result[1], other);
});

Deno.test("dedupEvents() takes any iterable and leaves it unchanged", () => {
  const events = [event({ event_id: ulid(1) }), event({ event_id: ulid(1) })];
  function* generate() {
    yield* events;
  }
  assert.deepEqual(dedupEvents(generate()), [events[0]]);
  assert.equal(events.length, 2);
  assert.deepEqual(dedupEvents([]), []);
});

Deno.test("sortByEvent() reads a timestamp only to break a tie on the clock", async (t) => {
  // Built past parseEvent, which would refuse a malformed timestamp.
  const at = (clock: number, timestamp: string, id: number) => ({
    ...event({ lamport_clock: clock, event_id: ulid(id) }),
    timestamp,
  });
  await t.step("ties are ordered by the sort text, then the id", () => {
    const later = at(5, "2026-02-21T15:00:00+01:00", 1);
    const earlier = at(5, "2026-02-21T14:30:00Z", 2);
    const first = at(4, "2030-01-01", 3);
    assert.deepEqual(sortByEvent([later, earlier, first], (e) => e), [
      first,
      earlier,
      later,
    ]);
  });
  await t.step(
    "a malformed timestamp in a tie fails with the timestamp error",
    () => {
      assert.throws(
        () =>
          sortByEvent(
            [at(1, "yesterday", 1), at(1, "2026-02-21", 2)],
            (e) => e,
          ),
        {
          name: "TypeError",
          message: /^Cannot read timestamp: value must be a datetime/,
        },
      );
    },
  );
  await t.step("distinct clocks never need the timestamp", () => {
    const events = [at(2, "yesterday", 1), at(1, "2026-02-21", 2)];
    assert.deepEqual(sortByEvent(events, (e) => e), [events[1], events[0]]);
  });
});
