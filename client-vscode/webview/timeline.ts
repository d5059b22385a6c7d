// The timeline webview (Journal: Show Timeline): a stacked bar chart of the journal per month or week, the days
// matching a question in the theme's blue over the other entries. Runs in the webview, bundled by esbuild with
// Chart.js into dist/timeline.js: nothing is fetched (the page's Content Security Policy allows only this script).
// Messages: to the extension {type: 'ready'}, {type: 'query', query, by}, {type: 'open', start};
// from it {type: 'data', bins, query, by, filteredTo} or {type: 'error', message}.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface Bin { start: string; entries: number; matches: number }
interface Data { type: 'data'; bins: Bin[]; query: string; by: 'month' | 'week'; filteredTo?: string | null }
interface Failure { type: 'error'; message: string }
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const form = document.getElementById('form') as HTMLFormElement;
const query = document.getElementById('query') as HTMLInputElement;
const by = document.getElementById('by') as HTMLSelectElement;
const summary = document.getElementById('summary') as HTMLElement;
const canvas = document.getElementById('chart') as HTMLCanvasElement;
let chart: Chart<'bar'> | undefined;

// The theme's colours, so the chart reads as part of the editor in light, dark and high-contrast themes.
const theme = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

form.addEventListener('submit', event => {
  event.preventDefault();
  summary.textContent = 'Counting…';
  vscode.postMessage({ type: 'query', query: query.value, by: by.value });
});
by.addEventListener('change', () => form.requestSubmit());
window.addEventListener('message', event => {
  const message = event.data as Data | Failure;
  if (message.type === 'data') draw(message);
  else if (message.type === 'error') summary.textContent = message.message;
});
vscode.postMessage({ type: 'ready' });

function draw(data: Data): void {
  query.value = data.query;
  by.value = data.by;
  const asked = data.query.trim().length > 0;
  const entries = data.bins.reduce((n, b) => n + b.entries, 0);
  const matches = data.bins.reduce((n, b) => n + b.matches, 0);
  const unit = data.by === 'week' ? 'weeks' : 'months';
  summary.textContent = data.bins.length === 0
    ? 'No dated entries.'
    : `${entries.toLocaleString('en-US')} entries over ${data.bins.length.toLocaleString('en-US')} ${unit}` +
      (asked ? `; ${matches.toLocaleString('en-US')} days match "${data.query}"` : '') +
      (data.filteredTo ? ` (filtered to ${data.filteredTo})` : '') + '. Click a bar to list its days.';
  Chart.defaults.color = theme('--vscode-foreground', '#cccccc');
  Chart.defaults.borderColor = theme('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  Chart.defaults.font.family = theme('--vscode-font-family', 'sans-serif');
  const labels = data.bins.map(b => data.by === 'month' ? b.start.slice(0, 7) : b.start);
  const datasets = [
    ...(asked ? [{ label: `Days matching "${data.query}"`, data: data.bins.map(b => b.matches), backgroundColor: theme('--vscode-charts-blue', '#3794ff') }] : []),
    { label: asked ? 'Other entries' : 'Entries', data: data.bins.map(b => asked ? b.entries - b.matches : b.entries), backgroundColor: theme('--vscode-charts-lines', 'rgba(128,128,128,0.5)') },
  ];
  // The same bins as a table of buttons: the chart is a canvas, which screen readers and keyboards cannot reach.
  const table = document.getElementById('table') as HTMLTableElement;
  table.replaceChildren(header(asked ? ['', 'entries', 'matching'] : ['', 'entries']), ...data.bins.map((b, i) => {
    const row = document.createElement('tr');
    const open = document.createElement('button');
    open.textContent = labels[i];
    open.title = `List the days of ${labels[i]}`;
    open.addEventListener('click', () => vscode.postMessage({ type: 'open', start: b.start }));
    row.append(cell(open), cell(String(b.entries)), ...(asked ? [cell(String(b.matches))] : []));
    return row;
  }));
  chart?.destroy();
  chart = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: true, grid: { display: false } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      onClick: (_, elements) => {
        const hit = elements[0];
        if (hit) vscode.postMessage({ type: 'open', start: data.bins[hit.index].start });
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length ? 'pointer' : 'default';
      },
    },
  });
}

function cell(content: string | HTMLElement): HTMLTableCellElement {
  const td = document.createElement('td');
  td.append(content);
  return td;
}

function header(names: string[]): HTMLTableRowElement {
  const row = document.createElement('tr');
  for (const name of names) {
    const th = document.createElement('th');
    th.textContent = name;
    row.append(th);
  }
  return row;
}
