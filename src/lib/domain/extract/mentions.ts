/** Finding the catalog's series in a story, and which season each mention names. */
import { NUMBER_WORD, ORDINAL_WORD, numberOf, ordinalOf } from './text.ts';

export interface CatalogSeason {
	number: number;
	releaseDate: string | null;
}

export interface CatalogSeries {
	title: string;
	slug: string;
	aliases: string[];
	seasons: CatalogSeason[];
}

/** What extraction needs of the catalog: titles, aliases and the seasons it knows. */
export interface CatalogIndex {
	series: CatalogSeries[];
}

/**
 * How a mention is used: the thing a clause talks about ('subject'), a character of that name
 * ("Luke Cage (Mike Colter)", "Krysten Ritter as Jessica Jones"), or the other show a
 * release is ordered against ("following the launch of Jessica Jones season two").
 */
export type MentionRole = 'subject' | 'character' | 'object';

export interface Mention {
	start: number;
	end: number;
	series: CatalogSeries;
	/** The season the words name, if they name one. */
	season: number | null;
	role: MentionRole;
	/** For 'object' mentions: the relation to the subject. */
	order?: 'after' | 'before';
}

interface Name {
	text: string;
	lower: string;
	series: CatalogSeries;
	/** Matched only next to a season word or a network, because it is also an everyday word. */
	guarded: boolean;
}

interface Matcher {
	byFirstWord: Map<string, Name[]>;
}

// Titles that are ordinary words, week days or month names ("Wednesday", "You", "Lost").
const EVERYDAY = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'you', 'lost', 'dark', 'girls', 'friends', 'house', 'fargo', 'homeland', 'atlanta', 'ghosts', 'evil', 'survivor', 'smash', 'community', 'chuck', 'heroes', 'reign', 'revenge', 'ray', 'monk', 'suits', 'bones', 'castle']);

const matchers = new WeakMap<CatalogIndex, Matcher>();

function norm(word: string): string {
	return word.replace(/['’]s$/, '').replace(/[.:,;!?)"”]+$/, '');
}

/**
 * Names are indexed by their first two words (one for one-word names), so that a common first
 * word ("The") does not make every "the" in a story try thousands of names.
 */
function keyOf(lower: string): string {
	const words = lower.split(/\s+/);
	return words.length > 1 ? `${norm(words[0])} ${norm(words[1])}` : norm(words[0]);
}

function matcherFor(index: CatalogIndex): Matcher {
	let matcher = matchers.get(index);
	if (matcher) return matcher;
	const byFirstWord = new Map<string, Name[]>();
	const add = (name: Name) => {
		const key = keyOf(name.lower);
		const list = byFirstWord.get(key) ?? [];
		list.push(name);
		byFirstWord.set(key, list);
	};
	for (const series of index.series) {
		const names = new Set([series.title, ...series.aliases].map((n) => n.trim()).filter((n) => n.length >= 3 || /^[A-Z0-9]{2,}$/.test(n)));
		for (const text of names) {
			const lower = text.toLowerCase();
			add({ text, lower, series, guarded: EVERYDAY.has(lower) });
			// "The Defenders" is also written "Defenders": index it without "The", guarded.
			if (lower.startsWith('the ') && lower.length > 8) {
				const bare = text.slice(4);
				add({ text: bare, lower: bare.toLowerCase(), series, guarded: true });
			}
		}
	}
	for (const list of byFirstWord.values()) list.sort((a, b) => b.text.length - a.text.length);
	matcher = { byFirstWord };
	matchers.set(index, matcher);
	return matcher;
}

/** Each capitalised word of the name is capitalised in the text; "the" may be either. */
function casingAgrees(name: string, found: string): boolean {
	const a = name.split(/\s+/);
	const b = found.split(/\s+/);
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		const expected = a[i][0];
		if (expected === expected.toLowerCase()) continue;
		if (i === 0 && a[i].toLowerCase() === 'the') continue;
		if (b[i][0] !== expected) return false;
	}
	return true;
}

const SEASON_NUMBER = `(\\d{1,2}|${NUMBER_WORD})`;
const AFTER_SEASON = new RegExp(`^(?:['’]s)?\\s*(?::\\s*)?(?:(?:season|series)\\s+${SEASON_NUMBER}\\b|s(\\d{1,2})\\b(?!\\w))`, 'i');
const AFTER_ORDINAL = new RegExp(`^['’]s\\s+(?:(?:long-awaited|upcoming|new|next|final)\\s+)?(${ORDINAL_WORD}|\\d{1,2}(?:st|nd|rd|th))(?:\\s+and\\s+(?:final|last))?\\s+(?:season|series|installment|outing)\\b`, 'i');
const BEFORE_ORDINAL = new RegExp(`\\b(${ORDINAL_WORD}|\\d{1,2}(?:st|nd|rd|th))(?:\\s+and\\s+(?:final|last))?\\s+(?:season|series|installment)\\s+of\\s+(?:marvel['’]s\\s+|netflix['’]s\\s+|hbo['’]s\\s+)?$`, 'i');
const BEFORE_NUMBER = new RegExp(`\\bseason\\s+${SEASON_NUMBER}\\s+of\\s+$`, 'i');
const GUARD_AFTER = /^(?:['’]s)?\s*(?:season|series|s\d)/i;
const GUARD_BEFORE = /(?:netflix|hbo|hulu|amazon|apple|disney|fx|amc|showtime|starz|peacock|max)['’]s\s+$|\b(?:series|show|drama|comedy)\s+$/i;
const CHARACTER_AFTER = /^(?:\s*\((?:[A-Z][\w'’.-]+\s)+[A-Z][\w'’.-]+\)|\s+(?:himself|herself)\b)/;
const CHARACTER_BEFORE = /(?:\b(?:[A-Z][\w'’.-]+\s)+[A-Z][\w'’.-]+\s+(?:as|plays|playing|portrays|portraying)\s+$|\b(?:[A-Z][a-z]+\s)+[A-Z][\w-]+['’]s\s+$|\b(?:as|plays|playing)\s+$)/;
// "The Mandalorian star Pedro Pascal", "the Defenders saga": the title names a person or a thing
// around the show, not the show itself.
const MODIFIER_AFTER = /^(?:['’]s\s+(?!(?:Season|Series|Final|Last|New|First|Second|Third|Fourth|Fifth|Episode|Premiere|Trailer|Release|Return|Debut|Cast|Finale|Part|Volume|Chapter)\b)[A-Z][a-z]+\s+[A-Z][\w'’-]+\b|(?:['’]s)?\s+(?:saga|franchise|universe|crossover|prequel|prequels|sequel|sequels|spin-?offs?|spin offs?|offshoots?|follow-up|reboot|revival|star|stars|actor|actress|alum|alumna|alumnus|creator|creators|showrunner|showrunners|writer|director|producer)\b)/;
// "Appearing on a talk show to promote the final season of Better Call Saul, Esposito said…": the
// show an interview was for, not the one the story is about.
const PROMOTING_BEFORE = /\b(?:to promote|promoting|to plug|plugging)\s+(?:(?:the|his|her|their|its|a|an)\s+)?(?:[\w'’-]+\s+){0,5}?(?:of\s+)?(?:[A-Z][\w.&+-]*['’]s\s+)?$/;
const ORDER_BEFORE = /\b(following|after|ahead of|before|preceding)\s+(?:the\s+(?:launch|release|premiere|debut|return|arrival|bow|end)\s+of\s+)?(?:marvel['’]s\s+|netflix['’]s\s+)?$/i;

/** Every mention of a catalog series in `text`, longest name first where names overlap. */
export function findMentions(text: string, index: CatalogIndex): Mention[] {
	const { byFirstWord } = matcherFor(index);
	const lower = text.toLowerCase();
	const mentions: Mention[] = [];
	const word = /[A-Za-z0-9][\w'’+&.:-]*/g;
	const nextWord = /\s+([^\s]+)/y;
	let m: RegExpExecArray | null;
	while ((m = word.exec(text))) {
		const first = norm(m[0].toLowerCase());
		nextWord.lastIndex = m.index + m[0].length;
		const second = nextWord.exec(lower);
		const pair = second ? byFirstWord.get(`${first} ${norm(second[1])}`) : undefined;
		const single = byFirstWord.get(first);
		const candidates = pair && single ? [...pair, ...single] : (pair ?? single);
		if (!candidates) continue;
		const start = m.index;
		for (const name of candidates) {
			const end = start + name.text.length;
			if (lower.slice(start, end) !== name.lower) continue;
			if (end < text.length && /[\w]/.test(text[end])) continue;
			const found = text.slice(start, end);
			if (!casingAgrees(name.text, found)) continue;
			// "9-1-1: Lone Star", "Star Trek: Picard": a longer title the catalog does not hold.
			if (/^:\s+[A-Z]/.test(text.slice(end, end + 3))) continue;
			const after = text.slice(end, end + 60);
			const before = text.slice(Math.max(0, start - 60), start);
			if (name.guarded && !GUARD_AFTER.test(after) && !GUARD_BEFORE.test(before)) continue;
			mentions.push(describe(text, start, end, name.series, before, after));
			word.lastIndex = end;
			break;
		}
	}
	return mentions;
}

function describe(text: string, start: number, end: number, series: CatalogSeries, before: string, after: string): Mention {
	let season: number | null = null;
	let mentionEnd = end;
	const a = AFTER_SEASON.exec(after);
	if (a) {
		season = numberOf(a[1] ?? a[2]);
		mentionEnd = end + a[0].length;
	} else {
		const o = AFTER_ORDINAL.exec(after);
		if (o) {
			season = ordinalOf(o[1]);
			mentionEnd = end + o[0].length;
		}
	}
	let mentionStart = start;
	if (season === null) {
		const b = BEFORE_ORDINAL.exec(before) ?? BEFORE_NUMBER.exec(before);
		if (b) {
			season = BEFORE_ORDINAL.test(before) ? ordinalOf(b[1]) : numberOf(b[1]);
			mentionStart = start - (before.length - b.index);
		}
	}
	let role: MentionRole = 'subject';
	let order: Mention['order'];
	if (CHARACTER_AFTER.test(after) || CHARACTER_BEFORE.test(before) || (season === null && MODIFIER_AFTER.test(after))) role = 'character';
	else {
		const o = ORDER_BEFORE.exec(before);
		if (o) {
			role = 'object';
			order = /following|after/i.test(o[1]) ? 'after' : 'before';
		} else if (PROMOTING_BEFORE.test(before)) role = 'object';
	}
	// A character never names a season: "Luke Cage (Mike Colter)" is a person on screen.
	if (role === 'character') season = null;
	return { start: role === 'character' ? start : mentionStart, end: role === 'character' ? end : mentionEnd, series, season, role, order };
}

/**
 * The season a story means when it names none: the one after the latest season released on or
 * before the story's publication day ("Daredevil is expected to return next year" in 2017 means
 * season 3, whatever the catalog learned since).
 */
export function nextSeason(series: CatalogSeries, publishedAt: string): number {
	let latest = 0;
	for (const season of series.seasons) {
		if (season.releaseDate && season.releaseDate <= publishedAt && season.number > latest) latest = season.number;
	}
	if (latest > 0) return latest + 1;
	// Nothing released yet: the earliest season the catalog knows, or the first.
	const known = series.seasons.map((s) => s.number).sort((x, y) => x - y);
	return known[0] ?? 1;
}

/** People named with the character they play, so "Luke Cage himself" can be credited to the actor. */
export function castOf(text: string): Map<string, string> {
	const cast = new Map<string, string>();
	const name = "[A-Z][\\w'’.-]+(?: [A-Z][\\w'’.-]+)+";
	for (const m of text.matchAll(new RegExp(`(${name}) \\((${name})\\)`, 'g'))) cast.set(m[1], m[2]);
	for (const m of text.matchAll(new RegExp(`(${name}) as (${name})`, 'g'))) if (!cast.has(m[2])) cast.set(m[2], m[1]);
	for (const m of text.matchAll(new RegExp(`(${name})['’]s (${name})`, 'g'))) if (!cast.has(m[2])) cast.set(m[2], m[1]);
	return cast;
}

function slugOf(title: string): string {
	return title.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * A catalog index from a JSON catalog file: either the project's own format
 * (`{ "series": [{ "title", "slug"?, "aliases"?, "seasons": [{ "number", "releaseDate"? }] }] }`)
 * or a flat list of seasons (`[{ "series": "Daredevil", "season": 1, "releaseDate": "2015-04-10" }]`).
 * Throws an Error saying what is wrong.
 */
export function catalogIndexFromJson(data: unknown): CatalogIndex {
	const day = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v) ? (v.length === 4 ? `${v}-12-31` : v.length === 7 ? `${v}-28` : v) : null);
	if (Array.isArray(data)) {
		const bySeries = new Map<string, CatalogSeries>();
		for (const [i, row] of data.entries()) {
			if (!row || typeof row !== 'object' || typeof row.series !== 'string' || !Number.isInteger(row.season)) throw new Error(`catalog entry ${i + 1} needs "series" (text) and "season" (a whole number)`);
			const series: CatalogSeries = bySeries.get(row.series) ?? { title: row.series, slug: slugOf(row.series), aliases: Array.isArray(row.aliases) ? row.aliases.filter((a: unknown) => typeof a === 'string') : [], seasons: [] };
			series.seasons.push({ number: row.season, releaseDate: day(row.releaseDate) });
			bySeries.set(row.series, series);
		}
		return { series: [...bySeries.values()] };
	}
	if (data && typeof data === 'object' && Array.isArray((data as { series?: unknown }).series)) {
		const list = (data as { series: unknown[] }).series;
		return {
			series: list.map((entry, i) => {
				const s = entry as { title?: unknown; slug?: unknown; aliases?: unknown; seasons?: unknown };
				if (typeof s?.title !== 'string' || !s.title.trim()) throw new Error(`catalog series ${i + 1} has no "title"`);
				const seasons = Array.isArray(s.seasons) ? s.seasons : [];
				return {
					title: s.title,
					slug: typeof s.slug === 'string' && s.slug ? s.slug : slugOf(s.title),
					aliases: Array.isArray(s.aliases) ? s.aliases.filter((a): a is string => typeof a === 'string') : [],
					seasons: seasons
						.filter((x): x is { number: number; releaseDate?: unknown } => !!x && Number.isInteger((x as { number?: unknown }).number))
						.map((x) => ({ number: x.number, releaseDate: day(x.releaseDate) }))
				};
			})
		};
	}
	throw new Error('a catalog is {"series": [...]} or a list of {"series", "season", "releaseDate"} entries');
}
