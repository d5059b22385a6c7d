// "Journal: Show Timeline": the journal per month or week in a webview, the days matching a question highlighted, and
// the journal's themes stacked over the same months or weeks.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { binRange, errorMessage, timelineHtml } from './format';
import { JournalRequests } from './protocol';
import { pick } from './quickPick';

/** How many themes the chart stacks: those with the most days; 8 stay apart by colour. */
const THEMES_DRAWN = 8;

/**
 * Opens the timeline (`journal/timeline`) of the journal `server()` serves; a click on a bar lists that bin's days
 * (the matching ones when there is a question). `server` is asked on each message, since a settings change restarts
 * the folder's server as a new client.
 */
export function showTimeline(context: vscode.ExtensionContext, server: () => LanguageClient): void {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const panel = vscode.window.createWebviewPanel('journal.timeline', 'Journal Timeline', vscode.ViewColumn.Active,
    { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true });
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'timeline.js')).toString();
  panel.webview.html = timelineHtml(panel.webview.cspSource, script, randomBytes(16).toString('base64'));
  let shown: { query: string; by: 'month' | 'week' } = { query: '', by: 'month' };
  let drawn = 0; // answers come back in any order: only the latest question's is drawn
  const draw = async () => {
    const asked = ++drawn;
    try {
      const result = await server().sendRequest(JournalRequests.timeline, { query: shown.query.trim() || undefined, by: shown.by });
      if (asked === drawn) await panel.webview.postMessage({ type: 'data', ...result, ...shown });
      // The themes with the most days, stacked over the same months or weeks (journal/themes).
      const { themes } = await server().sendRequest(JournalRequests.themes, { max: THEMES_DRAWN, by: shown.by });
      if (asked === drawn) await panel.webview.postMessage({ type: 'themes', by: shown.by, themes: themes.map(t => ({ id: t.id, label: t.label, days: t.days.length, bins: t.bins })) });
    } catch (e) {
      if (asked === drawn) await panel.webview.postMessage({ type: 'error', message: errorMessage(e) });
    }
  };
  // A theme's days, newest first, each at the theme's passage of it.
  const openTheme = async (id: number) => {
    const { themes } = await server().sendRequest(JournalRequests.themes, { theme: id });
    const theme = themes[0];
    if (theme) await pick(theme.passages ?? [], `Theme: ${theme.label} (${theme.days.length} days)`);
  };
  // A bar's days: with a question, its matching days best first; without, the bin's entries in date order.
  const open = async (start: string) => {
    const { from, to } = binRange(start, shown.by);
    const asked = shown.query.trim();
    const results = await server().sendRequest(JournalRequests.search, { question: asked, from, to, top: 100 });
    const when = shown.by === 'week' ? `the week of ${from}` : from.slice(0, 7);
    await pick(asked ? results.filter(r => r.related !== false) : results, asked ? `"${asked}" in ${when}` : when);
  };
  const listener = panel.webview.onDidReceiveMessage(async (m: { type: string; query?: string; by?: string; start?: string; id?: number }) => {
    if (m.type === 'theme' && typeof m.id === 'number') return openTheme(m.id).catch(e => void vscode.window.showErrorMessage(`Journal: ${errorMessage(e)}`));
    if (m.type === 'query') shown = { query: m.query ?? '', by: m.by === 'week' ? 'week' : 'month' };
    if (m.type === 'ready' || m.type === 'query') return draw();
    if (m.type === 'open' && m.start) await open(m.start).catch(e => void vscode.window.showErrorMessage(`Journal: ${errorMessage(e)}`));
  });
  panel.onDidDispose(() => listener.dispose());
}
