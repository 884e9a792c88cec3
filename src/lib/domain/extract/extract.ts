/**
 * Claim extraction: from a story's text to dated, quoted claims about seasons.
 *
 * Pure and synchronous: the catalog comes in as an index, the story as text with its
 * publication day, and every relative phrase ("next year", "this past week") is resolved
 * against that day. Each claim keeps the exact span it rests on (offsets into the text).
 */
import * as chrono from 'chrono-node';
import type { Attribution, ClaimKind, WindowPrecision } from '../../server/db/types.ts';
import { findWindows, windowLabel, yearWindow, type Window, type WindowMatch } from './windows.ts';
import { castOf, findMentions, nextSeason, type CatalogIndex, type CatalogSeries, type Mention } from './mentions.ts';
import { isFurniture, NUMBER_WORD, numberOf, ordinalOf, ORDINAL_WORD, sentences, type Sentence } from './text.ts';

export type { CatalogIndex, CatalogSeries } from './mentions.ts';
export type { Window } from './windows.ts';

export type ProductionStatus =
	| 'renewed'
	| 'in-development'
	| 'casting'
	| 'filming-started'
	| 'filming'
	| 'wrapped'
	| 'post-production'
	| 'release-dated'
	| 'released'
	| 'cancelled';

export interface Story {
	text: string;
	title?: string;
	/** 'YYYY-MM-DD': the day every relative phrase is resolved against. */
	publishedAt: string;
	outlet?: string;
}

export interface Claim {
	seriesSlug: string;
	series: string;
	season: number;
	kind: ClaimKind;
	status?: ProductionStatus;
	/** When the status event happened (or will), as far as the text dates it. */
	statusDate?: { from: string; to: string };
	window?: Window;
	after?: { series: string; slug: string; season: number };
	episodes?: number;
	platform?: string;
	hedged: boolean;
	negated: boolean;
	quote: string;
	start: number;
	end: number;
	sentence: string;
	attribution: Attribution;
	person?: string;
	confidence: number;
	/** The publication day relative phrases were resolved against. */
	resolvedAgainst: string;
}

interface Subject {
	series: CatalogSeries;
	season: number;
	/** The words named the season, or it was carried from an earlier sentence that did. */
	named: boolean;
}

interface Focus {
	series: CatalogSeries;
	season: number | null;
}

interface Span {
	start: number;
	end: number;
}

// ---------------------------------------------------------------------------------------------
// Phrases

// "won't be back this year", "will not return until 2020": a later return, not a cancellation.
const NOT_YET = String.raw`\s+(?:until|before|this|next|in|by|anytime|any time|soon|later|for (?:a while|months|years|another))\b`;

const STATUS_RULES: { status: ProductionStatus; re: RegExp; when?: 'now' }[] = [
	{ status: 'filming-started', re: /\b(?:kicked off|kicks off|kick off|began|begun|begins|begin|started|starts|start|commenced|commences|got underway|gets underway)\s+(?:(?:its|their|the|official|principal)\s+)*(?:production|filming|shooting|principal photography)\b/gi },
	{ status: 'filming-started', re: /\b(?:production|filming|shooting|principal photography)\s+(?:on [\w\s'’]{1,60}?\s+)?(?:has |have |having |had |will |is set to |is scheduled to |are set to |is expected to |officially |finally |now |just )*(?:kicked off|kicks off|kick off|began|begun|begins|begin|started|starts|start|commenced|got underway|gets underway|get underway|is underway|are underway)\b/gi },
	{ status: 'filming-started', re: /\b(?:has|have)\s+(?:only\s+|just\s+|officially\s+|finally\s+)*(?:begun|started)\s+(?:production|filming|shooting)\b/gi },
	{ status: 'filming-started', re: /\b(?:will|to|set to|scheduled to)\s+(?:film|shoot)\b(?=\s+(?:in \w+\s+)?from\b)|\b(?:filming|shooting|production) (?:runs|will run|is scheduled to run|is set to run)\b(?=\s+from\b)/gi },
	{ status: 'filming-started', re: /\bcameras (?:are |have |started |began |start )?(?:rolling|rolled)\b/gi },
	{ status: 'filming', re: /\b(?:is|are|was|were|'s|’s)\s+(?:also\s+|currently\s+|now\s+|still\s+|busy\s+|already\s+)*(?:filming|shooting|in production|in the midst of (?:filming|production|shooting))\b/gi, when: 'now' },
	{ status: 'filming', re: /\bcurrently (?:filming|shooting|in production)\b/gi, when: 'now' },
	{ status: 'wrapped', re: /\b(?:has |have |officially |finally )*wrapped(?: (?:up )?(?:production|filming|shooting))?\b(?! (?:up )?(?:its|their|the) (?:run|broadcast|airing)\b)|\bwraps (?:production|filming|shooting)\b/gi },
	{ status: 'wrapped', re: /\b(?:finished|completed|concluded|wrapped up) (?:production|filming|shooting)\b|\b(?:production|filming|shooting) (?:has |have |officially |finally )*(?:wrapped|ended|concluded|finished|completed)\b|\bthat['’]s a wrap\b/gi },
	{ status: 'post-production', re: /\b(?:in|into) post[- ]?production\b|\b(?:is|are|now)\s+(?:currently\s+|now\s+|already\s+)?in post\b/gi, when: 'now' },
	{ status: 'renewed', re: /\b(?:renewed|picked up for|greenlit|green-lit|green lit|officially ordered|ordered (?:a |another )?(?:second|third|fourth|fifth|new|\d+(?:st|nd|rd|th)) season|gets? (?:a |an )?(?:season \d+|second season|third season|fourth season|fifth season) (?:order|renewal)|(?:season|series) renewal)\b/gi },
	{ status: 'cancelled', re: new RegExp(String.raw`\b(?:has been |was |been |is )?(?:cancel(?:l)?ed|axed|scrapped)\b|\bwill not (?:return|be back)\b(?!${NOT_YET})|\bwon['’]t (?:return|be back)\b(?!${NOT_YET})|\bpulled the plug\b|\bnot (?:be )?returning\b(?!${NOT_YET})`, 'gi') },
	{ status: 'in-development', re: /\bin (?:early |active )?development\b/gi, when: 'now' },
	{ status: 'casting', re: /\bcasting (?:is |has )?(?:underway|begun|began|started|now open)\b|\b(?:began|begun|started|starts|begins|has been) casting\b|\b(?:is|are) (?:currently |now )?casting\b/gi, when: 'now' },
	{ status: 'release-dated', re: /\b(?:set|announced|revealed|confirmed|locked in|unveiled|dated)\s+(?:a |its |the |an official )?(?:release|premiere|launch) date\b|\b(?:release|premiere) date (?:has been |was )?(?:set|announced|revealed|confirmed)\b/gi },
	{ status: 'released', re: /\b(?:premiered|debuted|was released|were released|dropped|launched|bowed)\b/gi }
];

const RELEASE_CUE = /\b(?:return(?:s|ing|ed)?|premier(?:e|es|ed|ing)|debut(?:s|ed|ing)?|(?<!\b(?:a|big|huge|surprise|massive|smash|streaming)\s)hit(?:s|ting)?|arriv(?:e|es|ed|ing|al)|air(?:s|ed|ing)?|releas(?:e|es|ed|ing)|launch(?:es|ed|ing)?|drop(?:s|ped|ping)?|stream(?:s|ing)?|land(?:s|ing)?|bow(?:s|ed)?|(?<!\b(?:look(?:s|ing|ed)?|get|gets|got|getting|go|goes|went|going|bring|brings|brought|push(?:es|ed)?|held|hold|holds|cut|scale[ds]?|step(?:s|ped)?|write|wrote|call(?:s|ed)?|pay|paid|sit|sat)\s|\bflash)back(?!\s+(?:on set|on location|to work|at work|in production|filming|shooting))|coming|come|comes|available|slated|set for|due(?!\s+to\s+(?!(?:premiere|return|arrive|debut|air|launch|release|drop|hit|land|come|be)\b))|(?<!\b(?:walk(?:ed|s)?|sold|figur(?:e|ed)|f(?:ind|ound)|carr(?:y|ied)|point(?:ed)?|rul(?:e|ed)|left|spell(?:ed)?|work(?:ed)?|turn(?:ed)?|lash(?:ed)?|reach(?:ed)?|stand(?:s)?|stood|strik(?:e|es)|went|go(?:es)?)\s)out|expected(?=\s+(?:until|before|in|by|around|sometime|some time|no earlier than)\b)|(?:don['’]t|do not|shouldn['’]t|should not) expect)\b/gi;
// The same words, for a plain test (RELEASE_CUE is global: it keeps a place between calls).
const RELEASE_CUE_WORDS = new RegExp(RELEASE_CUE.source, 'i');
const PRODUCTION_CUE = /\b(?:production|filming|shooting|film|shoot|wrap(?:ped|s)?|suspend(?:s|ed)?|halt(?:s|ed)?|shut down|paus(?:e|es|ed)|resum(?:e|es|ed)|restart(?:s|ed)?|cast(?:ing)?|renew(?:ed|al)|ordered|photography|writers['’]? room|script)\b/gi;
const HEDGE_WORDS = /\b(?:could|might|normally|usually|typically|traditionally|typical|pattern|possibly|perhaps|likely|probably|expected|expects|hopefully|rumou?red|reportedly|potentially|as early as|tentatively|should|aiming|aims|hoping|hope|hopes|sounds?\s+(?:too\s+)?far off|suggests?|speculat\w*|guess|presumably|plausibly|unconfirmed)\b/i;
// "may" hedges; "May" is also the month ("will premiere on May 8"), so only the lower-case word counts.
// "sooner than many fans had expected" is the fans' guess, not a hedge on the news.
const HEDGE = {
	test: (text: string) => {
		const t = text.replace(/\b(?:than|as)\s+(?:[\w'’]+\s+){0,3}?(?:had\s+)?expected\b/gi, '');
		return HEDGE_WORDS.test(t) || /\bmay\b/.test(t);
	}
};
const WRITER_GUESS = /\b(?:(?:does not|doesn['’]t) (?:necessarily )?sound (?:too )?far off|(?:does not|doesn['’]t) necessarily sound|sounds?\s+(?:too\s+)?far off|we['’]d (?:guess|bet|expect)|our (?:best )?(?:guess|bet)|i['’]d (?:guess|bet|expect)|presumably|if (?:history|the past|past seasons) (?:is|are) any (?:guide|indication)|it['’]s (?:safe|fair) to (?:say|assume|guess)|we (?:expect|think|suspect|predict|reckon)|i (?:expect|think|suspect|predict)|would (?:put|mean|suggest)|our money is on|don['’]t be surprised|(?:by )?our (?:best )?estimate|by our (?:count|reckoning)|given (?:the|how|that)\b[^.;]*\b(?:is|are) (?:likely|unlikely|probably)\b)\b/i;
const OFFICIAL = /\b(?:officially|announced|confirmed|revealed|unveiled|press release|has set|have set|set a|dated)\b/i;
const NEGATION = /\b(?:won['’]t|will not|isn['’]t|is not|aren['’]t|are not|doesn['’]t|does not|not|never|no longer)\s+(?:\w+\s+){0,2}?(?:return|premiere|debut|air|arrive|hit|launch|release|drop|land|come(?: out| back)?|be (?:back|out|released|airing|arriving|returning))\b/i;
const NOT_BEFORE = /\b(?:not (?:before|until)|no (?:sooner|earlier) than|the earliest (?:[\w'’]+\s+){0,6}?(?:is|would be|will be|could be)|unlikely to (?:[\w'’]+\s+){1,3}?(?:until|before)|(?:won['’]t|will not|not|isn['’]t|is not|don['’]t|do not|shouldn['’]t|should not)\s+(?:[\w'’+]+\s+){0,5}?(?:until|before)|at the earliest)\s*$/i;
const MODAL_BEFORE = /\b(?:could|might|may|will|would|should|expected to|is set to|are set to|is slated to|is likely to|likely)\s+(?:\w+\s+){0,2}$/i;

const PLATFORMS = ['Netflix', 'Hulu', 'HBO Max', 'HBO', 'Max', 'Disney+', 'Disney Plus', 'Amazon Prime Video', 'Prime Video', 'Amazon', 'Apple TV+', 'Apple TV Plus', 'Apple TV', 'Peacock', 'Paramount+', 'Paramount Plus', 'AMC+', 'AMC', 'FX on Hulu', 'FX', 'Showtime', 'Starz', 'NBC', 'CBS', 'ABC', 'Fox', 'The CW', 'BBC One', 'BBC Two', 'BBC iPlayer', 'Channel 4', 'ITV', 'Sky Atlantic', 'Sky'];
const PLATFORM_CANON: Record<string, string> = { 'Disney Plus': 'Disney+', 'Apple TV Plus': 'Apple TV+', 'Paramount Plus': 'Paramount+', 'Amazon Prime Video': 'Prime Video', 'Amazon': 'Prime Video' };
const PLATFORM_RE = new RegExp(`\\b(?:on|to|hits?|hitting|via|exclusively on|streaming on|streams on|premieres? on|returns? to|coming to|heads? to|arrives? on|lands? on)\\s+(${PLATFORMS.map((p) => p.replace(/[+]/g, '\\+')).join('|')})(?![\\w+])`, 'g');

const EPISODES_RE = new RegExp(`\\b(\\d{1,2}|${NUMBER_WORD})[- ]episodes?\\b(?![- ](?:arc|run of))|\\b(\\d{1,2}|${NUMBER_WORD}) (?:new |more |total |hour-long |half-hour )?episodes\\b`, 'gi');
const EPISODES_EXCLUDE = /\b(?:first|last|final|next|remaining|opening|two-part|penultimate|these|those|of the)\s+$/i;

const FLOATING_SEASON = new RegExp(`\\b(?:season|series)\\s+(\\d{1,2}|${NUMBER_WORD})\\b|\\b(${ORDINAL_WORD}|\\d{1,2}(?:st|nd|rd|th))(?:\\s+and\\s+(?:final|last))?\\s+season\\b|\\bS(\\d{1,2})\\b`, 'gi');
// "Like the first season, …", "two fewer than the first season", "since its first season": a season
// the sentence compares against or dates by, not the one it talks about.
const COMPARED = /\b(?:like|unlike|than|since|after|before|until)\s+(?:(?:the|its|their|this|that)\s+)?(?:[\w'’-]+\s+){0,2}$/i;
// How far (in characters) a season word may sit from the words it numbers.
const FLOATING_REACH = 60;
// "the film is not expected to begin shooting": the clause is about a film, not a catalog series.
const FILM_SUBJECT = /\b(?:the|this|that|his|her|its|a|the studio['’]s)\s+(?:[\w'’-]+\s+)?(?:film|movie|feature|blockbuster|reboot)\b/i;
// "1. Dark", "#3 Locke & Key": a list item's heading; what follows is about something else.
const LIST_HEADING = /^\s*(?:\d{1,2}[.)]|#\d{1,2})\s+\S/;
// Past-tense release verbs: with a date that names no year, they talk about a release gone by.
const PAST_RELEASE_VERBS = 'returned|premiered|debuted|arrived|aired|released|launched|dropped|landed|bowed|streamed|came';
const PAST_RELEASE = new RegExp(`^(?:${PAST_RELEASE_VERBS})$`, 'i');
// …and any of them not long before a date that names no year.
const PAST_RELEASE_BEFORE = new RegExp(`\\b(?:${PAST_RELEASE_VERBS})\\b`, 'i');
// "its first five seasons launched in September", "around the time the first premiered": what came
// out is other seasons than the one the story is about.
const OTHER_SEASONS_HEAD = new RegExp(String.raw`\b(?:(?:first|last|previous|past|earlier|other)\s+(?:(?:\d{1,2}|${NUMBER_WORD})\s+)?(?:seasons|series)|seasons\s+(?:\d{1,2}|${NUMBER_WORD})(?:\s+(?:and|to|through)\s+(?:\d{1,2}|${NUMBER_WORD}))?)\s+(?:[\w'’]+\s+){0,3}$|\b(?:the|its|their)\s+(?:${ORDINAL_WORD}|previous|last|original|earlier|prior)\s+(?:one\s+)?$`, 'i');
// "Frank Castle will not return for a third season": a season that will not be made.
const FOR_A_SEASON = new RegExp(String.raw`^\s+for (?:an?|the) (?:${ORDINAL_WORD}|new|another|\d{1,2}(?:st|nd|rd|th)) season\b|^\s+for season`, 'i');
// "the sixth is due on July 15", "The next episode, airing January 29": an episode's day.
const EPISODE_HEAD = new RegExp(String.raw`\b(?:the\s+)?(next|${ORDINAL_WORD}|\d{1,2}(?:st|nd|rd|th))(\s+(?:new\s+)?(?:episode|installment|instalment|chapter))?,?\s+(?:is|will|airing|airs|drops|arrives|streams)\b[^.;]{0,25}$`, 'i');

// What a release verb's subject must be for it to be the show's release: a season, the show, "it".
const RELEASED_SUBJECT = /\b(?:season|seasons|series|episode|episodes|show|it|they|premiere|chapter|part|installment|run|finale|drama|comedy|thriller)\b/i;
// Promotional material is released too: "the trailer, which debuted at Comic-Con".
const PROMO_BEFORE = /\b(?:trailers?|teasers?|footage|first[- ]look|posters?|clips?|sneak peeks?|promos?|key art|images|photos|stills|scenes?|previews?|snippets?|excerpts?)\b[^.;]{0,40}$/i;
// An expectation the story reports as one held before ("had hoped", "had been expected", "originally planned"): no longer anyone's word.
const FORMER_EXPECTATION = /\b(?:had (?:been )?(?:teased|hoped|expected|planned|promised|said|aimed|slated|set|targeted|scheduled|intended|pegged|eyed|eyeing|thought|anticipated|predicted|believed|guessed)|(?:originally|initially|previously|once) (?:been )?(?:expected|planned|slated|set|scheduled|targeted|teased|promised|hoped)|had hoped|were hoping|was hoping|was supposed to|were supposed to)\b/i;

// A title the catalog does not know, as a season's owner or a release's subject: "Bluey season 3
// will premiere in March", "The Night Agent returns in early 2023". What follows is that show's,
// not the story's.
const TITLE_RUN = String.raw`(?:[A-Z0-9][\w'’&!:.-]*)(?:\s+(?:(?:of|the|and|&|in|a|to|on)\s+)*[A-Z0-9][\w'’&!:.-]*)*`;
const FOREIGN_SEASON = new RegExp(String.raw`(${TITLE_RUN})(?:\s+(?:[Ss]eason|[Ss]eries|S)\s*(?:\d{1,2}|${NUMBER_WORD})\b|['’]s\s+(?:${ORDINAL_WORD}|\d{1,2}(?:st|nd|rd|th))\s+season\b)`, 'g');
// (Case matters: a title is capitalised, the words around it are not.)
const FOREIGN_HEAD = new RegExp(String.raw`^\s*(?:(?:[Mm]eanwhile|[Aa]nd|[Bb]ut|[Aa]lso|[Ee]lsewhere),?\s+)?(${TITLE_RUN})\s+(?:(?:will|is|are|should|could|may|might|also|finally|set to|expected to|slated to|due to|going to|poised to)\s+)*(?:return|premiere|debut|arrive|launch|drop|land|hit|come back|be back)`);
// "with The Good Doctor back on February 20": an unknown title anywhere in the clause, as what returns.
const FOREIGN_MID = new RegExp(String.raw`(?:^|[\s,(])(${TITLE_RUN})\s+(?:(?:is|will be|are|also|comes|is set to|is due to)\s+)?(?:back|returns?|premieres?|debuts?|arrives?|launch(?:es)?|drops?|lands?)\b`, 'g');
// "the spinoff 9-1-1: Lone Star, whose …": a title just before a relative clause.
const TITLE_BEFORE = new RegExp(String.raw`(${TITLE_RUN}),?\s*$`);
const PIECE_WORD = /^(?:season|series|part|volume|vol\.?|chapter|act|episode|episodes|book|finale|premiere|batch|half)$/i;
// Words that open a sentence or name a network, not a title.
const NOT_TITLE = /^(?:the|a|an|this|that|these|those|its|it|his|her|their|our|netflix|hulu|hbo|max|disney\+?|prime|amazon|apple|peacock|paramount\+?|fx|amc|showtime|starz|nbc|cbs|abc|fox|bbc|itv|sky|production|filming|fans|viewers)$/i;

const OTHER_SHOWS = /\b(?:(?:other|several|more|many|some) |(?:a|the) (?:string|slew|number|handful|host|raft|wave|list|run|batch) of (?:other )?)(?:shows|series|titles|dramas|comedies|originals|returning shows)\b/i;

// Clause boundaries inside a sentence: dashes, semicolons, and relative clauses that re-aim
// the subject at the words just before them.
const CLAUSE = /\s+(?:--|—|–)\s+|;\s+|,\s+(?=which\b|who\b|whose\b|where\b|whereas\b|while\b|but\b)|(?<=,\s+whose\b[^,]*),\s+/g;

interface Clause {
	start: number;
	end: number;
	/** The clause opens with "which"/"who": its subject is the mention just before it. */
	relative: boolean;
}

function clausesOf(sentence: string): Clause[] {
	const out: Clause[] = [];
	let start = 0;
	let relative = false;
	CLAUSE.lastIndex = 0;
	let m: RegExpExecArray | null;
	while ((m = CLAUSE.exec(sentence))) {
		out.push({ start, end: m.index, relative });
		start = m.index + m[0].length;
		relative = /^(?:which|who|whose|where)\b/i.test(sentence.slice(start));
	}
	out.push({ start, end: sentence.length, relative });
	return out;
}

function clauseAt(clauses: Clause[], pos: number): number {
	for (let i = 0; i < clauses.length; i++) if (pos < clauses[i].end || i === clauses.length - 1) return i;
	return clauses.length - 1;
}

// ---------------------------------------------------------------------------------------------

interface Floating extends Span {
	season: number;
	/** "like the first season", "since its first season": not the season talked about. */
	compared: boolean;
}

interface SentenceContext {
	sentence: Sentence;
	/** Mentions with offsets relative to the sentence. */
	mentions: Mention[];
	clauses: Clause[];
	floatingSeason: number | null;
	/** Every season word of the sentence not inside a mention, with its place. */
	floating: Floating[];
	focus: Focus | null;
	story: Story;
	attribution: Attribution;
	person?: string;
	official: boolean;
}

function subjectFor(ctx: SentenceContext, pos: number, exclude?: Mention): Subject[] {
	const { mentions, clauses } = ctx;
	const eligible = mentions.filter((m) => m.role === 'subject' && m !== exclude);
	const ci = clauseAt(clauses, pos);
	const clause = clauses[ci];
	// "…Jessica Jones season two, which is also currently filming": the mention before "which".
	if (clause.relative) {
		// "the spinoff 9-1-1: Lone Star, whose next season …": an unknown title's clause.
		const antecedent = TITLE_BEFORE.exec(ctx.sentence.text.slice(Math.max(0, clause.start - 60), clause.start));
		if (antecedent && (/^The\s/.test(antecedent[1]) || antecedent[1].split(/\s+/).length >= 2)) {
			const at = clause.start - antecedent[0].length;
			if (!mentions.some((m) => m.start < at + antecedent[1].length && m.end > at)) return [];
		}
		const previous = mentions.filter((m) => m.role !== 'character' && m.end <= clause.start).at(-1);
		if (previous && clause.start - previous.end < 12) return [resolve(ctx, previous, pos)];
		// "Unlike the first season, which dropped all at once": the season word before "which".
		const season = ctx.floating.filter((f) => f.end <= clause.start && clause.start - f.end < 12).at(-1);
		if (season && ctx.focus && !mentions.some((m) => m.role === 'subject' && m.end <= clause.start)) return [{ series: ctx.focus.series, season: season.season, named: true }];
	}
	const clauseBefore = ctx.sentence.text.slice(clause.start, pos);
	const film = FILM_SUBJECT.exec(clauseBefore);
	if (film && !eligible.some((m) => m.start >= clause.start + film.index && m.end <= pos)) return [];
	const before = eligible.filter((m) => m.end <= pos && m.start >= clause.start).at(-1);
	if (!before && foreignTitleBefore(ctx, clause, pos)) return [];
	if (before) {
		// "Iron Fist, Luke Cage and Daredevil were all cancelled": every name of the list.
		const list = [before];
		for (let i = eligible.indexOf(before) - 1; i >= 0; i--) {
			const gap = ctx.sentence.text.slice(eligible[i].end, list[0].start);
			if (eligible[i].start < clause.start || !/^\s*(?:,|,?\s+and|,?\s+or|&)\s*$/.test(gap)) break;
			list.unshift(eligible[i]);
		}
		return list.map((m) => resolve(ctx, m, pos));
	}
	// "three series expected to return next year -- Jessica Jones, Luke Cage, and Daredevil"
	const next = clauses[ci + 1];
	if (next) {
		const listed = eligible.filter((m) => m.start >= next.start && m.end <= next.end);
		const rest = ctx.sentence.text.slice(next.start, next.end).replace(/\b(?:and|or)\b|[,\s]/g, '');
		const names = listed.reduce((n, m) => n + m.end - m.start, 0);
		if (listed.length >= 2 && names >= rest.length * 0.6) return listed.map((m) => resolve(ctx, m, pos));
	}
	const after = eligible.find((m) => m.start >= pos && clauseAt(clauses, m.start) === ci);
	if (after) return [resolve(ctx, after, pos)];
	if (film) return [];
	const earlier = eligible.filter((m) => m.end <= pos).at(-1);
	if (earlier) return [resolve(ctx, earlier, pos)];
	// "Apple also announced dates for other shows, including …": not the story's show any more.
	if (ctx.focus && !OTHER_SHOWS.test(ctx.sentence.text)) return [resolveFocus(ctx, ctx.focus, pos)];
	const later = eligible.find((m) => m.start >= pos);
	return later ? [resolve(ctx, later, pos)] : [];
}

/** Whether the clause, before `pos`, names a show the catalog does not know as what it is about. */
function foreignTitleBefore(ctx: SentenceContext, clause: Clause, pos: number): boolean {
	const text = ctx.sentence.text;
	const head = text.slice(clause.start, pos);
	const unknown = (start: number, name: string) => {
		const words = name.split(/\s+/);
		// "Part 1 premieres on October 10", "Volume 1 arrives": the season's own pieces.
		// "its Dec. 25 premiere": a date, not a title.
		if (words.some((w) => PIECE_WORD.test(w)) || words.every((w) => NOT_TITLE.test(w) || /^(?:of|the|and|&|in|a|to|on|\d+(?:st|nd|rd|th)?,?|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)$/i.test(w))) return false;
		const end = start + name.length;
		if (ctx.mentions.some((m) => m.start < end && m.end > start)) return false;
		// "Unlike Bluey season 3, …": compared, not the subject.
		return !COMPARED.test(text.slice(Math.max(0, start - 40), start));
	};
	FOREIGN_SEASON.lastIndex = 0;
	let m: RegExpExecArray | null;
	while ((m = FOREIGN_SEASON.exec(head))) {
		// A sentence's first word is capitalised whatever it is: "Meanwhile Bluey season 3" names
		// Bluey, "Unlike Bluey season 3" compares with it, and "Although season one" names nothing.
		let name = m[1];
		let start = clause.start + m.index;
		if (start === 0) {
			const first = /^\S+\s+/.exec(name);
			if (!first) continue;
			name = name.slice(first[0].length);
			start += first[0].length;
		}
		if (unknown(start, name)) return true;
	}
	const h = FOREIGN_HEAD.exec(head);
	if (h && h[1].split(/\s+/).length >= 2 && unknown(clause.start + h.index + h[0].indexOf(h[1]), h[1])) return true;
	FOREIGN_MID.lastIndex = 0;
	while ((m = FOREIGN_MID.exec(head))) {
		const start = clause.start + m.index + m[0].indexOf(m[1]);
		// Not at the head of the sentence, where any word is capitalised; two words or "The …".
		if (start === 0 || !(/^The\s/.test(m[1]) || m[1].split(/\s+/).length >= 2)) continue;
		if (unknown(start, m[1])) return true;
	}
	return false;
}

/** The season word nearest the first place of `at` within reach (else the next place's), leaving out compared ones. */
function floatingNear(ctx: SentenceContext, ...at: Span[]): number | null {
	for (const a of at) {
		let best: Floating | null = null;
		let bestDistance = Infinity;
		for (const f of ctx.floating) {
			const d = distance(a, f);
			// "…after season two debuted": compared, but the subject of the very verb at hand.
			// "That is well before season 3 premieres in January": the subject of its own release verb.
			const ownVerb = /^\s+(?:premieres?|returns?|debuts?|arrives?|airs?|launch(?:es)?|drops?|lands?|comes? (?:out|back))\b/.test(ctx.sentence.text.slice(f.end, f.end + 16)) && f.end <= a.start;
			if (f.compared && !ownVerb && !(f.end <= a.start && a.start - f.end <= 2)) continue;
			if (d <= FLOATING_REACH && d < bestDistance) {
				best = f;
				bestDistance = d;
			}
		}
		if (best) return best.season;
	}
	return null;
}

function resolve(ctx: SentenceContext, mention: Mention, pos: number): Subject {
	if (mention.season !== null) return { series: mention.series, season: mention.season, named: true };
	const alone = ctx.mentions.filter((m) => m.role === 'subject').every((m) => m.series === mention.series);
	const floating = floatingNear(ctx, { start: pos, end: pos }, mention);
	if (floating !== null && alone) return { series: mention.series, season: floating, named: true };
	if (ctx.focus && ctx.focus.series === mention.series && ctx.focus.season !== null) return { series: mention.series, season: ctx.focus.season, named: true };
	return { series: mention.series, season: nextSeason(mention.series, ctx.story.publishedAt), named: false };
}

function resolveFocus(ctx: SentenceContext, focus: Focus, pos: number): Subject {
	const floating = floatingNear(ctx, { start: pos, end: pos });
	if (floating !== null) return { series: focus.series, season: floating, named: true };
	// "The back half of season 6 begins streaming on Friday, May 10, with its on-air debut on Sunday,
	// May 12": "its" is the season the sentence named, however far back.
	const named = /\b(?:its|their)\s+(?:[\w'’,.-]+\s+){0,7}$/i.test(ctx.sentence.text.slice(Math.max(0, pos - 50), pos)) ? ctx.floating.filter((f) => !f.compared && f.end <= pos).at(-1) : undefined;
	if (named) return { series: focus.series, season: named.season, named: true };
	if (focus.season !== null) return { series: focus.series, season: focus.season, named: true };
	return { series: focus.series, season: nextSeason(focus.series, ctx.story.publishedAt), named: false };
}

function attributionOf(text: string, cast: Map<string, string>, index: CatalogIndex): { attribution: Attribution; person?: string } {
	const according = /\b[Aa]ccording to ((?:[A-Z][\w'’.-]+\s?)+?)(?:\s+(himself|herself))?(?=[,.;]|\s+(?:himself|herself|who|in|on|at)\b)/.exec(text);
	const said = /\b([A-Z][\w'’-]+ [A-Z][\w'’-]+) (?:said|says|told|teased|revealed|hinted|explained|noted|added|confirmed|shared)\b/.exec(text) ??
		/\b(?:said|says|told|teased|revealed|hinted|explained|noted|added|confirmed) ([A-Z][\w'’-]+ [A-Z][\w'’-]+)\b/.exec(text);
	const name = (according?.[1] ?? said?.[1])?.trim();
	// "According to TVLine", "according to The Hollywood Reporter": a publication, not a person.
	// So is a company: "Marvel Studios said".
	const publication = name !== undefined && (!/\s/.test(name) || /\+$|\b(?:Studios|Entertainment|Television|TV|Pictures|Network|Media|Productions|Films|Channel|Group|Company|Plus|Animation|Times|Reporter|Weekly|News|Post|Journal|Magazine|Guide|Insider|Spy|Radio|Daily|Wire|Today|Online|Report|Gazette|Herald|Tribune|Observer|Standard|Express|Mirror|Sun|Telegraph|Guardian|Independent|Mail|Vulture|Collider|TVLine|Deadline|Variety)$/.test(name));
	if (name && !publication && !/^(?:Netflix|HBO|Hulu|Variety|Deadline|The|A|An)\b/.test(name)) {
		const isSeries = index.series.some((s) => s.title === name || s.aliases.includes(name));
		const person = cast.get(name) ?? (isSeries && !according?.[2] ? undefined : name);
		if (person) return { attribution: 'person', person };
	}
	if (WRITER_GUESS.test(text)) return { attribution: 'writer-guess' };
	return { attribution: 'outlet' };
}

function confidenceOf(ctx: SentenceContext, hedged: boolean, extra = 0): number {
	const base = ctx.attribution === 'outlet' ? 0.7 : ctx.attribution === 'person' ? 0.6 : 0.3;
	let c = (ctx.official && ctx.attribution === 'outlet' ? 0.9 : base) + extra;
	if (hedged) c *= 0.75;
	return Math.round(Math.min(0.99, Math.max(0.05, c)) * 100) / 100;
}

function cover(...spans: (Span | undefined | null)[]): Span {
	const present = spans.filter((s): s is Span => !!s);
	return { start: Math.min(...present.map((s) => s.start)), end: Math.max(...present.map((s) => s.end)) };
}

function nearestCue(text: string, re: RegExp, around: Span, clause: Clause, reach = 80): Span | null {
	re.lastIndex = 0;
	let best: Span | null = null;
	let bestDistance = Infinity;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text))) {
		const span = { start: m.index, end: m.index + m[0].length };
		if (span.start < clause.start || span.end > clause.end) continue;
		if (span.start < around.end && span.end > around.start) continue;
		const distance = span.end <= around.start ? around.start - span.end : span.start - around.end;
		if (distance < bestDistance && distance <= reach) {
			best = span;
			bestDistance = distance;
		}
	}
	return best;
}

function distance(a: Span | null, b: Span): number {
	if (!a) return Infinity;
	return a.end <= b.start ? b.start - a.end : a.start >= b.end ? a.start - b.end : 0;
}

// Relative phrases chrono-node does not read the way a news story means them.
const RECENT: { re: RegExp; days: (ref: Date) => [number, number] }[] = [
	{ re: /\b(?:this past|the past|over the past|last|earlier this) week(?:end)?\b/i, days: () => [-7, 0] },
	{ re: /\bthis week\b/i, days: () => [-6, 0] },
	{ re: /\b(?:recently|just)\b/i, days: () => [-14, 0] }
];

function addDays(day: string, n: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** When a status event happened, from the words of its clause; null when they do not date it. */
function statusDate(clauseText: string, clauseOffset: number, trigger: Span, publishedAt: string, future: boolean): { date: { from: string; to: string }; span: Span } | null {
	for (const rule of RECENT.slice(0, 2)) {
		const m = rule.re.exec(clauseText);
		if (m) {
			const [a, b] = rule.days(new Date(publishedAt));
			return { date: { from: addDays(publishedAt, a), to: addDays(publishedAt, b) }, span: { start: clauseOffset + m.index, end: clauseOffset + m.index + m[0].length } };
		}
	}
	const windows = findWindows(clauseText, publishedAt, future ? 'future' : 'past').filter((w) => w.window.precision !== 'year' || /\b(?:in|during|since)\s+(?:19|20)\d{2}/i.test(w.text) || /^(?:19|20)\d{2}$/.test(w.text));
	const near = windows.sort((x, y) => distance({ start: clauseOffset + x.start, end: clauseOffset + x.end }, trigger) - distance({ start: clauseOffset + y.start, end: clauseOffset + y.end }, trigger))[0];
	// A date far from the verb dates something else ("…the partnership that began with Daredevil in 2015").
	if (near && distance({ start: clauseOffset + near.start, end: clauseOffset + near.end }, trigger) <= STATUS_DATE_REACH) return { date: { from: near.window.from, to: near.window.to }, span: { start: clauseOffset + near.start, end: clauseOffset + near.end } };
	// "yesterday", "two weeks ago", "last Tuesday": chrono-node reads these.
	const parsed = chrono.en.casual.parse(clauseText, new Date(`${publishedAt}T12:00:00Z`), { forwardDate: future });
	for (const result of parsed) {
		if (!/\b(?:yesterday|today|tonight|ago|last|this|on (?:mon|tue|wed|thu|fri|sat|sun))/i.test(result.text)) continue;
		const day = result.start.date().toISOString().slice(0, 10);
		return { date: { from: day, to: day }, span: { start: clauseOffset + result.index, end: clauseOffset + result.index + result.text.length } };
	}
	return null;
}

const STATUS_DATE_REACH = 60;

const FUTURE_TENSE = /\b(?:will|is set to|are set to|is scheduled to|are scheduled to|is expected to|are expected to|plans? to|slated to|gearing up to)\s+(?:\w+\s+){0,2}$/i;

// ---------------------------------------------------------------------------------------------

function focusFromTitle(title: string | undefined, index: CatalogIndex): Focus | null {
	if (!title) return null;
	const mention = findMentions(title, index).find((m) => m.role !== 'character');
	if (!mention) return null;
	let season = mention.season;
	if (season === null) {
		const floating = floatingSeason(title, [mention]);
		season = floating;
	}
	return { series: mention.series, season };
}

/** The season words of `text` that no mention already holds. */
function floatingSeasons(text: string, mentions: Mention[]): Floating[] {
	const out: Floating[] = [];
	FLOATING_SEASON.lastIndex = 0;
	let m: RegExpExecArray | null;
	while ((m = FLOATING_SEASON.exec(text))) {
		const at = m.index;
		if (mentions.some((x) => at >= x.start && at < x.end)) continue;
		const n = m[1] ? numberOf(m[1]) : m[2] ? ordinalOf(m[2]) : Number(m[3]);
		if (n && n > 0 && n < 60) out.push({ start: at, end: at + m[0].length, season: n, compared: COMPARED.test(text.slice(Math.max(0, at - 40), at)) });
	}
	return out;
}

/** The first season word of `text` that is not a comparison. */
function floatingSeason(text: string, mentions: Mention[]): number | null {
	return floatingSeasons(text, mentions).find((f) => !f.compared)?.season ?? null;
}

/**
 * The claims a story makes about catalog seasons. Furniture ("RELATED:" headlines, links to
 * other stories) and cast names produce none; relative dates are resolved against
 * `story.publishedAt`.
 */
export function extractClaims(story: Story, index: CatalogIndex): Claim[] {
	const text = story.text;
	const cast = castOf(text);
	let focus = focusFromTitle(story.title, index);
	const claims: Claim[] = [];
	let paragraph = -1;
	const headings: number[] = [];
	let offset = 0;
	for (const line of text.split('\n')) {
		if (LIST_HEADING.test(line) && isFurniture(line, story.title) && !findMentions(line, index).some((m) => m.role === 'subject')) headings.push(offset);
		offset += line.length + 1;
	}
	let previousEnd = 0;
	for (const sentence of sentences(text, story.title)) {
		// A list item about another show: "the show" no longer means the one before.
		if (headings.some((h) => h >= previousEnd && h < sentence.start)) focus = null;
		previousEnd = sentence.end;
		const mentions = findMentions(sentence.text, index);
		const floatingList = floatingSeasons(sentence.text, mentions);
		const floating = floatingList.find((f) => !f.compared)?.season ?? null;
		if (!focus) {
			const first = mentions.find((m) => m.role === 'subject');
			if (first) focus = { series: first.series, season: first.season ?? floating };
		}
		const { attribution, person } = attributionOf(sentence.text, cast, index);
		const ctx: SentenceContext = { sentence, mentions, clauses: clausesOf(sentence.text), floatingSeason: floating, floating: floatingList, focus, story, attribution, person, official: OFFICIAL.test(sentence.text) };
		claims.push(...sentenceClaims(ctx));
		// What later sentences mean by "the show": the last series this one talked about.
		const last = mentions.filter((m) => m.role === 'subject').at(-1);
		if (last) {
			const season = last.season ?? (focus && focus.series === last.series ? focus.season : null) ?? (mentions.every((m) => m.series === last.series) ? floating : null);
			focus = { series: last.series, season };
		} else if (focus && floating !== null && sentence.paragraph === paragraph) {
			// "The first season took two years…": a season already out does not become what the story
			// is about.
			// Nor does a season named late in the sentence ("…build toward a bigger third season").
			const upcoming = floatingList.find((f) => !f.compared && f.start < 40 && f.season >= nextSeason(focus!.series, story.publishedAt));
			if (upcoming) focus = { series: focus.series, season: upcoming.season };
		}
		paragraph = sentence.paragraph;
	}
	return dedupe(claims);
}

function sentenceClaims(ctx: SentenceContext): Claim[] {
	const out: Claim[] = [];
	const s = ctx.sentence.text;
	const hedgedSentence = HEDGE.test(s);
	const make = (subject: Subject, span: Span, fields: Partial<Claim> & { kind: ClaimKind }, hedged: boolean, extraConfidence = 0): Claim => ({
		seriesSlug: subject.series.slug,
		series: subject.series.title,
		season: subject.season,
		hedged,
		negated: false,
		quote: s.slice(span.start, span.end),
		start: ctx.sentence.start + span.start,
		end: ctx.sentence.start + span.end,
		sentence: s,
		attribution: ctx.attribution,
		...(ctx.person ? { person: ctx.person } : {}),
		confidence: confidenceOf(ctx, hedged, extraConfidence - (subject.named ? 0 : 0.1)),
		resolvedAgainst: ctx.story.publishedAt,
		...fields
	});

	// Status events.
	const statusSpans: Span[] = [];
	for (const rule of STATUS_RULES) {
		rule.re.lastIndex = 0;
		let m: RegExpExecArray | null;
		while ((m = rule.re.exec(s))) {
			const trigger = { start: m.index, end: m.index + m[0].length };
			if (statusSpans.some((x) => x.start < trigger.end && x.end > trigger.start)) continue;
			if (rule.status === 'released' && !/\b(?:season|series|episode|premiere|first|second|third)\b/i.test(s)) continue;
			// "The season three trailer, which debuted at Comic-Con": a trailer's release, not the season's.
			if (rule.status === 'released' && PROMO_BEFORE.test(s.slice(Math.max(0, trigger.start - 40), trigger.start))) continue;
			statusSpans.push(trigger);
			const ci = clauseAt(ctx.clauses, trigger.start);
			const clause = ctx.clauses[ci];
			const clauseText = s.slice(clause.start, clause.end);
			const head = s.slice(clause.start, trigger.start);
			// "Bandersnatch was released at the end of December": what came out is named, and it is
			// not the show or a season of it.
			if (rule.status === 'released' && !clause.relative && !ctx.mentions.some((x) => x.start >= clause.start && x.end <= trigger.start) && !RELEASED_SUBJECT.test(head)) continue;
			if (rule.status === 'released' && OTHER_SEASONS_HEAD.test(head)) continue;
			// "Drake was central to bringing Top Boy back after it was cancelled": a run that ended, then came back.
			if (rule.status === 'cancelled' && /\b(?:bring(?:s|ing)?|brought)\s+(?:[\w'’:-]+\s+){0,3}back\b|\breviv(?:e|ed|es|ing|al)\b|\brescu(?:e|ed|es|ing)\b|\bresurrect\w*|\bpick(?:s|ed|ing)? (?:it |the (?:show|series|drama|comedy) )?up\b|\bsaved\b/i.test(s)) continue;
			// "Sebastian Croft will not be back as Ben": an actor leaving, not the show ending. Only a
			// show or a season "will not return"; words as plain as "cancelled" need no such check.
			if (rule.status === 'cancelled' && /\b(?:return|back|returning)\b/i.test(m[0])) {
				const named = ctx.mentions.some((x) => x.role === 'subject' && x.start >= clause.start && x.end <= trigger.start);
				const forSeason = FOR_A_SEASON.test(s.slice(trigger.end));
				if (/^\s+(?:as|in the role)\b/i.test(s.slice(trigger.end)) || (!named && !forSeason && !clause.relative && !RELEASED_SUBJECT.test(head))) continue;
			}
			// "renewed in November 2020, a few weeks after the comedy debuted": a date before the
			// "after" is the renewal's; "a month after season two debuted on March 8" keeps its own.
			const relative = rule.status === 'released' ? /\b(?:weeks|days|months|shortly|soon|just|right|a week|a month|a day)\s+(?:after|before)\s+(?:[\w'’-]+\s+){0,5}$/i.exec(head) : null;
			const relativeAt = relative ? clause.start + relative.index : -1;
			const future = FUTURE_TENSE.test(s.slice(Math.max(clause.start, trigger.start - 40), trigger.start)) || /\b(?:will|set to|scheduled to)\b/i.test(m[0]);
			let dated = rule.when === 'now' && !future ? { date: { from: ctx.story.publishedAt, to: ctx.story.publishedAt }, span: null as Span | null } : statusDate(clauseText, clause.start, trigger, ctx.story.publishedAt, future);
			const negation = /\b(?:not|never|no|hasn['’]t|haven['’]t|isn['’]t|won['’]t|yet to)\s+(?:\w+\s+){0,2}$/i.exec(s.slice(Math.max(0, trigger.start - 30), trigger.start));
			const negated = negation !== null;
			// The quote holds the negation: "not yet set a premiere date" is what the story says.
			const negationSpan = negation ? { start: trigger.start - negation[0].length, end: trigger.start } : null;
			// "will film from Sept. 4 through March 1": a start and a wrap.
			const hedgedClause = HEDGE.test(clauseText);
			const range = /\bfrom\s+(.{3,30}?)\s+(?:through|to|until|till|thru)\s+(.{3,30}?)(?=[,.;]|\s+(?:in|on|at|and|with|for)\b|$)/i.exec(clauseText);
			for (const subject of subjectFor(ctx, trigger.start)) {
				if (range && (rule.status === 'filming-started' || rule.status === 'filming')) {
					const a = findWindows(range[1], ctx.story.publishedAt, future ? 'future' : 'past')[0];
					const b = a && findWindows(range[2], a.window.from, 'future')[0];
					if (a && b) {
						const span = cover(trigger, { start: clause.start + range.index, end: clause.start + range.index + range[0].length });
						out.push(make(subject, span, { kind: 'status', status: 'filming-started', statusDate: { from: a.window.from, to: a.window.to }, negated }, hedgedClause));
						out.push(make(subject, span, { kind: 'status', status: 'wrapped', statusDate: { from: b.window.from, to: b.window.to }, negated }, hedgedClause));
						continue;
					}
				}
				if (rule.status === 'released' && dated && (dated.date.from > ctx.story.publishedAt || (relative && dated.span && dated.span.end <= relativeAt))) dated = null;
				if (rule.status === 'released' && !dated) continue;
				const span = cover(trigger, dated?.span, negationSpan);
				out.push(make(subject, span, { kind: 'status', status: rule.status, ...(dated ? { statusDate: dated.date } : {}), negated }, hedgedClause, dated ? 0.1 : 0));
			}
		}
	}

	// Release order: "following the launch of Jessica Jones season two".
	const orderObjects = new Set<Mention>();
	for (const object of ctx.mentions.filter((m) => m.role === 'object' && m.order === 'after')) {
		RELEASE_CUE.lastIndex = 0;
		if (!RELEASE_CUE.test(s) && !/launch|release|premiere|debut/i.test(s.slice(Math.max(0, object.start - 40), object.start))) continue;
		orderObjects.add(object);
		const phrase = /\b(?:(?:more |most |very )?likely\s+|probably\s+|possibly\s+)?(?:following|after)\s+(?:the\s+\w+\s+of\s+)?(?:marvel['’]s\s+|netflix['’]s\s+)?$/i.exec(s.slice(Math.max(0, object.start - 60), object.start));
		const start = phrase ? object.start - phrase[0].length : object.start;
		const objectSeason = object.season ?? nextSeason(object.series, ctx.story.publishedAt);
		for (const subject of subjectFor(ctx, start, object)) {
			if (subject.series === object.series) continue;
			out.push(make(subject, { start, end: object.end }, { kind: 'releaseOrder', after: { series: object.series.title, slug: object.series.slug, season: objectSeason } }, hedgedSentence));
		}
	}

	// Release windows.
	let previousWindowEnd = 0;
	for (const found of findWindows(s, ctx.story.publishedAt, 'future')) {
		const w: Span = { start: found.start, end: found.end };
		const sinceLastWindow = previousWindowEnd;
		previousWindowEnd = w.end;
		if (statusSpans.some((x) => distance(x, w) < 30) && !/\b(?:return|premiere|debut|release|arriv|air|hit|back)/i.test(s.slice(Math.max(0, w.start - 40), w.start))) continue;
		const ci = clauseAt(ctx.clauses, w.start);
		const clause = ctx.clauses[ci];
		const cue = nearestCue(s, RELEASE_CUE, w, clause);
		if (!cue) continue;
		// "the first two seasons both arrived in late June": a release gone by, not next year's.
		if (found.inferredYear && PAST_RELEASE.test(s.slice(cue.start, cue.end))) continue;
		// "speculation that followed the launch of the second chapter in October": the same, as a noun.
		if (found.inferredYear && /\b(?:followed|since|marked|celebrated|after|following)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,2}$/i.test(s.slice(Math.max(clause.start, cue.start - 50), cue.start))) continue;
		// "Peacock released the first four episodes at once on January 26": a day gone by, whatever cue is nearest.
		if (found.inferredYear && PAST_RELEASE_BEFORE.test(s.slice(Math.max(clause.start, w.start - 90), w.start))) continue;
		const production = nearestCue(s, PRODUCTION_CUE, w, clause);
		if (production && distance(production, w) < distance(cue, w)) continue;
		// Relative phrases ("next year") need a year of their own; a bare number may be something else.
		if (found.window.to < ctx.story.publishedAt) continue;
		let window = found.window;
		const head = s.slice(clause.start, w.start);
		// "As of late December there is still no word": the day of the report, not a window.
		if (/\bas of\s+(?:(?:late|early|mid)[- ]?)?$/i.test(head)) continue;
		// "filming slated to begin on August 30": the start of something other than the release.
		if (/^\s+to\s+(?:begin|start|commence|resume|kick off|get under ?way)\b(?!\s+(?:streaming|airing|rolling out))/i.test(s.slice(cue.end)) && cue.end <= w.start) continue;
		// "HBO announced on May 11 that …", "wrote in an Instagram post on October 26 that …",
		// "announced the return window in February": the day of the news.
		const told = /\b(?:announced|revealed|confirmed|tweeted|posted|shared|unveiled|said|reported|wrote|teased|announcing|revealing|confirming|tweeting|posting|sharing|unveiling)\b([^.;,]{0,60}?)\s(?:on|in|last|this)\s+(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?$/i.exec(head);
		// "a press release dated March 14": the document's day.
		if (/\bdated\s+$/i.test(head)) continue;
		if (told && !RELEASE_CUE_WORDS.test(told[1].replace(/\b(?:release|premiere|return|launch|debut)\s+(?:date|window|plans?|schedule)s?\b/gi, ''))) continue;
		// "a formal premiere date should be announced sometime this summer": the news, not the release.
		if (/\b(?:date|dates|news|details?|trailer|announcement)\b[^.;]{0,50}?\b(?:be |being |get |gets )?(?:announced|revealed|confirmed|unveiled|set)\s+(?:[\w'’]+\s+){0,2}$/i.test(head)) continue;
		// "the sixth is due on July 15", "The next episode, airing January 29": an episode, not the season.
		// ("The first episode will be released on March 24" is the season's own premiere.)
		// A bare "the sixth" is an episode only at the head of a clause, just after episodes were spoken of.
		const episode = EPISODE_HEAD.exec(head);
		const bareEpisode = () => /^\s*$/.test(head.slice(0, episode!.index)) && /(?<!-)\bepisodes\b/i.test(s.slice(Math.max(0, clause.start - 80), clause.start));
		if (episode && !/^(?:first|1st)$/i.test(episode[1]) && (episode[2] || bareEpisode()) && !/\b(?:season|series)\b/i.test(head.slice(-40))) continue;
		// "Back in January, HBO Max released a trailer": a month gone by.
		if (/(?:^|[,;(]\s*|(?<!\b(?:coming|come|comes|be|is|are|was|were|get|gets|got|go|goes|going|went|bring|brings|brought|it|they|them|season|series|show|\d)\s))back in\s+(?:(?:early|mid|late)[- ]?)?$/i.test(head)) continue;
		// "the streaming platform HBO Max, launching in 2020": a service's launch.
		if (/\b(?:streaming (?:platform|service)|platform|service|streamer|app)\b[^.;]{0,25}$/i.test(s.slice(clause.start, cue.start)) && cue.start < w.start) continue;
		// "would likely have arrived in the first half of this year": what did not happen.
		if (/\bwould\s+(?:\w+\s+)?have\s+$/i.test(s.slice(Math.max(clause.start, cue.start - 30), cue.start))) continue;
		// "early 2023 looks like a reasonable time for a trailer or a premiere date announcement".
		if (/^[^.;]{0,70}?\bfor (?:a |an |the )?(?:[\w'’-]+\s+){0,5}(?:trailer|teaser|announcement|news|promos?)\b/i.test(s.slice(w.end))) continue;
		// "with the season finale scheduled for March 31", "the final episode will air on August 23": an end, not the start.
		if (/\b(?:finale|final episode|last episode)\b(?:\s+[\w,'’-]+){0,8}\s*$/i.test(head)) continue;
		// "an official trailer could arrive by July or August": the trailer's day, not the season's.
		if (PROMO_BEFORE.test(s.slice(Math.max(clause.start, cue.start - 60), cue.start)) && cue.start < w.start) continue;
		// "renewed for a second season, ahead of its July 7 premiere": the premiere is the season now
		// coming, not the one just ordered.
		if (/\b(?:ahead of|before|prior to)\s+(?:its|the show['’]s|the series['’]?)\s+$/i.test(head) && /\b(?:renew\w*|picked up|ordered)\b/i.test(s.slice(clause.start, w.start))) continue;
		const notBefore = NOT_BEFORE.exec(head);
		// "… at the earliest", "… is the absolute earliest season 3 could arrive", "which the site calls the earliest realistic point".
		const tail = /^\s*at the earliest\b/i.exec(s.slice(w.end)) ?? /^[^.;]{0,50}?\b(?:is|as|calls|call)\s+(?:the\s+)?(?:absolute\s+|very\s+)?earliest\b/i.exec(s.slice(w.end));
		// "one new episode every Friday through March 21", "through the Oct. 9 finale": the end of a run.
		if (!notBefore && (/\b(?:through|thru)\s+(?:the\s+)?$/i.test(head) || /^\s*(?:season |series )?finale\b/i.test(s.slice(w.end)))) continue;
		let quote = cover(cue, w);
		if (notBefore || tail) {
			const to = yearWindow(Number(window.from.slice(0, 4)) + 1).to;
			window = { from: window.from, to, precision: 'year', label: `not before ${window.label}` };
			quote = cover(quote, notBefore ? { start: clause.start + notBefore.index, end: w.start } : null, tail ? { start: w.end, end: w.end + tail[0].length } : null);
		}
		// A negation before an earlier window of the sentence is that window's ("won't air in October, … eyeing a spring 2023 return").
		const negated = !notBefore && !tail && NEGATION.test(s.slice(Math.max(clause.start, Math.min(sinceLastWindow, cue.start)), Math.max(w.start, cue.end)));
		const modal = MODAL_BEFORE.exec(s.slice(Math.max(clause.start, quote.start - 40), quote.start));
		if (modal) quote = cover(quote, { start: quote.start - modal[0].length, end: quote.start });
		const guess = WRITER_GUESS.exec(s.slice(quote.end, clause.end));
		if (guess && guess.index < 40) quote = cover(quote, { start: quote.end, end: quote.end + guess.index + guess[0].length });
		if (/^an?\s$/i.test(s.slice(Math.max(0, quote.start - 3), quote.start).trimStart() + ' ') || /\ban\s$/i.test(s.slice(Math.max(0, quote.start - 3), quote.start))) {
			const article = /\b(an?)\s+$/i.exec(s.slice(Math.max(0, quote.start - 4), quote.start));
			if (article) quote = cover(quote, { start: quote.start - article[0].length, end: quote.start });
		}
		const subjects = subjectFor(ctx, w.start, [...orderObjects][0]);
		if (subjects.length > 1) {
			const listed = ctx.mentions.filter((m) => subjects.some((x) => x.series === m.series) && m.role === 'subject');
			quote = cover(quote, ...listed);
		}
		// "had teased that the new season would arrive in 2020": an expectation the story reports as past.
		const formerly = FORMER_EXPECTATION.test(s.slice(clause.start, w.start));
		const hedged = hedgedSentence || formerly;
		const extra = window.precision === 'day' ? 0.1 : 0;
		for (const subject of subjects) {
			out.push(make(subject, quote, { kind: 'releaseWindow', window, negated }, hedged, extra));
		}
	}

	// Episode counts and platforms: only in sentences about a release or a season.
	RELEASE_CUE.lastIndex = 0;
	const aboutRelease = RELEASE_CUE.test(s);
	EPISODES_RE.lastIndex = 0;
	let e: RegExpExecArray | null;
	while ((e = EPISODES_RE.exec(s))) {
		if (EPISODES_EXCLUDE.test(s.slice(Math.max(0, e.index - 20), e.index))) continue;
		const episodes = numberOf(e[1] ?? e[2]);
		if (!episodes || episodes > 40) continue;
		// "debut with one episode, followed by one new episode every Friday": a schedule, not a count.
		if (episodes === 1 && !/-episode/i.test(e[0])) continue;
		let end = e.index + e[0].length;
		const noun = /^(?:\s+[\w-]+){0,2}?\s+(?:series|season|run|order|event|show|installment|drama|comedy|miniseries|limited series)\b/i.exec(s.slice(end));
		if (noun) end += noun[0].length;
		const start = /\bthe\s+$/i.test(s.slice(Math.max(0, e.index - 4), e.index)) ? e.index - 4 : e.index;
		// "the nine-episode second season": the count's own noun names the season.
		const own = ctx.floating.find((f) => f.start >= e!.index && f.start < end);
		for (const subject of subjectFor(ctx, e.index)) {
			out.push(make(own ? { ...subject, season: own.season, named: true } : subject, { start, end }, { kind: 'episodeCount', episodes }, hedgedSentence, 0.1));
		}
	}
	if (aboutRelease) {
		PLATFORM_RE.lastIndex = 0;
		let p: RegExpExecArray | null;
		while ((p = PLATFORM_RE.exec(s))) {
			const platform = PLATFORM_CANON[p[1]] ?? p[1];
			const span = { start: p.index, end: p.index + p[0].length };
			// "seasons one and two are streaming now on Netflix": where past seasons are, not a new one.
			if (/\b(?:(?:is|are)\s+(?:now\s+)?streaming|now streaming)(?:\s+(?:right\s+)?now)?\s+on\s+\S+$/i.test(s.slice(Math.max(0, p.index - 40), span.end)) || /^\s+(?:right\s+)?now\b/i.test(s.slice(span.end))) continue;
			for (const subject of subjectFor(ctx, p.index)) {
				out.push(make(subject, span, { kind: 'platform', platform }, false, 0.1));
			}
		}
	}
	return out;
}

function claimKey(c: Claim): string {
	const value =
		c.kind === 'status' ? c.status :
		// The same window in two sentences is two pieces of evidence; in one sentence, one.
		c.kind === 'releaseWindow' ? `${c.window!.from}/${c.window!.to}/${c.negated}/${c.sentence}` :
		c.kind === 'releaseOrder' ? `${c.after!.slug}/${c.after!.season}` :
		c.kind === 'episodeCount' ? String(c.episodes) : c.platform;
	return `${c.seriesSlug}/${c.season}/${c.kind}/${value}/${c.attribution}`;
}

/** One claim per season, kind and value: the dated one, else the surer one, else the first. */
function dedupe(claims: Claim[]): Claim[] {
	const best = new Map<string, Claim>();
	for (const claim of claims) {
		const key = claimKey(claim);
		const seen = best.get(key);
		if (!seen) {
			best.set(key, claim);
			continue;
		}
		const better = (claim.statusDate && !seen.statusDate) || (!!claim.statusDate === !!seen.statusDate && claim.confidence > seen.confidence);
		if (better) best.set(key, claim);
	}
	return [...best.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The window's precision names, finest first, for forms and validation. */
export const WINDOW_PRECISIONS: WindowPrecision[] = ['day', 'month', 'part-of-year', 'season', 'quarter', 'half', 'year'];
export { windowLabel };
export type { WindowMatch };
