// The statistics dashboard: reads GET /api/stats only (nation by province, offices, months) and shows each
// indicator's share against its target as charts and, next to them, as text tables (for screen readers and tests).
'use strict';

const T = {
  vi: {
    title: 'Thống kê nộp hồ sơ và nộp thuế điện tử', skip: 'Bỏ qua đến nội dung chính', period: 'Kỳ', show: 'Xem', csv: 'Tải CSV',
    loading: 'Đang tải…', failed: 'Không tải được số liệu', targets: 'Tỷ lệ so với mục tiêu',
    targetsCaption: 'Tỷ lệ điện tử của từng chỉ tiêu, toàn quốc, kỳ {p}', indicator: 'Chỉ tiêu', numerator: 'Điện tử', denominator: 'Tổng',
    share: 'Tỷ lệ', target: 'Mục tiêu', gap: 'Còn thiếu', trend: 'Diễn biến theo tháng', month: 'Tháng', office: 'Cơ quan',
    furthest: 'Cơ quan xa mục tiêu nhất', trendCaption: '{i}: tỷ lệ theo tháng, kỳ {p}', officesCaption: '{i}: các cơ quan xa mục tiêu nhất (tối đa 5), kỳ {p}',
    none: 'Chưa có số liệu', chartTargets: 'Biểu đồ cột: tỷ lệ và mục tiêu của từng chỉ tiêu. Số liệu ở bảng bên dưới.',
    chartTrend: 'Biểu đồ đường: tỷ lệ theo tháng so với mục tiêu {t}. Số liệu ở bảng bên dưới.', other: 'English', otherLang: 'en',
  },
  en: {
    title: 'Online filing and payment statistics', skip: 'Skip to main content', period: 'Period', show: 'Show', csv: 'Download CSV',
    loading: 'Loading…', failed: 'Could not load the figures', targets: 'Share against target',
    targetsCaption: 'Online share of each indicator, nation-wide, period {p}', indicator: 'Indicator', numerator: 'Online', denominator: 'Total',
    share: 'Share', target: 'Target', gap: 'Gap', trend: 'Trend by month', month: 'Month', office: 'Office',
    furthest: 'Offices furthest from target', trendCaption: '{i}: share by month, period {p}', officesCaption: '{i}: offices furthest from target (up to 5), period {p}',
    none: 'No figures yet', chartTargets: 'Bar chart: share and target of each indicator. The figures are in the table below.',
    chartTrend: 'Line chart: share by month against the {t} target. The figures are in the table below.', other: 'Tiếng Việt', otherLang: 'vi',
  },
};

let lang = localStorage.getItem('efiling-lang') === 'en' ? 'en' : 'vi';
let data = null;
const charts = [];

const t = (key, values = {}) => T[lang][key].replace(/\{(\w)\}/g, (_, k) => values[k] ?? '');
const pct = (share) => share == null ? '—' : (lang === 'vi' ? (share * 100).toFixed(1).replace('.', ',') + ' %' : (share * 100).toFixed(1) + '%');
const int = (n) => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);
const gapPts = (gap) => gap == null ? '—' : gap <= 0 ? (lang === 'vi' ? 'Đạt' : 'Met') : pct(gap);

function cell(row, text, cls, figure, value) {
  const td = document.createElement(row.children.length === 0 ? 'th' : 'td');
  if (td.tagName === 'TH') td.scope = 'row';
  td.textContent = text;
  if (cls) td.className = cls;
  if (figure) { td.dataset.figure = figure; td.dataset.value = value ?? ''; }
  row.appendChild(td);
}

function figures(row, r) {
  cell(row, int(r.numerator), '', 'numerator', r.numerator);
  cell(row, int(r.denominator), '', 'denominator', r.denominator);
  cell(row, pct(r.share), r.share == null ? '' : r.share >= r.target ? 'above' : 'below', 'share', r.share);
}

async function load() {
  const period = new URLSearchParams(location.search).get('period') || '';
  const q = period ? `period=${encodeURIComponent(period)}&` : '';
  const get = (extra) => fetch(`/api/stats?${q}${extra}`, { headers: { Accept: 'application/json' } })
    .then((r) => r.ok ? r.json() : r.json().then((p) => Promise.reject(new Error(p.errors?.[0]?.message || r.statusText))));
  document.getElementById('status').textContent = t('loading');
  try {
    const [total, offices, months] = await Promise.all([get('by=province'), get('by=office'), get('by=month')]);
    data = { total, offices, months };
    document.getElementById('period').value = total.period;
    document.getElementById('csv').href = `/api/stats?period=${total.period}&by=office&format=csv`;
    document.getElementById('status').textContent = '';
    render();
  } catch (e) {
    document.getElementById('status').textContent = `${t('failed')}: ${e.message}`;
  }
}

function render() {
  document.documentElement.lang = lang;
  document.title = `${t('title')} — EFiling`;
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  const button = document.getElementById('lang');
  button.textContent = t('other');
  button.lang = t('otherLang');
  if (!data) return;
  charts.splice(0).forEach((c) => c.destroy());
  const p = data.total.period;
  document.querySelector('#targets caption').textContent = t('targetsCaption', { p });

  const body = document.querySelector('#targets tbody');
  body.replaceChildren();
  for (const ind of data.total.indicators) {
    const row = document.createElement('tr');
    row.dataset.indicator = ind.id;
    cell(row, ind.name[lang]);
    figures(row, ind.total);
    cell(row, pct(ind.target), '', 'target', ind.target);
    cell(row, gapPts(ind.total.gap), '', 'gap', ind.total.gap);
    body.appendChild(row);
  }
  const targetsCanvas = document.getElementById('targets-chart');
  targetsCanvas.setAttribute('aria-label', t('chartTargets'));
  charts.push(new Chart(targetsCanvas, {
    type: 'bar',
    data: {
      labels: data.total.indicators.map((i) => i.name[lang]),
      datasets: [
        { label: t('share'), data: data.total.indicators.map((i) => i.total.share == null ? null : i.total.share * 100), backgroundColor: '#0b5cad' },
        { label: t('target'), data: data.total.indicators.map((i) => i.target * 100), backgroundColor: '#9aa5b1' },
      ],
    },
    options: chartOptions(),
  }));

  const list = document.getElementById('indicators');
  list.replaceChildren();
  const template = document.getElementById('indicator-template');
  data.total.indicators.forEach((ind, n) => {
    const section = template.content.firstElementChild.cloneNode(true);
    section.dataset.indicator = ind.id;
    section.setAttribute('aria-labelledby', `h-${ind.id}`);
    const h2 = section.querySelector('h2');
    h2.id = `h-${ind.id}`;
    h2.textContent = `${ind.name[lang]} — ${pct(ind.total.share)} / ${pct(ind.target)}`;
    section.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });

    const trend = data.months.indicators[n].breakdown;
    section.querySelector('.trend caption').textContent = t('trendCaption', { i: ind.name[lang], p });
    const trendBody = section.querySelector('.trend tbody');
    for (const m of trend.filter((r) => r.denominator > 0)) {
      const row = document.createElement('tr');
      row.dataset.period = m.period;
      cell(row, m.period);
      figures(row, m);
      trendBody.appendChild(row);
    }
    if (!trendBody.children.length) emptyRow(trendBody, 4);
    const canvas = section.querySelector('canvas');
    canvas.setAttribute('aria-label', t('chartTrend', { t: pct(ind.target) }));
    list.appendChild(section);
    charts.push(new Chart(canvas, {
      type: 'line',
      data: {
        labels: trend.map((m) => m.period),
        datasets: [
          { label: t('share'), data: trend.map((m) => m.share == null ? null : m.share * 100), borderColor: '#0b5cad', backgroundColor: '#0b5cad', spanGaps: true },
          { label: t('target'), data: trend.map(() => ind.target * 100), borderColor: '#9aa5b1', borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: chartOptions(),
    }));

    // Furthest from target: offices with figures, largest gap first (ties: the bigger office first).
    const offices = data.offices.indicators[n].breakdown.filter((o) => o.share != null)
      .sort((a, b) => b.gap - a.gap || b.denominator - a.denominator || a.code.localeCompare(b.code)).slice(0, 5);
    section.querySelector('.offices caption').textContent = t('officesCaption', { i: ind.name[lang], p });
    const officeBody = section.querySelector('.offices tbody');
    for (const o of offices) {
      const row = document.createElement('tr');
      row.dataset.office = o.code;
      cell(row, `${o.name || o.code} (${o.code})`);
      figures(row, o);
      cell(row, gapPts(o.gap), '', 'gap', o.gap);
      officeBody.appendChild(row);
    }
    if (!offices.length) emptyRow(officeBody, 5);
  });
}

function emptyRow(body, columns) {
  const row = document.createElement('tr');
  const td = document.createElement('td');
  td.colSpan = columns;
  td.textContent = t('none');
  row.appendChild(td);
  body.appendChild(row);
}

function chartOptions() {
  return {
    responsive: true, maintainAspectRatio: false, animation: false,
    scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
    plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${pct(c.parsed.y / 100)}` } } },
  };
}

document.getElementById('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem('efiling-lang', lang);
  render();
});
document.getElementById('controls').addEventListener('submit', (e) => {
  e.preventDefault();
  const period = document.getElementById('period').value.trim();
  history.replaceState(null, '', period ? `?period=${encodeURIComponent(period)}` : location.pathname);
  load();
});
render();
load();
