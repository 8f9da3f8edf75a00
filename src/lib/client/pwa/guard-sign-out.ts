/**
 * The header's sign-out form calls this on submit: the drafts question (sign-out.ts, loaded
 * only now so no page pays for IndexedDB code it does not use), then the real form post.
 */
export async function guardSignOut(event: SubmitEvent, userId: string | null | undefined) {
	if (!userId) return;
	event.preventDefault();
	const form = event.currentTarget as HTMLFormElement;
	let proceed = true;
	try {
		const { prepareSignOut } = await import('./sign-out.js');
		proceed = await prepareSignOut(userId);
	} catch {
		// IndexedDB unavailable (private mode): nothing stored here to protect.
	}
	if (proceed) form.submit();
}
