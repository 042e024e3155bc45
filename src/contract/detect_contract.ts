// Which contract a raw envelope is written in (docs/contract.md, "Contract 3.0.0 and the divergences"): what the command
// line's `--contract auto` and the edge router go by.
import type { ContractVersion } from "./dossier_contract.ts";
import { isPlainObject } from "./valibot_kit.ts";

/** A contract told from an envelope's shape, and what told it. */
export interface ContractShape {
  readonly version: ContractVersion;
  /** What marked it: `schema_version "3.0.0"`, `a build_id`, `a namespace with mission_slug`, or `no 3.0.0 marker`. */
  readonly reason: string;
}

function _own(object: unknown, key: string): unknown {
  if (!isPlainObject(object)) return undefined;
  try {
    return Object.getOwnPropertyDescriptor(object, key)?.value;
  } catch {
    return undefined;
  }
}

/**
 * The contract of a raw (JSON-parsed) envelope: 3.0.0 when its
 * `schema_version` has major version 3, when it has a `build_id`, or when
 * its payload's namespace has a `mission_slug`; otherwise 2.4.0.
 */
export function contractShape(envelope: unknown): ContractShape {
  const version = _own(envelope, "schema_version");
  if (typeof version === "string" && version.split(".", 1)[0] === "3") {
    return {
      version: "3.0.0",
      reason: `schema_version ${JSON.stringify(version)}`,
    };
  }
  if (_own(envelope, "build_id") !== undefined) {
    return { version: "3.0.0", reason: "a build_id" };
  }
  const namespace = _own(_own(envelope, "payload"), "namespace");
  if (_own(namespace, "mission_slug") !== undefined) {
    return { version: "3.0.0", reason: "a namespace with mission_slug" };
  }
  return { version: "2.4.0", reason: "no 3.0.0 marker" };
}
