// Writes tests/data/wp-oracle/answers.jsonl: the answers of
// tests/_wp_oracle.py (ruamel.yaml 0.17.21, pydantic 2.13.4, json.dumps) to
// every row of tests/_wp_cases.ts, so that the table is checked where
// Python or those versions are missing too. Run after changing the table:
//   deno run -A tests/_record_wp_oracle.ts
import { askWpOracle, skipWithoutWpOracle } from "./_wp_oracle.ts";
import { caseRequest, FRONTMATTERS } from "./_wp_cases.ts";

if (skipWithoutWpOracle("recording the reference's answers")) Deno.exit(1);
const answers = await askWpOracle(FRONTMATTERS.map(caseRequest));
const lines = FRONTMATTERS.map((row, i) =>
  JSON.stringify({ name: row.name, answer: answers[i] })
);
await Deno.writeTextFile(
  new URL("./data/wp-oracle/answers.jsonl", import.meta.url),
  lines.join("\n") + "\n",
);
console.log(`recorded ${lines.length} answers`);
