import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { getSeriesBySlug, listNetworks } from '#lib/server/repositories/series.ts';
import { invalidateCatalogIndex } from '#lib/server/ingest/catalog-index.ts';
import { wakeNotifier } from '#lib/server/jobs.ts';
import {
	addSeason,
	CatalogEditError,
	editSeries,
	mergeSeasons,
	RELEASE_PRECISIONS,
	SEASON_STATUSES,
	SERIES_STATUSES
} from '#lib/server/repositories/catalog-edits.ts';
import type { Actions, PageServerLoad } from './$types';

/** Confirmations after a redirect; only these fixed texts are ever shown. */
const DONE: Record<string, string> = {
	'series-added': 'Series added. Add its seasons below.',
	'series-saved': 'Series saved.',
	'season-added': 'Season added.',
	'series-merged': 'Series merged into this one.',
	'seasons-merged': 'Seasons merged.'
};

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'editor');
	const [series, networks] = await Promise.all([getSeriesBySlug(db, event.params.slug), listNetworks(db)]);
	if (!series) error(404, `No series called “${event.params.slug.slice(0, 80)}” in the catalog`);
	return {
		series,
		networks: networks.map((n) => n.name),
		seriesStatuses: SERIES_STATUSES,
		seasonStatuses: SEASON_STATUSES,
		precisions: RELEASE_PRECISIONS,
		done: DONE[event.url.searchParams.get('done') ?? ''] ?? null
	};
};

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** A whole number as typed, NaN for anything else (the repository says what it must be); null when blank. */
function number(raw: string): number | null {
	const value = raw.trim();
	if (!value) return null;
	return /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
}

function done(slug: string, what: string, hash = ''): never {
	// Again after the commit: a request in between may have cached the catalog without the change.
	invalidateCatalogIndex();
	redirect(303, `/editor/catalog/${encodeURIComponent(slug)}?done=${what}${hash}`);
}

export const actions: Actions = {
	edit: async (event) => {
		const user = requireRole(event, 'editor');
		const form = await event.request.formData();
		const values = { title: text(form, 'title'), network: text(form, 'network'), aliases: text(form, 'aliases'), status: text(form, 'status') };
		try {
			await db.transaction().execute((trx) =>
				editSeries(trx, user.email, event.params.slug, {
					title: values.title,
					network: values.network,
					aliases: values.aliases.split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
					status: values.status
				})
			);
		} catch (e) {
			if (e instanceof CatalogEditError) return fail(400, { form: 'edit' as const, message: e.message, values });
			throw e;
		}
		await wakeNotifier();
		done(event.params.slug, 'series-saved');
	},
	addSeason: async (event) => {
		const user = requireRole(event, 'editor');
		const form = await event.request.formData();
		const values = {
			number: text(form, 'number'),
			episodes: text(form, 'episodes'),
			status: text(form, 'status'),
			releaseDate: text(form, 'releaseDate'),
			releasePrecision: text(form, 'releasePrecision')
		};
		const seasonNumber = number(values.number);
		if (seasonNumber === null) return fail(400, { form: 'addSeason' as const, message: 'The season number is required.', values });
		let added: number;
		try {
			({ number: added } = await db.transaction().execute((trx) =>
				addSeason(trx, user.email, event.params.slug, {
					number: seasonNumber,
					episodes: number(values.episodes),
					status: values.status,
					releaseDate: values.releaseDate.trim() || null,
					releasePrecision: values.releaseDate.trim() ? values.releasePrecision || null : null
				})
			));
		} catch (e) {
			if (e instanceof CatalogEditError) return fail(400, { form: 'addSeason' as const, message: e.message, values });
			throw e;
		}
		await wakeNotifier();
		done(event.params.slug, 'season-added', `#season-${added}`);
	},
	mergeSeasons: async (event) => {
		const user = requireRole(event, 'editor');
		const form = await event.request.formData();
		const values = { from: text(form, 'from'), into: text(form, 'into') };
		const from = number(values.from);
		const into = number(values.into);
		if (from === null || into === null) return fail(400, { form: 'mergeSeasons' as const, message: 'Choose both seasons.', values });
		if (form.get('confirm') !== 'on') {
			return fail(400, { form: 'mergeSeasons' as const, message: `Tick the box to confirm: season ${from} will be deleted once merged.`, values });
		}
		try {
			await db.transaction().execute((trx) => mergeSeasons(trx, user.email, { series: event.params.slug, from, into }));
		} catch (e) {
			if (e instanceof CatalogEditError) return fail(400, { form: 'mergeSeasons' as const, message: e.message, values });
			throw e;
		}
		await wakeNotifier();
		done(event.params.slug, 'seasons-merged', `#season-${into}`);
	}
};
