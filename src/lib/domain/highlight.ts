export interface Span {
	start: number;
	end: number;
}

export interface Segment<T extends Span> {
	text: string;
	start: number;
	/** The spans covering this segment, outermost (earliest start) first; empty for plain text. */
	spans: T[];
}

/**
 * Cuts a text into segments at every span boundary, so overlapping quotes can all be marked
 * without nesting HTML by hand. Spans outside the text are clipped; empty ones are ignored.
 */
export function segment<T extends Span>(text: string, spans: T[]): Segment<T>[] {
	const valid = spans
		.map((s) => ({ span: s, start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
		.filter((s) => s.end > s.start);
	const cuts = new Set<number>([0, text.length]);
	for (const s of valid) {
		cuts.add(s.start);
		cuts.add(s.end);
	}
	const points = [...cuts].sort((a, b) => a - b);
	const out: Segment<T>[] = [];
	for (let i = 0; i < points.length - 1; i++) {
		const start = points[i];
		const end = points[i + 1];
		const covering = valid
			.filter((s) => s.start <= start && s.end >= end)
			.sort((a, b) => a.start - b.start || b.end - a.end)
			.map((s) => s.span);
		out.push({ text: text.slice(start, end), start, spans: covering });
	}
	return out;
}
