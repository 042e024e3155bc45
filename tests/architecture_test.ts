// The shape of src/: no import cycle (type-only imports included), and
// imports that follow the data path downward. The graph is Deno's own
// (`deno info --json`), so that it holds exactly what the type checker and
// the runtime resolve, `import type` included, and nothing a comment or an
// example in a doc comment mentions.
import assert from "node:assert/strict";

/** A module (path relative to the repository) → the modules it imports, each with its kind. */
export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

/** One import: the module imported and whether only types are imported. */
export interface ImportEdge {
  readonly to: string;
  readonly typeOnly: boolean;
}

/**
 * The layers of src/, bottom first: a folder may import from its own layer
 * and the layers below it, never from above. The contract and its model at
 * the bottom; the envelope above it; replay and the producer's index above
 * that; parity; then the faces of the package.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["contract"],
  ["envelope"],
  ["replay", "index"],
  ["parity"],
  ["api", "cli", "edge", "view"],
];

/**
 * Cycles known and tolerated until a change removes them; each entry must
 * still be present, so that the list is emptied when it lands. None today:
 * the command line's split into one file per command removed the last.
 */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

function layerOf(path: string): number | undefined {
  const folder = path.split("/")[1];
  const index = LAYERS.findIndex((layer) => layer.includes(folder));
  return index === -1 ? undefined : index;
}

/**
 * Every problem of a graph of src/ modules: each import cycle (as the
 * modules it goes through, the first repeated at the end), each import from
 * a higher layer, and each module in a folder no layer names.
 */
export function architectureProblems(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const [from, edges] of graph) {
    const fromLayer = layerOf(from);
    if (fromLayer === undefined) {
      problems.push(`${from} is in a folder that no layer names`);
      continue;
    }
    for (const edge of edges) {
      const toLayer = layerOf(edge.to);
      if (toLayer !== undefined && toLayer > fromLayer) {
        problems.push(
          `${from} imports ${
            edge.typeOnly ? "types from " : ""
          }${edge.to}, a higher layer`,
        );
      }
    }
  }
  for (const cycle of cyclesOf(graph)) {
    problems.push(`import cycle: ${[...cycle, cycle[0]].join(" → ")}`);
  }
  return problems;
}

/**
 * The strongly connected components of more than one module (or a module
 * importing itself), each as a path through its modules in import order
 * (Tarjan's algorithm, iterative so that depth is no limit).
 */
export function cyclesOf(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const successors = (node: string) =>
    (graph.get(node) ?? []).map((edge) => edge.to).filter((to) =>
      graph.has(to)
    );
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const next = successors(frame.node)[frame.next++];
      if (next !== undefined) {
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfImport = successors(frame.node).includes(frame.node);
        if (component.length > 1 || selfImport) {
          components.push(pathThrough(component, successors));
        }
      }
    }
  }
  return components;
}

/** A cycle through the members of a component, found by following imports inside it. */
function pathThrough(
  component: readonly string[],
  successors: (node: string) => string[],
): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // Breadth first from start back to start, inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of successors(node)) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

const ROOT = new URL("../", import.meta.url);

/** The import graph of every module in src/, read with `deno info --json`. */
export async function srcGraph(): Promise<ImportGraph> {
  const sources: string[] = [];
  const walk = async (dir: URL, prefix: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory) {
        await walk(new URL(`${entry.name}/`, dir), `${path}/`);
      } else if (entry.name.endsWith(".ts")) sources.push(path);
    }
  };
  await walk(new URL("src/", ROOT), "src/");
  const graph = new Map<string, ImportEdge[]>();
  const relative = (specifier: string) =>
    specifier.startsWith(ROOT.href) ? specifier.slice(ROOT.href.length) : null;
  for (const source of sources.sort()) {
    if (graph.has(source)) continue;
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", source],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const info = JSON.parse(new TextDecoder().decode(stdout)) as {
      modules: {
        specifier: string;
        dependencies?: {
          code?: { specifier: string };
          type?: { specifier: string };
        }[];
      }[];
    };
    for (const module of info.modules) {
      const from = relative(module.specifier);
      if (from === null || !from.startsWith("src/") || graph.has(from)) {
        continue;
      }
      const edges: ImportEdge[] = [];
      for (const dependency of module.dependencies ?? []) {
        const code = dependency.code && relative(dependency.code.specifier);
        const type = dependency.type && relative(dependency.type.specifier);
        const to = code ?? type;
        if (to && to.startsWith("src/")) {
          edges.push({ to, typeOnly: !code });
        }
      }
      graph.set(from, edges);
    }
  }
  return graph;
}

function graphOf(
  edges: Record<string, readonly (string | [string, "type"])[]>,
): ImportGraph {
  return new Map(
    Object.entries(edges).map(([from, list]) => [
      from,
      list.map((to) =>
        typeof to === "string"
          ? { to, typeOnly: false }
          : { to: to[0], typeOnly: true }
      ),
    ]),
  );
}

Deno.test("src/ has no import cycle and imports only downward", async () => {
  const graph = await srcGraph();
  assert.ok(graph.size >= 40, `only ${graph.size} modules found in src/`);
  // The graph holds type-only imports: the checker sees what `import type` ties.
  assert.ok(
    [...graph.values()].some((edges) => edges.some((edge) => edge.typeOnly)),
    "no type-only import found: the graph is missing them",
  );
  const known = KNOWN_CYCLES.map((cycle) => [...cycle].sort().join(" "));
  const foundCycles = cyclesOf(graph).map((cycle) => [...cycle].sort());
  for (const cycle of known) {
    assert.ok(
      foundCycles.some((found) => found.join(" ") === cycle),
      `the known cycle ${cycle} is gone: remove it from KNOWN_CYCLES`,
    );
  }
  const problems = architectureProblems(graph).filter((problem) =>
    !known.some((cycle) =>
      problem.startsWith("import cycle: ") &&
      [...new Set(problem.slice(14).split(" → "))].sort().join(" ") === cycle
    )
  );
  assert.deepEqual(problems, []);
});

Deno.test("architectureProblems() finds a cycle, type-only included", () => {
  const graph = graphOf({
    "src/contract/a.ts": ["src/contract/b.ts"],
    "src/contract/b.ts": [["src/contract/c.ts", "type"]],
    "src/contract/c.ts": ["src/contract/a.ts"],
    "src/contract/d.ts": ["src/contract/a.ts"],
  });
  assert.deepEqual(architectureProblems(graph), [
    "import cycle: src/contract/a.ts → src/contract/b.ts → src/contract/c.ts → src/contract/a.ts",
  ]);
});

Deno.test("architectureProblems() finds a module that imports itself", () => {
  const graph = graphOf({ "src/replay/a.ts": [["src/replay/a.ts", "type"]] });
  assert.deepEqual(architectureProblems(graph), [
    "import cycle: src/replay/a.ts → src/replay/a.ts",
  ]);
});

Deno.test("architectureProblems() finds an import from a higher layer", async (t) => {
  const cases: [string, string, string][] = [
    ["src/contract/a.ts", "src/envelope/b.ts", ""],
    ["src/contract/a.ts", "src/replay/b.ts", "types from "],
    ["src/envelope/a.ts", "src/parity/b.ts", ""],
    ["src/replay/a.ts", "src/api/b.ts", ""],
    ["src/parity/a.ts", "src/cli/b.ts", "types from "],
  ];
  for (const [from, to, kind] of cases) {
    await t.step(`${from} → ${to}`, () => {
      const graph = graphOf({
        [from]: [kind === "" ? to : [to, "type"]],
        [to]: [],
      });
      assert.deepEqual(architectureProblems(graph), [
        `${from} imports ${kind}${to}, a higher layer`,
      ]);
    });
  }
});

Deno.test("architectureProblems() lets a layer import itself and every layer below", () => {
  const graph = graphOf({
    "src/api/a.ts": ["src/cli/b.ts", "src/parity/c.ts", "src/contract/d.ts"],
    "src/cli/b.ts": ["src/replay/e.ts"],
    "src/parity/c.ts": ["src/replay/e.ts", "src/envelope/f.ts"],
    "src/replay/e.ts": ["src/envelope/f.ts", ["src/contract/d.ts", "type"]],
    "src/envelope/f.ts": ["src/contract/d.ts"],
    "src/contract/d.ts": [],
  });
  assert.deepEqual(architectureProblems(graph), []);
});

Deno.test("architectureProblems() names a module in a folder no layer names", () => {
  const graph = graphOf({ "src/misc/a.ts": [] });
  assert.deepEqual(architectureProblems(graph), [
    "src/misc/a.ts is in a folder that no layer names",
  ]);
});
