// The server's LSP extensions, defined once for the client: a mirror of docs/lsp-extensions.md (a unit test keeps
// the names in step with that document).
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Custom request and command names, exactly as the server serves them. */
export const JournalMethods = {
  search: 'journal/search',
  similar: 'journal/similar',
  status: 'journal/status',
  timeline: 'journal/timeline',
  themes: 'journal/themes',
  review: 'journal/review',
  understand: 'journal/understand',
  didChangeStatus: 'journal/didChangeStatus',
  askCommand: 'journal.ask',
  findSimilarDaysCommand: 'journal.findSimilarDays',
  onThisDayCommand: 'journal.onThisDay',
  reindexCommand: 'journal.reindex',
  deleteIndexCommand: 'journal.deleteIndex',
  importCommand: 'journal.import',
} as const;

/**
 * The files the server reads as journal entries; must equal JournalFormats.Globs in
 * server/JournalLsp.Core/Journal/JournalFormat.cs, checked by a server test (ClientGlobsTests).
 */
export const journalFileGlobs = ['**/*.md', '**/*.org', '**/*.txt'] as const;

/** LSP `Position`: 0-based line and UTF-16 character. */
export interface Position { line: number; character: number }

/** LSP `Range`. */
export interface Range { start: Position; end: Position }

/** One day that matched, with the passage that matched (`range`, whole lines, end exclusive). */
export interface JournalResult {
  /** YYYY-MM-DD, or null for an undated note. */
  date: string | null;
  uri: string;
  range: Range;
  score: number;
  snippet: string;
  heading: string;
  /** When the entry was last opened in an editor (ISO 8601); absent if never. */
  lastSeen?: string;
  /** Similar days only: false for a day that is merely the closest there is, not related at all. */
  related?: boolean;
  /** Similar days only: why the day is listed. */
  because?: SimilarEvidence;
  /** Similar days only: true when the entry already links to the day (it comes last). */
  linked?: boolean;
}

/** One side of {@link SimilarEvidence}: the document, the exact range of the passage, its text. */
export interface EvidencePassage { uri: string; range: Range; text: string }

/** Why a similar day is listed: the entry's passage and the day's passage that match best, and rare words both hold. */
export interface SimilarEvidence { source: EvidencePassage; related: EvidencePassage; terms: string[] }

/** Params of `journal/search`. */
export interface SearchParams { question: string; from?: string; to?: string; top?: number }

/** Params of `journal/similar`: an entry by document position, or by date; with a range, the passages of it a selection touches. */
export interface SimilarParams {
  textDocument?: { uri: string };
  position?: Position;
  date?: string;
  top?: number;
  range?: { start: Position; end: Position };
}

/** A skipped file (or a warning about one). */
export interface SkippedFile { path: string; reason: string }

/** Result of `journal/understand`: how a question is read. */
export interface UnderstandResult {
  text: string;
  phrase?: string | null;
  filteredTo?: string | null;
}

/** Params of `journal/timeline`. */
export interface TimelineParams {
  query?: string;
  by?: 'month' | 'week';
  from?: string;
  to?: string;
}

/** Result of `journal/timeline`: every month or week from the first entry kept to the last. */
export interface TimelineResult {
  bins: { start: string; entries: number; matches: number }[];
  /** The days kept, in words, when a date phrase or from/to narrowed them. */
  filteredTo?: string | null;
}

/** Params of `journal/review`: the period, YYYY-MM-DD. */
export interface ReviewParams { from: string; to: string }

/** Result of `journal/review`: its title ("September 1665") and the Markdown document. */
export interface ReviewResult { title: string; markdown: string }

/** Params of `journal/themes`. */
export interface ThemesParams {
  from?: string;
  to?: string;
  max?: number;
  by?: 'month' | 'week';
  /** A theme's id: only that theme, with `passages`. */
  theme?: number;
}

/** One theme of `journal/themes`. */
export interface ThemeInfo {
  id: number;
  label: string;
  terms: string[];
  days: string[];
  first: string;
  last: string;
  bins: { start: string; days: number }[];
  example: JournalResult;
  /** With `theme` in the params: per day, newest first, the theme's passage of that day. */
  passages?: JournalResult[] | null;
  /** As of the journal's last day: written about this month, stopped, new, or none of these. */
  trend: 'thisMonth' | 'stopped' | 'new' | 'steady';
}

/** Result of `journal/themes`: the themes, most days in the period first. */
export interface ThemesResult { themes: ThemeInfo[] }

/** Result of `journal/status`, and params of the `journal/didChangeStatus` notification. */
export interface StatusResult {
  journalFolder: string;
  indexPath: string;
  modelId: string;
  indexing: boolean;
  files: number;
  entries: number;
  chunks: number;
  skipped: SkippedFile[];
  warnings?: SkippedFile[];
  lastIndexedAt?: string;
  progress?: { entriesDone: number; entriesTotal: number; filesDone: number; filesTotal: number };
  /** Lines repeated across the journal as its template, left out of what is embedded and searched (normalised). */
  templateLines?: string[];
  /** False when the folder is not served as a journal (it does not look like one, or `enabled` is false): nothing is indexed. */
  active?: boolean;
  /** Why the folder is served or not, in plain words (with how to turn it on). */
  reason?: string;
}

/** Result of the `journal.reindex` command. */
export interface ReindexResult {
  files: number; entries: number; chunks: number; embedded: number; reused: number;
  changedFiles: number; removedFiles: number; seconds: number;
}

/** Result of the `journal.deleteIndex` command: what was deleted (empty when nothing was stored). */
export interface DeleteIndexResult { indexPath: string; deleted: string[] }

/** Result of `journal.import`: day files written or added to (relative), entries added, already there, photos copied, skipped entries. */
export interface ImportResult { files: string[]; added: number; alreadyThere: number; photos: number; problems: string[] }

/** The custom requests, typed for `LanguageClient.sendRequest`. */
export const JournalRequests = {
  search: new RequestType<SearchParams, JournalResult[], void>(JournalMethods.search),
  similar: new RequestType<SimilarParams, JournalResult[], void>(JournalMethods.similar),
  status: new RequestType<object, StatusResult, void>(JournalMethods.status),
  timeline: new RequestType<TimelineParams, TimelineResult, void>(JournalMethods.timeline),
  themes: new RequestType<ThemesParams, ThemesResult, void>(JournalMethods.themes),
  review: new RequestType<ReviewParams, ReviewResult, void>(JournalMethods.review),
  understand: new RequestType<SearchParams, UnderstandResult, void>(JournalMethods.understand),
} as const;

/** Server to client, whenever a served folder's state changes: the folder's `journal/status` result. */
export const didChangeStatus = new NotificationType<StatusResult>(JournalMethods.didChangeStatus);
