// The status bar, the stale banner and what screen readers are told when the state changes.
import { DASH, formatAge, formatCount } from './format.mjs';

export const STALE_AFTER_MS = 5_000;

// 'waiting' before any data, 'live' while data keeps arriving over an open socket,
// 'stale' once the socket is down or silent for longer than STALE_AFTER_MS.
export function freshness({ linkUp, lastDataAt, now }) {
  if (lastDataAt == null) return linkUp ? 'waiting' : 'stale';
  if (!linkUp || now - lastDataAt > STALE_AFTER_MS) return 'stale';
  return 'live';
}

const SOURCE_STATES = {
  connected: 'ok',
  starting: 'warn',
  connecting: 'warn',
  reconnecting: 'warn',
  stopped: 'bad',
  failed: 'bad',
};

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

export class status_bar {
  #root;
  #fields;
  #banner;
  #bannerText;
  #announcer;
  #lastAnnounced = '';

  constructor(root, banner, announcer) {
    this.#root = root;
    this.#fields = Object.fromEntries([...root.querySelectorAll('[data-status]')].map((el) => [el.dataset.status, el]));
    this.#banner = banner;
    this.#bannerText = banner.querySelector('.banner-text');
    this.#announcer = announcer;
  }

  // view: { fresh, link, retryInMs, dataAgeMs, lastEventAgeMs, source, dashboardReconnects }
  show(view) {
    const f = this.#fields;
    const src = view.source;
    setText(f.source, src?.synthetic ? `${src.sourceKind} — SYNTHETIC DATA, not real figures` : src?.sourceKind ?? DASH);
    if (f.source) f.source.dataset.tone = src?.synthetic ? 'warn' : '';
    const srcState = String(src?.state ?? '').toLowerCase();
    setText(f.state, !srcState ? DASH : view.fresh === 'live' ? srcState : `${srcState} (last known)`);
    // What the source reported is only news while our own data is live.
    f.state.dataset.tone = view.fresh === 'live' ? SOURCE_STATES[srcState] ?? 'unknown' : 'unknown';
    setText(f.link, view.link);
    f.link.dataset.tone = view.fresh === 'live' ? 'ok' : view.fresh === 'waiting' ? 'warn' : 'bad';
    setText(f.age, formatAge(view.dataAgeMs));
    setText(f.event, view.lastEventAgeMs == null ? DASH : `${formatAge(view.lastEventAgeMs)} ago`);
    setText(f.reconnects, `${formatCount(src?.reconnects)} source · ${formatCount(view.dashboardReconnects)} dashboard`);
    setText(f.events, `${formatCount(src?.eventsIngested)} in · ${formatCount(src?.eventsRejected)} rejected`);
    document.body.dataset.fresh = view.fresh;
    this.#showBanner(view, srcState);
  }

  #showBanner(view, srcState) {
    let text = '';
    if (view.fresh === 'stale') {
      const age = view.dataAgeMs == null ? '' : ` Last update ${formatAge(view.dataAgeMs)} ago.`;
      const retry = view.retryInMs != null ? ` Reconnecting to wmpulse (next try in ${formatAge(view.retryInMs)}).` : '';
      text = `Data is stale: the numbers below are not live.${age}${retry}`;
    } else if (view.fresh === 'live' && srcState && SOURCE_STATES[srcState] !== 'ok') {
      const why = view.source?.lastError ? ` (${view.source.lastError})` : '';
      text = `The event source is ${srcState}${why}: numbers may lag until it is connected again.`;
    }
    this.#banner.hidden = text === '';
    this.#banner.dataset.tone = view.fresh === 'stale' ? 'bad' : 'warn';
    setText(this.#bannerText, text);
    this.#announce(view.fresh === 'stale' ? 'Data is stale. Reconnecting.' : view.fresh === 'live' ? 'Live data.' : '');
  }

  // Only changes are spoken; the numbers themselves are not live regions (10 updates a second).
  #announce(message) {
    if (!message || message === this.#lastAnnounced) return;
    this.#lastAnnounced = message;
    this.#announcer.textContent = message;
  }
}
