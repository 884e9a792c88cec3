import { ORIGIN } from '$app/env/private';

/** Base URL for links inside feeds and feed URLs: ORIGIN from src/env.ts. */
export function feedOrigin(): string {
	return ORIGIN;
}
