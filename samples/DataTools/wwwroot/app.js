'use strict';
// The page talks to two endpoints: POST /query (the sample's SQL runner) and POST /python (MapPythonSandbox).
const $ = (id) => document.getElementById(id);

// What each way a run can be stopped means, in words; the server's own one-line message follows.
const LIMITS = {
  timeLimitExceeded: 'Stopped: the function ran longer than its time limit.',
  memoryLimitExceeded: 'Stopped: the function needed more memory than its limit allows.',
  outputLimitExceeded: 'Stopped: the function printed more than its output limit.',
  fuelExhausted: 'Stopped: the function used up its computation budget.',
  sourceTooLarge: 'Not run: the code is longer than the limit for code.',
  cancelled: 'Cancelled before it finished.',
  fault: 'The Python interpreter stopped on an internal fault (for example, recursion far too deep).',
};

async function postJson(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  let json = null;
  try { json = await response.json(); } catch { /* a body that is not JSON is reported below */ }
  return { ok: response.ok, status: response.status, json };
}

function clearOutput() {
  $('problem').hidden = true;
  $('problem').replaceChildren();
  $('chart').replaceChildren();
  $('result').replaceChildren();
  $('printed').hidden = true;
  $('stdout').textContent = '';
}

function showProblem(where, text, detail) {
  const box = $('problem');
  const head = document.createElement('span');
  head.className = 'where';
  head.textContent = where;
  box.append(head, ' ', text);
  if (detail) {
    const pre = document.createElement('pre');
    pre.textContent = detail;
    box.append(pre);
  }
  box.hidden = false;
}

function isNumber(v) { return typeof v === 'number' && Number.isFinite(v); }

function cell(tag, value) {
  const el = document.createElement(tag);
  if (value !== null && typeof value === 'object') el.textContent = JSON.stringify(value);
  else el.textContent = value === null || value === undefined ? '' : String(value);
  if (tag === 'td' && isNumber(value)) el.className = 'number';
  return el;
}

function renderTable(columns, rows) {
  const table = $('result');
  const head = document.createElement('tr');
  for (const c of columns) head.append(cell('th', c));
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const value of row) tr.append(cell('td', value));
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

// A dict whose values are lists of one length is a set of series: one column each, and a chart of the numeric ones.
function asSeries(result) {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return null;
  const keys = Object.keys(result);
  if (keys.length === 0 || !keys.every((k) => Array.isArray(result[k]))) return null;
  const n = result[keys[0]].length;
  return keys.every((k) => result[k].length === n) && n > 0 ? { keys, n } : null;
}

// Python dicts keep no key order, so columns follow the query's column order first, then the keys the function added.
function orderColumns(keys, queryColumns) {
  const known = queryColumns.filter((c) => keys.includes(c));
  return known.concat(keys.filter((k) => !known.includes(k)));
}

function renderResult(result, queryColumns) {
  const series = asSeries(result);
  if (series) {
    // Labels (text columns) first, then the numbers.
    series.keys = orderColumns(series.keys, queryColumns);
    series.keys.sort((a, b) => Number(result[a].every(isNumber)) - Number(result[b].every(isNumber)));
    const rows = [];
    for (let i = 0; i < series.n; i++) rows.push(series.keys.map((k) => result[k][i]));
    renderTable(series.keys, rows);
    renderChart(result, series);
  } else if (Array.isArray(result) && result.length > 0 && result.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    const columns = [];
    for (const r of result) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
    const ordered = orderColumns(columns, queryColumns);
    renderTable(ordered, result.map((r) => ordered.map((c) => r[c])));
  } else if (Array.isArray(result)) {
    renderTable(['value'], result.map((v) => (Array.isArray(v) ? v : [v])));
  } else if (result && typeof result === 'object') {
    renderTable(['key', 'value'], Object.entries(result));
  } else {
    renderTable(['result'], [[result]]);
  }
}

function renderChart(result, series) {
  const numeric = series.keys.filter((k) => result[k].every(isNumber));
  if (numeric.length === 0) return;
  const labelKey = series.keys.find((k) => !numeric.includes(k));
  const labels = labelKey ? result[labelKey] : result[numeric[0]].map((_, i) => i + 1);
  const W = 720, H = 280, left = 60, right = 130, top = 16, bottom = 40;
  const values = numeric.flatMap((k) => result[k]);
  const max = Math.max(0, ...values), min = Math.min(0, ...values);
  const x = (i) => left + (series.n === 1 ? (W - left - right) / 2 : (i * (W - left - right)) / (series.n - 1));
  const y = (v) => top + ((max - v) * (H - top - bottom)) / (max - min || 1);
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('role', 'img');
  const add = (name, attrs, text) => {
    const el = document.createElementNS(NS, name);
    for (const [a, v] of Object.entries(attrs)) el.setAttribute(a, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  add('line', { x1: left, y1: y(0), x2: W - right, y2: y(0), stroke: '#a0aec0' });
  add('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end' }, max.toLocaleString());
  add('text', { x: left - 6, y: y(min) + 4, 'text-anchor': 'end' }, min.toLocaleString());
  labels.forEach((label, i) => {
    if (series.n <= 12 || i % Math.ceil(series.n / 12) === 0) add('text', { x: x(i), y: H - bottom + 16, 'text-anchor': 'middle' }, String(label));
  });
  const colors = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b83280', '#2c7a7b', '#975a16'];
  numeric.forEach((k, s) => {
    const color = colors[s % colors.length];
    add('polyline', { fill: 'none', stroke: color, 'stroke-width': 2, points: result[k].map((v, i) => `${x(i)},${y(v)}`).join(' ') });
    add('text', { x: W - right + 10, y: top + 14 * (s + 1), fill: color }, k);
  });
  $('chart').append(svg);
}

async function run() {
  clearOutput();
  $('run').disabled = true;
  try {
    $('status').textContent = 'Running the query…';
    const query = await postJson('/query', { sql: $('sql').value });
    if (!query.ok) {
      showProblem('SQL:', query.json?.detail ?? `The query failed (HTTP ${query.status}).`);
      $('status').textContent = '';
      return;
    }
    const rows = query.json.rows;
    const note = query.json.truncated ? ` (only the first ${rows.length} rows are used)` : '';
    $('status').textContent = `${rows.length} rows${note}; running transform(rows)…`;
    const run = await postJson('/python', { code: $('code').value, input: rows, function: 'transform' });
    if (!run.ok) {
      const busy = run.status === 503 || run.status === 429;
      showProblem(busy ? 'Busy:' : 'Not run:', run.json?.detail ?? `The server refused the run (HTTP ${run.status}).`);
      $('status').textContent = '';
      return;
    }
    const report = run.json;
    if (report.stdout) {
      $('stdout').textContent = report.stdout;
      $('printed').hidden = false;
    }
    if (report.status === 'completed' && 'result' in report) {
      renderResult(report.result, query.json.columns);
      $('status').textContent = `${rows.length} rows${note} → transform ran in ${report.wallTimeMs.toFixed(1)} ms.`;
    } else if (report.status === 'completed') {
      showProblem('Result:', report.resultError ?? 'transform returned nothing to show.', report.valueRepr);
      $('status').textContent = '';
    } else if (report.status === 'pythonError' && report.error) {
      const where = report.error.line ? `Line ${report.error.line}:` : 'Error:';
      showProblem(where, `${report.error.type}: ${report.error.message}`, report.error.traceback);
      $('status').textContent = '';
    } else {
      showProblem('Limit:', LIMITS[report.status] ?? `The run ended: ${report.status}.`, report.message);
      $('status').textContent = '';
    }
  } catch (e) {
    showProblem('Network:', String(e));
    $('status').textContent = '';
  } finally {
    $('run').disabled = false;
  }
}

$('run').addEventListener('click', run);
