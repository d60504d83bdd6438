// Helpers of the project pages that need no component: stage names, who may do what on a
// project, the unmet list of a refused go, the timeline threaded (responses under the feedback
// they answer), and the project form's changes.

import { ApiError } from '../api/client'
import type { Maturity, Project, ProjectFields, ProjectTeamMember, Stage, StageModel, TimelineEvent, User } from '../api/types'
import type { ClinicalArea, Tier, TimelineKind } from './enums'

/** The default stage ids (docs/projects.md), for when the stage model has not loaded. */
export const DEFAULT_STAGE_IDS = [
  'need_validated',
  'concept',
  'proof_of_concept',
  'prototype',
  'design_verification',
  'clinical_validation',
  'registration',
  'market',
] as const

/** A stage's name in the reader's language: the model's, else the id. */
export function stageName(model: StageModel | null | undefined, stage: number, locale: string): string {
  const s: Stage | undefined = model?.stages[stage]
  if (!s) return DEFAULT_STAGE_IDS[stage] ?? String(stage)
  return locale === 'en' && s.name_en ? s.name_en : s.name
}

/** How many stages there are (8 by default). */
export function stageCount(model: StageModel | null | undefined): number {
  return model?.stages.length || DEFAULT_STAGE_IDS.length
}

/** A team member whose role ends in "lead" (clinical, engineering, business lead). */
export function isLead(project: Pick<Project, 'team'> | null | undefined, user: Pick<User, 'id'> | null | undefined): boolean {
  if (!project || !user) return false
  return (project.team ?? []).some((m) => m.user === user.id && /lead$/.test(m.role.trim()))
}

export function isClinicalLead(project: Pick<Project, 'team'> | null | undefined, user: Pick<User, 'id'> | null | undefined): boolean {
  if (!project || !user) return false
  return (project.team ?? []).some((m) => m.user === user.id && m.role.trim() === 'clinical lead')
}

/** Clinicians of the project's tenant and its clinical lead record clinical feedback. */
export function mayGiveFeedback(project: Pick<Project, 'team' | 'tenant'> | null | undefined, user: Pick<User, 'id' | 'role' | 'tenant_id'> | null | undefined): boolean {
  if (!project || !user) return false
  return (user.role === 'clinician' && user.tenant_id === project.tenant) || isClinicalLead(project, user)
}

/** What a refused go lacks: the server's list (an `unmet` array when it sends one, else the
 * "…: a; b; c" of its message), one entry each. */
export function unmetFromError(e: unknown): string[] {
  if (!(e instanceof ApiError)) return []
  const body = e.body as { unmet?: unknown; error?: { unmet?: unknown } } | undefined
  const list = body?.error?.unmet ?? body?.unmet
  if (Array.isArray(list) && list.every((x) => typeof x === 'string')) return list as string[]
  const msg = e.message
  const colon = msg.indexOf(': ')
  const rest = colon >= 0 ? msg.slice(colon + 2) : msg
  return rest
    .split(/;\s*/)
    .map((x) => x.trim())
    .filter(Boolean)
}

/** The maturity a gate starts from: the project's, with technical = its TRL when known. */
export function startingMaturity(p: Pick<Project, 'maturity' | 'trl'>): Maturity {
  const m = p.maturity ?? { clinical: 1, market: 1, regulatory: 1, technical: 1 }
  return { clinical: m.clinical || 1, market: m.market || 1, regulatory: m.regulatory || 1, technical: m.technical || p.trl || 1 }
}

export interface ThreadedEvent {
  event: TimelineEvent
  /** Responses to this feedback, in order. */
  responses: TimelineEvent[]
}

/** The timeline oldest first (newest last), each response placed under the feedback it answers;
 * a response whose feedback is not in the list stays where it is. */
export function threadTimeline(events: readonly TimelineEvent[]): ThreadedEvent[] {
  const time = (e: TimelineEvent) => {
    const ms = new Date(e.at).getTime()
    return Number.isNaN(ms) ? 0 : ms
  }
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => time(a.e) - time(b.e) || a.i - b.i).map((x) => x.e)
  const feedback = new Map<number, ThreadedEvent>()
  for (const e of ordered) if (e.kind === 'feedback') feedback.set(e.id, { event: e, responses: [] })
  const out: ThreadedEvent[] = []
  for (const e of ordered) {
    if (e.kind === 'feedback') out.push(feedback.get(e.id)!)
    else if (e.kind === 'response' && typeof e.detail?.to === 'number' && feedback.has(e.detail.to)) feedback.get(e.detail.to)!.responses.push(e)
    else out.push({ event: e, responses: [] })
  }
  return out
}

/** A mark for each kind of timeline event. */
export const TIMELINE_ICONS: Record<TimelineKind, string> = {
  created: '✦',
  gate: '◆',
  trl: '▲',
  milestone: '⚑',
  feedback: '✚',
  response: '↳',
  outcome: '★',
  update: '✎',
}

// ---- the project form

export interface ProjectForm {
  title: string
  summary: string
  clinical_area: ClinicalArea | ''
  org: number | null
  needs: number[]
  capabilities: number[]
  team: ProjectTeamMember[]
  tier: Tier
  trl: number | ''
}

export function emptyProjectForm(): ProjectForm {
  return { title: '', summary: '', clinical_area: '', org: null, needs: [], capabilities: [], team: [], tier: 'consortium', trl: '' }
}

export function projectFormFrom(p: Project): ProjectForm {
  return {
    title: p.title,
    summary: p.summary ?? '',
    clinical_area: p.clinical_area || '',
    org: p.org?.id ?? null,
    needs: [...(p.needs ?? [])],
    capabilities: [...(p.capabilities ?? [])],
    team: (p.team ?? []).map((m) => ({ ...m })),
    tier: p.tier,
    trl: p.trl ?? '',
  }
}

/** The fields to send: all set ones for a new project, only the changed ones for an edit. */
export function projectChanges(form: ProjectForm, original?: Project | null): ProjectFields {
  const team = form.team
    .filter((m) => m.user > 0 || m.name.trim())
    .map((m) => ({ user: Number(m.user), name: m.name.trim(), role: m.role }))
  const all: ProjectFields = {
    title: form.title.trim(),
    summary: form.summary.trim(),
    clinical_area: form.clinical_area || undefined,
    org: form.org,
    needs: form.needs,
    capabilities: form.capabilities,
    team,
    tier: form.tier,
    trl: form.trl === '' ? undefined : Number(form.trl),
  }
  if (!original) {
    const out: ProjectFields = {}
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v
    return out
  }
  const before = projectChanges(projectFormFrom(original))
  const out: ProjectFields = {}
  for (const [k, v] of Object.entries(all) as [keyof ProjectFields, unknown][]) {
    if (v === undefined) continue
    if (JSON.stringify(v) !== JSON.stringify(before[k] ?? (k === 'org' ? null : undefined))) (out as Record<string, unknown>)[k] = v
  }
  return out
}

/** Team rows need a user id (a whole number) and a name. */
export function badTeamRows(team: readonly ProjectTeamMember[]): number[] {
  return team.flatMap((m, i) => (!Number.isInteger(Number(m.user)) || Number(m.user) < 1 || !m.name.trim() ? [i] : []))
}
