// The dashboard's credential when the service asks for one (docs/ACCESS.md): a bearer token
// typed once and kept for this tab only (sessionStorage: gone when the tab closes, never sent
// anywhere but this origin's graphql-ws connection_init). With open access it is never asked.
const KEY = 'wmpulse.token';
const FORBIDDEN = 4403; // graphql-ws: connection_init refused

export function storedToken(storage = globalThis.sessionStorage) {
  return storage?.getItem(KEY) || '';
}

// The connection_init payload: the token when there is one.
export function connectionParams(storage = globalThis.sessionStorage) {
  const token = storedToken(storage);
  return token ? { authorization: `Bearer ${token}` } : {};
}

// After a close: when the server refused the credential, ask for a token (once per refusal)
// and keep it; true when a new one was entered, so that the next connection may succeed.
export function askAfterRefusal(closeEvent, storage = globalThis.sessionStorage, ask = globalThis.prompt) {
  if (closeEvent?.code !== FORBIDDEN || typeof ask !== 'function') return false;
  storage?.removeItem(KEY);
  const token = (ask('This wmpulse needs an access token (role viewer):') ?? '').trim();
  if (!token) return false;
  storage?.setItem(KEY, token);
  return true;
}
