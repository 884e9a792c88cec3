/** A form field as trimmed text ('' when missing or a file). */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** A password exactly as typed (spaces count), capped so a huge body cannot cost an argon2 run. */
export function passwordField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, 1000) : '';
}
