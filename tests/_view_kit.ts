// What the tests of the dossier page share: the real streams, and JSONL
// text built from the contract kits' wire envelopes.
import { type ContractKit, type Json, ulid } from "./_builders.ts";

const _REAL = new URL("./data/real-streams/", import.meta.url);

/** The real stream in which spec.md goes stale and a drift is recorded (two index runs). */
export const TWO_RUNS =
  "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl";

/** The names of the real streams. */
export function realStreamNames(): string[] {
  return [...Deno.readDirSync(_REAL)].map((entry) => entry.name).filter((
    name,
  ) => name.endsWith(".jsonl")).sort();
}

/** The text of a real stream. */
export function realStream(name: string): string {
  return Deno.readTextFileSync(new URL(name, _REAL));
}

/** The raw envelopes of a JSONL text, in file order. */
export function rawLines(text: string): Json[] {
  return text.split("\n").filter((line) => line.trim() !== "").map((line) =>
    JSON.parse(line)
  );
}

/** JSONL text of wire envelopes. */
export function jsonl(envelopes: readonly Json[]): string {
  return envelopes.map((item) => JSON.stringify(item)).join("\n") + "\n";
}

/** Wire envelopes of one kit, by type: `wire.indexed(clock, path, payload)` and friends. */
export function wire(kit: ContractKit) {
  const at = (clock: number, type: string, payload: Json): Json =>
    kit.envelope({
      lamport_clock: clock,
      event_id: ulid(clock),
      event_type: type,
      payload,
    });
  return {
    indexed: (clock: number, path: string, payload: Json = {}): Json =>
      at(
        clock,
        "MissionDossierArtifactIndexed",
        kit.indexedPayload(path, payload),
      ),
    missing: (clock: number, path: string, payload: Json = {}): Json =>
      at(
        clock,
        "MissionDossierArtifactMissing",
        kit.missingPayload(path, payload),
      ),
    snapshot: (clock: number, payload: Json = {}): Json =>
      at(clock, "MissionDossierSnapshotComputed", kit.snapshotPayload(payload)),
    drift: (clock: number, payload: Json = {}): Json =>
      at(clock, "MissionDossierParityDriftDetected", kit.driftPayload(payload)),
    other: (clock: number): Json => at(clock, "WorkPackageClaimed", {}),
  };
}
