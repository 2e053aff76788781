// whatsapp-web.js drives Debian's chromium (/usr/bin/chromium), so puppeteer must never download a browser.
module.exports = { skipDownload: true };
