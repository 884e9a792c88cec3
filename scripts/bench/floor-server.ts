// The floor for the benchmark: a bare node:http server that runs the very SQL the app runs
// (captured from the repositories by bench.ts) through the driver alone and returns JSON.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

interface Captured {
	sql: string;
	parameters: unknown[];
}
interface Plan {
	/** Queries per endpoint, in the order the app ran them. */
	endpoints: Record<string, Captured[]>;
	/** The slug the series-page queries were captured with; replaced by each request's slug. */
	sampleSlug: string;
}

const plan: Plan = JSON.parse(readFileSync(process.env.FLOOR_PLAN!, 'utf8'));
const port = Number(process.env.PORT);

let query: (text: string, params: unknown[]) => Promise<unknown[]>;
if (process.env.DATABASE_URL) {
	pg.types.setTypeParser(20, Number);
	pg.types.setTypeParser(1082, (v) => v);
	const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
	query = async (text, params) => (await pool.query(text, params)).rows;
} else {
	const db = await PGlite.create(process.env.DATA_DIR);
	query = async (text, params) => (await db.query(text, params)).rows;
}

async function runAll(queries: Captured[], slug?: string) {
	return Promise.all(
		queries.map((q) => query(q.sql, slug ? q.parameters.map((p) => (p === plan.sampleSlug ? slug : p)) : q.parameters))
	);
}

createServer(async (req, res) => {
	try {
		const url = new URL(req.url ?? '/', 'http://floor');
		let body: unknown;
		if (url.pathname === '/') body = await runAll(plan.endpoints.home);
		else if (url.pathname === '/api/series') body = await runAll(plan.endpoints.api);
		else if (url.pathname.startsWith('/series/')) body = await runAll(plan.endpoints.series, decodeURIComponent(url.pathname.slice(8)));
		else {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
	} catch (error) {
		res.writeHead(500).end(String(error));
	}
}).listen(port, '127.0.0.1', () => console.log(`floor listening on ${port}`));
