import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { ingestStory, InputError } from '#lib/server/ingest/intake.ts';
import { FETCH_ALLOW_HOSTS } from '$app/env/private';
import { safeFetch } from '#lib/server/ingest/safe-fetch.ts';
import { extractArticle } from '#lib/server/ingest/article.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['title', 'url', 'outlet', 'publishedAt', 'text'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** The form's fields as typed, so an error page keeps them. */
async function readForm(request: Request): Promise<Values> {
	const form = await request.formData();
	const values = {} as Values;
	for (const field of FIELDS) {
		const value = form.get(field);
		values[field] = typeof value === 'string' ? value : '';
	}
	return values;
}

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export const load: PageServerLoad = (event) => {
	requireRole(event, 'editor');
	return { today: new Date().toISOString().slice(0, 10) };
};

export const actions: Actions = {
	/** Fetches the article at the URL and fills the form with its title, date and text. */
	fetch: async (event: RequestEvent) => {
		requireRole(event, 'editor');
		const values = await readForm(event.request);
		if (!values.url.trim()) return fail(400, { message: 'Enter the story’s address to fetch it.', values });
		try {
			const page = await safeFetch(values.url.trim(), { accept: ['text/html', 'application/xhtml+xml'], allowHosts: FETCH_ALLOW_HOSTS });
			const article = extractArticle(page.body.toString('utf8'), page.url);
			return {
				fetched: true,
				values: {
					...values,
					url: page.url,
					title: values.title || article.title,
					outlet: values.outlet || (article.siteName ?? ''),
					publishedAt: values.publishedAt || (article.publishedAt?.slice(0, 10) ?? ''),
					text: article.text
				}
			};
		} catch (error) {
			return fail(400, { message: `Could not fetch the story: ${message(error)}`, values });
		}
	},
	submit: async (event: RequestEvent) => {
		const user = requireRole(event, 'editor');
		const values = await readForm(event.request);
		let result;
		try {
			result = await ingestStory(db, {
				title: values.title,
				url: values.url || null,
				outlet: values.outlet || null,
				publishedAt: values.publishedAt,
				text: values.text,
				source: 'form',
				submittedBy: user.email
			});
		} catch (error) {
			if (error instanceof InputError) return fail(400, { message: error.message, values });
			throw error;
		}
		redirect(303, `/news/${result.id}${result.created ? '?added=1' : '?duplicate=1'}`);
	}
};
