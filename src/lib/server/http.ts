import { error } from '@sveltejs/kit';
import type { Page } from './repositories/series.ts';

export const MAX_PER_PAGE = 100;

function positiveInt(params: URLSearchParams, name: string, fallback: number, max: number): number {
	const raw = params.get(name);
	if (raw === null) return fallback;
	if (!/^\d{1,9}$/.test(raw)) error(400, `${name} must be a whole number from 1 to ${max}, not "${raw.slice(0, 40)}"`);
	const value = Number(raw);
	if (value < 1 || value > max) error(400, `${name} must be a whole number from 1 to ${max}, not "${raw}"`);
	return value;
}

/** Reads `page` and `perPage` from a query string; anything malformed is a 400 with the reason. */
export function parsePage(params: URLSearchParams, defaultPerPage = 25): Page {
	return {
		page: positiveInt(params, 'page', 1, 1_000_000),
		perPage: positiveInt(params, 'perPage', defaultPerPage, MAX_PER_PAGE)
	};
}

/** Reads the search text `q`: trimmed, at most 200 characters, no control characters. */
export function parseQuery(params: URLSearchParams): string | undefined {
	const raw = params.get('q');
	if (raw === null) return undefined;
	const query = raw.trim();
	if (query.length > 200) error(400, 'q must be at most 200 characters');
	if (/[\u0000-\u001f]/.test(query)) error(400, 'q must not contain control characters');
	return query || undefined;
}

export function pageCount(total: number, perPage: number): number {
	return Math.max(1, Math.ceil(total / perPage));
}
