import { error, fail } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { requireRole } from '#lib/server/auth/guards.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '#lib/server/repositories/api-tokens.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'editor');
	return { tokens: await listApiTokens(db) };
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireRole(event, 'editor');
		const raw = (await event.request.formData()).get('name');
		const name = typeof raw === 'string' ? raw.trim() : '';
		if (!name) return fail(400, { message: 'Name the token after the tool or bot that will use it.', name });
		if (name.length > 80) return fail(400, { message: 'The name must be at most 80 characters.', name });
		const { token } = await createApiToken(db, `${name} (${user.email})`);
		return { token };
	},
	revoke: async (event) => {
		requireRole(event, 'editor');
		const id = Number((await event.request.formData()).get('tokenId'));
		if (!Number.isInteger(id) || id < 1) error(400, 'tokenId must be a token’s number');
		if (!(await revokeApiToken(db, id))) return fail(400, { message: 'That token is already revoked or does not exist.' });
		return { revoked: id };
	}
};
