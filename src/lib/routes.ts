/** Typed URL builders: pages link through these, never hand-written path strings. */
export const route = {
	home: () => '/',
	login: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : '/login'),
	logout: () => '/logout',
	register: () => '/register',
	registerEmployer: () => '/register/employer',
	account: () => '/account',
	admin: () => '/admin',
	adminOrganisations: (query?: Record<string, string>) =>
		'/admin/organisations' +
		(query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''),
	adminOrganisation: (p: { id: string }) => `/admin/organisations/${p.id}`,
	adminOrganisationLicence: (p: { id: string }) => `/admin/organisations/${p.id}/licence`,
	adminNewOrganisation: () => '/admin/organisations/new',
	adminUsers: (q?: string) => '/admin/users' + (q ? `?q=${encodeURIComponent(q)}` : '')
} as const;
