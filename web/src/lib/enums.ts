// The closed vocabularies of the API (src/core/domain/enums.cpp). Labels live in the i18n
// messages under enum.<name>.<value>; the i18n test checks every value has one in each language.

export const ROLES = [
  'platform_admin',
  'tenant_admin',
  'operator',
  'clinician',
  'supplier',
  'reviewer',
  'investor',
  'guest',
] as const
export type Role = (typeof ROLES)[number]

export const TIERS = ['public', 'consortium', 'nda', 'private'] as const
export type Tier = (typeof TIERS)[number]

/** Organisations and people are directory records: only these tiers apply to them. */
export const DIRECTORY_TIERS = ['public', 'consortium'] as const

export const ORG_TYPES = [
  'government',
  'company',
  'university',
  'research_institute',
  'hospital',
  'investor',
  'cro',
  'poc_centre',
  'pilot_plant',
  'park',
] as const
export type OrgType = (typeof ORG_TYPES)[number]

export const CAPABILITY_TYPES = ['technology', 'product', 'patent', 'equipment', 'service'] as const
export type CapabilityType = (typeof CAPABILITY_TYPES)[number]

export const CARE_STAGES = ['screening', 'diagnosis', 'treatment', 'rehabilitation'] as const
export type CareStage = (typeof CARE_STAGES)[number]

export const CLINICAL_AREAS = [
  'cardiovascular',
  'oncology',
  'neurology',
  'rehabilitation',
  'imaging',
  'ivd',
  'surgery',
  'respiratory',
  'endocrine',
  'orthopaedics',
  'ophthalmology',
  'digital_health',
  'other',
] as const
export type ClinicalArea = (typeof CLINICAL_AREAS)[number]

export const NEED_STATUSES = ['draft', 'open', 'screening', 'matched', 'in_project', 'closed'] as const
export type NeedStatus = (typeof NEED_STATUSES)[number]

export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const DISCIPLINES = [
  'clinician',
  'engineer',
  'scientist',
  'investor',
  'manager',
  'regulatory',
  'other',
] as const
export type Discipline = (typeof DISCIPLINES)[number]

/** Where a need's match stands: suggested by the matcher, then moved on by people. */
export const MATCH_STATES = ['suggested', 'contacted', 'accepted', 'declined'] as const
export type MatchState = (typeof MATCH_STATES)[number]

/** What a search or a match list can return. */
export const HIT_KINDS = ['need', 'capability', 'person', 'organisation'] as const
export type HitKind = (typeof HIT_KINDS)[number]

export const TRL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const

// ---- calls and expert review (docs/calls.md)

/** 揭榜挂帅 (an open challenge with a reward) or 概念验证 (proof-of-concept funding). */
export const CALL_KINDS = ['challenge', 'funding'] as const
export type CallKind = (typeof CALL_KINDS)[number]

/** A call's life cycle, in order: each state may only move to the next one. */
export const CALL_STATES = ['draft', 'open', 'closed', 'in_review', 'decided', 'archived'] as const
export type CallState = (typeof CALL_STATES)[number]

export const PROPOSAL_STATES = ['draft', 'submitted', 'withdrawn', 'awarded', 'rejected'] as const
export type ProposalState = (typeof PROPOSAL_STATES)[number]

/** Where a reviewer's review of one proposal stands (GET /reviews/mine). */
export const REVIEW_STATES = ['to_do', 'draft', 'submitted', 'recused'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

export const CONFLICT_KINDS = ['affiliation', 'collaboration', 'coauthorship', 'equity', 'ip', 'declared'] as const
export type ConflictKind = (typeof CONFLICT_KINDS)[number]

/** A proposal team member's role. The values contain spaces, so their labels live under
 * proposal.teamRole.<value with underscores> (see teamRoleKey), not under enum.*. */
export const TEAM_ROLES = ['clinical lead', 'engineering lead', 'business lead', 'regulatory', 'member'] as const
export type TeamRole = (typeof TEAM_ROLES)[number]
export function teamRoleKey(role: string): string {
  return `proposal.teamRole.${role.replace(/\s+/g, '_')}`
}

/** The time zones a call's dates may be entered and shown in. */
export const CALL_TIME_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'UTC', 'Europe/Berlin', 'America/New_York'] as const

/** Rubric scales the call form offers. */
export const RUBRIC_SCALES = [5, 10] as const

export const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR'] as const

// ---- projects, stage gates and KPIs (docs/projects.md)

/** A project is active until a gate stops it. */
export const PROJECT_STATES = ['active', 'stopped'] as const
export type ProjectState = (typeof PROJECT_STATES)[number]

/** A gate decision: go passes the gate, hold keeps the stage, stop stops, recycle goes back one. */
export const GATE_DECISIONS = ['go', 'hold', 'stop', 'recycle'] as const
export type GateDecision = (typeof GATE_DECISIONS)[number]

export const MILESTONE_STATUSES = ['open', 'done', 'late', 'dropped'] as const
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number]

export const OUTCOME_TYPES = ['company_formed', 'licence_signed', 'registration_certificate', 'product_launched', 'follow_on_funding'] as const
export type OutcomeType = (typeof OUTCOME_TYPES)[number]

/** How serious an issue raised in clinical feedback is. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const TIMELINE_KINDS = ['created', 'gate', 'trl', 'milestone', 'feedback', 'response', 'outcome', 'update'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

/** The four CIMIT maturity domains: clinical, market/business and regulatory 1–10, technical
 * (= TRL) 1–9. */
export const MATURITY_DOMAINS = ['clinical', 'market', 'regulatory', 'technical'] as const
export type MaturityDomain = (typeof MATURITY_DOMAINS)[number]
export function maturityMax(domain: MaturityDomain): number {
  return domain === 'technical' ? 9 : 10
}

/** What the KPIs count over: the caller's tenant or the whole consortium. */
export const KPI_SCOPES = ['tenant', 'consortium'] as const
export type KpiScope = (typeof KPI_SCOPES)[number]

/** Every enumeration by the name its labels use in the messages (enum.<name>.<value>). */
export const ENUMS = {
  role: ROLES,
  tier: TIERS,
  org_type: ORG_TYPES,
  capability_type: CAPABILITY_TYPES,
  care_stage: CARE_STAGES,
  clinical_area: CLINICAL_AREAS,
  need_status: NEED_STATUSES,
  language: LANGUAGES,
  discipline: DISCIPLINES,
  match_state: MATCH_STATES,
  hit_kind: HIT_KINDS,
  call_kind: CALL_KINDS,
  call_state: CALL_STATES,
  proposal_state: PROPOSAL_STATES,
  review_state: REVIEW_STATES,
  conflict_kind: CONFLICT_KINDS,
  project_state: PROJECT_STATES,
  gate_decision: GATE_DECISIONS,
  milestone_status: MILESTONE_STATUSES,
  outcome_type: OUTCOME_TYPES,
  severity: SEVERITIES,
  timeline_kind: TIMELINE_KINDS,
  maturity_domain: MATURITY_DOMAINS,
  kpi_scope: KPI_SCOPES,
} as const
export type EnumName = keyof typeof ENUMS

/** Who may do what, mirroring src/core/domain/access.cpp (the server decides; this only hides
 * buttons that would be refused). */
export function canAdminister(role: Role | undefined): boolean {
  return role === 'platform_admin' || role === 'tenant_admin'
}
export function canImport(role: Role | undefined): boolean {
  return canAdminister(role) || role === 'operator'
}
export function canCreateNeed(role: Role | undefined): boolean {
  return role === 'clinician' || canImport(role)
}
/** The clinical–engineering thesaurus is kept by operators and platform admins. */
export function canEditThesaurus(role: Role | undefined): boolean {
  return role === 'operator' || role === 'platform_admin'
}
export function canCreateCapability(role: Role | undefined): boolean {
  return role === 'supplier' || canImport(role)
}

/** Operators and administrators run calls: create and move them, pick reviewers, assign,
 * rank and decide. */
export function canManageCalls(role: Role | undefined): boolean {
  return role === 'operator' || role === 'tenant_admin' || role === 'platform_admin'
}
/** Suppliers (with an organisation) send proposals. */
export function canPropose(role: Role | undefined): boolean {
  return role === 'supplier'
}

/** Operators and administrators create projects, record gate decisions and edit any project. */
export function canManageProjects(role: Role | undefined): boolean {
  return role === 'operator' || role === 'tenant_admin' || role === 'platform_admin'
}
