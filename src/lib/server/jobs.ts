import { PgBoss, fromPglite } from 'pg-boss';
import type { Database } from './db/index.ts';
import { embeddedInstance } from './db/index.ts';
import { fanOutPending } from './notify/fanout.ts';

/**
 * Background work on pg-boss, in the app's own database: on PostgreSQL every instance's workers
 * share the queues (jobs are claimed with SKIP LOCKED, a crashed worker's job is retried); on
 * PGlite the queue lives in the embedded database. Estimate changes are themselves the durable
 * outbox (estimate_changes.notified_at), so a job lost before it was queued is caught by the
 * next sweep.
 */
export const QUEUES = {
	/** Sweeps every minute for changes not notified yet (a lost wake-up costs a minute, never a change). */
	notify: 'notify-changes',
	/**
	 * Asked for after each story or review. The `short` policy keeps at most one job waiting and
	 * any number running: an ask while a fan-out runs queues the next one, so a change committed
	 * after the running job looked is never left to the sweep; asks while one waits are that one.
	 */
	wake: 'notify-wake'
} as const;

export interface JobHandlers {
	/** Extra work per queue: the mailers register theirs here. */
	[queue: string]: { cron?: string; run: () => Promise<unknown> };
}

export class Jobs {
	#boss: PgBoss;
	#db: Database;

	private constructor(boss: PgBoss, db: Database) {
		this.#boss = boss;
		this.#db = db;
	}

	static async start(db: Database, { databaseUrl, extra = {} }: { databaseUrl?: string; extra?: JobHandlers }): Promise<Jobs> {
		const pglite = await embeddedInstance(db);
		const boss = pglite
			? new PgBoss({ db: fromPglite(pglite), backend: 'pglite' })
			: new PgBoss({ connectionString: databaseUrl, max: 3 });
		boss.on('error', (error: Error) => console.error(`jobs: ${error.message}`));
		await boss.start();
		const jobs = new Jobs(boss, db);
		const handlers: JobHandlers = {
			[QUEUES.notify]: { cron: '* * * * *', run: () => fanOutPending(db) },
			[QUEUES.wake]: { run: () => fanOutPending(db) },
			...extra
		};
		for (const [queue, handler] of Object.entries(handlers)) {
			// Already there: another instance made it.
			await boss.createQueue(queue, queue === QUEUES.wake ? { policy: 'short' } : {}).catch(() => {});
			if (handler.cron) await boss.schedule(queue, handler.cron);
			await boss.work(queue, { pollingIntervalSeconds: 1 }, async () => {
				await handler.run();
			});
		}
		return jobs;
	}

	/** Asks for a fan-out now rather than at the next sweep; asks while one is waiting are that one. */
	async wake(): Promise<void> {
		await this.#boss.send(QUEUES.wake, {});
	}

	async stop(): Promise<void> {
		await this.#boss.stop({ graceful: true, timeout: 5000 });
	}

	get db(): Database {
		return this.#db;
	}
}

let running: Jobs | null = null;

/** The job runner of this process, once started (hooks `init`), else null. */
export function currentJobs(): Jobs | null {
	return running;
}

export function setCurrentJobs(jobs: Jobs | null): void {
	running = jobs;
}

/** After a story or a review changed estimates: fan out now if this process runs workers. */
export async function wakeNotifier(): Promise<void> {
	try {
		await running?.wake();
	} catch (error) {
		// The sweep still picks the change up within a minute.
		console.error(`jobs: could not queue a fan-out: ${(error as Error).message}`);
	}
}
