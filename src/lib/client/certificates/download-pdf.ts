/**
 * Downloads a holder's certificate PDF through the page's own fetch, so the request passes the
 * service worker — which keeps the PDF for this session and answers it offline — on every
 * browser (a plain `<a download>` bypasses the worker in some). Without a worker the link does
 * what it always did. Returns false when there was nothing to save (offline, never downloaded).
 */
export async function downloadPdf(event: MouseEvent, href: string): Promise<boolean> {
	if (!navigator.serviceWorker?.controller) return true;
	event.preventDefault();
	let response: Response;
	try {
		response = await fetch(href, { credentials: 'same-origin' });
	} catch {
		return false;
	}
	if (!response.ok || response.headers.get('Content-Type') !== 'application/pdf') {
		// signed out, refused: the server's own answer explains it
		location.href = href;
		return true;
	}
	const blob = await response.blob();
	const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name ?? 'certificate.pdf';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
	return true;
}
