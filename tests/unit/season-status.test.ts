import { describe, expect, it } from 'vitest';
import { parseFuzzyDay, reportedStatus, statusFromFacts } from '../../src/lib/domain/season-status.ts';
import { formatDay } from '../../src/lib/domain/format.ts';

describe('parseFuzzyDay', () => {
	it('keeps the precision a catalog date is written at', () => {
		expect(parseFuzzyDay('2018-06-22')).toEqual({ day: '2018-06-22', precision: 'day' });
		expect(parseFuzzyDay('2017-06')).toEqual({ day: '2017-06-01', precision: 'month' });
		expect(parseFuzzyDay('2018')).toEqual({ day: '2018-01-01', precision: 'year' });
	});

	it('refuses impossible and malformed dates with the offending text', () => {
		expect(() => parseFuzzyDay('2018-02-30')).toThrow(/"2018-02-30"/);
		expect(() => parseFuzzyDay('2018-13')).toThrow(/not a date/);
		expect(() => parseFuzzyDay('June 2018')).toThrow(/expected YYYY-MM-DD/);
	});
});

describe('statusFromFacts', () => {
	const today = '2017-06-20';
	it('follows a season from order to release', () => {
		expect(statusFromFacts({}, today)).toBe('announced');
		expect(statusFromFacts({ orderedAt: '2016-12' }, today)).toBe('renewed');
		expect(statusFromFacts({ orderedAt: '2016-12', filmingStart: '2017-06-13' }, today)).toBe('filming');
		expect(statusFromFacts({ filmingStart: '2017-01', filmingWrap: '2017-05' }, today)).toBe('wrapped');
		expect(statusFromFacts({ filmingWrap: '2017-05', releaseDate: '2017-08-18' }, today)).toBe('dated');
		expect(statusFromFacts({ releaseDate: '2017-06-20' }, today)).toBe('released');
	});

	it('does not count filming that is only scheduled', () => {
		expect(statusFromFacts({ orderedAt: '2016-12', filmingStart: '2017-11-13' }, today)).toBe('renewed');
	});

	it('lets a cancellation end every other status', () => {
		expect(statusFromFacts({ releaseDate: '2018-06-22', cancelled: true }, today)).toBe('cancelled');
	});
});

describe('reportedStatus', () => {
	const claim = (status: string, over: { negated?: boolean; reviewState?: string; kind?: string } = {}) => ({ kind: 'status', status, negated: false, reviewState: 'automatic', ...over });

	it('goes as far as the news says, and says so', () => {
		expect(reportedStatus('renewed', [claim('filming-started'), claim('wrapped')])).toEqual({ status: 'wrapped', fromNews: true });
		expect(reportedStatus('renewed', [claim('release-dated')])).toEqual({ status: 'dated', fromNews: true });
		expect(reportedStatus('announced', [claim('cancelled')])).toEqual({ status: 'cancelled', fromNews: true });
		// A reported release day the estimate rests on.
		expect(reportedStatus('renewed', [claim('wrapped')], { dated: true })).toEqual({ status: 'dated', fromNews: true });
	});

	it('never goes back, and ignores denials, rejected claims and other kinds', () => {
		expect(reportedStatus('wrapped', [claim('filming')])).toEqual({ status: 'wrapped', fromNews: false });
		expect(reportedStatus('renewed', [claim('release-dated', { negated: true })])).toEqual({ status: 'renewed', fromNews: false });
		expect(reportedStatus('renewed', [claim('wrapped', { reviewState: 'rejected' })])).toEqual({ status: 'renewed', fromNews: false });
		expect(reportedStatus('renewed', [claim('wrapped', { kind: 'releaseWindow' })])).toEqual({ status: 'renewed', fromNews: false });
		// A story's "released" is left to the catalog's date; a released season stays released.
		expect(reportedStatus('filming', [claim('released')])).toEqual({ status: 'filming', fromNews: false });
		expect(reportedStatus('released', [claim('cancelled')])).toEqual({ status: 'released', fromNews: false });
	});
});

describe('formatDay', () => {
	it('says no more than the precision allows', () => {
		expect(formatDay('2018-06-22')).toBe('June 22, 2018');
		expect(formatDay('2018-06-01', 'month')).toBe('June 2018');
		expect(formatDay('2018-01-01', 'year')).toBe('2018');
	});
});
