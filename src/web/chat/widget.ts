import { chatStrings, type ChatLocale } from './strings.js';

/**
 * Renders the embeddable widget script: one `<script src="https://satu.example/chat/widget.js" defer></script>` on the
 * shop's site adds a chat button that opens the /chat page in an iframe. `data-lang="en"` on the script
 * tag switches the language.
 */
export function renderWidgetScript(origin: string, defaultLocale: ChatLocale): string {
  const labels = JSON.stringify({ id: { open: chatStrings.id.open, close: chatStrings.id.close }, en: { open: chatStrings.en.open, close: chatStrings.en.close } });
  return `(() => {
  if (window.__satuChat) return;
  window.__satuChat = true;
  const script = document.currentScript;
  const lang = script && script.dataset.lang === 'en' ? 'en' : script && script.dataset.lang === 'id' ? 'id' : ${JSON.stringify(defaultLocale)};
  const labels = ${labels}[lang];
  const origin = ${JSON.stringify(origin)};
  const frame = document.createElement('iframe');
  frame.src = origin + '/chat?embed=1&lang=' + lang;
  frame.title = labels.open;
  frame.style.cssText = 'position:fixed;bottom:84px;right:16px;width:360px;max-width:calc(100vw - 32px);height:520px;max-height:calc(100vh - 110px);border:0;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.2);display:none;z-index:2147483646;background:#fff';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels.open;
  button.style.cssText = 'position:fixed;bottom:16px;right:16px;padding:14px 20px;border:0;border-radius:28px;background:#0f766e;color:#fff;font:600 15px system-ui,sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;z-index:2147483647';
  button.addEventListener('click', () => {
    const open = frame.style.display === 'none';
    frame.style.display = open ? 'block' : 'none';
    button.textContent = open ? labels.close : labels.open;
  });
  document.body.append(frame, button);
})();
`;
}
