/** Typed URL builders: pages link through these, never hand-written path strings. */
export const route = {
	home: () => '/',
	// Offline drafts: client-rendered shells, one cached copy serves every `?id=`.
	myDrafts: () => '/drafts',
	/** 开始申请: `kind` opens with that procedure first; `welcome` greets a new account. */
	draftNew: (p?: { kind?: string; welcome?: boolean }) => {
		const q = new URLSearchParams();
		if (p?.kind) q.set('kind', p.kind);
		if (p?.welcome) q.set('welcome', '1');
		return '/drafts/new' + (q.size ? `?${q}` : '');
	},
	draftEdit: (p: { id: string; step?: number }) =>
		`/drafts/edit?id=${encodeURIComponent(p.id)}` +
		(p.step ? `&step=${encodeURIComponent(p.step)}` : ''),
	draftConflict: (p: { id: string }) => `/drafts/conflict?id=${encodeURIComponent(p.id)}`,
	login: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login'),
	logout: () => '/logout',
	register: (next?: string) => (next ? `/register?next=${encodeURIComponent(next)}` : '/register'),
	registerEmployer: () => '/register/employer',
	account: () => '/account',
	admin: () => '/admin',
	adminOrganisations: (query?: Record<string, string>) =>
		'/admin/organisations' +
		(query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''),
	adminOrganisation: (p: { id: string }) => `/admin/organisations/${encodeURIComponent(p.id)}`,
	adminOrganisationLicence: (p: { id: string }) =>
		`/admin/organisations/${encodeURIComponent(p.id)}/licence`,
	adminNewOrganisation: () => '/admin/organisations/new',
	adminUsers: (q?: string) => '/admin/users' + (q ? `?q=${encodeURIComponent(q)}` : ''),
	// Approval chains: reviewer queues, conferral, the applicant's applications, notifications.
	review: (query?: Record<string, string>) =>
		'/review' + (query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''),
	reviewApplication: (p: { id: string }, query?: Record<string, string>) =>
		`/review/${encodeURIComponent(p.id)}` +
		(query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''),
	reviewConferral: () => '/review/conferral',
	applications: () => '/applications',
	application: (p: { id: string }) => `/applications/${encodeURIComponent(p.id)}`,
	applicationAttachment: (p: { id: string; attachmentId: string }) =>
		`/applications/${encodeURIComponent(p.id)}/attachments/${encodeURIComponent(p.attachmentId)}`,
	notifications: () => '/notifications',
	drafts: () => '/drafts',
	// Electronic certificates and archive forms.
	certificates: () => '/certificates',
	certificate: (p: { id: string }) => `/certificates/${encodeURIComponent(p.id)}`,
	certificatePdf: (p: { id: string }, opts?: { print?: boolean }) =>
		`/certificates/${encodeURIComponent(p.id)}/pdf` + (opts?.print ? '?print=1' : ''),
	archiveForms: () => '/archive-forms',
	archiveFormPdf: (p: { applicationId: string }) =>
		`/archive-forms/${encodeURIComponent(p.applicationId)}`,
	adminCertificates: (q?: string) =>
		'/admin/certificates' + (q ? `?q=${encodeURIComponent(q)}` : ''),
	adminCertificateBatches: () => '/admin/certificates/batches',
	adminCertificateBatchProgress: (p: { id: string }) =>
		`/admin/certificates/batches/${encodeURIComponent(p.id)}/progress`,
	adminCertificateKeys: () => '/admin/certificates/keys',
	// Notices, calendar, paper certificates of old, credit records, guides, legacy accounts.
	notices: (query?: Record<string, string>) =>
		'/notices' + (query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''),
	noticesFeed: () => '/notices/feed.atom',
	noticeNew: (p?: { applicationId?: string }) =>
		'/notices/new' +
		(p?.applicationId ? `?application=${encodeURIComponent(p.applicationId)}` : ''),
	myNotices: () => '/notices/mine',
	adminCalendar: (year?: number) => '/admin/calendar' + (year ? `?year=${year}` : ''),
	paperCertificates: (q?: string) =>
		'/records/paper-certificates' + (q ? `?q=${encodeURIComponent(q)}` : ''),
	paperCertificatesImport: () => '/records/paper-certificates/import',
	paperCertificatesTemplate: () => '/records/paper-certificates/import/template.xlsx',
	creditRecords: (q?: string) => '/records/credit' + (q ? `?q=${encodeURIComponent(q)}` : ''),
	creditRecord: (p: { id: string }) => `/records/credit/${encodeURIComponent(p.id)}`,
	creditRecordEvidence: (p: { id: string }) =>
		`/records/credit/${encodeURIComponent(p.id)}/evidence`,
	myCredit: () => '/credit',
	guides: () => '/guides',
	guide: (p: { slug: string }) => `/guides/${encodeURIComponent(p.slug)}`,
	guidePdf: (p: { slug: string }) => `/guides/${encodeURIComponent(p.slug)}/pdf`,
	activate: () => '/activate',
	passwordReset: () => '/password/reset',
	adminSmsOutbox: () => '/admin/messages/outbox',
	jwks: () => '/.well-known/jwks.json',
	// Verification: public QR page, lookup, scanner, open API, the holder's check history.
	verifyToken: (p: { token: string }) => `/v/${encodeURIComponent(p.token)}`,
	verifyTokenPhoto: (p: { token: string }) => `/v/${encodeURIComponent(p.token)}/photo`,
	verifyForm: (p: { token: string }) => `/v/f/${encodeURIComponent(p.token)}`,
	verifyLookup: () => '/verify',
	scan: () => '/scan',
	apiVerify: (p: { token: string }, opts?: { via?: 'scan' }) =>
		`/api/v1/verify/${encodeURIComponent(p.token)}` + (opts?.via ? `?via=${opts.via}` : ''),
	apiVerifyForm: (p: { token: string }, opts?: { via?: 'scan' }) =>
		`/api/v1/verify/f/${encodeURIComponent(p.token)}` + (opts?.via ? `?via=${opts.via}` : ''),
	statusList: () => '/api/v1/status-list',
	certificateChecks: () => '/certificates/checks'
} as const;
