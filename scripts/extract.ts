/**
 * npm run extract -- --published YYYY-MM-DD [--title T] [--catalog FILE] < story.txt
 * Prints the claims of one story as one JSON object. Exit 2 on bad input, with a line on stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { extractClaims, type Claim } from '../src/lib/domain/extract/extract.ts';
import { catalogIndexFromJson } from '../src/lib/domain/extract/mentions.ts';
import { decodeStoryText } from '../src/lib/server/ingest/text.ts';
import { demoCatalog } from '../src/lib/server/demo/index.ts';
import { fail, reason } from './lib/config.ts';

function usage(): never {
	fail('usage: npm run extract -- --published YYYY-MM-DD [--title T] [--catalog FILE] < story.txt', 2);
}

let args;
try {
	args = parseArgs({ options: { published: { type: 'string' }, title: { type: 'string' }, catalog: { type: 'string' }, outlet: { type: 'string' } }, allowPositionals: false });
} catch (error) {
	fail(reason(error), 2);
}
const { published, title, catalog, outlet } = args.values;
if (!published) usage();
if (!/^\d{4}-\d{2}-\d{2}$/.test(published) || Number.isNaN(Date.parse(`${published}T00:00:00Z`)) || new Date(`${published}T00:00:00Z`).toISOString().slice(0, 10) !== published) {
	fail(`--published must be a real day written YYYY-MM-DD, not "${published}"`, 2);
}

let index;
try {
	index = catalogIndexFromJson(catalog ? JSON.parse(readFileSync(catalog, 'utf8')) : demoCatalog);
} catch (error) {
	fail(`cannot read the catalog${catalog ? ` ${catalog}` : ''}: ${reason(error)}`, 2);
}

if (process.stdin.isTTY) usage();
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
let text: string;
try {
	text = decodeStoryText(Buffer.concat(chunks));
} catch (error) {
	fail(reason(error), 2);
}

function view(c: Claim) {
	return {
		series: c.series,
		season: c.season,
		kind: c.kind,
		...(c.status ? { status: c.status } : {}),
		...(c.statusDate ? { statusDate: c.statusDate } : {}),
		...(c.window ? { window: { from: c.window.from, to: c.window.to, precision: c.window.precision, label: c.window.label } } : {}),
		...(c.after ? { after: { series: c.after.series, season: c.after.season } } : {}),
		...(c.episodes !== undefined ? { episodes: c.episodes } : {}),
		...(c.platform ? { platform: c.platform } : {}),
		...(c.hedged ? { hedged: true } : {}),
		...(c.negated ? { negated: true } : {}),
		quote: c.quote,
		start: c.start,
		end: c.end,
		attribution: c.attribution,
		...(c.person ? { person: c.person } : {}),
		confidence: c.confidence
	};
}

const claims = extractClaims({ text, title, publishedAt: published, outlet }, index);
process.stdout.write(`${JSON.stringify({ publishedAt: published, claims: claims.map(view) }, null, 2)}\n`);
