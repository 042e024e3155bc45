"""What the reference makes of timestamps and event ids, for the differential
tests (tests/_reference_oracle.ts runs this once per test file).

Reads one JSON object from standard input, {"kind": ..., "inputs": [...]},
and writes one JSON array to standard output, one answer per input:

- kind "timestamps": each input is the JSON text of a timestamp value, as it
  would stand in an envelope. The answer is [python, json]: what pydantic's
  TypeAdapter(datetime), in lax mode, gives for it, as datetime.isoformat(),
  or null when it rejects it. `python` validates the value json.loads made
  of the text (validate_python); `json` lets pydantic read the text itself
  (validate_json), for comparison only.
- kind "event_ids": each input is a string; the answer is the id normalized
  as the reference normalizes event ids, or null when it rejects it.
"""

import json
import re
import sys
from datetime import datetime

# A ULID is 26 Crockford base32 characters in either case. The reference
# matches with re.IGNORECASE on a str pattern, so Python's Unicode case rules
# apply, then uppercases the whole id with str.upper().
_ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}", re.IGNORECASE)
_HYPHENATED_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    re.IGNORECASE,
)
_BARE_UUID = re.compile(r"[0-9a-f]{32}", re.IGNORECASE)


def _event_id(value):
    """The id normalized, or None; len() counts code points, as the reference's does."""
    if len(value) == 26:
        return value.upper() if _ULID.fullmatch(value) else None
    if len(value) == 36 and _HYPHENATED_UUID.fullmatch(value):
        return value.lower()
    if len(value) == 32 and _BARE_UUID.fullmatch(value):
        hex_digits = value.lower()
        return "-".join(
            (
                hex_digits[0:8],
                hex_digits[8:12],
                hex_digits[12:16],
                hex_digits[16:20],
                hex_digits[20:32],
            )
        )
    return None


def _timestamps(texts):
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(datetime)

    def answer(validate, value):
        try:
            return validate(value).isoformat()
        except ValidationError:
            return None

    return [
        [
            answer(adapter.validate_python, json.loads(text)),
            answer(adapter.validate_json, text),
        ]
        for text in texts
    ]


def main():
    request = json.load(sys.stdin)
    kind = request["kind"]
    inputs = request["inputs"]
    if kind == "timestamps":
        answers = _timestamps(inputs)
    elif kind == "event_ids":
        answers = [_event_id(value) for value in inputs]
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
