import type { WindowPrecision } from '../../server/db/types.ts';

/**
 * A release window: the first and last day a season could arrive ('YYYY-MM-DD', inclusive),
 * at the precision the words gave it, and a label a person reads.
 */
export interface Window {
	from: string;
	to: string;
	precision: WindowPrecision;
	label: string;
}

/** Where a window phrase sits in a text. */
export interface WindowMatch {
	start: number;
	end: number;
	text: string;
	window: Window;
	/** The phrase named no year: the year was inferred from the reference day. */
	inferredYear: boolean;
}

/** 'future': a phrase without a year means its next occurrence; 'past': its latest one. */
export type Direction = 'future' | 'past';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_WORDS: Record<string, number> = {};
for (const [i, name] of MONTH_NAMES.entries()) {
	MONTH_WORDS[name.toLowerCase()] = i + 1;
	MONTH_WORDS[name.slice(0, 3).toLowerCase()] = i + 1;
}
MONTH_WORDS.sept = 9;

const SEASONS: Record<string, { start: number; months: number }> = {
	spring: { start: 3, months: 3 },
	summer: { start: 6, months: 3 },
	fall: { start: 9, months: 3 },
	autumn: { start: 9, months: 3 },
	// Winter YYYY is the winter that ends in YYYY: December of the year before to February.
	winter: { start: 12, months: 3 }
};

const PARTS = { early: 1, mid: 5, late: 9 } as const;
type Part = keyof typeof PARTS;

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

export function ymd(year: number, month: number, day: number): string {
	return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

export function lastDayOfMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** First day of `month` in `year`, plus `months` (may cross years). */
function monthStart(year: number, month: number, plus = 0): { year: number; month: number } {
	const index = year * 12 + (month - 1) + plus;
	return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The window covering `months` whole months from `month` of `year`. */
function monthSpan(year: number, month: number, months: number, precision: WindowPrecision): Window {
	const end = monthStart(year, month, months - 1);
	const w = { from: ymd(year, month, 1), to: ymd(end.year, end.month, lastDayOfMonth(end.year, end.month)), precision, label: '' };
	w.label = windowLabel(w);
	return w;
}

export function dayWindow(year: number, month: number, day: number): Window {
	const w: Window = { from: ymd(year, month, day), to: ymd(year, month, day), precision: 'day', label: '' };
	w.label = windowLabel(w);
	return w;
}

export function yearWindow(year: number): Window {
	return monthSpan(year, 1, 12, 'year');
}

export function monthWindow(year: number, month: number): Window {
	return monthSpan(year, month, 1, 'month');
}

export function partWindow(year: number, part: Part): Window {
	return monthSpan(year, PARTS[part], 4, 'part-of-year');
}

export function seasonWindow(year: number, season: string): Window {
	const s = SEASONS[season];
	return s.start === 12 ? monthSpan(year - 1, 12, 3, 'season') : monthSpan(year, s.start, s.months, 'season');
}

export function quarterWindow(year: number, quarter: number): Window {
	return monthSpan(year, (quarter - 1) * 3 + 1, 3, 'quarter');
}

export function halfWindow(year: number, half: number): Window {
	return monthSpan(year, half === 1 ? 1 : 7, 6, 'half');
}

function parts(day: string): { year: number; month: number; day: number } {
	return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

export function formatDay(day: string): string {
	const p = parts(day);
	return `${MONTH_NAMES[p.month - 1]} ${p.day}, ${p.year}`;
}

/**
 * The canonical label of a window: 'August 18, 2017', 'August 2018', 'early 2018', 'mid-2018',
 * 'summer 2018', 'Q3 2018', 'second half of 2018', '2018'. A window that is not one whole
 * unit of its precision reads 'between … and …'. Every label parses back to its window.
 */
export function windowLabel(window: Window): string {
	const f = parts(window.from);
	const t = parts(window.to);
	const wholeMonths = f.day === 1 && t.day === lastDayOfMonth(t.year, t.month);
	const months = (t.year * 12 + t.month) - (f.year * 12 + f.month) + 1;
	switch (window.precision) {
		case 'day':
			if (window.from === window.to) return formatDay(window.from);
			break;
		case 'month':
			if (wholeMonths && months === 1) return `${MONTH_NAMES[f.month - 1]} ${f.year}`;
			break;
		case 'part-of-year':
			if (wholeMonths && months === 4 && f.year === t.year) {
				if (f.month === 1) return `early ${f.year}`;
				if (f.month === 5) return `mid-${f.year}`;
				if (f.month === 9) return `late ${f.year}`;
			}
			break;
		case 'season':
			if (wholeMonths && months === 3) {
				if (f.month === 12) return `winter ${t.year}`;
				if (f.month === 3) return `spring ${f.year}`;
				if (f.month === 6) return `summer ${f.year}`;
				if (f.month === 9) return `fall ${f.year}`;
			}
			break;
		case 'quarter':
			if (wholeMonths && months === 3 && (f.month - 1) % 3 === 0) return `Q${(f.month - 1) / 3 + 1} ${f.year}`;
			break;
		case 'half':
			if (wholeMonths && months === 6 && (f.month === 1 || f.month === 7)) return `${f.month === 1 ? 'first' : 'second'} half of ${f.year}`;
			break;
		case 'year':
			if (wholeMonths && months === 12 && f.month === 1) return String(f.year);
			break;
	}
	return `between ${formatDay(window.from)} and ${formatDay(window.to)}`;
}

// ---------------------------------------------------------------------------------------------
// The grammar. Each rule is a regular expression over lower-cased text and a builder; the
// scanner keeps, at each place, the longest phrase any rule matched.

const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sept\\.?|sep\\.?|oct\\.?|nov\\.?|dec\\.?)';
const YEAR_REF = '((?:19|20)\\d{2}|next year|this year|last year|the following year|the coming year|the year)';
const ORD_DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

interface Context {
	ref: { year: number; month: number; day: number };
	refDay: string;
	direction: Direction;
}

interface Rule {
	re: RegExp;
	build: (m: RegExpExecArray, ctx: Context) => { window: Window; inferredYear: boolean } | null;
}

function yearOf(text: string | undefined, ctx: Context): number | null {
	if (!text) return null;
	if (/^\d{4}$/.test(text)) return Number(text);
	if (text === 'next year' || text === 'the following year' || text === 'the coming year') return ctx.ref.year + 1;
	if (text === 'this year' || text === 'the year') return ctx.ref.year;
	if (text === 'last year') return ctx.ref.year - 1;
	return null;
}

function monthNumber(word: string): number {
	return MONTH_WORDS[word.replace('.', '')];
}

/**
 * Picks the year for a phrase that named none: the occurrence whose window first ends on or after
 * the reference day (future), or the latest one starting on or before it (past).
 */
function inferYear(make: (year: number) => Window, ctx: Context): Window {
	if (ctx.direction === 'future') {
		for (const year of [ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1]) {
			const w = make(year);
			if (w.to >= ctx.refDay) return w;
		}
		return make(ctx.ref.year + 1);
	}
	for (const year of [ctx.ref.year + 1, ctx.ref.year, ctx.ref.year - 1]) {
		const w = make(year);
		if (w.from <= ctx.refDay) return w;
	}
	return make(ctx.ref.year - 1);
}

function withYear(yearText: string | undefined, make: (year: number) => Window, ctx: Context): { window: Window; inferredYear: boolean } | null {
	if (yearText) {
		const year = yearOf(yearText, ctx);
		return year === null ? null : { window: make(year), inferredYear: false };
	}
	return { window: inferYear(make, ctx), inferredYear: true };
}

function validDay(year: number, month: number, day: number): boolean {
	return day >= 1 && day <= lastDayOfMonth(year, month);
}

const ORDINAL_NUMBER: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };

const RULES: Rule[] = [
	// 2018-08-18
	{
		re: /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/g,
		build: (m) => {
			const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
			if (mo < 1 || mo > 12 || !validDay(y, mo, d)) return null;
			return { window: dayWindow(y, mo, d), inferredYear: false };
		}
	},
	// Aug. 18 | August 18th, 2018 | August 18 2018
	{
		re: new RegExp(`\\b${MONTH} ${ORD_DAY}\\b(?:,? ((?:19|20)\\d{2})\\b)?`, 'g'),
		build: (m, ctx) => {
			const month = monthNumber(m[1]);
			const day = Number(m[2]);
			if (day < 1 || day > 31) return null;
			const r = withYear(m[3], (y) => (validDay(y, month, day) ? dayWindow(y, month, day) : dayWindow(y, month, lastDayOfMonth(y, month))), ctx);
			return r && validDay(Number(r.window.from.slice(0, 4)), month, day) ? r : null;
		}
	},
	// 18 August 2018 | the 18th of August
	{
		re: new RegExp(`\\b(?:the )?${ORD_DAY} (?:of )?${MONTH}(?:,? ((?:19|20)\\d{2})\\b)?`, 'g'),
		build: (m, ctx) => {
			const day = Number(m[1]);
			const month = monthNumber(m[2]);
			if (day < 1 || day > 31) return null;
			const r = withYear(m[3], (y) => (validDay(y, month, day) ? dayWindow(y, month, day) : dayWindow(y, month, lastDayOfMonth(y, month))), ctx);
			return r && validDay(Number(r.window.from.slice(0, 4)), month, day) ? r : null;
		}
	},
	// August 2018 | August of next year | this August | in August
	{
		re: new RegExp(`\\b(?:(this|next) )?${MONTH}(?:,? (?:of )?${YEAR_REF})?(?![\\w-])`, 'g'),
		build: (m, ctx) => {
			const month = monthNumber(m[2]);
			// 'may' and 'march' are verbs far more often than months: only with a year or 'this/next'.
			if ((m[2] === 'may' || m[2] === 'march') && !m[1] && !m[3]) return null;
			if (m[1] === 'next' && !m[3]) {
				const w = inferYear((y) => monthWindow(y, month), { ...ctx, direction: 'future' });
				const y = Number(w.from.slice(0, 4));
				return { window: w.from.slice(0, 7) === ctx.refDay.slice(0, 7) ? monthWindow(y + 1, month) : w, inferredYear: true };
			}
			return withYear(m[3], (y) => monthWindow(y, month), ctx);
		}
	},
	// early 2018 | mid-2018 | late next year | the end of 2018 | early this year
	{
		re: new RegExp(`\\b(early|earlier|mid|late|later|the (?:start|beginning|middle|end) of|the (?:early|middle|late) part of)(?: in| of)?[- ]${YEAR_REF}\\b`, 'g'),
		build: (m, ctx) => {
			const year = yearOf(m[2], ctx);
			if (year === null) return null;
			const word = m[1];
			if (word === 'later' || word === 'earlier') {
				// 'later this year' is the rest of the reference year, rounded to a whole unit so that
				// its label reads (and parses) as a plain window.
				if (word === 'later' && year === ctx.ref.year) {
					const m = ctx.ref.month;
					const w = m <= 3 ? yearWindow(year) : m <= 6 ? halfWindow(year, 2) : m <= 8 ? partWindow(year, 'late') : quarterWindow(year, 4);
					return { window: w, inferredYear: false };
				}
				return { window: partWindow(year, word === 'later' ? 'late' : 'early'), inferredYear: false };
			}
			const part: Part = /early|start|beginning/.test(word) ? 'early' : /mid|middle/.test(word) ? 'mid' : 'late';
			return { window: partWindow(year, part), inferredYear: false };
		}
	},
	// summer 2018 | next spring | this fall | the summer of 2018 | winter 2019
	{
		re: new RegExp(`\\b(?:(this|next|the) )?(spring|summer|fall|autumn|winter)(?:,? (?:of )?${YEAR_REF})?\\b`, 'g'),
		build: (m, ctx) => {
			const season = m[2];
			// 'fall' alone is a verb; 'the fall', 'fall 2018' or 'the summer or fall' is a season.
			if (season === 'fall' && !m[1] && !m[3] && !/\b(?:spring|summer|winter|autumn)\s+or\s+$/.test(m.input.slice(Math.max(0, m.index - 20), m.index))) return null;
			if (m[1] === 'next' && !m[3]) {
				const current = inferYear((y) => seasonWindow(y, season), { ...ctx, direction: 'future' });
				const y = Number(current.to.slice(0, 4));
				return { window: current.from <= ctx.refDay ? seasonWindow(y + 1, season) : current, inferredYear: true };
			}
			return withYear(m[3], (y) => seasonWindow(y, season), ctx);
		}
	},
	// Q3 2018 | the third quarter of 2018 | Q1
	{
		re: new RegExp(`\\b(?:q([1-4])|(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th) quarter)(?:,? (?:of )?${YEAR_REF})?\\b`, 'g'),
		build: (m, ctx) => {
			const quarter = m[1] ? Number(m[1]) : ORDINAL_NUMBER[m[2]];
			return withYear(m[3], (y) => quarterWindow(y, quarter), ctx);
		}
	},
	// the first half of 2018 | H2 2018
	{
		re: new RegExp(`\\b(?:h([12])|(?:the )?(first|second|1st|2nd|latter|back) half)(?:,? (?:of )?${YEAR_REF})(?![\\w-])`, 'g'),
		build: (m, ctx) => {
			const half = m[1] ? Number(m[1]) : m[2] === 'first' || m[2] === '1st' ? 1 : 2;
			return withYear(m[3], (y) => halfWindow(y, half), ctx);
		}
	},
	// 2018 | next year | this year
	{
		re: /\b(?:sometime |some time |at some point )?(?:in |during )?((?:19|20)\d{2}|next year|this year)\b(?!-\d)/g,
		build: (m, ctx) => {
			const year = yearOf(m[1], ctx);
			return year === null ? null : { window: yearWindow(year), inferredYear: false };
		}
	}
];

// 'between A and B', 'from A to B', 'A – B': a range between two windows.
const RANGE = /^\s*(?:between\s+(.+?)\s+and\s+(.+)|from\s+(.+?)\s+(?:to|through|until|till|thru)\s+(.+)|(.+?)\s*(?:–|—|-|to|through)\s*(.+))\s*$/;

const PRECISION_ORDER: WindowPrecision[] = ['day', 'month', 'part-of-year', 'season', 'quarter', 'half', 'year'];

/** Capitalized words a year may follow and still be a date: months, seasons, "Early", "By", "Q1". */
const DATE_WORDS = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter|early|mid|late|in|by|since|until|till|before|after|of|from|through|and|or|to|the|q[1-4]|h[12]|quarter|half|year|sometime|around|circa|end|start|beginning|middle)$/i;

/**
 * A match that is not a release window for what it sits in: a broadcast year ("its 2022-2023
 * schedule", "the 2019-20 season"), a year that ends an event's name ("Euro 2020", "Comic-Con
 * 2019"), a month written alone before a capitalised word ("April Fool's Day", "January Jones"),
 * a capitalised season word beside a name ("Joe Locke as Charlie Spring", "Summer Roberts"), or a
 * season word before an event ("the winter gathering of the Television Critics Association", "the
 * summer press tour").
 */
function namesNoRelease(m: WindowMatch, text: string): boolean {
	if (/^\d{4}$/.test(m.text)) {
		if (/\d{4}[-–]$/.test(text.slice(Math.max(0, m.start - 5), m.start)) || /^[-–]\d{2}/.test(text.slice(m.end, m.end + 3))) return true;
		const name = /(?:^|[\s(])([A-Z][\w'’-]*)\s$/.exec(text.slice(Math.max(0, m.start - 30), m.start));
		return name !== null && !DATE_WORDS.test(name[1]);
	}
	if (/^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/.test(m.text)) {
		const next = /^\s([A-Z][a-z'’]+)/.exec(text.slice(m.end, m.end + 20));
		return next !== null && !DATE_WORDS.test(next[1]) && !/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|It|Netflix|HBO|Hulu|Disney|Apple|Amazon|Prime|Paramount|Peacock|Max)$/.test(next[1]);
	}
	if (/^(?:Spring|Summer|Fall|Autumn|Winter)$/.test(m.text)) {
		const before = /(?:^|[\s(])([A-Z][\w'’-]*)\s$/.exec(text.slice(Math.max(0, m.start - 30), m.start));
		if ((before && !DATE_WORDS.test(before[1])) || /^\s[A-Z][a-z]/.test(text.slice(m.end, m.end + 3))) return true;
	}
	return /^(?:(?:the|this|next)\s+)?(?:spring|summer|fall|autumn|winter)$/i.test(m.text) && /^\s+(?:press|tour|gathering|meeting|event|festival|break|olympics|games|convention|upfronts?|TCA|warmth|weather|sun|heat|holidays?|vacation|camp|blockbusters?|movies?|films?)\b/i.test(text.slice(m.end, m.end + 16));
}

/**
 * Every window phrase in `text`, leftmost-longest, resolved against `refDay` ('YYYY-MM-DD').
 * Phrases that overlap a longer one are dropped.
 */
export function findWindows(text: string, refDay: string, direction: Direction = 'future'): WindowMatch[] {
	const ref = parts(refDay);
	const ctx: Context = { ref, refDay, direction };
	const lower = text.toLowerCase();
	const found: WindowMatch[] = [];
	for (const rule of RULES) {
		rule.re.lastIndex = 0;
		let m: RegExpExecArray | null;
		while ((m = rule.re.exec(lower))) {
			const built = rule.build(m, ctx);
			if (!built) continue;
			found.push({ start: m.index, end: m.index + m[0].length, text: text.slice(m.index, m.index + m[0].length), window: built.window, inferredYear: built.inferredYear });
		}
	}
	found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
	const longest: WindowMatch[] = [];
	for (const match of found) {
		const last = longest.at(-1);
		if (last && match.start < last.end) {
			if (match.end - match.start > last.end - last.start) longest[longest.length - 1] = match;
			continue;
		}
		longest.push(match);
	}
	const kept = longest.filter((m) => !namesNoRelease(m, text));
	// "in late summer or in the fall", "spring or summer 2019": one window, from the first to the last.
	for (let i = kept.length - 1; i > 0; i--) {
		const b = kept[i];
		let a = kept[i - 1];
		if (!/^\s*,?\s*or\s+(?:(?:in|during|by)\s+)?(?:the\s+)?$/i.test(text.slice(a.end, b.start))) continue;
		// "spring or summer 2019": the year named once is both's.
		if (a.inferredYear && !b.inferredYear) {
			const again = findWindows(`${a.text} ${b.window.from.slice(0, 4)}`, refDay, direction)[0];
			if (again && again.start === 0 && again.end === a.text.length + 5) a = { ...a, window: again.window, inferredYear: false };
		}
		if (b.window.to < a.window.from) continue;
		const from = a.window.from < b.window.from ? a.window.from : b.window.from;
		const to = a.window.to > b.window.to ? a.window.to : b.window.to;
		const precision = PRECISION_ORDER[Math.max(PRECISION_ORDER.indexOf(a.window.precision), PRECISION_ORDER.indexOf(b.window.precision))];
		kept.splice(i - 1, 2, { start: a.start, end: b.end, text: text.slice(a.start, b.end), window: { from, to, precision, label: `${a.window.label.slice(-4) === b.window.label.slice(-4) ? a.window.label.replace(/\s*\d{4}$/, '') : a.window.label} or ${b.window.label}` }, inferredYear: a.inferredYear && b.inferredYear });
	}
	// "from July 2019 to its Dec. 25 premiere", "Sept. 4 through March 1": the end of a range that
	// names no year comes after its start, not after the reference day.
	for (let i = 1; i < kept.length; i++) {
		const [start, end] = [kept[i - 1], kept[i]];
		if (!end.inferredYear || !/^\s*(?:to|through|thru|until|till|and|[-–—])\s+(?:(?:its|the|a|an)\s+)?$/i.test(text.slice(start.end, end.start))) continue;
		const again = findWindows(end.text, start.window.from, 'future')[0];
		if (again && again.end - again.start === end.end - end.start) kept[i] = { ...end, window: again.window };
	}
	return kept;
}

function wholeWindow(text: string, refDay: string, direction: Direction): Window | null {
	const trimmed = text.trim();
	const matches = findWindows(trimmed, refDay, direction);
	return matches.length === 1 && matches[0].start === 0 && matches[0].end === trimmed.length ? matches[0].window : null;
}

/**
 * Parses a phrase that is a window and nothing else ('early 2018', 'between May 1, 2018 and
 * June 30, 2018'); null when it is not one. Never throws.
 */
export function parseWindow(text: string, refDay: string, direction: Direction = 'future'): Window | null {
	if (typeof text !== 'string' || text.length > 200) return null;
	const single = wholeWindow(text, refDay, direction);
	if (single) return single;
	const range = RANGE.exec(text);
	if (!range) return null;
	const [a, b] = range[1] !== undefined ? [range[1], range[2]] : range[3] !== undefined ? [range[3], range[4]] : [range[5], range[6]];
	const first = wholeWindow(a, refDay, direction);
	const second = wholeWindow(b, refDay, direction);
	if (!first || !second || second.to < first.from) return null;
	const precision = PRECISION_ORDER[Math.max(PRECISION_ORDER.indexOf(first.precision), PRECISION_ORDER.indexOf(second.precision))];
	const w: Window = { from: first.from, to: second.to, precision, label: '' };
	w.label = windowLabel(w);
	return w;
}

/** Whether `label` names exactly the window from `from` to `to` ("January 2027" for January 1–31). */
export function labelNamesWindow(label: string, from: string, to: string): boolean {
	const named = parseWindow(label, from);
	return named !== null && named.from === from && named.to === to;
}
