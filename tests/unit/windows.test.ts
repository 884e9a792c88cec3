import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	dayWindow,
	findWindows,
	labelNamesWindow,
	halfWindow,
	monthWindow,
	parseWindow,
	partWindow,
	quarterWindow,
	seasonWindow,
	windowLabel,
	yearWindow,
	type Window
} from '../../src/lib/domain/extract/windows.ts';

const REF = '2017-06-20';

function only(text: string, ref = REF) {
	const w = parseWindow(text, ref);
	expect(w, text).not.toBeNull();
	return { from: w!.from, to: w!.to, precision: w!.precision };
}

describe('window phrases', () => {
	it('reads each precision the way the news means it', () => {
		expect(only('Aug. 18')).toEqual({ from: '2017-08-18', to: '2017-08-18', precision: 'day' });
		expect(only('August 18th, 2018')).toEqual({ from: '2018-08-18', to: '2018-08-18', precision: 'day' });
		expect(only('April')).toEqual({ from: '2018-04-01', to: '2018-04-30', precision: 'month' });
		expect(only('October')).toEqual({ from: '2017-10-01', to: '2017-10-31', precision: 'month' });
		expect(only('early 2018')).toEqual({ from: '2018-01-01', to: '2018-04-30', precision: 'part-of-year' });
		expect(only('mid-2018')).toEqual({ from: '2018-05-01', to: '2018-08-31', precision: 'part-of-year' });
		expect(only('late next year')).toEqual({ from: '2018-09-01', to: '2018-12-31', precision: 'part-of-year' });
		expect(only('summer 2019')).toEqual({ from: '2019-06-01', to: '2019-08-31', precision: 'season' });
		expect(only('winter 2018')).toEqual({ from: '2017-12-01', to: '2018-02-28', precision: 'season' });
		expect(only('this fall')).toEqual({ from: '2017-09-01', to: '2017-11-30', precision: 'season' });
		expect(only('Q1 2022')).toEqual({ from: '2022-01-01', to: '2022-03-31', precision: 'quarter' });
		expect(only('the third quarter of 2018')).toEqual({ from: '2018-07-01', to: '2018-09-30', precision: 'quarter' });
		expect(only('the second half of 2024')).toEqual({ from: '2024-07-01', to: '2024-12-31', precision: 'half' });
		expect(only('sometime in 2018')).toEqual({ from: '2018-01-01', to: '2018-12-31', precision: 'year' });
		expect(only('next year')).toEqual({ from: '2018-01-01', to: '2018-12-31', precision: 'year' });
		expect(only('later this year')).toEqual({ from: '2017-07-01', to: '2017-12-31', precision: 'half' });
	});

	it('looks back for past events and forward for releases', () => {
		expect(parseWindow('April 3rd', REF, 'past')!.from).toBe('2017-04-03');
		expect(parseWindow('April 3rd', REF, 'future')!.from).toBe('2018-04-03');
	});

	it('does not take verbs and stray numbers for dates', () => {
		expect(findWindows('She may return, and the plot could fall apart.', REF)).toEqual([]);
		expect(parseWindow('2018-02-30', REF)).toBeNull();
		expect(parseWindow('the 45th of March', REF)).toBeNull();
	});

	it('finds phrases inside a sentence with their offsets', () => {
		const text = 'it is expected that season two will hit Netflix sometime in 2018';
		const [m] = findWindows(text, REF);
		expect(text.slice(m.start, m.end)).toBe('sometime in 2018');
		expect(m.window.label).toBe('2018');
	});
});

const canonical: fc.Arbitrary<Window> = fc
	.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
	.map(([year, kind, a, b]) => {
		switch (kind) {
			case 0: return dayWindow(year, a, Math.min(b, new Date(Date.UTC(year, a, 0)).getUTCDate()));
			case 1: return monthWindow(year, a);
			case 2: return partWindow(year, (['early', 'mid', 'late'] as const)[a % 3]);
			case 3: return seasonWindow(year, ['spring', 'summer', 'fall', 'winter'][a % 4]);
			case 4: return quarterWindow(year, (a % 4) + 1);
			case 5: return halfWindow(year, (a % 2) + 1);
			default: return yearWindow(year);
		}
	});

const day = fc.date({ min: new Date('1995-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('window grammar properties', () => {
	it('every window starts on or before it ends, and its own label parses back to it', () => {
		fc.assert(
			fc.property(canonical, day, (w, ref) => {
				expect(w.from <= w.to).toBe(true);
				const back = parseWindow(windowLabel(w), ref);
				expect(back).toEqual(w);
			}),
			{ numRuns: 2000 }
		);
	});

	it('a range label keeps its first and last day', () => {
		fc.assert(
			fc.property(day, day, (a, b) => {
				const [from, to] = a <= b ? [a, b] : [b, a];
				const label = windowLabel({ from, to, precision: 'day', label: '' });
				const back = parseWindow(label, from)!;
				expect([back.from, back.to]).toEqual([from, to]);
			}),
			{ numRuns: 500 }
		);
	});

	it('never throws and never returns a backwards window on any text', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 80 }), day, (text, ref) => {
				for (const m of findWindows(text, ref)) expect(m.window.from <= m.window.to).toBe(true);
				const w = parseWindow(text, ref);
				if (w) expect(w.from <= w.to).toBe(true);
				// Noise around a real phrase does not hide it.
				expect(findWindows(`${text.replace(/[a-z0-9]/gi, ' ')} early 2018 `, ref).some((m) => m.window.label === 'early 2018')).toBe(true);
			}),
			{ numRuns: 1000 }
		);
	});

	it('"spring or summer 2019" is one window from the first to the last, the year named once for both', () => {
		expect(findWindows('could arrive in spring or summer 2019', '2018-03-07').map((m) => [m.window.from, m.window.to, m.window.label])).toEqual([['2019-03-01', '2019-08-31', 'spring or summer 2019']]);
		expect(findWindows('either in late summer or in the fall', '2022-03-07').map((m) => [m.window.from, m.window.to])).toEqual([['2022-06-01', '2022-11-30']]);
		expect(parseWindow('December 2019 or January 2020', '2019-06-01')).toMatchObject({ from: '2019-12-01', to: '2020-01-31' });
	});

	it('a year that ends an event’s name is not a window', () => {
		expect(findWindows('big events such as the Euro 2020 championships are in doubt', '2020-03-16')).toEqual([]);
		expect(findWindows('the trailer shown at Comic-Con 2019', '2019-07-25')).toEqual([]);
		expect(findWindows('In 2020, the show returns', '2019-07-25').map((m) => m.window.label)).toEqual(['2020']);
	});

	it('knows when a label names exactly its window', () => {
		expect(labelNamesWindow('January 2027', '2027-01-01', '2027-01-31')).toBe(true);
		expect(labelNamesWindow('spring 2019', '2019-03-01', '2019-05-31')).toBe(true);
		expect(labelNamesWindow('2018', '2018-01-01', '2018-12-31')).toBe(true);
		// "2018" for a window from February to September: the label is the honest year, the days say more.
		expect(labelNamesWindow('2018', '2018-02-03', '2018-09-12')).toBe(false);
		expect(labelNamesWindow('between December 2020 and October 2022', '2020-12-23', '2022-10-14')).toBe(false);
	});
});
