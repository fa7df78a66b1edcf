// Adds up the three runners' reports into one closing line: "tests: N passed, M failed, K skipped".
import { readFileSync, existsSync } from 'node:fs';

const dir = process.argv[2] ?? '.test-summary';
let passed = 0, failed = 0, skipped = 0;
const read = (f) => (existsSync(`${dir}/${f}`) ? readFileSync(`${dir}/${f}`, 'utf8') : null);

const vitest = read('vitest.json');
if (vitest) {
  const v = JSON.parse(vitest);
  passed += v.numPassedTests; failed += v.numFailedTests; skipped += v.numPendingTests + v.numTodoTests;
}
const pytest = read('pytest.xml');
if (pytest) {
  const attr = (name) => Number(pytest.match(new RegExp(`<testsuite[^>]*\\s${name}="(\\d+)"`))?.[1] ?? 0);
  const total = attr('tests'), bad = attr('failures') + attr('errors'), skip = attr('skipped');
  passed += total - bad - skip; failed += bad; skipped += skip;
}
const pw = read('playwright.json');
if (pw) {
  const s = JSON.parse(pw).stats;
  passed += s.expected + s.flaky; failed += s.unexpected; skipped += s.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
