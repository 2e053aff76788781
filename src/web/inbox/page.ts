import { inboxStrings, type InboxLocale } from './strings.js';

/**
 * Renders the agent inbox: conversations on the left (filter by owner and status), the selected conversation on
 * the right with reply, template, takeover, handback and resolve. It calls /api/conversations with the
 * session cookie and refreshes every five seconds. Texts are set with textContent only.
 */
export function renderInboxPage(locale: InboxLocale, timezone: string): string {
  const t = inboxStrings[locale];
  const other: InboxLocale = locale === 'id' ? 'en' : 'id';
  const strings = JSON.stringify(t).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<style>
  * { box-sizing: border-box; } body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #111827; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 10px 16px; background: #0f766e; color: #fff; }
  header a { color: #fff; } main { display: grid; grid-template-columns: 320px 1fr; height: calc(100vh - 44px); }
  aside { border-right: 1px solid #e5e7eb; overflow-y: auto; } .filters { display: flex; gap: 6px; padding: 8px; flex-wrap: wrap; }
  .filters select { font: inherit; padding: 4px; } ul { list-style: none; margin: 0; padding: 0; }
  li { padding: 10px 12px; border-bottom: 1px solid #f3f4f6; cursor: pointer; } li.active { background: #ecfdf5; }
  li .meta { font-size: 12px; color: #6b7280; } .badge { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 8px; background: #fee2e2; color: #991b1b; margin-left: 4px; }
  section { display: flex; flex-direction: column; min-width: 0; } #head { padding: 10px 16px; border-bottom: 1px solid #e5e7eb; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
  #messages { flex: 1; overflow-y: auto; padding: 16px; background: #f6f7f9; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 70%; padding: 6px 10px; border-radius: 10px; background: #fff; white-space: pre-wrap; word-wrap: break-word; }
  .msg.outbound { align-self: flex-end; background: #d1fae5; } .msg small { display: block; font-size: 11px; color: #6b7280; }
  .msg.failed { border: 1px solid #fca5a5; } form { display: flex; gap: 8px; padding: 8px 12px; border-top: 1px solid #e5e7eb; }
  form input { flex: 1; padding: 8px; font: inherit; border: 1px solid #d1d5db; border-radius: 6px; }
  button { padding: 6px 12px; font: inherit; border: 0; border-radius: 6px; background: #0f766e; color: #fff; cursor: pointer; }
  button.secondary { background: #e5e7eb; color: #111827; } #notice { color: #b91c1c; padding: 0 12px; min-height: 18px; } .hidden { display: none; }
</style></head>
<body>
<header><strong>${t.title}</strong><a href="?lang=${other}">${t.switchLanguage}</a></header>
<main>
  <aside>
    <div class="filters">
      <select id="owner"><option value="">${t.all}</option><option value="agent">${t.agent}</option><option value="bot">${t.bot}</option></select>
      <select id="status"><option value="open">${t.open}</option><option value="resolved">${t.resolved}</option><option value="">${t.all}</option></select>
    </div>
    <ul id="list"></ul>
  </aside>
  <section>
    <div id="head"><span id="title">${t.choose}</span>
      <button class="secondary hidden" id="takeover">${t.takeover}</button>
      <button class="secondary hidden" id="handback">${t.handback}</button>
      <button class="secondary hidden" id="resolve">${t.resolve}</button>
    </div>
    <div id="messages"></div>
    <div id="notice" role="status"></div>
    <form id="reply" class="hidden"><input id="text" maxlength="4096" placeholder="${t.reply}" aria-label="${t.reply}"><button>${t.send}</button></form>
    <form id="template" class="hidden"><input id="templateName" placeholder="${t.template}" aria-label="${t.template}"><input id="templateLanguage" value="id" style="flex:0 0 70px" aria-label="${t.language}"><button>${t.sendTemplate}</button></form>
  </section>
</main>
<script>
(() => {
  const t = ${strings};
  const time = new Intl.DateTimeFormat(${JSON.stringify(locale === 'id' ? 'id-ID' : 'en-GB')}, { dateStyle: 'short', timeStyle: 'short', timeZone: ${JSON.stringify(timezone)} });
  const $ = (id) => document.getElementById(id);
  let selected = null;
  async function api(path, body) {
    const response = await fetch('/api' + path, { method: body === undefined ? 'GET' : 'POST', credentials: 'same-origin', headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    const json = await response.json().catch(() => ({}));
    if (response.status === 401) { $('notice').textContent = t.signIn; throw new Error('unauthorized'); }
    if (!response.ok) { $('notice').textContent = json.detail || t.error; throw new Error(String(response.status)); }
    $('notice').textContent = '';
    return json;
  }
  function text(tag, value, className) { const el = document.createElement(tag); el.textContent = value; if (className) el.className = className; return el; }
  async function loadList() {
    const params = new URLSearchParams();
    if ($('owner').value) params.set('owner', $('owner').value);
    if ($('status').value) params.set('status', $('status').value);
    const { items } = await api('/conversations?' + params);
    const list = $('list');
    list.replaceChildren(...(items.length ? items.map((item) => {
      const li = document.createElement('li');
      if (item.id === selected) li.className = 'active';
      li.append(text('div', item.channel + ' · ' + item.thread_id));
      const meta = text('div', item.last_message_at ? time.format(new Date(item.last_message_at)) : '', 'meta');
      if (item.owner === 'agent') meta.append(text('span', item.handoff_reason ? t.handoff : t.agent, 'badge'));
      li.append(meta);
      li.onclick = () => { selected = item.id; loadList(); loadConversation(); };
      return li;
    }) : [text('li', t.empty)]));
  }
  async function loadConversation() {
    if (!selected) return;
    const c = await api('/conversations/' + selected);
    $('title').textContent = c.channel + ' · ' + c.thread_id + (c.handoff_reason ? ' · ' + t.handoff + ' (' + c.handoff_reason + ')' : '')
      + (c.unverified_contact ? ' · ' + t.unverifiedContact + ': ' + [c.unverified_contact.phone, c.unverified_contact.email].filter(Boolean).join(', ') : '');
    $('takeover').classList.toggle('hidden', c.owner === 'agent');
    $('handback').classList.toggle('hidden', c.owner === 'bot');
    $('resolve').classList.toggle('hidden', c.status === 'resolved');
    const closed = c.reply_window && c.reply_window.open === false;
    $('reply').classList.toggle('hidden', closed);
    $('template').classList.toggle('hidden', !closed);
    if (closed) $('notice').textContent = t.windowClosed;
    const box = $('messages');
    box.replaceChildren(...c.messages.map((m) => {
      const el = document.createElement('div');
      el.className = 'msg ' + m.direction + (m.status === 'failed' ? ' failed' : '');
      const who = m.author === 'customer' ? t.customer : m.author === 'bot' ? t.botAuthor : t.agentAuthor;
      el.append(text('small', who + ' · ' + time.format(new Date(m.sent_at)) + ' · ' + m.status + (m.failure_reason ? ' · ' + t.failed + ': ' + m.failure_reason : '')));
      el.append(text('span', m.body ?? '[' + m.kind + ']'));
      return el;
    }));
    box.scrollTop = box.scrollHeight;
  }
  const act = (action) => () => api('/conversations/' + selected + '/' + action, {}).then(() => { loadList(); loadConversation(); }).catch(() => {});
  $('takeover').onclick = act('takeover');
  $('handback').onclick = act('handback');
  $('resolve').onclick = act('resolve');
  $('owner').onchange = loadList;
  $('status').onchange = loadList;
  $('reply').onsubmit = (event) => {
    event.preventDefault();
    const value = $('text').value.trim();
    if (!value || !selected) return;
    api('/conversations/' + selected + '/messages', { type: 'text', text: value }).then(() => { $('text').value = ''; loadConversation(); }).catch(() => {});
  };
  $('template').onsubmit = (event) => {
    event.preventDefault();
    const name = $('templateName').value.trim();
    if (!name || !selected) return;
    api('/conversations/' + selected + '/messages', { type: 'template', name, language: $('templateLanguage').value.trim() || 'id' }).then(loadConversation).catch(() => {});
  };
  loadList().catch(() => {});
  setInterval(() => { loadList().catch(() => {}); loadConversation().catch(() => {}); }, 5000);
})();
</script>
</body></html>`;
}
