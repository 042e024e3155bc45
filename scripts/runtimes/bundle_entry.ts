// The entry of the runtime-matrix bundle: the package and its conformance
// kit, in one ESM file.
export * from "../../mod.ts";
export * as conformance from "../../conformance/mod.ts";
