import { escapeHtml } from './html.js';

export type Locale = 'id' | 'en';

const signInText = {
  id: {
    title: 'Masuk ke Satu',
    email: 'E-mail',
    password: 'Kata sandi',
    submit: 'Masuk',
    invalid: 'E-mail atau kata sandi salah.',
    throttled: 'Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.',
    other: 'English',
  },
  en: {
    title: 'Sign in to Satu',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    invalid: 'The e-mail or password is wrong.',
    throttled: 'Too many failed sign-in attempts. Try again in 15 minutes.',
    other: 'Bahasa Indonesia',
  },
} as const;

function layout(locale: Locale, title: string, body: string, scripts = ''): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
${body}
${scripts}
</body>
</html>`;
}

/** Renders the sign-in form; `failed` adds the wrong-credentials message. */
export function renderSignInPage(locale: Locale, failure: false | 'invalid' | 'throttled'): string {
  const text = signInText[locale];
  const other: Locale = locale === 'id' ? 'en' : 'id';
  const body = `<main class="sign-in">
  <h1>${escapeHtml(text.title)}</h1>
  ${failure ? `<p class="error" role="alert">${escapeHtml(text[failure])}</p>` : ''}
  <form method="post" action="/dashboard/sign-in?lang=${locale}">
    <label>${escapeHtml(text.email)}<input type="email" name="email" autocomplete="username" required></label>
    <label>${escapeHtml(text.password)}<input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit">${escapeHtml(text.submit)}</button>
  </form>
  <p><a href="/dashboard/sign-in?lang=${other}">${escapeHtml(text.other)}</a></p>
</main>`;
  return layout(locale, text.title, body);
}

/**
 * Renders the dashboard shell. Its script fills tiles, charts and tables from `GET /api/kpis` and
 * `GET /api/kpis/tables` with the session cookie.
 */
export function renderDashboardPage(options: { locale: Locale; from: string; to: string; timezone: string }): string {
  const { locale, from, to, timezone } = options;
  const body = `<div id="app" data-locale="${locale}" data-from="${escapeHtml(from)}" data-to="${escapeHtml(to)}" data-timezone="${escapeHtml(timezone)}">
  <header class="bar">
    <h1 data-text="title"></h1>
    <nav>
      <a id="language" href="#"></a>
      <form method="post" action="/dashboard/sign-out"><button type="submit" data-text="signOut"></button></form>
    </nav>
  </header>
  <form id="period" class="period">
    <label><span data-text="from"></span><input type="date" name="from" required></label>
    <label><span data-text="to"></span><input type="date" name="to" required></label>
    <button type="button" data-days="7"></button>
    <button type="button" data-days="30"></button>
    <button type="button" data-days="90"></button>
    <button type="submit" data-text="apply"></button>
  </form>
  <p id="status" role="status"></p>
  <section id="tiles" class="tiles"></section>
  <section id="charts" class="charts"></section>
</div>`;
  const scripts = '<script src="/dashboard/assets/chart.umd.min.js"></script>\n<script type="module" src="/dashboard/assets/dashboard.js"></script>';
  return layout(locale, locale === 'id' ? 'Dasbor Satu' : 'Satu dashboard', body, scripts);
}
