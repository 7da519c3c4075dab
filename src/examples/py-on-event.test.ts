// py-on-event: with lifespan= on the app, @app.on_event("startup") is skipped; a mounted sub-app's
// lifespan never runs; without lifespan=, the on_event handler runs instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEditedExample, runExample } from './run.ts';
import { PYTHON_TEST } from './python.ts';

test('py-on-event: lifespan= disables @app.on_event, and a mounted app’s lifespan never runs', PYTHON_TEST, async (t) => {
  const ex = await runExample('py-on-event', { t });
  const root = await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(root.status, 200);
  assert.match(root.body!, /^app\.state\.started_by = 'lifespan'/);
  const sub = await ex.session.request({ method: 'GET', path: '/sub/' });
  assert.equal(sub.status, 200, 'the mounted app answers');
  assert.match(sub.body!, /^sub\.state\.started_by = None/);
  await ex.session.stop();
  assert.match(ex.output(), /^lifespan startup ran$/m);
  assert.doesNotMatch(ex.output(), /on_event startup ran/, 'on_event was skipped');
  assert.doesNotMatch(ex.output(), /sub-app lifespan startup ran/, 'the sub-app lifespan never ran');
  assert.deepEqual(
    ex.events('mark').map((m) => m.name),
    ['lifespan-startup'],
  );
});

test('py-on-event: without lifespan=, the on_event handler runs', PYTHON_TEST, async (t) => {
  const ex = await runEditedExample('py-on-event', 'app.py', 'app = FastAPI(lifespan=lifespan)', 'app = FastAPI()', { t });
  const root = await ex.session.request({ method: 'GET', path: '/' });
  assert.match(root.body!, /^app\.state\.started_by = 'on_event'/);
  assert.match(ex.output(), /^on_event startup ran$/m);
  assert.doesNotMatch(ex.output(), /^lifespan startup ran$/m);
});
