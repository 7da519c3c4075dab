// `npm run verify:python [claim ids…]`: installs the pinned FastAPI, uvicorn and gunicorn into a
// reused virtual environment, runs every claim in content/claims/python on real servers, and exits
// non-zero when one does not hold. When all hold, it writes verified.json: the versions the guides
// name in their "Verified" marks.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { ensureVenv, findPython, installedVersions, listClaims, runClaim, VERIFIED_PATH } from './python-claims.ts';

if (!findPython()) {
  console.log('skipped: python3 not found');
  process.exit(0);
}
const only = process.argv.slice(2);
const claims = listClaims().filter((c) => only.length === 0 || only.includes(c.id));
const venv = ensureVenv(console.log);
const versions = installedVersions(venv);
console.log(
  `Python ${versions.python}, ${Object.entries(versions.packages)
    .map(([n, v]) => `${n} ${v}`)
    .join(', ')}`,
);

let failed = 0;
for (const claim of claims) {
  const started = Date.now();
  try {
    await runClaim(claim, venv);
    console.log(`ok    ${claim.id} (${Date.now() - started} ms)`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL  ${claim.id}\n${(err as Error).message}\n`);
  }
}
console.log(`${claims.length - failed} of ${claims.length} claims hold`);
if (failed) process.exit(1);
if (only.length === 0) {
  const verified = `${JSON.stringify({ ...versions, claims: claims.map((c) => c.id).sort() }, null, 2)}\n`;
  if (!existsSync(VERIFIED_PATH) || readFileSync(VERIFIED_PATH, 'utf8') !== verified) {
    writeFileSync(VERIFIED_PATH, verified);
    console.log(`wrote ${VERIFIED_PATH}`);
  }
}
