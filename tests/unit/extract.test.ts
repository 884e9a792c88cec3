import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { extractClaims, type Claim } from '../../src/lib/domain/extract/extract.ts';
import { catalogIndexFromJson } from '../../src/lib/domain/extract/mentions.ts';
import { demoCatalog } from '../../src/lib/server/demo/index.ts';

const index = catalogIndexFromJson(demoCatalog);
const SEED = readFileSync('tests/fixtures/stories/luke-cage-s2-production.txt', 'utf8');
const claims = extractClaims({ text: SEED, title: SEED.split('\n')[0], publishedAt: '2017-06-20', outlet: 'CBR' }, index);

function find(filter: (c: Claim) => boolean): Claim {
	const found = claims.filter(filter);
	expect(found.length, 'matching claims').toBeGreaterThanOrEqual(1);
	return found[0];
}

describe('the seed story (CBR, June 2017)', () => {
	it('every claim quotes the text exactly at its offsets', () => {
		for (const c of claims) expect(SEED.slice(c.start, c.end)).toBe(c.quote);
	});

	it('1: Luke Cage S2 started filming in the week before publication', () => {
		const c = find((c) => c.seriesSlug === 'luke-cage' && c.season === 2 && c.status === 'filming-started' && !!c.statusDate);
		expect(c.statusDate).toEqual({ from: '2017-06-13', to: '2017-06-20' });
		expect(c.quote).toContain('kicked off production this past week');
	});

	it('2: Luke Cage S2 sometime in 2018, on Netflix', () => {
		const c = find((c) => c.seriesSlug === 'luke-cage' && c.kind === 'releaseWindow' && c.quote.includes('sometime in 2018'));
		expect([c.season, c.window?.from, c.window?.to, c.window?.precision]).toEqual([2, '2018-01-01', '2018-12-31', 'year']);
		find((c) => c.seriesSlug === 'luke-cage' && c.kind === 'platform' && c.platform === 'Netflix');
	});

	it('3: Luke Cage S2 comes after Jessica Jones S2', () => {
		const c = find((c) => c.seriesSlug === 'luke-cage' && c.kind === 'releaseOrder');
		expect(c.season).toBe(2);
		expect(c.after).toMatchObject({ series: 'Jessica Jones', season: 2 });
		expect(c.quote).toContain('following the launch of Jessica Jones season two');
	});

	it('4: early 2018, credited to the lead actor and weaker than the outlet', () => {
		const c = find((c) => c.seriesSlug === 'luke-cage' && c.window?.label === 'early 2018');
		expect([c.window?.from, c.window?.to]).toEqual(['2018-01-01', '2018-04-30']);
		expect(c.attribution).toBe('person');
		expect(c.person).toBe('Mike Colter');
		expect(c.hedged).toBe(true);
	});

	it('5: April 2018 is the writer’s own, weakest guess', () => {
		const c = find((c) => c.seriesSlug === 'luke-cage' && c.window?.precision === 'month');
		expect([c.window?.from, c.window?.to, c.attribution]).toEqual(['2018-04-01', '2018-04-30', 'writer-guess']);
		expect(c.confidence).toBeLessThan(Math.min(...claims.filter((x) => x !== c && x.kind === 'releaseWindow').map((x) => x.confidence)));
	});

	it('6: Jessica Jones S2 is filming at publication', () => {
		const c = find((c) => c.seriesSlug === 'jessica-jones' && c.status === 'filming');
		expect(c.season).toBe(2);
		expect(c.statusDate).toEqual({ from: '2017-06-20', to: '2017-06-20' });
	});

	it('7: three series next year; Daredevil’s unnamed season is the one after the last released', () => {
		const nextYear = claims.filter((c) => c.kind === 'releaseWindow' && c.quote.includes('next year'));
		expect(nextYear.map((c) => `${c.seriesSlug}:${c.season}`).sort()).toEqual(['daredevil:3', 'jessica-jones:2', 'luke-cage:2']);
		for (const c of nextYear) expect([c.window?.from, c.window?.to]).toEqual(['2018-01-01', '2018-12-31']);
	});

	it('8 and 9: The Defenders arrive Aug. 18, 2017 on Netflix with eight episodes', () => {
		const day = find((c) => c.seriesSlug === 'the-defenders' && c.kind === 'releaseWindow');
		expect([day.season, day.window?.from, day.window?.precision]).toEqual([1, '2017-08-18', 'day']);
		find((c) => c.seriesSlug === 'the-defenders' && c.platform === 'Netflix');
		expect(find((c) => c.seriesSlug === 'the-defenders' && c.kind === 'episodeCount').episodes).toBe(8);
	});

	it('headlines, furniture and cast names make no claims', () => {
		const related = [...SEED.matchAll(/^(RELATED:.*|Sorry, Joaquin.*|More in Movies)$/gm)].map((m) => [m.index!, m.index! + m[0].length]);
		expect(related).toHaveLength(4);
		for (const c of claims) for (const [a, b] of related) expect(c.start >= b || c.end <= a, c.quote).toBe(true);
		expect(claims.every((c) => c.kind !== 'status' || ['filming-started', 'filming'].includes(c.status!))).toBe(true);
		// Cast: Krysten Ritter "as Jessica Jones" in the Defenders sentence is a character, not a claim.
		expect(claims.filter((c) => c.seriesSlug === 'jessica-jones' && c.sentence.includes('Arriving'))).toEqual([]);
	});
});

describe('linking and wording', () => {
	const story = (text: string, publishedAt = '2019-03-01') => extractClaims({ text, publishedAt }, index);

	it('reads S2, second season, sophomore season and season two alike', () => {
		for (const phrase of ['Westworld S3', 'the third season of Westworld', "Westworld's third season", 'Westworld season three', 'Westworld season 3']) {
			const [c] = story(`${phrase} will premiere in March 2020 on HBO.`);
			expect(c, phrase).toMatchObject({ seriesSlug: 'westworld', season: 3, kind: 'releaseWindow' });
		}
		const [sophomore] = story("Netflix says The Witcher's sophomore season is expected to arrive in late 2021.");
		expect(sophomore).toMatchObject({ seriesSlug: 'the-witcher', season: 2, window: { from: '2021-09-01', to: '2021-12-31' } });
	});

	it('a negation changes the claim instead of being dropped', () => {
		const [c] = story('Stranger Things season 3 won’t air in October, a Netflix spokesperson said.');
		expect(c).toMatchObject({ seriesSlug: 'stranger-things', season: 3, negated: true, window: { from: '2019-10-01' } });
		// The Riot CEO's words on Arcane (April 2023): "will not come out this year" rules 2023 out.
		for (const verb of ['come out', 'come back', 'drop']) {
			const [w] = story(`Stranger Things season 3 will not ${verb} this year, the showrunners said.`);
			expect(w, verb).toMatchObject({ seriesSlug: 'stranger-things', season: 3, negated: true, window: { from: '2019-01-01', to: '2019-12-31' } });
		}
	});

	it('"not until" is a lower bound', () => {
		const [c] = story('The Crown will not return until 2020, Netflix confirmed.');
		expect(c.window).toMatchObject({ from: '2020-01-01', label: 'not before 2020' });
		expect(c.negated).toBe(false);
	});

	it('"don’t expect … before" is a lower bound too', () => {
		const [c] = story("Don't expect Stranger Things season 4 before 2021, the Duffer brothers said.");
		expect(c).toMatchObject({ seriesSlug: 'stranger-things', season: 4, kind: 'releaseWindow', negated: false });
		expect(c.window).toMatchObject({ from: '2021-01-01', label: 'not before 2021' });
		expect(c.quote).toBe("Don't expect Stranger Things season 4 before 2021");
	});

	it('a negated status quotes its negation', () => {
		const [c] = story('Netflix has not yet set a premiere date for The Crown season 3.');
		expect(c).toMatchObject({ seriesSlug: 'the-crown', season: 3, kind: 'status', status: 'release-dated', negated: true, quote: 'not yet set a premiere date' });
	});

	it('a story without catalog series or without claims yields nothing', () => {
		expect(story('Our favourite baking show returns next year with new judges.')).toEqual([]);
		expect(story('We rewatched Daredevil season one and it still holds up. The hallway fight is a classic.')).toEqual([]);
		expect(story('')).toEqual([]);
	});

	it('a filming range dates both the start and the wrap', () => {
		const out = story('Ozark season 3 will film from Sept. 4 through March 1 in Atlanta.', '2018-08-01');
		expect(out.find((c) => c.status === 'filming-started')?.statusDate?.from).toBe('2018-09-04');
		expect(out.find((c) => c.status === 'wrapped')?.statusDate?.from).toBe('2019-03-01');
	});

	// From the holdout's real reports (backtest/holdout/stories), in the words news uses.
	it('a trailer that debuted is not the season released', () => {
		const out = story('Westworld season 3 will premiere in the first half of 2020. The season three trailer, which debuted at Comic-Con on July 20, showed new locations.', '2019-07-25');
		expect(out.some((c) => c.status === 'released')).toBe(false);
		expect(out.find((c) => c.kind === 'releaseWindow')?.window).toMatchObject({ from: '2020-01-01', to: '2020-06-30' });
	});

	it('"as of late December" is the day of the report, not a window', () => {
		const out = story('For All Mankind season 2 has started filming. As of late December there is still no word on when season two will debut.', '2019-12-26');
		expect(out.filter((c) => c.kind === 'releaseWindow')).toEqual([]);
	});

	it('an expectation the story says was held before is hedged; the new word is not', () => {
		const out = story('The Duffer Brothers had teased that Stranger Things season 4 would arrive in 2020. Its release now looks set to be pushed into next year.', '2020-05-18');
		const windows = out.filter((c) => c.kind === 'releaseWindow');
		expect(windows.find((c) => c.window?.from === '2020-01-01')?.hedged).toBe(true);
		expect(windows.find((c) => c.window?.from === '2021-01-01')?.hedged).toBe(false);
	});

	it('the show an interview was promoting is not the one the story is about', () => {
		const text = 'The third season of The Mandalorian could arrive this summer, if Giancarlo Esposito is right.\n\nAppearing on a talk show to promote the sixth and final season of AMC\'s Better Call Saul, Esposito said fans would get the new season soon. He said he believed it would arrive sometime this summer.';
		const out = extractClaims({ text, title: 'Giancarlo Esposito says The Mandalorian season 3 could arrive this summer', publishedAt: '2022-04-11' }, index);
		const windows = out.filter((c) => c.kind === 'releaseWindow');
		expect(windows.length).toBeGreaterThan(0);
		for (const c of windows) expect([c.seriesSlug, c.season]).toEqual(['the-mandalorian', 3]);
	});

	it('a panel "billed as a look back" is not a return', () => {
		const out = story('Jon Favreau will discuss The Mandalorian season 3 at a panel on May 28, billed as a look back and a look forward.', '2022-04-11');
		expect(out.filter((c) => c.kind === 'releaseWindow')).toEqual([]);
	});

	it('"the Game of Thrones prequel" is House of the Dragon, not a ninth season of Game of Thrones', () => {
		const text = 'House of the Dragon season 2 will return in the summer of 2024. Until now HBO had said only that the Game of Thrones prequel would be back sometime in 2024.';
		const out = extractClaims({ text, title: 'HBO targets summer 2024 for House of the Dragon season 2', publishedAt: '2023-11-02' }, index);
		expect(out.filter((c) => c.seriesSlug === 'game-of-thrones')).toEqual([]);
		expect(out.some((c) => c.seriesSlug === 'house-of-the-dragon' && c.season === 2 && c.kind === 'releaseWindow')).toBe(true);
	});

	it('another show’s actor is no mention of that show, and other shows’ dates are not this one’s', () => {
		const text = 'Apple TV+ has confirmed that Severance season 2 will arrive on January 17, 2025.\n\nThe cast is back. Radio Times suggests House of the Dragon\'s Olivia Cooke could join.\n\nThe season opens with two episodes. Apple TV+ also announced dates for other shows, including the return of The Mosquito Coast on November 4.';
		const out = extractClaims({ text, title: 'Severance season 2 set for January 17', publishedAt: '2024-07-09' }, index);
		expect(out.filter((c) => c.seriesSlug === 'house-of-the-dragon')).toEqual([]);
		expect(out.filter((c) => c.kind === 'releaseWindow').map((c) => [c.seriesSlug, c.season, c.window?.from])).toEqual([['severance', 2, '2025-01-17']]);
	});

	it('a show the catalog does not know keeps its own dates: its season and its return are not the story’s show’s', () => {
		const text = 'Stranger Things season 4 is filming in Atlanta, Netflix said.\n\nMeanwhile, Bluey season 3 will premiere in March 2020 on Disney+.\n\nThe Night Agent returns in early 2020.\n\nNetflix says Stranger Things 4 will drop in summer 2021. Unlike Bluey season 3, the new season will arrive in July 2021. Part 1 premieres on July 9, 2021.';
		const out = extractClaims({ text, title: 'Stranger Things season 4 update', publishedAt: '2019-06-01' }, index);
		expect(out.filter((c) => c.kind === 'releaseWindow').map((c) => [c.seriesSlug, c.season, c.window?.label])).toEqual([
			['stranger-things', 4, 'summer 2021'],
			['stranger-things', 4, 'July 2021'],
			['stranger-things', 4, 'July 9, 2021']
		]);
		expect(out.filter((c) => c.kind === 'platform')).toEqual([]);
		// "Although season one …": a sentence's first word is no title.
		const wrap = story('Although season one did not end with a set-up, Mike White made Westworld season 3, and filming wrapped last month.', '2019-08-23');
		expect(wrap.filter((c) => c.status === 'wrapped').map((c) => [c.seriesSlug, c.season])).toEqual([['westworld', 3]]);
	});

	it('real wording: an actor leaving, a character called Spring, other shows cancelled, other seasons released, the month May', () => {
		const text = [
			'Stranger Things season 4 has begun filming in Atlanta.',
			'Most of the cast is back, including Joe Keery as Steve Spring. Cara Buono will not be back as Karen.',
			'Netflix has recently cancelled a string of series, including Glow and The Society.',
			'Its first three seasons launched in July or October, and the show returns in 2021.',
			'The second season began filming around the time the first premiered last July.'
		].join('\n\n');
		const out = extractClaims({ text, title: 'Stranger Things season 4 update', publishedAt: '2020-02-01' }, index);
		expect(out.filter((c) => c.status === 'cancelled' || c.status === 'released')).toEqual([]);
		// A run that was cancelled and brought back; British "previous series" are other seasons.
		const revived = story('Netflix was central to bringing Westworld back after it was cancelled following its second season. Previous series of Westworld have launched in August.', '2020-01-04');
		expect(revived.filter((c) => c.status === 'cancelled' || c.status === 'released')).toEqual([]);
		expect(out.filter((c) => c.kind === 'releaseWindow').map((c) => c.window?.label)).toEqual(['2021']);
		// Only a show or its season "will not return": Frank Castle's "for a third season" is the show's.
		const punisher = story('Frank Castle will not return for a third season, Netflix confirmed.', '2019-02-18');
		expect(punisher.filter((c) => c.status === 'cancelled').length).toBe(0);
		// "May" the month is no hedge; "may" the word is.
		const [may] = story('Netflix revealed that Stranger Things season 3 will premiere on May 8.', '2019-04-10');
		expect(may).toMatchObject({ hedged: false, window: { from: '2019-05-08' } });
		const [mayWord] = story('Stranger Things season 3 may premiere in July.', '2019-04-10');
		expect(mayWord).toMatchObject({ hedged: true });
		// A trailer's day is not the season's; nor is the premiere a renewal comes "ahead of".
		const trailer = story('The site expects an official trailer for Stranger Things season 3 to arrive by May, with a premiere in July.', '2019-03-17');
		expect(trailer.filter((c) => c.kind === 'releaseWindow').map((c) => c.window?.label)).toEqual(['July 2019']);
		const ahead = story('Netflix has renewed Stranger Things for a third season, ahead of its July 7 premiere.', '2017-07-04');
		expect(ahead.filter((c) => c.kind === 'releaseWindow')).toEqual([]);
	});

	it('days that are not the release: a shutdown, a shoot’s start, the day of the news, a finale, and the season “its” names', () => {
		const windows = (text: string, publishedAt: string) =>
			extractClaims({ text, title: 'Stranger Things season 4 news', publishedAt }, index)
				.filter((c) => c.kind === 'releaseWindow')
				.map((c) => [c.season, c.window?.label]);
		expect(windows('Filming of Stranger Things season 4 was suspended on March 12 when the country shut down due to the pandemic.', '2020-08-24')).toEqual([]);
		expect(windows('Stranger Things season 4 will shoot in Atlanta, with filming slated to begin on August 30.', '2020-07-01')).toEqual([]);
		expect(windows('Netflix announced on May 11 that Stranger Things season 4 will premiere on Sunday, June 18.', '2020-05-12')).toEqual([[4, 'June 18, 2020']]);
		expect(windows('Until then, season 3 episodes of Stranger Things air on Wednesdays, with the season finale scheduled for March 31.', '2020-03-17')).toEqual([]);
		expect(windows('The back half of season 3 begins streaming on Friday, May 10, with its broadcast debut on NBC on Sunday, May 12, at 9 p.m. ET.', '2020-05-08')).toEqual([
			[3, 'May 10, 2020'],
			[3, 'May 12, 2020']
		]);
		expect(windows('A set decorator wrote in an Instagram post on October 26 that Stranger Things season 4 premieres on Netflix January 20.', '2020-10-27')).toEqual([[4, 'January 20, 2021']]);
		expect(windows('Stranger Things season 4 begins on March 29, and the final episode of the series will air on Wednesday, August 23.', '2020-01-14')).toEqual([[4, 'March 29, 2020']]);
		// "due to" a cause is no release; "due to return" is.
		expect(windows('Stranger Things season 4 is due to return in July 2021.', '2020-07-01')).toEqual([[4, 'July 2021']]);
	});

	it('real wording read from five holdouts: events, services, counterfactuals, names, and the earliest', () => {
		const windows = (text: string, publishedAt = '2020-05-01') =>
			extractClaims({ text, title: 'Stranger Things season 4 news', publishedAt }, index)
				.filter((c) => c.kind === 'releaseWindow')
				.map((c) => c.window?.label);
		// No window for the season in any of these.
		for (const text of [
			'The Writers Guild walked out for 146 days before settling in late September.',
			'Earlier seasons of Stranger Things became a hit on the streamer over the summer.',
			'Stranger Things season 4 appeared out of nowhere, as happened on one April Fool’s Day.',
			'The new season of Stranger Things adds content for the streaming platform Peacock, launching in 2021.',
			'Without the strikes, Stranger Things season 4 would likely have arrived in the first half of this year.',
			'Early 2021 looks like a reasonable time for a Stranger Things season 4 trailer or a premiere date announcement.',
			'Back in January, Netflix released a trailer listing Stranger Things season 4 among its titles.',
			'Netflix announced the Stranger Things season 4 return window in February at the winter gathering of the Television Critics Association.'
		])
			expect(windows(text), text).toEqual([]);
		expect(windows('Stranger Things is coming back in April, Netflix said.', '2020-01-03')).toEqual(['April 2020']);
		// Lower bounds said other ways.
		expect(windows('The outlet thinks Stranger Things season 4 is unlikely to return before the second half of 2021.')).toEqual(['not before second half of 2021']);
		expect(windows('Late January or February 2021 is the absolute earliest Stranger Things season 4 could arrive.')).toEqual(['not before January or February 2021']);
		// "the summer or fall": one window.
		expect(windows('Stranger Things season 4 could premiere in the summer or fall.', '2020-01-03')).toEqual(['summer or fall 2020']);
		// A habit is a guess, not a report.
		const [habit] = extractClaims({ text: 'Stranger Things normally premieres in July.', title: 'Stranger Things season 4 news', publishedAt: '2020-01-03' }, index);
		expect(habit).toMatchObject({ hedged: true });
	});

	it('real wording from holdout 6: spin-offs, outlets, the earliest, announcements and days gone by', () => {
		const claimsOf = (text: string, publishedAt: string) => extractClaims({ text, title: 'Stranger Things season 4 news', publishedAt }, index).filter((c) => c.kind === 'releaseWindow');
		const windows = (text: string, publishedAt: string) => claimsOf(text, publishedAt).map((c) => [c.season, c.window?.label]);
		// A longer title after a colon is another show.
		expect(windows('Unlike the spinoff Stranger Things: Tales From 85, whose next season is being held until fall 2021, Stranger Things season 4 returns in April.', '2020-11-16')).toEqual([[4, 'April 2021']]);
		// "According to TVLine" is a publication: its announced day can date the season.
		const [tvline] = claimsOf('According to TVLine, Netflix has confirmed that Stranger Things season 4 premieres on Friday, May 27, 2022.', '2022-02-01');
		expect(tvline).toMatchObject({ attribution: 'outlet', window: { from: '2022-05-27' } });
		// The season that premieres "before" is the subject of its own verb.
		expect(windows('Stranger Things season 4 was renewed in July. That is well before season 3 premieres in January 2016.', '2015-08-02')).toEqual([[3, 'January 2016']]);
		expect(windows('In its view, the earliest Stranger Things season 4 could return is November 6.', '2020-08-27')).toEqual([[4, 'not before November 6, 2020']]);
		for (const [text, day] of [
			['Filming on Stranger Things season 4 can begin when it usually does, in July, and the season will get back to something close to 22 episodes.', '2021-05-27'],
			['A formal premiere date for Stranger Things season 4 should be announced sometime this summer.', '2021-05-27'],
			['Fans who devoured the first batch of Stranger Things after its November 1 debut want season 4.', '2019-12-11'],
			['Netflix released the first four episodes of Stranger Things at once on January 26 before switching to weekly releases.', '2023-02-16']
		])
			expect(windows(text, day), text).toEqual([]);
		expect(windows('The showrunner had already signaled a Stranger Things season 4 return in 2024 back in June.', '2023-10-08').map(([, l]) => l)).not.toContain('June 2024');
		const [thought] = claimsOf('NetflixLife had thought Stranger Things season 4 would arrive in July 2019.', '2019-06-04');
		expect(thought).toMatchObject({ hedged: true });
		// "sooner than many fans had expected" is no hedge on Netflix's day; a studio is no person.
		const [sooner] = claimsOf('Netflix announced that Stranger Things season 4 will be back on 27 August, sooner than many fans had expected.', '2017-08-21');
		expect(sooner).toMatchObject({ hedged: false, window: { from: '2017-08-27' } });
		const [studio] = claimsOf('Marvel Studios said Stranger Things season 4 will be released in early 2023.', '2022-07-22');
		expect(studio).toMatchObject({ attribution: 'outlet' });
		for (const [text, day] of [
			['The cast of Stranger Things season 4 hopes to be back on set in August or September.', '2020-06-28'],
			['Hopper should enjoy some late summer warmth on screen when Stranger Things season 4 airs in 2017.', '2016-06-20'],
			['Netflix unveiled its 2022-2023 schedule on Thursday, with Stranger Things season 4 set to air in October.', '2022-05-19']
		])
			expect(windows(text, day).map(([, l]) => l), text).toEqual(text.includes('warmth') ? ['2017'] : text.includes('October') ? ['October 2022'] : []);
		// Holdout 7: an episode's day, a document's date and the day of a post are not the season's.
		expect(windows('Only five of the ten first-season episodes of Stranger Things are out so far; the sixth is due on July 15.', '2022-07-11')).toEqual([]);
		expect(windows('Stranger Things is back. The next episode, airing January 29, reveals the top name on the list.', '2021-01-26')).toEqual([]);
		expect(windows('The first episode of Stranger Things season 4 will be released on March 24, 2023.', '2022-12-07')).toEqual([[4, 'March 24, 2023']]);
		expect(windows('According to a Netflix press release dated March 14, Stranger Things season 4 returns on Thursday, April 14.', '2016-03-19')).toEqual([[4, 'April 14, 2016']]);
		expect(windows('Sharing a set of stills on Twitter on April 23, Netflix wrote that Stranger Things season 4 returns May 19.', '2021-04-24')).toEqual([[4, 'May 19, 2021']]);
		expect(windows('The fourth season of Stranger Things, which will be filmed at the same time as the third, is slated to air in the fall of that year.', '2020-01-09').map(([, l]) => l)).toEqual(['fall 2020']);
		// A scene shown early is no release.
		const scene = extractClaims({ text: 'Fans got an early taste back in October, when a short scene from the upcoming Stranger Things season 4 was released online.', title: 'Stranger Things season 4 news', publishedAt: '2021-12-16' }, index);
		expect(scene.filter((c) => c.status === 'released')).toEqual([]);
	});

	it('a release is the show’s only when the show or a season of it is what came out, on its own date', () => {
		const bandersnatch = story('Stranger Things season 4 is still due in 2022. Bandersnatch was released at the end of December, the same time of year that season four arrived a year earlier.', '2019-01-04');
		expect(bandersnatch.filter((c) => c.status === 'released')).toEqual([]);
		// The date before "a few weeks after" is the renewal's, not the debut's.
		const renewal = story('Netflix renewed Stranger Things for a fourth season in November 2019, a few weeks after the drama debuted.', '2020-04-16');
		expect(renewal.filter((c) => c.status === 'released')).toEqual([]);
		// "a month after season two debuted on March 8": the debut keeps its own date.
		const own = story('Netflix renewed Jessica Jones for a third season in April, barely a month after season two debuted on March 8.', '2018-06-27');
		expect(own.find((c) => c.status === 'released')).toMatchObject({ season: 2, statusDate: { from: '2018-03-08' } });
	});
});
