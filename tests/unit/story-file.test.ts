import { describe, expect, it } from 'vitest';
import { parseStoryFile } from '../../src/lib/server/ingest/story-file.ts';

describe('parseStoryFile', () => {
	it('reads the header lines and keeps the body as written', () => {
		const story = parseStoryFile('Title: Luke Cage S2 starts filming\nURL: https://cbr.com/x\nPublished: 2017-06-20\nOutlet: CBR\n\nThe second season.\n\nMore text.', {});
		expect(story).toEqual({
			title: 'Luke Cage S2 starts filming',
			url: 'https://cbr.com/x',
			publishedAt: '2017-06-20',
			outlet: 'CBR',
			text: 'The second season.\n\nMore text.'
		});
	});

	it('takes the first line as the title when there is no header, and the defaults for the rest', () => {
		const story = parseStoryFile('Luke Cage S2: Set Photos\n\n\nThe second season of Luke Cage.', { publishedAt: '2017-06-20', outlet: 'CBR' });
		expect(story).toMatchObject({ title: 'Luke Cage S2: Set Photos', publishedAt: '2017-06-20', outlet: 'CBR', url: null, text: 'The second season of Luke Cage.' });
	});
});
