// The entry of the runtime-matrix bundle: the package and its conformance
// kit, contract 2.4.0 at the top, contract 3.0.0 as `v3` and the producer
// as `indexer`, in one ESM file.
export * from "../../mod.ts";
export * as conformance from "../../conformance/mod.ts";
export * as v3 from "../../v3.ts";
export * as conformanceV3 from "../../conformance/v3.ts";
export * as indexer from "../../indexer.ts";
