// Peer: the floor. JSON.parse, then only the typeof and length tests the fold
// needs to run at all, then the shared fold: what no checking costs.
import { type Peer, type PeerEnvelope, peerPipeline } from "./_fold.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

function envelope(value: Any): PeerEnvelope | null {
  if (value === null || typeof value !== "object") return null;
  if (typeof value.event_id !== "string" || value.event_id.length === 0) {
    return null;
  }
  if (typeof value.event_type !== "string") return null;
  if (typeof value.lamport_clock !== "number") return null;
  return value;
}

function payload(_eventType: string, value: Any): Any {
  if (value === null || typeof value !== "object") return null;
  const namespace = value.namespace;
  return namespace !== null && typeof namespace === "object" ? value : null;
}

export const floor: Peer = {
  name: "floor: JSON.parse + typeof/length checks + the minimal fold",
  what: "no contract checks at all",
  reduceLines: (lines) => peerPipeline(lines, envelope, payload),
};
