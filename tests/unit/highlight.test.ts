import { describe, expect, it } from 'vitest';
import { segment } from '../../src/lib/domain/highlight.ts';

describe('segment', () => {
	it('marks each quote and keeps the text whole', () => {
		const text = 'Luke Cage will return in early 2018 on Netflix.';
		const parts = segment(text, [
			{ start: 10, end: 35, id: 'window' },
			{ start: 36, end: 46, id: 'platform' }
		]);
		expect(parts.map((p) => p.text).join('')).toBe(text);
		expect(parts.filter((p) => p.spans.length).map((p) => [p.text, p.spans.map((s) => s.id)])).toEqual([
			['will return in early 2018', ['window']],
			['on Netflix', ['platform']]
		]);
	});

	it('splits overlapping quotes so every covered piece knows all its claims', () => {
		const parts = segment('abcdef', [
			{ start: 0, end: 4, id: 1 },
			{ start: 2, end: 6, id: 2 }
		]);
		expect(parts.map((p) => [p.text, p.spans.map((s) => s.id)])).toEqual([
			['ab', [1]],
			['cd', [1, 2]],
			['ef', [2]]
		]);
	});

	it('clips spans that run past the text and drops empty ones', () => {
		const parts = segment('abc', [
			{ start: 1, end: 99 },
			{ start: 2, end: 2 }
		]);
		expect(parts.map((p) => [p.text, p.spans.length])).toEqual([
			['a', 0],
			['bc', 1]
		]);
	});
});
