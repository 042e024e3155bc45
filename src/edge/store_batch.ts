// Storing a checked batch of event lines: every line read and checked
// first (read_batch.ts), then the dossier events grouped by namespace
// identity and each group appended to the Durable Object named by its
// namespace key, all before the answer. `POST /events` and
// `POST /missions/{slug}/index` both store through here.
import { CONTRACTS_BY_VERSION } from "../envelope/contracts_by_version.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { partitionByNamespaceFor } from "../replay/partition_by_namespace.ts";
import { APPEND_PATH, type AppendRequest } from "./dossier_object.ts";
import { batchContract, batchEnvelopes, batchLines } from "./read_batch.ts";
import { Refusal } from "./edge_http.ts";
import { contractNamespaceKey } from "./namespace_key.ts";

/** A stub of one Durable Object (workerd's `DurableObjectStub`, the part used here). */
export interface DossierObjectStub {
  /** Sends the object a request. */
  fetch(request: Request): Promise<Response>;
}

/** What `POST /events` answers for one namespace of the batch. */
export interface DossierBatchNamespace {
  /** The namespace key: the dossier is at `/dossiers/{key}`. */
  readonly key: string;
  /** The namespace of the namespace's first event in the batch, as parsed. */
  readonly namespace: Readonly<Record<string, string | null>>;
  /** The batch's events of this namespace. */
  readonly received: number;
  /** Of those, the ones stored whose payload the fold applied. */
  readonly applied: number;
  /** Copies of an event id that lost to another copy (stored before, or earlier in the replay order). */
  readonly duplicates: number;
  /** Stored, but the fold skips them: their payload does not parse (they count in `event_count`). */
  readonly rejected: number;
  /** Always 0: events of other types are counted in `unassigned`. */
  readonly ignored: number;
}

/** What `POST /events` answers when the batch is stored. */
export interface DossierBatchResult {
  /** One entry per namespace identity, in the order of each one's first event in the batch. */
  readonly namespaces: readonly DossierBatchNamespace[];
  /** Events not stored: other event types, and dossier events without a valid namespace. */
  readonly unassigned: number;
}

/** How {@linkcode storeBatch} reads and stores a batch. */
export interface StoreBatchOptions {
  /** The stub of the object named by a namespace key. */
  readonly objectOf: (key: string) => DossierObjectStub;
  /** The batch: JSONL envelopes. */
  readonly text: string;
  /** `?contract=`, or `null` to let the batch's first dossier event decide. */
  readonly contract: string | null;
  /** The most event lines accepted (413 past it). */
  readonly maxEvents: number;
  /** Read `build_id: ""` as `"unknown"`. */
  readonly acceptEmptyBuildId: boolean;
}

/**
 * Checks every line of a batch, then stores each namespace's events in its
 * object; throws a {@linkcode Refusal} for a batch refused (nothing stored)
 * or a namespace its object could not store.
 */
export async function storeBatch(
  options: StoreBatchOptions,
): Promise<DossierBatchResult> {
  const lines = batchLines(options.text, options.maxEvents);
  const chosen = batchContract(lines, options.contract);
  const contract = CONTRACTS_BY_VERSION[chosen.version];
  const events = batchEnvelopes(lines, contract, options.acceptEmptyBuildId);
  const lineOf = new Map<Event, string>(
    events.map((event, index) => [event, lines[index].text]),
  );
  const { groups, withoutNamespace, otherTypes } = partitionByNamespaceFor(
    contract,
    events,
  );
  const results = await Promise.all(groups.map(async (group) => {
    const key = await contractNamespaceKey(contract, group.namespace);
    const append: AppendRequest = {
      key,
      contract: chosen.version,
      contractHow: chosen.how,
      contractReason: chosen.reason,
      lines: group.events.map((event) => lineOf.get(event)!),
    };
    try {
      const response = await options.objectOf(key).fetch(
        new Request(`https://dossier-object${APPEND_PATH}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(append),
        }),
      );
      const body = await response.json();
      return { key, namespace: group.namespace, status: response.status, body };
    } catch (error) {
      return {
        key,
        namespace: group.namespace,
        status: 503,
        body: { error: "unavailable", message: (error as Error).message },
      };
    }
  }));
  const failed = results.filter((result) => result.status !== 200);
  if (failed.length > 0) {
    const conflict = failed.every((result) => result.status === 409);
    throw new Refusal(
      conflict ? 409 : 503,
      {
        error: conflict ? "namespace_conflict" : "storage_unavailable",
        message:
          `Cannot store the batch: ${failed.length} of its ${results.length} namespaces could not be stored (${
            failed[0].body?.message ?? `status ${failed[0].status}`
          }); the others were: ${
            conflict ? "a key is held by another namespace" : "retry the batch"
          }, a retried batch stores nothing twice`,
        stored: results.filter((result) => result.status === 200).map((
          result,
        ) => result.key),
        failed: failed.map((result) => ({
          key: result.key,
          status: result.status,
          error: result.body?.error ?? null,
        })),
      },
      conflict ? {} : { "retry-after": "1" },
    );
  }
  return {
    namespaces: results.map(({ key, namespace, body }) => ({
      key,
      namespace,
      received: body.received,
      applied: body.applied,
      duplicates: body.duplicates,
      rejected: body.rejected,
      ignored: body.ignored,
    })),
    unassigned: withoutNamespace.length + otherTypes.length,
  };
}
