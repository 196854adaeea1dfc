#!/usr/bin/env node
// Adds up Jest's JSON reports (one per suite run in .ci/run) into one closing line that CI reads:
//   Tests: N passed, N failed
// Above it, the failed tests by name, and for a suite that wrote no report the end of its console
// output (`<report>.log` beside it), so the tail of a CI log says what broke.
const { existsSync, readFileSync } = require('node:fs');

const MAX_NAMED = 40;
const LOG_TAIL_LINES = 60;

function failedTestsOf(report) {
  const names = [];
  for (const suite of report.testResults ?? []) {
    const path = suite.name.replace(`${process.cwd()}/`, '');
    const failed = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failed.length === 0 && suite.status === 'failed')
      names.push(`${path}: ${suite.message.split('\n').find(Boolean) ?? 'suite failed'}`);
    for (const test of failed) names.push(`${path} › ${test.fullName}`);
  }
  return names;
}

function logTail(reportFile) {
  const log = reportFile.replace(/\.json$/, '.log');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`(no report at ${file}: that suite did not run to completion; the end of its output:)`);
    for (const line of logTail(file)) console.log(`  | ${line}`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const names = failedTestsOf(report);
  if (names.length > 0) console.log(`Failed in ${file}:`);
  for (const name of names.slice(0, MAX_NAMED)) console.log(`  ✗ ${name}`);
  if (names.length > MAX_NAMED) console.log(`  … and ${names.length - MAX_NAMED} more`);
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
