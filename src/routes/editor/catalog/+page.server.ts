import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { listNetworks } from '#lib/server/repositories/series.ts';
import { invalidateCatalogIndex } from '#lib/server/ingest/catalog-index.ts';
import { wakeNotifier } from '#lib/server/jobs.ts';
import { addSeries, CatalogEditError, listCatalogEdits, mergeSeries, seriesChoices, SERIES_STATUSES } from '#lib/server/repositories/catalog-edits.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'editor');
	const [edits, series, networks] = await Promise.all([listCatalogEdits(db, 20), seriesChoices(db), listNetworks(db)]);
	return { edits, series, networks: networks.map((n) => n.name), statuses: SERIES_STATUSES };
};

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** One alias a line (titles may contain commas). */
function aliasLines(raw: string): string[] {
	return raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

/** A series' slug as typed, or the slug in "Title (slug)" as the suggestions list offers it. */
function slugField(raw: string): string {
	const inParens = /\(([^()]+)\)\s*$/.exec(raw.trim());
	return (inParens ? inParens[1] : raw).trim().toLowerCase();
}

export const actions: Actions = {
	addSeries: async (event) => {
		const user = requireRole(event, 'editor');
		const form = await event.request.formData();
		const values = { title: text(form, 'title'), network: text(form, 'network'), aliases: text(form, 'aliases'), status: text(form, 'status') };
		let slug: string;
		try {
			slug = await db.transaction().execute((trx) =>
				addSeries(trx, user.email, { title: values.title, network: values.network, aliases: aliasLines(values.aliases), status: values.status })
			);
		} catch (e) {
			if (e instanceof CatalogEditError) return fail(400, { form: 'addSeries' as const, message: e.message, values });
			throw e;
		}
		// Again after the commit: a request in between may have cached the catalog without it.
		invalidateCatalogIndex();
		redirect(303, `/editor/catalog/${encodeURIComponent(slug)}?done=series-added`);
	},
	mergeSeries: async (event) => {
		const user = requireRole(event, 'editor');
		const form = await event.request.formData();
		const values = { from: text(form, 'from'), into: text(form, 'into') };
		const from = slugField(values.from);
		const into = slugField(values.into);
		if (!from || !into) return fail(400, { form: 'mergeSeries' as const, message: 'Name both series by their slugs.', values });
		if (form.get('confirm') !== 'on') {
			return fail(400, { form: 'mergeSeries' as const, message: `Tick the box to confirm: ${from} will be deleted once merged.`, values });
		}
		let slug: string;
		try {
			({ slug } = await db.transaction().execute((trx) => mergeSeries(trx, user.email, { from, into })));
		} catch (e) {
			if (e instanceof CatalogEditError) return fail(400, { form: 'mergeSeries' as const, message: e.message, values });
			throw e;
		}
		invalidateCatalogIndex();
		await wakeNotifier();
		redirect(303, `/editor/catalog/${encodeURIComponent(slug)}?done=series-merged`);
	}
};
