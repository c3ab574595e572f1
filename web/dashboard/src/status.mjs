// The status line, the banner (the page's one plain sentence about what is wrong, with the
// raw error behind a details toggle), the operations details and what screen readers are
// told when the state changes.
import { DASH, formatAge, formatClock, formatCount } from './format.mjs';
import { lossDetails, lossSentence, sourceName } from './source.mjs';

export const STALE_AFTER_MS = 5_000;

// 'waiting' before any data, 'live' while data keeps arriving over an open socket,
// 'stale' once the socket is down or silent for longer than STALE_AFTER_MS.
export function freshness({ linkUp, lastDataAt, now }) {
  if (lastDataAt == null) return linkUp ? 'waiting' : 'stale';
  if (!linkUp || now - lastDataAt > STALE_AFTER_MS) return 'stale';
  return 'live';
}

// The banner's sentence and details, or null when all is well. view: see status_bar.show.
export function bannerFor(view) {
  if (view.fresh === 'stale') {
    const asOf = view.asOfMs == null ? '' : ` — figures as of ${formatClock(view.asOfMs)}`;
    const retry = view.retryInMs != null ? ` Reconnecting (next try in ${formatAge(view.retryInMs)}).` : '';
    return { text: `No connection to the wmpulse service${asOf}.${retry}`, details: '', spoken: 'Connection to wmpulse lost; figures are frozen.' };
  }
  if (view.sourceHealth === 'lost') {
    return {
      text: lossSentence(view.source, view.nowMs),
      details: lossDetails(view.source),
      spoken: `No data from ${sourceName(view.source?.sourceKind)}; figures are frozen.`,
    };
  }
  return null;
}

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

export class status_bar {
  #fields;
  #banner;
  #bannerText;
  #bannerDetails;
  #bannerRaw;
  #announcer;
  #lastAnnounced = '';

  constructor(root, banner, announcer) {
    this.#fields = Object.fromEntries([...root.querySelectorAll('[data-status]')].map((el) => [el.dataset.status, el]));
    this.#banner = banner;
    this.#bannerText = banner.querySelector('.banner-text');
    this.#bannerDetails = banner.querySelector('.banner-details');
    this.#bannerRaw = banner.querySelector('.banner-raw');
    this.#announcer = announcer;
  }

  // view: { fresh, link, retryInMs, nowMs, asOfMs, sourceHealth, source, lastEventAgeMs, dashboardReconnects }
  show(view) {
    const f = this.#fields;
    const src = view.source;
    const name = sourceName(src?.sourceKind);
    const live = view.fresh === 'live' && view.sourceHealth === 'live';
    setText(f.source, `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${view.sourceHealth === 'live' ? 'live' : view.sourceHealth === 'lost' ? 'no data' : DASH}`);
    if (f.source) f.source.dataset.tone = view.fresh !== 'live' ? 'unknown' : view.sourceHealth === 'live' ? 'ok' : 'bad';
    setText(f.link, `Dashboard: ${view.link}`);
    if (f.link) f.link.dataset.tone = view.fresh === 'live' ? 'ok' : view.fresh === 'waiting' ? 'warn' : 'bad';
    setText(f.asof, live ? 'live' : view.asOfMs == null ? DASH : `as of ${formatClock(view.asOfMs)}`);
    setText(f.event, view.lastEventAgeMs == null ? DASH : `${formatAge(view.lastEventAgeMs)} ago`);
    setText(f.reconnects, `${formatCount(src?.reconnects)} source · ${formatCount(view.dashboardReconnects)} dashboard`);
    setText(f.failed, formatCount(src?.failedAttempts));
    setText(f.events, `${formatCount(src?.eventsIngested)} in · ${formatCount(src?.eventsRejected)} rejected`);
    setText(f.error, src?.lastError || DASH);
    document.body.dataset.fresh = view.fresh;
    document.body.dataset.source = view.fresh === 'stale' ? 'lost' : view.sourceHealth;
    this.#showBanner(bannerFor(view), view.fresh === 'live' && view.sourceHealth === 'live');
  }

  #showBanner(banner, live) {
    this.#banner.hidden = !banner;
    setText(this.#bannerText, banner?.text ?? '');
    setText(this.#bannerRaw, banner?.details ?? '');
    this.#bannerDetails.hidden = !banner?.details;
    this.#announce(banner ? banner.spoken : live ? 'Live data.' : '');
  }

  // Only changes are spoken; the numbers themselves are not live regions (10 updates a second).
  #announce(message) {
    if (!message || message === this.#lastAnnounced) return;
    this.#lastAnnounced = message;
    this.#announcer.textContent = message;
  }
}
