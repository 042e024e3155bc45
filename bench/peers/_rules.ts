// The contract's rules as the peers check them: regular expressions and
// bounds, written once for the hand-written, TypeBox and Zod peers. (The ajv
// peer reads the committed JSON Schemas instead.) They are the forms of
// docs/contract.md, "The event envelope", without what only code can say: a peer accepts
// `2026-02-30T00:00Z`, and does not normalize ids; the bench's logs hold
// neither case, and each peer's output is checked against the package's.

/** A ULID (Crockford base32, either case), a hyphenated UUID or 32 hex digits. */
export const EVENT_ID =
  /^(?:[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32})$/;

/** A project UUID in one of its accepted spellings. */
export const PROJECT_UUID =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** The datetime forms, or a decimal Unix time, as text. */
export const TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt _][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:[Zz]|[+\u2212-][0-9]{2}:?[0-9]{2})?)?|[+-]?[0-9]*\.?[0-9]*)$/;

/** Three dot-separated runs of decimal digits. */
export const SCHEMA_VERSION = /^\p{Nd}+\.\p{Nd}+\.\p{Nd}+$/u;

export const MAX_SAFE_INTEGER = 9007199254740991;
export {
  ACTOR_KINDS,
  ARTIFACT_CLASSES,
  DRIFT_KINDS,
  HASH_ALGORITHMS,
} from "../../mod.ts";
