// The stable name of a dossier: one key per namespace identity (docs/contract.md, "The reducer":
// the first five fields; step_id is not part of it) and contract version.
// The edge names its Durable Objects and URLs by it; a tool that writes one
// file per namespace can name its files by it too.
import {
  PARSING_CONTRACT_2_4_0,
  PARSING_CONTRACT_3_0_0,
  type ParsingContract,
} from "../envelope/parsing_contracts.ts";
import { fastParse } from "../contract/compiled_schema.ts";
import type { LocalNamespaceTuple as LocalNamespaceTuple2_4_0 } from "../contract/contract_2_4_0.ts";
import type { LocalNamespaceTuple as LocalNamespaceTuple3_0_0 } from "../contract/contract_3_0_0.ts";
import type { AnyNamespace } from "../contract/dossier_contract.ts";
import {
  type FieldIssue,
  fieldText,
  toFieldIssues,
  unreadableMessage,
} from "../contract/field_issue.ts";
import { contractShape } from "../contract/detect_contract.ts";
import { identityKey } from "../replay/partition_by_namespace.ts";

/** A namespace key: 64 lowercase hex digits. */
export const NAMESPACE_KEY_PATTERN: RegExp = /^[0-9a-f]{64}$/;

const _encoder = new TextEncoder();

/**
 * The key of a parsed namespace of `contract`: SHA-256 of the contract
 * version and the identity key (`identityKey`, the five identity values as
 * a JSON array), in lowercase hex. The text hashed is an injective encoding
 * of (version, identity): namespace strings are well-formed Unicode (docs/contract.md, "Value objects"), so
 * their UTF-8 is too.
 */
export async function contractNamespaceKey(
  contract: ParsingContract,
  namespace: AnyNamespace,
): Promise<string> {
  const text = `spec-kitty dossier namespace\n${contract.version}\n${
    identityKey(contract, namespace)
  }`;
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", _encoder.encode(text)),
  );
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Returns the key of a dossier's namespace: the name the edge gives its
 * Durable Object and its URL (`/dossiers/{key}`), and a name a tool can give
 * a file that holds one namespace's events.
 *
 * The key is 64 lowercase hex digits (URL-safe and file-name-safe on every
 * file system, case-insensitive ones included), the SHA-256 of the contract
 * version and the five identity fields. So it is stable (the same namespace
 * gives the same key in every runtime and release), the same whatever the
 * `step_id`, and different for namespaces that differ in any identity field
 * or in contract; two identities could share a key only through a SHA-256
 * collision, and a `DossierObject` refuses events of another identity than
 * its own, so even that could not merge two dossiers.
 *
 * The contract is told by the namespace's field names: `mission_slug` and
 * `mission_type` are contract 3.0.0 (which rejects unknown keys),
 * `feature_slug` and `mission_key` contract 2.4.0. A namespace is read as
 * the reducer reads it (its LocalNamespaceTuple schema), so the key of the
 * state's `namespace` is the key of every event folded into it.
 *
 * @param namespace A LocalNamespaceTuple of either contract.
 * @returns Its key, 64 lowercase hex digits.
 * @throws {TypeError} When `namespace` is a LocalNamespaceTuple of neither
 * contract; the message names the first field that is wrong.
 *
 * @example The step does not change the key; the mission does
 * ```ts
 * import { namespaceKey } from "@spec-kitty/dossier/edge";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "main", mission_type: "software-dev", manifest_version: "1", step_id: null,
 * };
 * const key = await namespaceKey(namespace);
 * assert.match(key, /^[0-9a-f]{64}$/);
 * assert.equal(await namespaceKey({ ...namespace, step_id: "plan" }), key);
 * assert.notEqual(await namespaceKey({ ...namespace, mission_slug: "009-other" }), key);
 * ```
 */
export async function namespaceKey(
  namespace: LocalNamespaceTuple3_0_0 | LocalNamespaceTuple2_4_0,
): Promise<string> {
  const v3 = _safeParse(PARSING_CONTRACT_3_0_0, namespace);
  if (v3.success) {
    return await contractNamespaceKey(PARSING_CONTRACT_3_0_0, v3.output);
  }
  const v2 = _safeParse(PARSING_CONTRACT_2_4_0, namespace);
  if (v2.success) {
    return await contractNamespaceKey(PARSING_CONTRACT_2_4_0, v2.output);
  }
  // Report against the contract the namespace looks written for.
  const looksV3 = contractShape({ payload: { namespace } }).version ===
    "3.0.0";
  throw new TypeError(
    `Cannot derive a namespace key: the namespace must be a LocalNamespaceTuple of contract ${
      looksV3 ? "3.0.0" : "2.4.0"
    }: ${fieldText((looksV3 ? v3 : v2).issue)}`,
  );
}

/** Parses a namespace with a contract's schema; hostile input is an issue, never a throw. */
function _safeParse(
  contract: ParsingContract,
  namespace: unknown,
):
  | { readonly success: true; readonly output: AnyNamespace }
  | { readonly success: false; readonly issue: FieldIssue } {
  try {
    const result = fastParse(contract.namespace, namespace);
    if (result.success) return { success: true, output: result.output };
    return { success: false, issue: toFieldIssues(result.issues)[0] };
  } catch (error) {
    return {
      success: false,
      issue: {
        path: "",
        message: unreadableMessage(error),
        type: "unreadable",
        input: undefined,
      },
    };
  }
}
