import type { SubmitFunction } from '$app/forms';

/**
 * `use:enhance` for a form whose refused post the server echoes back: the page is updated
 * without resetting the form, so nothing typed is lost. `busy`, when given, is told while the
 * post is on its way (to disable the submit button).
 */
export function keepValues(busy?: (sending: boolean) => void): SubmitFunction {
	return () => {
		busy?.(true);
		return async ({ update }) => {
			await update({ reset: false });
			busy?.(false);
		};
	};
}
