// What a reader waiting for the Python environment's first build sees of pip's output in the page
// (the terminal keeps all of it). Lines as pip 23 prints them, on a machine with a local index and
// an unreachable pypi.org (as in CI) and on one that downloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readerLine } from './python-env.ts';

test('readerLine: pip progress without paths and "(from …)" tails; warnings and index chatter left to the terminal; errors kept', () => {
  const seen = [
    'Looking in indexes: https://pypi.org/simple, file:///opt/pypi/simple',
    "WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError(...)': /simple/fastapi/",
    'Processing /opt/pypi/files/fastapi-0.142.2-py3-none-any.whl (from -r /work/main/content/claims/python/requirements.txt (line 4))',
    'Collecting fastapi==0.142.2 (from -r /x/requirements.txt (line 4))',
    'Downloading https://files.pythonhosted.org/packages/ab/cd/fastapi-0.142.2-py3-none-any.whl (95 kB)',
    'Installing collected packages: typing-extensions, fastapi',
    'Successfully installed fastapi-0.142.2 typing-extensions-4.16.0',
    'ERROR: Could not find a version that satisfies the requirement fastapi==9.9.9',
    'building the Python environment once on this machine (pinned FastAPI, uvicorn, gunicorn from requirements.txt) in /v',
    'the Python environment is ready (6.4 s)',
  ].map(readerLine);
  assert.deepEqual(seen, [
    null,
    null,
    'pip: Processing fastapi-0.142.2-py3-none-any.whl',
    'pip: Collecting fastapi==0.142.2',
    'pip: Downloading fastapi-0.142.2-py3-none-any.whl (95 kB)',
    'pip: Installing collected packages: typing-extensions, fastapi',
    'pip: Successfully installed fastapi-0.142.2 typing-extensions-4.16.0',
    'ERROR: Could not find a version that satisfies the requirement fastapi==9.9.9',
    'building the Python environment once on this machine (pinned FastAPI, uvicorn, gunicorn from requirements.txt) in /v',
    'the Python environment is ready (6.4 s)',
  ]);
});
