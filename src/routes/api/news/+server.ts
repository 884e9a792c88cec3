import { error, json } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { bearerToken, verifyApiToken } from '#lib/server/repositories/api-tokens.ts';
import { ingestStory, InputError } from '#lib/server/ingest/intake.ts';
import { getNewsItem, listNews } from '#lib/server/repositories/news.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import type { RequestHandler } from './$types';

const MAX_BODY = 1_200_000;

export const GET: RequestHandler = async ({ url }) => {
	const { page, perPage } = parsePage(url.searchParams);
	const { items, total } = await listNews(db, { page, perPage });
	return json({ items, page, perPage, total, pages: pageCount(total, perPage) });
};

/** Editors' tools and bots post stories here with `Authorization: Bearer sw_…`. */
export const POST: RequestHandler = async ({ request }) => {
	const token = await verifyApiToken(db, bearerToken(request.headers.get('authorization')));
	if (!token) error(401, 'a valid API token is required: Authorization: Bearer sw_…');
	if (!request.headers.get('content-type')?.includes('application/json')) error(415, 'send the story as application/json');
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_BODY) error(413, `the request is ${length} bytes; at most ${MAX_BODY}`);
	const raw = await request.text();
	if (raw.length > MAX_BODY) error(413, `the request is larger than ${MAX_BODY} bytes`);
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(raw);
	} catch {
		error(400, 'the body is not valid JSON');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) error(400, 'the body must be a JSON object');
	for (const field of ['title', 'publishedAt', 'text'] as const) {
		if (typeof body[field] !== 'string') error(400, `${field} is required and must be a string`);
	}
	for (const field of ['url', 'outlet'] as const) {
		if (body[field] != null && typeof body[field] !== 'string') error(400, `${field} must be a string`);
	}
	try {
		const result = await ingestStory(db, {
			title: body.title as string,
			publishedAt: body.publishedAt as string,
			text: body.text as string,
			url: (body.url as string | undefined) ?? null,
			outlet: (body.outlet as string | undefined) ?? null,
			source: 'api',
			submittedBy: `token:${token.name}`
		});
		const item = await getNewsItem(db, result.id);
		return json(
			{ id: result.id, created: result.created, url: `/news/${result.id}`, claims: item?.claims ?? [] },
			{ status: result.created ? 201 : 200 }
		);
	} catch (e) {
		if (e instanceof InputError) error(400, e.message);
		throw e;
	}
};
