/** Splitting a story into the lines, paragraphs and sentences claims are read from. */

export interface Sentence {
	/** Offset of the sentence's first character in the story text. */
	start: number;
	end: number;
	text: string;
	/** Index of the paragraph (line block) the sentence belongs to. */
	paragraph: number;
}

// Lines that belong to the page, not the story: other stories' headlines, calls to action.
const FURNITURE = /^(?:related|read more|more|also read|see also|watch|read|source|photos?|video|advertisement|subscribe|sign up|click here|trending|recommended|up next|follow us)\b\s*[:|–—-]|^more (?:in|from|on) \w/i;
const TERMINAL = /[.!?]["'”’)\]]*$/;

/** A line that is a headline or page furniture: it states nothing the story itself claims. */
export function isFurniture(line: string, title?: string): boolean {
	const trimmed = line.trim();
	if (!trimmed) return true;
	if (FURNITURE.test(trimmed)) return true;
	if (title && trimmed === title.trim()) return true;
	// A headline: no sentence end and short. Body paragraphs end in punctuation.
	if (!TERMINAL.test(trimmed) && trimmed.split(/\s+/).length <= 24) return true;
	return false;
}

const ABBREVIATIONS = new Set([
	'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'vs', 'no', 'inc', 'co', 'ltd', 'prof', 'gen', 'sgt', 'capt', 'lt', 'rev', 'ft', 'mt', 'vol', 'ep', 'eps', 'approx',
	'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun', 'e.g', 'i.e', 'etc', 'u.s', 'u.k'
]);

const BOUNDARY = /[.!?]+["'”’)\]]*\s+(?=["“‘(\[]?[A-Z0-9])/g;

/** The sentences of the story's body, furniture lines left out, with their offsets. */
export function sentences(text: string, title?: string): Sentence[] {
	const out: Sentence[] = [];
	let paragraph = 0;
	let offset = 0;
	for (const line of text.split('\n')) {
		const lineStart = offset;
		offset += line.length + 1;
		if (isFurniture(line, title)) {
			if (line.trim()) paragraph++;
			continue;
		}
		paragraph++;
		let start = 0;
		BOUNDARY.lastIndex = 0;
		let m: RegExpExecArray | null;
		while ((m = BOUNDARY.exec(line))) {
			const before = line.slice(start, m.index);
			const lastWord = /([\w.]+)$/.exec(before)?.[1]?.toLowerCase() ?? '';
			// "Aug. 18", "Mr. Cox", "U.S." and initials do not end a sentence.
			if (m[0].startsWith('.') && m[0].trim() === '.' && (ABBREVIATIONS.has(lastWord) || /^[a-z]$/.test(lastWord) || /^([a-z]\.)+[a-z]?$/.test(lastWord))) continue;
			const end = m.index + m[0].trimEnd().length;
			push(out, line, lineStart, start, end, paragraph);
			start = m.index + m[0].length;
		}
		push(out, line, lineStart, start, line.length, paragraph);
	}
	return out;
}

function push(out: Sentence[], line: string, lineStart: number, start: number, end: number, paragraph: number): void {
	const raw = line.slice(start, end);
	const lead = raw.length - raw.trimStart().length;
	const body = raw.trim();
	if (!body) return;
	out.push({ start: lineStart + start + lead, end: lineStart + start + lead + body.length, text: body, paragraph });
}

const NUMBER_WORDS: Record<string, number> = {
	one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
	sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, 'twenty-one': 21, 'twenty-two': 22, 'twenty-three': 23, 'twenty-four': 24
};
const ORDINAL_WORDS: Record<string, number> = {
	first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12, sophomore: 2
};

export const NUMBER_WORD = Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|');
export const ORDINAL_WORD = Object.keys(ORDINAL_WORDS).join('|');

/** '8', 'eight', 'twenty-two' → a number; null for anything else. */
export function numberOf(word: string): number | null {
	const lower = word.toLowerCase();
	if (/^\d+$/.test(lower)) return Number(lower);
	return NUMBER_WORDS[lower] ?? null;
}

/** 'second', '2nd', 'sophomore' → 2; null for anything else. */
export function ordinalOf(word: string): number | null {
	const lower = word.toLowerCase();
	const digits = /^(\d+)(?:st|nd|rd|th)$/.exec(lower);
	if (digits) return Number(digits[1]);
	return ORDINAL_WORDS[lower] ?? null;
}
