import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { editorSummary } from '#lib/server/repositories/news.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'editor');
	return { summary: await editorSummary(db) };
};
