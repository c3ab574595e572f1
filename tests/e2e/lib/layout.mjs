// Layout checks run inside the page: horizontal overflow, the smallest visible text, whether
// everything visible fits in the viewport (wallboard), and text contrast on its background.

export const VIEWPORTS = [
  { name: 'wall-1920x1080', width: 1920, height: 1080 },
  { name: 'laptop-1366x768', width: 1366, height: 768 },
  { name: 'tablet-768x1024', width: 768, height: 1024 },
  { name: 'phone-390x844', width: 390, height: 844 },
];

// Sets the viewport and waits until the page has laid out at that size.
export async function resize(page, { width, height }) {
  await page.setViewportSize({ width, height });
  await page.waitForFunction(([w, h]) => window.innerWidth === w && window.innerHeight === h, [width, height]);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// Facts about the page as laid out now.
export function measure(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') return false;
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && !el.closest('.visually-hidden, [hidden], details:not([open]) > :not(summary)');
    };
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || !visible(el)) continue;
      texts.push({ el, size: parseFloat(getComputedStyle(el).fontSize), text: n.textContent.trim().slice(0, 40) });
    }
    const smallest = texts.reduce((a, b) => (b.size < a.size ? b : a), { size: Infinity, text: '' });
    const below = [...document.querySelectorAll('header, .banner-slot, main .tile, main .chart-card, main .queues tr, main .queues-head')]
      .filter((el) => visible(el) && el.getBoundingClientRect().bottom > window.innerHeight + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className || el.dataset.queue || ''}`);
    return {
      overflowX: document.documentElement.scrollWidth - window.innerWidth,
      overflowY: document.documentElement.scrollHeight - window.innerHeight,
      smallestText: { size: smallest.size, text: smallest.text, where: smallest.el ? `${smallest.el.tagName.toLowerCase()}.${smallest.el.className}` : '' },
      belowTheFold: below,
    };
  });
}

// WCAG contrast of each selected element's text against the colour behind it.
export function contrasts(page, selector) {
  return page.evaluate((sel) => {
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    const opacity = (el) => {
      let o = 1;
      for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.getBoundingClientRect().width > 0 && el.textContent.trim())
      .map((el) => {
        const a = lum(rgb(getComputedStyle(el).color));
        const b = lum(behind(el));
        return { text: el.textContent.trim().slice(0, 30), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), opacity: opacity(el) };
      });
  }, selector);
}
