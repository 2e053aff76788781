import { chatStrings, type ChatLocale } from './strings.js';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/**
 * Renders the web chat page. Messages are rendered with textContent only, so a visitor's or agent's text is
 * never interpreted as HTML. Live updates arrive over server-sent events from /chat/api/events.
 */
export function renderChatPage(locale: ChatLocale, options: { embedded: boolean }): string {
  const t = chatStrings[locale];
  const other: ChatLocale = locale === 'id' ? 'en' : 'id';
  const strings = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
  :root { --accent: #0f766e; --bg: #f6f7f9; --bubble: #ffffff; --mine: #d1fae5; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: #111827; }
  .chat { display: flex; flex-direction: column; height: 100vh; max-width: ${options.embedded ? '100%' : '640px'}; margin: 0 auto; background: #fff; box-shadow: 0 0 0 1px #e5e7eb; }
  header { padding: 14px 16px; background: var(--accent); color: #fff; display: flex; justify-content: space-between; align-items: start; gap: 12px; }
  header h1 { margin: 0; font-size: 17px; }
  header p { margin: 2px 0 0; font-size: 13px; opacity: .9; }
  header a { color: #fff; font-size: 13px; white-space: nowrap; }
  #log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; background: var(--bg); }
  .msg { max-width: 80%; padding: 8px 12px; border-radius: 12px; background: var(--bubble); box-shadow: 0 1px 1px rgba(0,0,0,.06); white-space: pre-wrap; word-wrap: break-word; }
  .msg.inbound { align-self: flex-end; background: var(--mine); }
  .msg small { display: block; font-size: 11px; color: #6b7280; margin-bottom: 2px; }
  .msg.failed small { color: #b91c1c; }
  .empty { color: #6b7280; text-align: center; margin-top: 24px; }
  form.send { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; }
  form.send input { flex: 1; padding: 10px 12px; border: 1px solid #d1d5db; border-radius: 20px; font: inherit; }
  button { padding: 8px 16px; border: 0; border-radius: 20px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; }
  details { padding: 8px 12px; border-top: 1px solid #e5e7eb; font-size: 13px; }
  details form { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
  details input { flex: 1 1 140px; padding: 6px 8px; border: 1px solid #d1d5db; border-radius: 6px; font: inherit; }
  #notice { min-height: 18px; padding: 0 12px; font-size: 12px; color: #b91c1c; }
</style>
</head>
<body>
<main class="chat">
  <header>
    <div><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.subtitle)}</p></div>
    <a href="?lang=${other}${options.embedded ? '&amp;embed=1' : ''}" id="lang">${escapeHtml(t.switchLanguage)}</a>
  </header>
  <section id="log" aria-live="polite"><p class="empty" id="empty">${escapeHtml(t.empty)}</p></section>
  <div id="notice" role="status"></div>
  <form class="send" id="send">
    <input id="text" name="text" autocomplete="off" maxlength="2000" required placeholder="${escapeHtml(t.placeholder)}" aria-label="${escapeHtml(t.placeholder)}">
    <button type="submit">${escapeHtml(t.send)}</button>
  </form>
  <details>
    <summary>${escapeHtml(t.contactLegend)}</summary>
    <form id="contact">
      <input name="phone" type="tel" placeholder="${escapeHtml(t.phone)}" aria-label="${escapeHtml(t.phone)}">
      <input name="email" type="email" placeholder="${escapeHtml(t.email)}" aria-label="${escapeHtml(t.email)}">
      <button type="submit">${escapeHtml(t.save)}</button>
    </form>
  </details>
</main>
<script>
(() => {
  const t = ${strings};
  const locale = ${JSON.stringify(locale)};
  const log = document.getElementById('log');
  const notice = document.getElementById('notice');
  const seen = new Map();
  const headers = () => {
    const visitor = localStorage.getItem('satu_visitor');
    return Object.assign({ 'content-type': 'application/json' }, visitor ? { 'x-satu-visitor': visitor } : {});
  };
  const authorLabel = (m) => m.direction === 'inbound' ? t.you : m.author === 'agent' ? t.agent : t.shop;
  function render(m) {
    document.getElementById('empty')?.remove();
    let el = seen.get(m.id);
    if (!el) {
      el = document.createElement('div');
      el.append(document.createElement('small'), document.createElement('span'));
      seen.set(m.id, el);
      log.append(el);
    }
    el.className = 'msg ' + m.direction + (m.status === 'failed' ? ' failed' : '');
    el.firstChild.textContent = authorLabel(m) + (m.status === 'failed' ? ' · ' + t.failed : '');
    el.lastChild.textContent = m.body ?? '';
    log.scrollTop = log.scrollHeight;
  }
  async function call(path, body) {
    const response = await fetch(path, { method: body ? 'POST' : 'GET', headers: headers(), credentials: 'same-origin', body: body ? JSON.stringify(body) : undefined });
    if (response.status === 429) { notice.textContent = t.rateLimited; throw new Error('rate limited'); }
    if (!response.ok) { notice.textContent = t.error; throw new Error('HTTP ' + response.status); }
    notice.textContent = '';
    return response.json();
  }
  async function start() {
    const session = await call('/chat/api/session', { locale });
    localStorage.setItem('satu_visitor', session.visitor_id);
    const history = await call('/chat/api/messages');
    history.items.forEach(render);
    const events = new EventSource('/chat/api/events?visitor=' + encodeURIComponent(session.visitor_id));
    events.addEventListener('message', (event) => render(JSON.parse(event.data)));
  }
  document.getElementById('send').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('text');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    await call('/chat/api/messages', { text, client_message_id: crypto.randomUUID(), locale }).catch(() => { input.value = text; });
  });
  document.getElementById('contact').addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const body = {};
    for (const key of ['phone', 'email']) { const value = String(data.get(key) || '').trim(); if (value) body[key] = value; }
    if (Object.keys(body).length === 0) return;
    await call('/chat/api/contact', body).then(() => { notice.textContent = t.saved; notice.style.color = '#047857'; }).catch(() => {});
  });
  start().catch(() => { notice.textContent = t.error; });
})();
</script>
</body>
</html>`;
}
