// Owner dashboard: reads GET /api/kpis and GET /api/kpis/tables with the session cookie and draws the
// tiles, charts (Chart.js, loaded as a global by the page) and tables. Plain browser JavaScript.
const app = document.getElementById('app');
const locale = app.dataset.locale === 'en' ? 'en' : 'id';

const messages = {
  id: {
    title: 'Dasbor omnichannel', signOut: 'Keluar', from: 'Dari', to: 'Sampai', apply: 'Terapkan', language: 'English',
    days: (n) => `${n} hari`, loading: 'Memuat…', failed: 'Gagal memuat angka: ', noData: '—',
    vsPrevious: 'vs periode sebelumnya', download: 'Unduh CSV', showTable: 'Tabel',
    tiles: {
      oversell: 'Tingkat oversell', crossChannel: 'Pelanggan lintas kanal', revenueCross: 'Pendapatan/pelanggan lintas kanal',
      revenueSingle: 'Pendapatan/pelanggan satu kanal', revenue: 'Pendapatan', orders: 'Pesanan', aov: 'Nilai pesanan rata-rata',
      bopisReady: 'BOPIS siap diambil (median)', shipped: 'Dikirim dari toko (median)', priceConsistency: 'Konsistensi harga',
      stockConsistency: 'Konsistensi stok', firstResponse: 'Respons pertama (median)', containment: 'Ditangani bot',
    },
    counts: {
      oversell: (r) => `${r.oversold_orders} dari ${r.orders} pesanan`,
      crossChannel: (r) => `${r.cross_channel_customers} dari ${r.customers} pelanggan`,
      segment: (r) => `${r.customers} pelanggan`,
      orders: (r) => `${r.units} unit`,
      duration: (r) => `${r.count} pesanan`,
      snapshots: (r) => `${r.consistent_snapshots} dari ${r.snapshots} catatan`,
      conversations: (r) => `${r.count} percakapan`,
      contained: (r) => `${r.contained_conversations} dari ${r.conversations} percakapan`,
    },
    charts: {
      sales: 'Penjualan per kanal per hari', oversell: 'Tingkat oversell per kanal',
      value: 'Nilai pelanggan lintas kanal vs satu kanal', fulfillment: 'Sebaran waktu pemenuhan pesanan',
    },
    segments: { cross_channel: 'Lintas kanal', single_channel: 'Satu kanal' },
    columns: { average_revenue_per_customer: 'Pendapatan rata-rata per pelanggan', predicted_value_per_customer: 'Prediksi nilai per pelanggan (CLV)' },
    steps: { bopis_ready: 'BOPIS: siap', bopis_picked_up: 'BOPIS: diambil', ship_from_store_shipped: 'Kirim dari toko', warehouse_shipped: 'Kirim dari gudang' },
    minutes: (m) => (m >= 120 ? `${formatNumber(m / 60, 1)} jam` : `${formatNumber(m, 1)} menit`),
  },
  en: {
    title: 'Omnichannel dashboard', signOut: 'Sign out', from: 'From', to: 'To', apply: 'Apply', language: 'Bahasa Indonesia',
    days: (n) => `${n} days`, loading: 'Loading…', failed: 'Could not load the figures: ', noData: '—',
    vsPrevious: 'vs previous period', download: 'Download CSV', showTable: 'Table',
    tiles: {
      oversell: 'Oversell rate', crossChannel: 'Cross-channel customers', revenueCross: 'Revenue per cross-channel customer',
      revenueSingle: 'Revenue per single-channel customer', revenue: 'Revenue', orders: 'Orders', aov: 'Average order value',
      bopisReady: 'BOPIS ready for pickup (median)', shipped: 'Shipped from store (median)', priceConsistency: 'Price consistency',
      stockConsistency: 'Stock consistency', firstResponse: 'First response (median)', containment: 'Bot containment',
    },
    counts: {
      oversell: (r) => `${r.oversold_orders} of ${r.orders} orders`,
      crossChannel: (r) => `${r.cross_channel_customers} of ${r.customers} customers`,
      segment: (r) => `${r.customers} customers`,
      orders: (r) => `${r.units} units`,
      duration: (r) => `${r.count} orders`,
      snapshots: (r) => `${r.consistent_snapshots} of ${r.snapshots} records`,
      conversations: (r) => `${r.count} conversations`,
      contained: (r) => `${r.contained_conversations} of ${r.conversations} conversations`,
    },
    charts: {
      sales: 'Sales per channel per day', oversell: 'Oversell rate per channel',
      value: 'Cross-channel vs single-channel customer value', fulfillment: 'Fulfillment time distribution',
    },
    segments: { cross_channel: 'Cross-channel', single_channel: 'Single-channel' },
    columns: { average_revenue_per_customer: 'Average revenue per customer', predicted_value_per_customer: 'Predicted value per customer (CLV)' },
    steps: { bopis_ready: 'BOPIS: ready', bopis_picked_up: 'BOPIS: picked up', ship_from_store_shipped: 'Ship from store', warehouse_shipped: 'Ship from warehouse' },
    minutes: (m) => (m >= 120 ? `${formatNumber(m / 60, 1)} h` : `${formatNumber(m, 1)} min`),
  },
}[locale];

// Numbers are always written the Indonesian way (Rp150.000, 12,5%), as the shop's reports are.
function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat('id-ID', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}
const formatRupiah = (value) => `Rp${formatNumber(Math.round(value))}`;
const formatPercent = (value) => `${formatNumber(value * 100, 1)}%`;

function formatSigned(change, format) {
  if (change === null || change === undefined) return messages.noData;
  let sign = '±';
  if (change > 0) sign = '+';
  if (change < 0) sign = '−';
  return `${sign}${format(Math.abs(change))}`;
}

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, properties);
  for (const child of children) node.append(child);
  return node;
}

// One tile: label, value, change against the previous period and the counts behind the value.
function tile(id, label, value, change, counts) {
  return element('article', { className: 'tile', id: `tile-${id}` }, [
    element('h2', { textContent: label }),
    element('div', { className: 'value', textContent: value }),
    element('div', { className: 'change', textContent: `${change} ${messages.vsPrevious}` }),
    element('div', { className: 'counts', textContent: counts }),
  ]);
}

function orDash(value, format) {
  return value === null || value === undefined ? messages.noData : format(value);
}

function renderTiles(report) {
  const t = messages.tiles;
  const c = messages.counts;
  const revenue = report.average_revenue_per_customer;
  const tiles = [
    tile('oversell', t.oversell, orDash(report.oversell_rate.value, formatPercent), formatSigned(report.oversell_rate.change, formatPercent), c.oversell(report.oversell_rate)),
    tile('cross-channel', t.crossChannel, orDash(report.cross_channel_customer_rate.value, formatPercent),
      formatSigned(report.cross_channel_customer_rate.change, formatPercent), c.crossChannel(report.cross_channel_customer_rate)),
    tile('revenue-cross', t.revenueCross, orDash(revenue.cross_channel.value, formatRupiah), formatSigned(revenue.change.cross_channel, formatRupiah), c.segment(revenue.cross_channel)),
    tile('revenue-single', t.revenueSingle, orDash(revenue.single_channel.value, formatRupiah), formatSigned(revenue.change.single_channel, formatRupiah), c.segment(revenue.single_channel)),
    tile('revenue', t.revenue, formatRupiah(report.sales.revenue), formatSigned(report.sales.change.revenue, formatRupiah), c.orders(report.sales)),
    tile('orders', t.orders, formatNumber(report.sales.orders), formatSigned(report.sales.change.orders, formatNumber), c.orders(report.sales)),
    tile('aov', t.aov, orDash(report.sales.average_order_value, formatRupiah), formatSigned(report.sales.change.average_order_value, formatRupiah), c.orders(report.sales)),
    tile('bopis-ready', t.bopisReady, orDash(report.fulfillment_time.bopis_ready.median_minutes, messages.minutes),
      formatSigned(report.fulfillment_time.bopis_ready.change.median_minutes, messages.minutes), c.duration(report.fulfillment_time.bopis_ready)),
    tile('ship-from-store', t.shipped, orDash(report.fulfillment_time.ship_from_store_shipped.median_minutes, messages.minutes),
      formatSigned(report.fulfillment_time.ship_from_store_shipped.change.median_minutes, messages.minutes), c.duration(report.fulfillment_time.ship_from_store_shipped)),
    tile('price-consistency', t.priceConsistency, orDash(report.price_consistency.value, formatPercent),
      formatSigned(report.price_consistency.change, formatPercent), c.snapshots(report.price_consistency)),
    tile('stock-consistency', t.stockConsistency, orDash(report.stock_consistency.value, formatPercent),
      formatSigned(report.stock_consistency.change, formatPercent), c.snapshots(report.stock_consistency)),
    tile('first-response', t.firstResponse, orDash(report.first_response_time.median_minutes, messages.minutes),
      formatSigned(report.first_response_time.change.median_minutes, messages.minutes), c.conversations(report.first_response_time)),
    tile('containment', t.containment, orDash(report.bot_containment_rate.value, formatPercent),
      formatSigned(report.bot_containment_rate.change, formatPercent), c.contained(report.bot_containment_rate)),
  ];
  document.getElementById('tiles').replaceChildren(...tiles);
}

const palette = ['#0b4f6c', '#01baef', '#20bf55', '#f4a259', '#bc4b51', '#8e7dbe', '#5b8e7d', '#f25f5c', '#247ba0', '#70c1b3'];
const charts = [];

function tableElement(table) {
  const head = element('tr', {}, table.columns.map((column) => element('th', { textContent: column })));
  const rows = table.rows.map((row) => element('tr', {}, row.map((value) => element('td', { textContent: value === null ? '' : String(value) }))));
  return element('div', { className: 'table' }, [element('table', {}, [element('thead', {}, [head]), element('tbody', {}, rows)])]);
}

// A chart card: title, canvas, a CSV link for the table behind it, and the table itself.
function chartCard(id, title, table, config, period) {
  const canvas = element('canvas', { id: `chart-${id}` });
  const csvLink = element('a', { href: `/api/kpis/tables/${id}.csv?from=${period.from}&to=${period.to}`, textContent: messages.download, download: '' });
  const card = element('article', { className: 'chart' }, [
    element('h2', { textContent: title }),
    element('div', { className: 'canvas' }, [canvas]),
    element('details', {}, [element('summary', { textContent: messages.showTable }), tableElement(table)]),
    element('p', {}, [csvLink]),
  ]);
  document.getElementById('charts').append(card);
  charts.push(new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, ...config.options } }));
}

function renderCharts(tables, period) {
  for (const chart of charts.splice(0)) chart.destroy();
  document.getElementById('charts').replaceChildren();

  const sales = tables.sales_by_day_and_channel;
  const days = [...new Set(sales.rows.map((row) => row[0]))];
  const salesChannels = [...new Set(sales.rows.map((row) => row[1]))];
  chartCard('sales_by_day_and_channel', messages.charts.sales, sales, {
    type: 'bar',
    data: {
      labels: days,
      datasets: salesChannels.map((channel, index) => ({
        label: channel,
        backgroundColor: palette[index % palette.length],
        data: days.map((day) => sales.rows.find((row) => row[0] === day && row[1] === channel)?.[2] ?? 0),
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (value) => formatRupiah(value) } } } },
  }, period);

  const oversell = tables.oversell_by_channel;
  chartCard('oversell_by_channel', messages.charts.oversell, oversell, {
    type: 'bar',
    data: { labels: oversell.rows.map((row) => row[0]), datasets: [{ label: messages.tiles.oversell, backgroundColor: palette[4], data: oversell.rows.map((row) => (row[3] ?? 0) * 100) }] },
    options: { scales: { y: { ticks: { callback: (value) => `${formatNumber(value, 1)}%` } } } },
  }, period);

  const value = tables.customer_value_by_segment;
  chartCard('customer_value_by_segment', messages.charts.value, value, {
    type: 'bar',
    data: {
      labels: value.rows.map((row) => messages.segments[row[0]] ?? row[0]),
      datasets: value.columns.slice(3).map((column, index) => ({
        label: messages.columns[column] ?? column,
        backgroundColor: palette[index % palette.length],
        data: value.rows.map((row) => row[3 + index] ?? 0),
      })),
    },
    options: { scales: { y: { ticks: { callback: (amount) => formatRupiah(amount) } } } },
  }, period);

  const fulfillment = tables.fulfillment_time_distribution;
  const buckets = [...new Set(fulfillment.rows.map((row) => row[1]))];
  const steps = [...new Set(fulfillment.rows.map((row) => row[0]))];
  chartCard('fulfillment_time_distribution', messages.charts.fulfillment, fulfillment, {
    type: 'bar',
    data: {
      labels: buckets,
      datasets: steps.map((step, index) => ({
        label: messages.steps[step] ?? step,
        backgroundColor: palette[index % palette.length],
        data: buckets.map((bucket) => fulfillment.rows.find((row) => row[0] === step && row[1] === bucket)?.[2] ?? 0),
      })),
    },
  }, period);
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) {
    window.location.assign(`/dashboard/sign-in?lang=${locale}`);
    throw new Error('signed out');
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail ?? response.statusText);
  return body;
}

const form = document.getElementById('period');
const status = document.getElementById('status');

async function load(period) {
  status.textContent = messages.loading;
  const query = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
  try {
    const [report, tables] = await Promise.all([fetchJson(`/api/kpis?${query}`), fetchJson(`/api/kpis/tables?${query}`)]);
    renderTiles(report);
    renderCharts(tables.tables, period);
    history.replaceState(null, '', `/dashboard?lang=${locale}&${query}`);
    status.textContent = '';
    app.dataset.loaded = `${period.from}/${period.to}`;
  } catch (error) {
    status.textContent = messages.failed + error.message;
  }
}

function currentPeriod() {
  return { from: form.elements.from.value, to: form.elements.to.value };
}

function shiftDate(date, days) {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

function setUpPage() {
  document.documentElement.lang = locale;
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = messages[node.dataset.text];
  for (const button of form.querySelectorAll('[data-days]')) {
    button.textContent = messages.days(Number(button.dataset.days));
    button.addEventListener('click', () => {
      form.elements.from.value = shiftDate(form.elements.to.value, 1 - Number(button.dataset.days));
      load(currentPeriod());
    });
  }
  const language = document.getElementById('language');
  language.textContent = messages.language;
  language.addEventListener('click', (event) => {
    event.preventDefault();
    const { from, to } = currentPeriod();
    window.location.assign(`/dashboard?lang=${locale === 'id' ? 'en' : 'id'}&from=${from}&to=${to}`);
  });
  form.elements.from.value = app.dataset.from;
  form.elements.to.value = app.dataset.to;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(currentPeriod());
  });
}

setUpPage();
load(currentPeriod());
