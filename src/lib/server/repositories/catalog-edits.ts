import { sql, type Kysely, type Transaction } from 'kysely';
import type { CatalogEditAction, DB, DatePrecision, SeasonStatus, SeriesStatus } from '../db/types.ts';
import { recomputeSeasons } from './estimates.ts';
import { invalidateCatalogIndex } from '../ingest/catalog-index.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A catalog change refused; the message is meant for the editor who asked for it. */
export class CatalogEditError extends Error {}

// The same lists as the catalog migration's check constraints.
export const SERIES_STATUSES: readonly SeriesStatus[] = ['in-development', 'returning', 'ended', 'cancelled'];
export const SEASON_STATUSES: readonly SeasonStatus[] = ['announced', 'renewed', 'filming', 'wrapped', 'post-production', 'dated', 'released', 'cancelled'];
export const RELEASE_PRECISIONS: readonly DatePrecision[] = ['day', 'month', 'year'];

export const MAX_TITLE = 200;
export const MAX_ALIASES = 20;
export const MAX_ALIAS = 200;
export const MAX_NETWORK = 100;
export const MAX_SEASON = 999;
export const MAX_EPISODES = 999;

export interface NewSeriesInput {
	title: string;
	/** A network's name; found case-insensitively, created when new. Empty or null: none. */
	network?: string | null;
	aliases?: string[];
	status: string;
}

export interface SeriesPatch {
	title?: string;
	aliases?: string[];
	status?: string;
	/** Empty string or null removes the network. */
	network?: string | null;
}

export interface NewSeasonInput {
	number: number;
	episodes?: number | null;
	status: string;
	releaseDate?: string | null;
	releasePrecision?: string | null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function cleanTitle(raw: unknown): string {
	const title = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
	if (!title) throw new CatalogEditError('The title is required.');
	if (title.length > MAX_TITLE) throw new CatalogEditError(`The title is ${title.length} characters; at most ${MAX_TITLE}.`);
	if (CONTROL.test(title)) throw new CatalogEditError('The title must not contain control characters.');
	return title;
}

/** Trimmed, blank ones dropped, duplicates (ignoring case) and the title itself left out. */
function cleanAliases(raw: unknown, title: string): string[] {
	if (raw == null) return [];
	if (!Array.isArray(raw)) throw new CatalogEditError('Aliases must be a list of names.');
	const seen = new Set([title.toLowerCase()]);
	const aliases: string[] = [];
	for (const item of raw) {
		if (typeof item !== 'string') throw new CatalogEditError('Each alias must be text.');
		const alias = item.trim().replace(/\s+/g, ' ');
		if (!alias) continue;
		if (alias.length > MAX_ALIAS) throw new CatalogEditError(`The alias “${alias.slice(0, 40)}…” is ${alias.length} characters; at most ${MAX_ALIAS}.`);
		if (CONTROL.test(alias)) throw new CatalogEditError('Aliases must not contain control characters.');
		if (seen.has(alias.toLowerCase())) continue;
		seen.add(alias.toLowerCase());
		aliases.push(alias);
	}
	if (aliases.length > MAX_ALIASES) throw new CatalogEditError(`There are ${aliases.length} aliases; at most ${MAX_ALIASES}.`);
	return aliases;
}

function cleanSeriesStatus(raw: unknown): SeriesStatus {
	if (typeof raw !== 'string' || !SERIES_STATUSES.includes(raw as SeriesStatus)) {
		throw new CatalogEditError(`The status must be one of ${SERIES_STATUSES.join(', ')}.`);
	}
	return raw as SeriesStatus;
}

function cleanNetwork(raw: unknown): string | null {
	if (raw == null) return null;
	if (typeof raw !== 'string') throw new CatalogEditError('The network must be a name.');
	const name = raw.trim().replace(/\s+/g, ' ');
	if (!name) return null;
	if (name.length > MAX_NETWORK) throw new CatalogEditError(`The network’s name is ${name.length} characters; at most ${MAX_NETWORK}.`);
	if (CONTROL.test(name)) throw new CatalogEditError('The network’s name must not contain control characters.');
	return name;
}

function wholeNumber(raw: unknown, what: string, max: number): number {
	if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > max) {
		throw new CatalogEditError(`The ${what} must be a whole number from 1 to ${max}.`);
	}
	return raw;
}

/** Lower-case ASCII words joined by dashes: "Shōgun (2024)" → "shogun-2024". */
export function slugify(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/&/g, ' and ')
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
	return slug || 'series';
}

/** `base`, or the first of base-2, base-3… that no row of `table` uses. */
async function uniqueSlug(trx: Executor, table: 'series' | 'networks', base: string): Promise<string> {
	const escaped = `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
	const sameStem = sql<boolean>`slug = ${base} or slug like ${escaped}`;
	const taken = new Set((await trx.selectFrom(table).select('slug').where(sameStem).execute()).map((r) => r.slug));
	// A merged series' old slug still leads to the series it became: a new series does not take it.
	if (table === 'series') {
		for (const r of await trx.selectFrom('series_redirects').select('slug').where(sameStem).execute()) taken.add(r.slug);
	}
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The id of the network called `name` (case-insensitively), created when there is none. */
async function networkId(trx: Executor, name: string | null): Promise<number | null> {
	if (!name) return null;
	const known = await trx.selectFrom('networks').select('id').where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
	if (known) return known.id;
	const slug = await uniqueSlug(trx, 'networks', slugify(name));
	const created = await trx.insertInto('networks').values({ slug, name }).returning('id').executeTakeFirstOrThrow();
	return created.id;
}

async function record(trx: Executor, editor: string, action: CatalogEditAction, details: Record<string, unknown>): Promise<void> {
	if (!editor || !editor.trim()) throw new CatalogEditError('Every catalog change needs the editor who made it.');
	await trx.insertInto('catalog_edits').values({ editor: editor.trim(), action, details: JSON.stringify(details) }).execute();
}

interface SeriesRow {
	id: number;
	slug: string;
	title: string;
	aliases: string[];
	status: SeriesStatus;
	network_id: number | null;
	network: string | null;
}

/** The series with this slug, its row locked for the rest of the transaction. */
async function findSeries(trx: Executor, slug: unknown, what = 'series'): Promise<SeriesRow> {
	const key = typeof slug === 'string' ? slug.trim().toLowerCase() : '';
	if (!key) throw new CatalogEditError(`Name the ${what} by its slug.`);
	const row = await trx
		.selectFrom('series')
		.select(['id', 'slug', 'title', 'aliases', 'status', 'network_id'])
		.where('slug', '=', key)
		.forUpdate()
		.executeTakeFirst();
	if (!row) throw new CatalogEditError(`There is no series “${key.slice(0, 80)}” in the catalog.`);
	const network = row.network_id
		? ((await trx.selectFrom('networks').select('name').where('id', '=', row.network_id).executeTakeFirst())?.name ?? null)
		: null;
	return { ...row, network };
}

async function seasonIdsOf(trx: Executor, seriesId: number): Promise<number[]> {
	return (await trx.selectFrom('seasons').select('id').where('series_id', '=', seriesId).orderBy('number').execute()).map((r) => r.id);
}

/** Adds a series; returns its slug (from the title, made unique with -2, -3…). */
export async function addSeries(trx: Executor, editor: string, input: NewSeriesInput): Promise<string> {
	const title = cleanTitle(input.title);
	const aliases = cleanAliases(input.aliases, title);
	const status = cleanSeriesStatus(input.status);
	const network = cleanNetwork(input.network);
	const slug = await uniqueSlug(trx, 'series', slugify(title));
	const network_id = await networkId(trx, network);
	await trx.insertInto('series').values({ slug, title, aliases, status, network_id }).execute();
	await record(trx, editor, 'add-series', { slug, title, aliases, status, network });
	invalidateCatalogIndex();
	return slug;
}

/** Changes a series' title, aliases, status or network; the slug stays so links keep working. */
export async function editSeries(trx: Executor, editor: string, slug: string, patch: SeriesPatch): Promise<void> {
	const series = await findSeries(trx, slug);
	const title = patch.title === undefined ? series.title : cleanTitle(patch.title);
	const aliases = patch.aliases === undefined ? cleanAliasesUnbounded(series.aliases, title) : cleanAliases(patch.aliases, title);
	const status = patch.status === undefined ? series.status : cleanSeriesStatus(patch.status);
	const network = patch.network === undefined ? series.network : cleanNetwork(patch.network);
	const network_id = network === series.network ? series.network_id : await networkId(trx, network);
	await trx.updateTable('series').set({ title, aliases, status, network_id }).where('id', '=', series.id).execute();
	await record(trx, editor, 'edit-series', {
		slug: series.slug,
		before: { title: series.title, aliases: series.aliases, status: series.status, network: series.network },
		after: { title, aliases, status, network }
	});
	// The network and status feed the estimate of every season.
	if (network_id !== series.network_id || status !== series.status) await recomputeSeasons(trx, await seasonIdsOf(trx, series.id));
	invalidateCatalogIndex();
}

/** Adds season `number` to a series and computes its first estimate; a number already there is refused. */
export async function addSeason(trx: Executor, editor: string, slug: string, input: NewSeasonInput): Promise<{ seasonId: number; number: number }> {
	const series = await findSeries(trx, slug);
	const number = wholeNumber(input.number, 'season number', MAX_SEASON);
	const episodes = input.episodes == null ? null : wholeNumber(input.episodes, 'number of episodes', MAX_EPISODES);
	if (typeof input.status !== 'string' || !SEASON_STATUSES.includes(input.status as SeasonStatus)) {
		throw new CatalogEditError(`The season’s status must be one of ${SEASON_STATUSES.join(', ')}.`);
	}
	const status = input.status as SeasonStatus;
	const releaseDate = input.releaseDate ? input.releaseDate.trim() : null;
	if (releaseDate && (!DAY.test(releaseDate) || new Date(`${releaseDate}T00:00:00Z`).toISOString().slice(0, 10) !== releaseDate)) {
		throw new CatalogEditError(`The release date must be a real day written YYYY-MM-DD, not “${releaseDate.slice(0, 40)}”.`);
	}
	let releasePrecision: DatePrecision | null = null;
	if (input.releasePrecision) {
		if (!RELEASE_PRECISIONS.includes(input.releasePrecision as DatePrecision)) {
			throw new CatalogEditError(`The release date’s precision must be one of ${RELEASE_PRECISIONS.join(', ')}.`);
		}
		if (!releaseDate) throw new CatalogEditError('A release precision needs a release date.');
		releasePrecision = input.releasePrecision as DatePrecision;
	} else if (releaseDate) {
		releasePrecision = 'day';
	}
	const taken = await trx.selectFrom('seasons').select('id').where('series_id', '=', series.id).where('number', '=', number).executeTakeFirst();
	if (taken) throw new CatalogEditError(`${series.title} already has a season ${number}.`);
	const season = await trx
		.insertInto('seasons')
		.values({ series_id: series.id, number, episode_count: episodes, release_date: releaseDate, release_precision: releasePrecision, status })
		.returning('id')
		.executeTakeFirstOrThrow();
	await record(trx, editor, 'add-season', { slug: series.slug, number, episodes, status, releaseDate, releasePrecision });
	// The season after it may now have a previous season to count from.
	await recomputeSeasons(trx, await seasonIdsOf(trx, series.id));
	invalidateCatalogIndex();
	return { seasonId: season.id, number };
}

export interface SeasonMergeCounts {
	claims: number;
	orderReferences: number;
	events: number;
	estimateChanges: number;
	notifications: number;
	follows: number;
	duplicateFollows: number;
}

/**
 * Moves everything that points at season `fromId` to season `intoId` (of series `intoSeriesId`)
 * and deletes `fromId`. Every table referencing seasons.id is handled here: claims (season_id and
 * after_season_id), production_events, estimate_changes, notifications, follows; the estimate of
 * `fromId` is dropped, `intoId`'s is recomputed by the caller. Without this the cascades would
 * silently delete claims, history and follows.
 */
async function moveSeason(trx: Executor, fromId: number, intoId: number, intoSeriesId: number): Promise<SeasonMergeCounts> {
	const n = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0n);
	const claims = n(await trx.updateTable('claims').set({ season_id: intoId }).where('season_id', '=', fromId).executeTakeFirst());
	const orderReferences = n(await trx.updateTable('claims').set({ after_season_id: intoId }).where('after_season_id', '=', fromId).executeTakeFirst());
	// "Season Y comes after season Y" says nothing; such a reference is dropped rather than kept circular.
	await trx.updateTable('claims').set({ after_season_id: null }).where('season_id', '=', intoId).where('after_season_id', '=', intoId).execute();
	const events = n(await trx.updateTable('production_events').set({ season_id: intoId }).where('season_id', '=', fromId).executeTakeFirst());
	const estimateChanges = n(await trx.updateTable('estimate_changes').set({ season_id: intoId }).where('season_id', '=', fromId).executeTakeFirst());
	const notifications = n(await trx.updateTable('notifications').set({ season_id: intoId }).where('season_id', '=', fromId).executeTakeFirst());
	// One follow per user, series and season: a user following both seasons keeps the one of `intoId`.
	const duplicateFollows = n(
		await trx
			.deleteFrom('follows as f')
			.where('f.season_id', '=', fromId)
			.where((eb) =>
				eb.exists(
					eb
						.selectFrom('follows as g')
						.select('g.id')
						.whereRef('g.user_id', '=', 'f.user_id')
						.where('g.series_id', '=', intoSeriesId)
						.where('g.season_id', '=', intoId)
				)
			)
			.executeTakeFirst()
	);
	const follows = n(await trx.updateTable('follows').set({ season_id: intoId, series_id: intoSeriesId }).where('season_id', '=', fromId).executeTakeFirst());
	await trx.deleteFrom('estimates').where('season_id', '=', fromId).execute();
	const from = await trx.selectFrom('seasons').select(['episode_count', 'release_date', 'release_precision']).where('id', '=', fromId).executeTakeFirstOrThrow();
	const into = await trx.selectFrom('seasons').select(['episode_count', 'release_date', 'release_precision']).where('id', '=', intoId).executeTakeFirstOrThrow();
	await trx.deleteFrom('seasons').where('id', '=', fromId).execute();
	// The surviving season keeps its own facts and fills only the gaps from the other one.
	const fill: { episode_count?: number; release_date?: string; release_precision?: DatePrecision | null } = {};
	if (into.episode_count == null && from.episode_count != null) fill.episode_count = from.episode_count;
	if (into.release_date == null && from.release_date != null) {
		fill.release_date = from.release_date;
		fill.release_precision = from.release_precision;
	}
	if (Object.keys(fill).length) await trx.updateTable('seasons').set(fill).where('id', '=', intoId).execute();
	return { claims, orderReferences, events, estimateChanges, notifications, follows, duplicateFollows };
}

function addCounts(total: SeasonMergeCounts, more: SeasonMergeCounts): SeasonMergeCounts {
	return Object.fromEntries(Object.entries(total).map(([k, v]) => [k, v + more[k as keyof SeasonMergeCounts]])) as unknown as SeasonMergeCounts;
}

/**
 * Merges series `from` into series `into`: `from`'s seasons move over (a season number both have
 * is merged into `into`'s season), its title and aliases become aliases of `into`, its follows
 * move (one per user and season), then `from` is deleted and `into`'s seasons recomputed.
 */
export async function mergeSeries(trx: Executor, editor: string, { from, into }: { from: string; into: string }): Promise<{ slug: string }> {
	const b = await findSeries(trx, from, 'series to merge');
	const a = await findSeries(trx, into, 'series to merge into');
	if (a.id === b.id) throw new CatalogEditError('A series cannot be merged into itself.');

	const [aSeasons, bSeasons] = await Promise.all([
		trx.selectFrom('seasons').select(['id', 'number']).where('series_id', '=', a.id).execute(),
		trx.selectFrom('seasons').select(['id', 'number']).where('series_id', '=', b.id).orderBy('number').execute()
	]);
	const aByNumber = new Map(aSeasons.map((s) => [s.number, s.id]));
	const moved: number[] = [];
	const merged: number[] = [];
	let counts: SeasonMergeCounts = { claims: 0, orderReferences: 0, events: 0, estimateChanges: 0, notifications: 0, follows: 0, duplicateFollows: 0 };
	for (const season of bSeasons) {
		const twin = aByNumber.get(season.number);
		if (twin) {
			counts = addCounts(counts, await moveSeason(trx, season.id, twin, a.id));
			merged.push(season.number);
		} else {
			await trx.updateTable('seasons').set({ series_id: a.id }).where('id', '=', season.id).execute();
			moved.push(season.number);
		}
	}
	// What is left of `from`'s follows: whole-series follows and follows of the seasons that moved
	// as they were. A user who already follows the same thing on `into` keeps that one.
	const duplicateFollows = await trx
		.deleteFrom('follows as f')
		.where('f.series_id', '=', b.id)
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('follows as g')
					.select('g.id')
					.whereRef('g.user_id', '=', 'f.user_id')
					.where('g.series_id', '=', a.id)
					.where(sql<boolean>`coalesce(g.season_id, 0) = coalesce(f.season_id, 0)`)
			)
		)
		.executeTakeFirst();
	const movedFollows = await trx.updateTable('follows').set({ series_id: a.id }).where('series_id', '=', b.id).executeTakeFirst();
	counts.duplicateFollows += Number(duplicateFollows.numDeletedRows);
	counts.follows += Number(movedFollows.numUpdatedRows);

	const aliases = cleanAliasesUnbounded([...a.aliases, b.title, ...b.aliases], a.title);
	await trx
		.updateTable('series')
		.set({ aliases, network_id: a.network_id ?? b.network_id })
		.where('id', '=', a.id)
		.execute();
	// Links to `from` lead to `into` from now on, and so do the links that led to `from`.
	await trx.updateTable('series_redirects').set({ series_id: a.id }).where('series_id', '=', b.id).execute();
	await trx
		.insertInto('series_redirects')
		.values({ slug: b.slug, series_id: a.id })
		.onConflict((oc) => oc.column('slug').doUpdateSet({ series_id: a.id }))
		.execute();
	await trx.deleteFrom('series').where('id', '=', b.id).execute();
	await record(trx, editor, 'merge-series', {
		from: { slug: b.slug, title: b.title, aliases: b.aliases, network: b.network, status: b.status },
		into: { slug: a.slug, title: a.title },
		movedSeasons: moved,
		mergedSeasons: merged,
		aliases,
		...counts
	});
	// Every season of `into` may have a new neighbour, network or claims.
	await recomputeSeasons(trx, await seasonIdsOf(trx, a.id));
	invalidateCatalogIndex();
	return { slug: a.slug };
}

/** Aliases merged from two series: deduplicated ignoring case, none lost to the 20-alias limit. */
function cleanAliasesUnbounded(names: string[], title: string): string[] {
	const seen = new Set([title.toLowerCase()]);
	const out: string[] = [];
	for (const raw of names) {
		const alias = raw.trim();
		if (!alias || seen.has(alias.toLowerCase())) continue;
		seen.add(alias.toLowerCase());
		out.push(alias);
	}
	return out;
}

/** Merges season `from` of a series into its season `into` (see moveSeason), then recomputes. */
export async function mergeSeasons(
	trx: Executor,
	editor: string,
	{ series: slug, from, into }: { series: string; from: number; into: number }
): Promise<SeasonMergeCounts> {
	const series = await findSeries(trx, slug);
	const fromNumber = wholeNumber(from, 'season to merge', MAX_SEASON);
	const intoNumber = wholeNumber(into, 'season to merge into', MAX_SEASON);
	if (fromNumber === intoNumber) throw new CatalogEditError('A season cannot be merged into itself.');
	const seasons = await trx
		.selectFrom('seasons')
		.select(['id', 'number'])
		.where('series_id', '=', series.id)
		.where('number', 'in', [fromNumber, intoNumber])
		.forUpdate()
		.execute();
	const x = seasons.find((s) => s.number === fromNumber);
	const y = seasons.find((s) => s.number === intoNumber);
	if (!x) throw new CatalogEditError(`${series.title} has no season ${fromNumber}.`);
	if (!y) throw new CatalogEditError(`${series.title} has no season ${intoNumber}.`);
	const counts = await moveSeason(trx, x.id, y.id, series.id);
	await record(trx, editor, 'merge-seasons', { slug: series.slug, from: fromNumber, into: intoNumber, ...counts });
	// The merged season, and the seasons whose previous season changed.
	await recomputeSeasons(trx, await seasonIdsOf(trx, series.id));
	invalidateCatalogIndex();
	return counts;
}

export interface CatalogEditView {
	id: number;
	editor: string;
	action: CatalogEditAction;
	summary: string;
	createdAt: Date;
}

function summarize(action: CatalogEditAction, d: Record<string, any>): string {
	switch (action) {
		case 'add-series':
			return `added series “${d.title}” (${d.slug})`;
		case 'edit-series':
			return `edited series ${d.slug}${d.before?.title !== d.after?.title ? ` (was “${d.before?.title}”, now “${d.after?.title}”)` : ''}`;
		case 'add-season':
			return `added season ${d.number} to ${d.slug}`;
		case 'merge-series':
			return `merged series “${d.from?.title}” (${d.from?.slug}) into ${d.into?.slug}`;
		case 'merge-seasons':
			return `merged season ${d.from} of ${d.slug} into season ${d.into}`;
	}
}

/** The latest catalog changes, newest first, with who made them. */
export async function listCatalogEdits(db: Executor, limit = 20): Promise<CatalogEditView[]> {
	const rows = await db
		.selectFrom('catalog_edits')
		.select(['id', 'editor', 'action', 'details', 'created_at'])
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => {
		const details = (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>;
		return { id: r.id, editor: r.editor, action: r.action, summary: summarize(r.action, details), createdAt: r.created_at };
	});
}

/** Every series' slug and title, for the merge form's suggestions. */
export async function seriesChoices(db: Executor, limit = 1000): Promise<{ slug: string; title: string }[]> {
	return db.selectFrom('series').select(['slug', 'title']).orderBy(sql`lower(title)`).orderBy('id').limit(limit).execute();
}
