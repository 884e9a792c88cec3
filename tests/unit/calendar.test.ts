import { describe, expect, it } from 'vitest';
import { layoutWeek, monthGrid, parseMonth, shiftMonth, MonthError } from '../../src/lib/domain/calendar.ts';

describe('month grid', () => {
	it('covers June 2018 with Monday-first weeks, days outside the month marked', () => {
		const grid = monthGrid(parseMonth('2018-06'));
		expect(grid.first).toBe('2018-06-01');
		expect(grid.last).toBe('2018-06-30');
		expect(grid.weeks[0][0]).toEqual({ day: '2018-05-28', inMonth: false });
		expect(grid.weeks[0][4]).toEqual({ day: '2018-06-01', inMonth: true });
		expect(grid.weeks.at(-1)!.at(-1)).toEqual({ day: '2018-07-01', inMonth: false });
		expect(grid.weeks.flat().filter((d) => d.inMonth)).toHaveLength(30);
	});

	it('steps across year ends', () => {
		expect(shiftMonth({ year: 2018, month: 12 }, 1)).toEqual({ year: 2019, month: 1 });
		expect(shiftMonth({ year: 2018, month: 1 }, -1)).toEqual({ year: 2017, month: 12 });
	});

	it('refuses malformed months with a message', () => {
		for (const bad of ['2018-13', '18-06', '2018-6', 'june', '2018-06-01']) expect(() => parseMonth(bad)).toThrow(MonthError);
	});
});

describe('bands across a week', () => {
	const week = monthGrid(parseMonth('2018-06')).weeks[1]; // 2018-06-04 .. 2018-06-10
	it('clips a window to the week and says it continues', () => {
		const [band] = layoutWeek(week, [{ id: 1, from: '2018-05-01', to: '2018-06-06' }]);
		expect(band).toMatchObject({ column: 1, length: 3, continuesBefore: true, continuesAfter: false, lane: 0 });
	});
	it('puts overlapping spans in different lanes and reuses a free lane', () => {
		const placed = layoutWeek(week, [
			{ id: 'a', from: '2018-06-04', to: '2018-06-06' },
			{ id: 'b', from: '2018-06-05', to: '2018-06-05' },
			{ id: 'c', from: '2018-06-08', to: '2018-06-30' }
		]);
		const lane = Object.fromEntries(placed.map((p) => [p.item.id, p.lane]));
		expect(lane.a).toBe(0);
		expect(lane.b).toBe(1);
		expect(lane.c).toBe(0);
		expect(placed.find((p) => p.item.id === 'c')).toMatchObject({ column: 5, length: 3, continuesAfter: true });
	});
	it('leaves out spans outside the week', () => {
		expect(layoutWeek(week, [{ id: 1, from: '2018-07-01', to: '2018-07-31' }])).toEqual([]);
	});
});
