// The dashboard's token handling (access.mjs), run by node:test against the built file:
//   node --test access.test.mjs   with WMPULSE_DASHBOARD_DIR=<build>/web/dashboard
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const dir = process.env.WMPULSE_DASHBOARD_DIR;
if (!dir) throw new Error('WMPULSE_DASHBOARD_DIR (the built dashboard) is required');
const access = await import(pathToFileURL(resolve(dir, 'access.mjs')).href);

function fakeStorage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)), removeItem: (k) => items.delete(k), items };
}

test('access.no_token_sends_an_empty_init_payload', () => {
  assert.deepEqual(access.connectionParams(fakeStorage()), {});
});

test('access.a_refusal_asks_once_and_the_token_is_kept_for_the_tab', () => {
  const storage = fakeStorage();
  let asked = 0;
  const ask = () => { asked += 1; return '  s3cret-token '; };
  assert.equal(access.askAfterRefusal({ code: 4403 }, storage, ask), true);
  assert.equal(asked, 1);
  assert.deepEqual(access.connectionParams(storage), { authorization: 'Bearer s3cret-token' });
  assert.equal(storage.items.get('wmpulse.token'), 's3cret-token');
});

test('access.other_closes_never_ask', () => {
  const storage = fakeStorage();
  storage.setItem('wmpulse.token', 'kept');
  for (const event of [{ code: 1000 }, { code: 1006 }, { code: 4400 }, undefined]) {
    assert.equal(access.askAfterRefusal(event, storage, () => assert.fail('asked')), false);
  }
  assert.equal(access.storedToken(storage), 'kept');
});

test('access.a_refused_token_is_dropped_and_a_cancelled_prompt_keeps_none', () => {
  const storage = fakeStorage();
  storage.setItem('wmpulse.token', 'revoked');
  assert.equal(access.askAfterRefusal({ code: 4403 }, storage, () => null), false);
  assert.equal(access.storedToken(storage), '');
  assert.deepEqual(access.connectionParams(storage), {});
});
