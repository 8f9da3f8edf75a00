import type { Reroute } from '@sveltejs/kit/hooks';

/**
 * A certificate's QR holds an upper-case URL (`HTTPS://HOST/V/<digits>`, qrVerifyUrl) so the
 * code can use the QR alphanumeric mode; phones lower-case scheme and host but keep the path.
 * `/V/…` is served by the `/v/…` routes (a `src/routes/V` folder would clash with `v` on
 * case-insensitive file systems).
 */
export const reroute: Reroute = ({ url }) =>
	url.pathname.startsWith('/V/') ? `/v/${url.pathname.slice(3)}` : undefined;
