import { type Handle, type HandleServerError } from '@sveltejs/kit';

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	return response;
};

/**
 * Errors raised on purpose with `error(400, …)` and SvelteKit's own (404…) keep their message;
 * anything unexpected is logged in full on the server and the user sees a plain sentence, never a stack.
 */
export const handleError: HandleServerError = (input) => {
	if (input.kind !== 'unknown') return;
	const { event } = input;
	console.error(`${event.request.method} ${event.url.pathname}:`, input.error);
	return { message: 'Something went wrong on our side. Please try again.' };
};
