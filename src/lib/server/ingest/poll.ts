const MAX_DELAY_MINUTES = 24 * 60;

/** Minutes until the next poll of a source: doubles with each consecutive failure, capped at a day. */
export function nextPollDelay(input: { consecutiveFailures: number; baseMinutes: number }): number {
	const failures = Math.max(0, Math.floor(input.consecutiveFailures));
	const base = Math.max(0, input.baseMinutes);
	if (failures === 0) return base;
	// Avoid overflow for very large failure counts.
	if (failures > 30) return MAX_DELAY_MINUTES;
	return Math.min(base * 2 ** failures, MAX_DELAY_MINUTES);
}
