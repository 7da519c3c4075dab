// Every Python claim in content/claims/python, run on real uvicorn and gunicorn (see python-claims.ts).
// Needs python3 with venv and pip, and the pinned packages from the pip index (installed once and
// reused). Without python3 the claims are skipped, and the test output says so.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ensureVenv, findPython, listClaims, pinnedVersions, runClaim, VERIFIED_PATH } from './python-claims.ts';

const claims = listClaims();

test('verified.json names every claim and the pinned versions (re-run `npm run verify:python` when either changes)', () => {
  const verified = JSON.parse(readFileSync(VERIFIED_PATH, 'utf8')) as { packages: Record<string, string>; claims: string[] };
  assert.deepEqual(verified.claims, claims.map((c) => c.id).sort());
  assert.deepEqual(verified.packages, pinnedVersions());
  assert.equal(new Set(verified.claims).size, verified.claims.length, 'claim ids are unique');
});

if (!findPython()) {
  console.log('skipped: python3 not found');
  test('Python claims on real uvicorn and gunicorn', { skip: 'skipped: python3 not found' }, () => {});
} else {
  let venv = '';
  // The one-off install happens here, before the claims, so that no claim's time includes it.
  before(() => {
    venv = ensureVenv((line) => console.log(line));
  });
  for (const claim of claims) {
    test(`python claim ${claim.id}: ${claim.says}`, async () => {
      await runClaim(claim, venv);
    });
  }
}
