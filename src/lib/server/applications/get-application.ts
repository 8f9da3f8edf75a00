import { and, asc, eq, inArray } from 'drizzle-orm';
import { sections } from '#lib/domain/application-form.js';
import { AppError } from '#lib/domain/errors.js';
import { isUuid } from '#lib/domain/ids.js';
import type { Actor } from '#lib/domain/policy.js';
import {
	availableEvents,
	eventLabels,
	PERIOD_WORKING_DAYS,
	stateLabels,
	type EventType
} from '#lib/domain/procedures.js';
import { slaStatus, waitingDays, type SlaStatus } from '#lib/domain/sla.js';
import { authorize } from '../auth/actor.js';
import { db } from '../db/index.js';
import {
	applications,
	applicationSteps,
	attachments,
	conferrals,
	organisations,
	paperMailings,
	users,
	type Application
} from '../db/schema/index.js';
import { chinaToday, workingDayCalendar } from '../calendar/working-day-calendar.js';
import { attachmentRefs, contentView } from './content-view.js';
import { loadRouting } from './get-routing.js';
import { verifySeal } from './seal-step.js';
import { involvedOrgIds, procedureActor, snapshotOf } from './transition-application.js';

export interface StepView {
	seq: number;
	event: EventType;
	label: string;
	fromState: string;
	toState: string;
	toLabel: string;
	orgName: string | null;
	/** The reviewer's name: staff screens only; the applicant sees the organisation. */
	reviewerName: string | null;
	at: Date;
	opinion: string | null;
	returnSections: { id: string; title: string }[];
	detail: Record<string, unknown>;
	/** Present when the step was sealed; `valid` is checked now against the current content. */
	seal: { kid: string; valid: boolean } | null;
}

export interface AttachmentView {
	id: string;
	name: string;
	mime: string;
	label: string;
	/** The bytes are on the server (fully uploaded). */
	available: boolean;
}

/** Load the application as `actor` may see it; refuses (and audits) anyone not involved. */
export async function loadVisible(actor: Actor, id: string): Promise<Application> {
	if (!isUuid(id)) throw new AppError('NOT_FOUND');
	const [app] = await db().select().from(applications).where(eq(applications.id, id));
	if (!app) throw new AppError('NOT_FOUND');
	await authorize(actor, 'application.view', {
		type: 'application',
		id: app.id,
		applicantId: app.applicantId,
		orgIds: await involvedOrgIds(db(), app)
	});
	return app;
}

async function orgName(id: string | null): Promise<string | null> {
	if (!id) return null;
	const [o] = await db()
		.select({ name: organisations.name })
		.from(organisations)
		.where(eq(organisations.id, id));
	return o?.name ?? null;
}

async function stepsOf(app: Application, staffView: boolean): Promise<StepView[]> {
	const rows = await db()
		.select({
			step: applicationSteps,
			orgName: organisations.name,
			reviewerName: users.name
		})
		.from(applicationSteps)
		.leftJoin(organisations, eq(organisations.id, applicationSteps.actorOrgId))
		.leftJoin(users, eq(users.id, applicationSteps.actorUserId))
		.where(eq(applicationSteps.applicationId, app.id))
		.orderBy(asc(applicationSteps.seq));
	const titles = new Map(sections(app.kind).map((s) => [s.id as string, s.title]));
	const out: StepView[] = [];
	for (const { step, orgName, reviewerName } of rows) {
		const event = step.event as EventType;
		out.push({
			seq: step.seq,
			event,
			label: eventLabels[event] ?? step.event,
			fromState: step.fromState,
			toState: step.toState,
			toLabel: stateLabels[step.toState],
			orgName,
			reviewerName: staffView && step.actorOrgId ? reviewerName : null,
			at: step.at,
			opinion: step.opinion,
			returnSections: (step.returnSections ?? []).map((id) => ({
				id,
				title: titles.get(id) ?? id
			})),
			detail: step.detail,
			seal: step.seal
				? {
						kid: step.seal.kid,
						valid: await verifySeal(db(), step.seal, app.contentHash ?? '')
					}
				: null
		});
	}
	return out;
}

async function attachmentsOf(app: Application): Promise<AttachmentView[]> {
	const refs = attachmentRefs(app.content).filter((r) => isUuid(r.id));
	if (refs.length === 0) return [];
	const stored = await db()
		.select({ id: attachments.id })
		.from(attachments)
		.where(
			and(
				inArray(
					attachments.id,
					refs.map((r) => r.id)
				),
				eq(attachments.ownerUserId, app.applicantId),
				eq(attachments.complete, true)
			)
		);
	const present = new Set(stored.map((s) => s.id));
	return refs.map((r) => ({
		id: r.id,
		name: r.name,
		mime: r.mime,
		label: r.label,
		available: present.has(r.id)
	}));
}

async function eventsFor(actor: Actor, app: Application): Promise<EventType[]> {
	if (!app.employerId) return [];
	const routing = await loadRouting(db(), app.employerId);
	if (!routing) return [];
	return availableEvents(snapshotOf(app), procedureActor(actor), {
		routing,
		today: chinaToday(),
		calendar: workingDayCalendar()
	});
}

/**
 * Everything one screen shows about an application: its content by section, the files,
 * every step with its seal checked now, what the viewer may do next, the paper mailing and
 * the conferral. The same view serves reviewers (`/review/[id]`) and applicants.
 */
export async function viewApplication(actor: Actor, id: string) {
	const app = await loadVisible(actor, id);
	const staffView = actor.kind === 'staff';
	const calendar = workingDayCalendar();
	const today = chinaToday();
	const [employerName, assigneeName, steps, files, available, [mailing], [conferral]] =
		await Promise.all([
			orgName(app.employerId),
			orgName(app.assigneeOrgId),
			stepsOf(app, staffView),
			attachmentsOf(app),
			eventsFor(actor, app),
			db().select().from(paperMailings).where(eq(paperMailings.applicationId, app.id)),
			app.conferralId
				? db().select().from(conferrals).where(eq(conferrals.id, app.conferralId))
				: Promise.resolve([])
		]);
	const waiting = waitingDays(calendar, chinaToday(app.stateChangedAt), today);
	const sla: SlaStatus = slaStatus(app.state, waiting);
	const provisional = calendar.isProvisional(chinaToday(app.stateChangedAt), today);
	const lastReturn =
		app.state === 'returned'
			? ([...steps].reverse().find((s) => s.event === 'return') ?? null)
			: null;
	const periodEnds = (start: string | null) =>
		start ? calendar.addWorkingDays(start, PERIOD_WORKING_DAYS) : null;
	return {
		application: {
			id: app.id,
			number: app.number,
			kind: app.kind,
			level: app.level,
			series: app.series,
			qualification: app.qualification,
			applicantName: app.applicantName,
			tier: app.tier,
			state: app.state,
			stateLabel: stateLabels[app.state],
			version: app.version,
			stateChangedAt: app.stateChangedAt,
			submittedAt: app.submittedAt,
			employerName,
			assigneeName,
			isAssignee: staffView && actor.kind === 'staff' && app.assigneeOrgId === actor.orgId,
			publicityStartedOn: app.publicityStartedOn,
			publicityEndsOn: periodEnds(app.publicityStartedOn),
			noticeStartedOn: app.noticeStartedOn,
			noticeEndsOn: periodEnds(app.noticeStartedOn)
		},
		sections: contentView(app.kind, app.content, employerName),
		sectionChoices: sections(app.kind),
		attachments: files,
		steps,
		available,
		waiting,
		sla,
		provisional,
		lastReturn,
		paperMailing: mailing ?? null,
		conferral: conferral
			? { documentNumber: conferral.documentNumber, conferredOn: conferral.conferredOn }
			: null
	};
}

export type ApplicationView = Awaited<ReturnType<typeof viewApplication>>;
