/**
 * The page a navigation gets offline when no copy of it is kept: an app page (the header, in
 * Chinese) saying that this page needs the network and listing what opens without it, each
 * with the time it was last synced. Never the browser's own error page. Pure (the list of
 * kept paths comes in), so it is testable without a worker.
 */
export interface OfflineLink {
	path: string;
	label: string;
	note?: string;
}

/** What can work offline, in the order of the tab bar; shown only when a copy is kept. */
const OFFLINE_PLACES: readonly OfflineLink[] = [
	{ path: '/applications', label: '我的申请', note: '上次同步的申请进度' },
	{ path: '/certificates', label: '我的证书', note: '已下载过的证书 PDF 可离线打开' },
	{ path: '/notifications', label: '消息', note: '上次同步的消息' },
	{ path: '/scan', label: '扫码核验证书', note: '用本机保存的公钥和状态列表离线核验' }
];

const escape = (s: string) =>
	s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/** "2026-12-03 14:05" in China time, like formatChinaTime (kept here: the worker bundles little). */
export function chinaTime(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return '';
	const parts = new Intl.DateTimeFormat('zh-CN', {
		timeZone: 'Asia/Shanghai',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	}).formatToParts(d);
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

export interface OfflinePageOptions {
	/** Kept paths and when each was fetched (ISO, or null when unknown). */
	kept: ReadonlyMap<string, string | null>;
	/** Why this page is shown instead (e.g. a certificate not downloaded yet). */
	reason?: string;
}

export function offlinePageHtml({ kept, reason }: OfflinePageOptions): string {
	const items = OFFLINE_PLACES.filter((p) => kept.has(p.path)).map((p) => {
		const at = kept.get(p.path);
		const when = at ? `（${chinaTime(at)} 同步）` : '';
		return `<li><a href="${p.path}">${escape(p.label)}</a><br><small>${escape(p.note ?? '')}${when}</small></li>`;
	});
	if (kept.has('/drafts'))
		items.push(
			'<li><a href="/drafts">申请草稿</a><br><small>已保存在本机的申请草稿仍可离线打开和填写</small></li>'
		);
	return `<!doctype html><html lang="zh-CN" data-zc-offline-page=""><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#b71c1c">
<title>当前没有网络 · 职称服务平台</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.6;color:#1f1f1f;background:#f6f6f4}
header{background:#b71c1c;color:#fff;padding:.6rem 1rem;min-height:44px;display:flex;align-items:center}
header a{color:#fff;text-decoration:none;display:flex;flex-direction:column;line-height:1.2;font-size:.75rem}
header strong{font-size:1.05rem}
main{max-width:640px;margin:0 auto;padding:1rem 1.25rem 2rem}
h1{font-size:1.3rem;margin:.5rem 0}
ul{padding:0;list-style:none}
li{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
li a{font-size:1.1rem;font-weight:600;color:#b71c1c}
small{color:#555;font-size:.85rem}
.reason{background:#fff4e5;border:1px solid #f0c36d;border-radius:8px;padding:.75rem 1rem}
</style></head>
<body><header><a href="/"><span>柳州市</span><strong>职称服务平台</strong></a></header>
<main id="main" data-testid="offline-page">
<h1>当前没有网络</h1>
${reason ? `<p class="reason" role="alert">${escape(reason)}</p>` : ''}
<p>这个页面需要联网。没有网络时，以下内容可以打开：</p>
<ul>${items.join('')}</ul>
<p><small>联网后重新打开本页即可。</small></p>
</main></body></html>`;
}

export function offlinePageResponse(options: OfflinePageOptions): Response {
	return new Response(offlinePageHtml(options), {
		status: 503,
		headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }
	});
}
