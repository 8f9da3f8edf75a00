import { onMount } from 'svelte';

/**
 * True once the page runs in the browser. Controls that only work with JavaScript (counts of
 * checked boxes, disabled-until-chosen buttons) stay usable without it; tests wait for
 * `data-ready` before using keyboard shortcuts.
 */
export function hydrated(): { readonly current: boolean } {
	let ready = $state(false);
	onMount(() => {
		ready = true;
	});
	return {
		get current() {
			return ready;
		}
	};
}
