/**
 * Fixture stories for the claim extractor: tests/fixtures/stories/NAME.txt is the story, NAME.json
 * what a careful reader takes from it (the claims, and phrases that must not become claims).
 * The luke-cage seed has its own test (extract.test.ts) and is skipped here.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { extractClaims, type Claim } from '../../src/lib/domain/extract/extract.ts';
import { catalogIndexFromJson } from '../../src/lib/domain/extract/mentions.ts';
import { demoCatalog } from '../../src/lib/server/demo/index.ts';

const DIR = 'tests/fixtures/stories';
const SEED = 'luke-cage-s2-production';

type Kind = 'status' | 'releaseWindow' | 'releaseOrder' | 'episodeCount' | 'platform';

interface ExpectedClaim {
	series: string;
	season: number;
	kind: Kind;
	status?: string;
	window?: { from: string; to: string; precision: string };
	after?: { series: string; season: number };
	episodes?: number;
	platform?: string;
	quote: string;
	attribution?: 'outlet' | 'person' | 'writer-guess';
	hedged?: boolean;
	negated?: boolean;
}

interface Fixture {
	title: string;
	publishedAt: string;
	outlet: string;
	url: string;
	claims: ExpectedClaim[];
	notClaims: string[];
}

/**
 * Stories whose expectations the extractor does not meet yet. Each entry names the gap; the
 * story's test is `it.fails` so that it turns red the day the gap is closed.
 */
const KNOWN_GAPS: Record<string, string> = {};

const index = catalogIndexFromJson(demoCatalog);

const names = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.map((f) => f.slice(0, -'.json'.length))
	.filter((n) => n !== SEED)
	.sort();

/** Every [start, end) span where `quote` occurs in `text`. */
function spansOf(text: string, quote: string): [number, number][] {
	const out: [number, number][] = [];
	for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) out.push([at, at + quote.length]);
	return out;
}

function overlaps(c: Claim, spans: [number, number][]): boolean {
	return spans.some(([a, b]) => c.start < b && c.end > a);
}

function valueMatches(c: Claim, e: ExpectedClaim): boolean {
	switch (e.kind) {
		case 'status':
			return c.status === e.status;
		case 'releaseWindow':
			return !!c.window && c.window.from === e.window!.from && c.window.to === e.window!.to && c.window.precision === e.window!.precision;
		case 'releaseOrder':
			return !!c.after && c.after.series === e.after!.series && c.after.season === e.after!.season;
		case 'episodeCount':
			return c.episodes === e.episodes;
		case 'platform':
			return c.platform === e.platform;
	}
}

/** Why `c` is not `e`, or null when it is. */
function mismatch(c: Claim, e: ExpectedClaim, text: string): string | null {
	if (c.series !== e.series || c.season !== e.season || c.kind !== e.kind) return 'different season or kind';
	if (!valueMatches(c, e)) return 'different value';
	if (!overlaps(c, spansOf(text, e.quote))) return 'quote elsewhere';
	if (c.negated !== (e.negated ?? false)) return `negated ${c.negated}`;
	if (e.hedged !== undefined && c.hedged !== e.hedged) return `hedged ${c.hedged}`;
	if (e.attribution !== undefined && c.attribution !== e.attribution) return `attribution ${c.attribution}`;
	return null;
}

function describeExpected(e: ExpectedClaim): string {
	const value =
		e.kind === 'status' ? e.status :
		e.kind === 'releaseWindow' ? `${e.window!.from}..${e.window!.to} (${e.window!.precision})` :
		e.kind === 'releaseOrder' ? `after ${e.after!.series} S${e.after!.season}` :
		e.kind === 'episodeCount' ? `${e.episodes} episodes` : e.platform;
	const flags = [e.negated && 'negated', e.hedged && 'hedged', e.attribution].filter(Boolean).join(', ');
	return `${e.series} S${e.season} ${e.kind} ${value}${flags ? ` [${flags}]` : ''} — "${e.quote}"`;
}

function describeClaim(c: Claim): string {
	const value =
		c.kind === 'status' ? c.status :
		c.kind === 'releaseWindow' ? `${c.window!.from}..${c.window!.to} (${c.window!.precision})` :
		c.kind === 'releaseOrder' ? `after ${c.after!.series} S${c.after!.season}` :
		c.kind === 'episodeCount' ? `${c.episodes} episodes` : c.platform;
	const flags = [c.negated && 'negated', c.hedged && 'hedged', c.attribution].filter(Boolean).join(', ');
	return `${c.series} S${c.season} ${c.kind} ${value} [${flags}] — "${c.quote}"`;
}

describe('fixture stories', () => {
	it('there are fixture stories, and at least three without claims', () => {
		expect(names.length).toBeGreaterThanOrEqual(16);
		const empty = names.filter((n) => (JSON.parse(readFileSync(`${DIR}/${n}.json`, 'utf8')) as Fixture).claims.length === 0);
		expect(empty.length).toBeGreaterThanOrEqual(3);
	});

	for (const name of names) {
		const fixture = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as Fixture;
		const text = readFileSync(`${DIR}/${name}.txt`, 'utf8');
		const gap = KNOWN_GAPS[name];
		const test = gap ? it.fails : it;

		test(`${name}${gap ? ` (known gap: ${gap})` : ''}`, () => {
			// The fixture itself: every quote is in the text, and the title is the headline line.
			const absent = [...fixture.claims.map((c) => c.quote), ...fixture.notClaims].filter((q) => !text.includes(q));
			expect(absent, `${name}: quotes not in the text`).toEqual([]);
			expect(/^\d{4}-\d{2}-\d{2}$/.test(fixture.publishedAt), `${name}: publishedAt`).toBe(true);

			const claims = extractClaims({ text, title: fixture.title, publishedAt: fixture.publishedAt, outlet: fixture.outlet }, index);
			for (const c of claims) expect(text.slice(c.start, c.end), `${name}: claim offsets`).toBe(c.quote);

			const problems: string[] = [];
			for (const e of fixture.claims) {
				if (claims.some((c) => mismatch(c, e, text) === null)) continue;
				const near = claims
					.filter((c) => c.seriesSlug && c.series === e.series && c.kind === e.kind)
					.map((c) => `      near miss (${mismatch(c, e, text)}): ${describeClaim(c)}`);
				problems.push(`  missing: ${describeExpected(e)}${near.length ? `\n${near.join('\n')}` : ''}`);
			}
			for (const q of fixture.notClaims) {
				const spans = spansOf(text, q);
				for (const c of claims.filter((c) => overlaps(c, spans))) problems.push(`  extra (on "${q}"): ${describeClaim(c)}`);
			}
			if (fixture.claims.length === 0) {
				for (const c of claims) problems.push(`  extra (story has no claims): ${describeClaim(c)}`);
			}
			expect(problems, `${name}:\n${problems.join('\n')}\n  all extracted:\n${claims.map((c) => `    ${describeClaim(c)}`).join('\n')}`).toEqual([]);
		});
	}
});
