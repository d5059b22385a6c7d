// The timeline webview (Journal: Show Timeline): a stacked bar chart of the journal per month or week, the days
// matching a question in the theme's blue over the other entries. Runs in the webview, bundled by esbuild with
// Chart.js into dist/timeline.js: nothing is fetched (the page's Content Security Policy allows only this script).
// Below it, the journal's themes (journal/themes) as stacked areas over the same bins; clicking one lists its days.
// Messages: to the extension {type: 'ready'}, {type: 'query', query, by}, {type: 'open', start}, {type: 'theme', id};
// from it {type: 'data', bins, query, by, filteredTo}, {type: 'themes', by, themes} or {type: 'error', message}.
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, LineController, LineElement, PointElement, Filler);

interface Bin { start: string; entries: number; matches: number }
interface Data { type: 'data'; bins: Bin[]; query: string; by: 'month' | 'week'; filteredTo?: string | null }
interface Failure { type: 'error'; message: string }
interface Theme { id: number; label: string; days: number; bins: { start: string; days: number }[] }
interface Themes { type: 'themes'; by: 'month' | 'week'; themes: Theme[] }
declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const form = document.getElementById('form') as HTMLFormElement;
const query = document.getElementById('query') as HTMLInputElement;
const by = document.getElementById('by') as HTMLSelectElement;
const summary = document.getElementById('summary') as HTMLElement;
const canvas = document.getElementById('chart') as HTMLCanvasElement;
let chart: Chart<'bar'> | undefined;
let themesChart: Chart<'line'> | undefined;

// The theme's colours, so the chart reads as part of the editor in light, dark and high-contrast themes.
const theme = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

form.addEventListener('submit', event => {
  event.preventDefault();
  summary.textContent = 'Counting…';
  vscode.postMessage({ type: 'query', query: query.value, by: by.value });
});
by.addEventListener('change', () => form.requestSubmit());
window.addEventListener('message', event => {
  const message = event.data as Data | Failure | Themes;
  if (message.type === 'data') draw(message);
  else if (message.type === 'themes') drawThemes(message);
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

// One colour per theme from the editor theme's chart colours, so the areas read in light, dark and high contrast.
const colours = () => ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple',
  '--vscode-charts-red', '--vscode-charts-yellow', '--vscode-charts-foreground', '--vscode-charts-lines']
  .map((name, i) => theme(name, ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#cccccc', '#808080'][i]));

// A #rrggbb colour at 60% opacity for an area; any other form of colour as it is.
const translucent = (colour: string) => /^#[0-9a-f]{6}$/i.test(colour) ? colour + '99' : colour;

function drawThemes(data: Themes): void {
  const summary = document.getElementById('themes-summary') as HTMLElement;
  const list = document.getElementById('themes-list') as HTMLUListElement;
  const canvas = document.getElementById('themes') as HTMLCanvasElement;
  summary.textContent = data.themes.length === 0 ? 'No themes yet.'
    : `The ${data.themes.length} themes with the most days, found from the journal itself. Click one to list its days.`;
  // The same themes as buttons: the chart is a canvas, which screen readers and keyboards cannot reach.
  list.replaceChildren(...data.themes.map(t => {
    const item = document.createElement('li');
    const open = document.createElement('button');
    open.textContent = `${t.label} (${t.days} days)`;
    open.title = `List the days of "${t.label}"`;
    open.addEventListener('click', () => vscode.postMessage({ type: 'theme', id: t.id }));
    item.append(open);
    return item;
  }));
  const palette = colours();
  const labels = (data.themes[0]?.bins ?? []).map(b => data.by === 'month' ? b.start.slice(0, 7) : b.start);
  themesChart?.destroy();
  themesChart = new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: data.themes.map((t, i) => ({
        label: t.label, data: t.bins.map(b => b.days), fill: true, pointRadius: 0, borderWidth: 1,
        borderColor: palette[i % palette.length], backgroundColor: translucent(palette[i % palette.length]),
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: { x: { grid: { display: false } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { onClick: (_, item) => vscode.postMessage({ type: 'theme', id: data.themes[item.datasetIndex ?? 0].id }) } },
      onClick: (_, elements) => {
        const hit = elements[0];
        if (hit) vscode.postMessage({ type: 'theme', id: data.themes[hit.datasetIndex].id });
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
