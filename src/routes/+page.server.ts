import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/instance.ts';
import { loadHome, loadNetworks } from '#lib/server/views.ts';
import { pageCount, parsePage } from '#lib/server/http.ts';
import type { SeasonStatus } from '#lib/server/db/types.ts';
import type { PageServerLoad } from './$types';

const STATUSES: SeasonStatus[] = ['announced', 'renewed', 'filming', 'wrapped', 'post-production', 'dated'];

// A read-only list: served as HTML alone, no client-side code to download or hydrate.
export const csr = false;

export const load: PageServerLoad = async ({ url }) => {
	const { page, perPage } = parsePage(url.searchParams, 30);
	const network = url.searchParams.get('network')?.trim() || undefined;
	const status = url.searchParams.get('status')?.trim() || undefined;
	if (network && (network.length > 80 || !/^[a-z0-9-]+$/.test(network))) error(400, 'network must be a network’s short name, such as “netflix”');
	if (status && !STATUSES.includes(status as SeasonStatus)) error(400, `status must be one of ${STATUSES.join(', ')}`);
	const [{ items, total }, networks] = await Promise.all([loadHome(db, { page, perPage, network, status: status as SeasonStatus | undefined }), loadNetworks(db)]);
	return { seasons: items, total, page, pages: pageCount(total, perPage), perPage, networks, statuses: STATUSES, network: network ?? '', status: status ?? '' };
};
