import type { StoryInput } from './intake.ts';

/** A text file: optional "Title:", "URL:", "Published:", "Outlet:" lines, a blank line, then the story. */
export function parseStoryFile(content: string, fallback: { publishedAt?: string; outlet?: string }): Omit<StoryInput, 'source'> {
	const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
	const header: Record<string, string> = {};
	let i = 0;
	while (i < lines.length && /^(title|url|published|outlet):/i.test(lines[i])) {
		const [, key, value] = lines[i].match(/^(\w+):\s*(.*)$/)!;
		header[key.toLowerCase()] = value.trim();
		i++;
	}
	let body = lines.slice(i).join('\n').trim();
	let title = header.title;
	if (!title) {
		const [first, ...rest] = body.split('\n');
		title = first.trim();
		body = rest.join('\n').trim();
	}
	return {
		title,
		url: header.url ?? null,
		publishedAt: header.published ?? fallback.publishedAt ?? '',
		outlet: header.outlet ?? fallback.outlet ?? null,
		text: body
	};
}
