// Dark (default) or light theme: the URL's ?theme= wins, else the viewer's last choice, else
// the system's preference. The theme is a data attribute on <html>; the CSS does the rest.
const KEY = 'wmpulse.theme';

export function initialTheme(fromUrl, stored, prefersLight) {
  if (fromUrl) return fromUrl;
  if (stored === 'light' || stored === 'dark') return stored;
  return prefersLight ? 'light' : 'dark';
}

function stored() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', theme);
}

// Sets the theme and wires the toggle button (if any); onChange(theme) after each switch.
export function setupTheme(fromUrl, button, onChange) {
  let theme = initialTheme(fromUrl, stored(), window.matchMedia?.('(prefers-color-scheme: light)').matches);
  applyTheme(theme);
  const label = () => {
    if (!button) return;
    button.textContent = theme === 'light' ? 'Dark theme' : 'Light theme';
    button.setAttribute('aria-pressed', String(theme === 'light'));
  };
  label();
  button?.addEventListener('click', () => {
    theme = theme === 'light' ? 'dark' : 'light';
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // private mode: the choice lasts for this page only
    }
    applyTheme(theme);
    label();
    onChange(theme);
  });
  return theme;
}
