// The JSON shapes of the yigong API (docs/api.md; field specs in src/core/domain/record.cpp).

import type {
  CallKind,
  CallState,
  CapabilityType,
  ConflictKind,
  CareStage,
  GateDecision,
  KpiScope,
  MilestoneStatus,
  OutcomeType,
  ProjectState,
  Severity,
  TimelineKind,
  ClinicalArea,
  Discipline,
  Language,
  MatchState,
  NeedStatus,
  OrgType,
  ProposalState,
  ReviewState,
  Role,
  Tier,
} from '../lib/enums'

export type RecordKind = 'organisation' | 'person' | 'need' | 'capability'
export type RecordPlural = 'organisations' | 'people' | 'needs' | 'capabilities'

/** Members every record carries; `teaser` records carry only their teaser fields. */
export interface RecordBase {
  id: number
  kind: RecordKind
  tenant_id: number
  tier: Tier
  org_id?: number | null
  teaser: boolean
  can_edit: boolean
  version: number
  created_at: string
  updated_at: string
  created_by?: number | null
  key?: string | null
}

/** A Biodesign need-statement rule the record breaks (not an error: the record is saved). */
export interface Warning {
  field: string
  code: string
  message: string
}

export interface Need extends RecordBase {
  kind: 'need'
  title: string
  problem?: string
  population?: string
  outcome?: string
  clinical_area: ClinicalArea
  care_stage: CareStage
  current_practice?: string
  shortfall?: string
  population_size?: number
  evidence_problem?: string
  evidence_population?: string
  evidence_outcome?: string
  must_have?: string[]
  nice_to_have?: string[]
  language: Language
  status?: NeedStatus
  warnings?: Warning[]
}

export interface Capability extends RecordBase {
  kind: 'capability'
  title: string
  type: CapabilityType
  description?: string
  trl: number
  keywords?: string[]
  language: Language
}

export interface Organisation extends RecordBase {
  kind: 'organisation'
  name: string
  name_en?: string
  type: OrgType
  region?: string
  description?: string
  website?: string
}

export interface Person extends RecordBase {
  kind: 'person'
  name: string
  name_en?: string
  email?: string
  title?: string
  discipline?: Discipline
  expertise?: string[]
}

export interface KindMap {
  needs: Need
  capabilities: Capability
  organisations: Organisation
  people: Person
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface User {
  id: number
  tenant_id: number
  email: string
  name: string
  role: Role
  org_id: number | null
  created_at?: string
  disabled?: boolean
}

export interface SignedIn {
  user: User
  csrf_token: string
  expires_at?: string
}

export interface Tenant {
  id: number
  slug: string
  name: string
}

export interface Invite {
  token: string
  accept_path: string
}

/** Where an invitation stands: waiting to be accepted, accepted, or past its expiry unused. */
export type InviteState = 'pending' | 'used' | 'expired'

/** One invitation of a tenant (GET /invites); the token itself is never listed. */
export interface Invitation {
  email: string
  role: Role
  tenant_id: number
  org_id: number | null
  created_at: string
  expires_at: string
  used_at?: string | null
  state: InviteState
}

/** PATCH /users/{id}: the members to change (administrators only). */
export interface UserPatch {
  role?: Role
  org_id?: number | null
  disabled?: boolean
}

export interface AuditEvent {
  seq: number
  at: string
  tenant_id: number
  actor_id: number
  action: string
  kind: string
  record_id: number
  detail: unknown
  hash: string
}

export interface AuditPage {
  items: AuditEvent[]
  next_after: number | null
}

export interface AuditVerify {
  ok: boolean
  events: number
  first_bad: number | null
  problem: string
}

export interface ImportRowError {
  line: number
  item: string
  field: string
  message: string
}

export interface ImportReport {
  written: boolean
  dry_run: boolean
  rows: Partial<Record<RecordPlural, number>>
  errors: ImportRowError[]
}

/** GET /api/v1/stats. The breakdowns may be absent on servers that only count. */
export interface Stats {
  counts: Partial<Record<RecordPlural, number>>
  /** Recorded match states (contacted, accepted, …) of the needs the caller may see. */
  matches?: { by_state?: Record<string, number> }
  needs?: {
    by_clinical_area?: Record<string, number>
    by_status?: Record<string, number>
    by_care_stage?: Record<string, number>
    by_tier?: Record<string, number>
  }
  capabilities?: {
    by_type?: Record<string, number>
    by_trl?: Record<string, number>
  }
  organisations?: {
    by_type?: Record<string, number>
    by_region?: Record<string, number>
  }
}

// ---- matching (docs/api.md, "Matching"): hits with the reasons they were found.

/** A concept of the clinical–engineering thesaurus as the matcher names it. */
export interface ConceptRef {
  id: string
  label_zh: string
  label_en: string
  kind: string
}

/** A clinical concept bridged to an engineering one, with the link's weight (0–1). */
export interface BridgeRef {
  from: ConceptRef
  to: ConceptRef
  weight: number
}

/** Why a record was found: the words it shares, the concepts it shares, the bridges used. */
export interface Why {
  words: string[]
  concepts: ConceptRef[]
  bridges: BridgeRef[]
}

/** The kinds a need is matched to (GET /needs/{id}/matches?kind=…). */
export type MatchTargetKind = 'capability' | 'person' | 'organisation'

/** One hit: the record exactly as GET /<plural>/{id} shows it to the viewer (maybe a teaser). */
export interface Hit {
  kind: RecordKind
  record: Need | Capability | Person | Organisation
  /** 0–3 (lexical share up to 1, concept agreement up to 2), higher is better. */
  score: number
  why: Why
  /** Only in need ↔ capability/person/organisation match lists. */
  state?: MatchState
  /** The owning organisation, when the viewer may see it (null otherwise, or for organisations). */
  org?: { id: number; name: string; name_en: string | null } | null
}

/** How the text of a need or a search was read: the concepts found and the bridges from them. */
export interface QueryReading {
  concepts: ConceptRef[]
  bridges: BridgeRef[]
}

export interface HitPage {
  items: Hit[]
  total: number
  query?: QueryReading
}

/** PUT /needs/{id}/matches/{kind}/{targetId}. */
export interface MatchStateRecord {
  need_id: number
  kind: MatchTargetKind
  target_id: number
  state: MatchState
  updated_at: string
  updated_by: number
}

/** A concept of the thesaurus (GET /bridge/concepts). */
export interface BridgeConcept {
  id: string
  kind: string
  domain: 'clinical' | 'engineering'
  zh: string[]
  en: string[]
  /** How many bridge links touch this concept. */
  links: number
}

export interface BridgeConceptPage {
  items: BridgeConcept[]
  total: number
  version: string
}

// ---- calls and expert review (docs/calls.md)

/** An id with a display name (a call's sponsor, a proposal's organisation). */
export interface NamedRef {
  id: number
  name: string
}

export interface Eligibility {
  org_types: OrgType[]
  regions: string[]
  trl_min?: number | null
  trl_max?: number | null
}

/** One rubric criterion: its weight (the weights of a rubric sum to 1) and one level descriptor
 * per point of the scale. */
export interface Criterion {
  id: string
  name: string
  name_en: string
  weight: number
  levels: string[]
}

export interface Rubric {
  template?: string
  scale: number
  criteria: Criterion[]
}

/** A rubric a call can start from (GET /rubric-templates). */
export interface RubricTemplate {
  id: string
  name: string
  name_en: string
  source: string
  scale: number
  criteria: Criterion[]
}

/** The minimum number of reviewers of each discipline per proposal. */
export type ReviewMix = Partial<Record<string, number>>

export interface ReviewSettings {
  blind: boolean
  per_proposal: number
  max_load: number
  mix: ReviewMix
  coi_years: number
}

export interface Call {
  id: number
  tenant: number
  sponsor?: NamedRef | null
  kind: CallKind
  title: string
  scope?: string
  reward?: string
  budget?: number | null
  currency?: string
  needs?: number[]
  eligibility?: Eligibility
  opens_at?: string | null
  closes_at?: string | null
  time_zone: string
  rubric?: Rubric
  review?: ReviewSettings
  tier: Tier
  state: CallState
  version: number
  created_at: string
  updated_at: string
  /** How many proposals it has; operators and admins only. */
  proposals?: number
}

/** What POST /calls takes (and PATCH /calls/{id}, partly, with the version). */
export type CallFields = Partial<Omit<Call, 'id' | 'tenant' | 'sponsor' | 'state' | 'version' | 'created_at' | 'updated_at' | 'proposals'>>

export interface TeamMember {
  name: string
  role: string
}

export interface Milestone {
  title: string
  /** A date, YYYY-MM-DD. */
  due: string
  budget: number | null
}

export interface Attachment {
  /** 32 hex digits; the download link is /api/v1/attachments/{token}. */
  token: string
  name: string
  type: string
  size: number
  sha256: string
}

export type DecisionOutcome = 'award' | 'reject'

export interface Decision {
  outcome: DecisionOutcome
  reason: string
  at: string
}

/** A proposal. A blind call's reviewer gets blind: true and none of org, created_by, team,
 * capabilities, attachments. */
export interface Proposal {
  id: number
  call: number
  state: ProposalState
  org?: NamedRef | null
  created_by?: number | null
  title: string
  summary?: string
  budget?: number | null
  trl?: number | null
  capabilities?: number[]
  team?: TeamMember[]
  milestones?: Milestone[]
  attachments?: Attachment[]
  submitted_at?: string | null
  decision?: Decision | null
  version: number
  blind: boolean
  /** The project made from this proposal once awarded (POST /proposals/{id}/project). */
  project?: number | null
}

export type ProposalFields = Partial<Pick<Proposal, 'title' | 'summary' | 'budget' | 'trl' | 'capabilities' | 'team' | 'milestones'>>

/** A member of a call's reviewer pool. */
export interface PoolReviewer {
  user: number
  name: string
  discipline?: string
  /** The group the assignment's mix counts it in (clinician, engineer, …). */
  group?: string
  org?: NamedRef | string | null
  expertise?: string[] | string
}

export interface ProposalPair {
  proposal: number
  reviewer: number
}

export interface AssignmentSettings {
  per_proposal: number
  max_load: number
  mix: ReviewMix
  coi_years: number
}

/** POST /calls/{id}/assignment: every member optional. */
export interface SolveRequest extends Partial<AssignmentSettings> {
  pins?: ProposalPair[]
  forbids?: ProposalPair[]
}

export interface BoardCell {
  proposal: number
  reviewer: number
  /** Expertise score, 0–1. */
  score: number
  /** Reasons of conflicts of interest (English sentences); empty when none. */
  conflicts: string[]
  assigned: boolean
  pinned: boolean
  forbidden: boolean
  recused: boolean
  reviewed: boolean
}

export interface Shortfall {
  proposal: number
  group: string
  missing: number
  eligible: number
}

export interface AssignmentBoard {
  settings: AssignmentSettings
  proposals: { id: number; title: string; org?: NamedRef | null }[]
  reviewers: { user: number; name: string; discipline?: string; group?: string; org?: string | NamedRef | null; load: number }[]
  cells: BoardCell[]
  complete: boolean
  total_score: number
  shortfalls: Shortfall[]
}

export interface Review {
  proposal?: number
  scores: Record<string, number>
  /** The weighted score on the rubric's scale, once every criterion is scored. */
  weighted?: number | null
  comment: string
  submitted?: boolean
  submitted_at?: string | null
  updated_at?: string
}

/** PUT /proposals/{id}/review. */
export interface ReviewInput {
  scores: Record<string, number>
  comment: string
  submit: boolean
}

/** One assignment of the signed-in reviewer (GET /reviews/mine). */
export interface MyReview {
  call: { id: number; title: string; blind: boolean; state?: CallState; rubric: Rubric }
  /** Only the id once recused. */
  proposal: Pick<Proposal, 'id'> & Partial<Proposal>
  review: Review | null
  state: ReviewState
}

export interface RankingItem {
  rank: number
  proposal: { id: number; title: string; org?: NamedRef | null; state: ProposalState }
  reviews: number
  raw: number
  normalised: number
  /** Mean score per criterion id. */
  criteria: Record<string, number>
  spread: number
  disagreement: boolean
  /** Which proposals it ties with, as the server words it; "" when none. */
  tie: string
}

export interface Ranking {
  call?: { id: number; title: string; scale: number }
  criteria: { id: string; name: string; name_en?: string; weight: number }[]
  items: RankingItem[]
}

export interface Conflict {
  id: number
  kind: ConflictKind
  user: number
  org?: number | null
  other_user?: number | null
  from_year?: number | null
  to_year?: number | null
  note?: string
}

export type ConflictInput = Omit<Conflict, 'id'>

export interface Notification {
  id: number
  kind: string
  text: string
  link: string
  created_at: string
  read: boolean
}

export interface NotificationList {
  items: Notification[]
  unread: number
}

// ---- projects, stage gates and KPIs (docs/projects.md)

/** Maturity in the four CIMIT domains: clinical, market and regulatory 1–10, technical (TRL) 1–9. */
export interface Maturity {
  clinical: number
  market: number
  regulatory: number
  technical: number
}

export interface GateCriterion {
  id: string
  name: string
  name_en: string
}

/** One stage and the gate out of it: the criteria a go confirms and the maturity it needs. */
export interface Stage {
  id: string
  name: string
  name_en: string
  criteria: GateCriterion[]
  exit_minimum: Maturity
}

/** GET/PUT /stage-model: the tenant's stages in order (index = stage number). */
export interface StageModel {
  stages: Stage[]
}

export interface ProjectTeamMember {
  user: number
  name: string
  /** clinical lead, engineering lead, business lead, regulatory, member (TEAM_ROLES). */
  role: string
}

export interface ProjectMilestone {
  id: number
  title: string
  /** YYYY-MM-DD. */
  due: string
  owner?: number | null
  status: MilestoneStatus
}

export interface ProjectOutcome {
  type: OutcomeType
  /** YYYY-MM-DD. */
  date: string
  note?: string
}

export interface Project {
  id: number
  tenant: number
  title: string
  summary?: string
  clinical_area?: ClinicalArea | '' | null
  /** The lead organisation. */
  org?: NamedRef | null
  /** Index into the stage model. */
  stage: number
  stage_id: string
  state: ProjectState
  trl?: number | null
  maturity: Maturity
  needs?: number[]
  capabilities?: number[]
  proposal?: number | null
  team?: ProjectTeamMember[]
  tier: Tier
  version: number
  created_at: string
  updated_at: string
  milestones?: ProjectMilestone[]
  outcomes?: ProjectOutcome[]
  can_edit?: boolean
}

/** POST /projects (and PATCH /projects/{id}, partly, with the version). `org` is the lead
 * organisation's id. */
export interface ProjectFields {
  title?: string
  summary?: string
  clinical_area?: ClinicalArea
  org?: number | null
  needs?: number[]
  capabilities?: number[]
  team?: ProjectTeamMember[]
  tier?: Tier
  trl?: number
}

/** GET /projects filters. */
export interface ProjectFilters {
  stage?: number | string
  state?: ProjectState | ''
  area?: ClinicalArea | ''
}

/** POST /projects/{id}/gate. */
export interface GateInput {
  decision: GateDecision
  criteria: Record<string, boolean>
  maturity: Maturity
  reasons: string
  reviewers: number[]
}

export interface MilestoneInput {
  title: string
  due: string
  owner?: number
}

export type MilestonePatch = Partial<Pick<ProjectMilestone, 'status' | 'title' | 'due'>>

export interface FeedbackIssue {
  text: string
  severity: Severity
}

/** POST /projects/{id}/feedback: a round of clinical feedback on a prototype. */
export interface FeedbackInput {
  iteration: number
  sessions: number
  issues: FeedbackIssue[]
}

/** One event of a project's timeline; what `detail` holds depends on the kind. */
export interface TimelineEvent {
  id: number
  kind: TimelineKind
  at: string
  actor?: NamedRef | null
  detail?: TimelineDetail
}

/** The members the timeline shows, by kind: gate (decision, from, to, reasons, reviewers,
 * criteria, maturity), trl (trl, from, note), milestone (title, status, due), feedback (iteration,
 * sessions, issues), response (to, text), outcome (type, date, note), update (fields). */
export interface TimelineDetail {
  decision?: GateDecision
  from?: number
  to?: number
  reasons?: string
  reviewers?: number[]
  criteria?: Record<string, boolean>
  maturity?: Partial<Maturity>
  trl?: number
  note?: string
  title?: string
  status?: MilestoneStatus
  due?: string
  iteration?: number
  sessions?: number
  issues?: FeedbackIssue[]
  text?: string
  type?: OutcomeType
  date?: string
  fields?: string[]
  [key: string]: unknown
}

/** GET /kpis query (format is added by the client). */
export interface KpiQuery {
  from?: string
  to?: string
  area?: ClinicalArea | ''
  scope?: KpiScope | ''
}

/** One stage of the funnel: how many projects reached it, are in it, stopped or stalled there
 * (live for more than 180 days), and the median and 90th percentile of days spent in it. */
export interface FunnelStage {
  stage: number
  id: string
  name: string
  name_en?: string
  reached: number
  current: number
  stopped: number
  stalled: number
  median_days: number | null
  p90_days: number | null
}

export interface Kpis {
  period: { from: string; to: string }
  area: string
  scope: KpiScope
  needs: { by_area: Record<string, number>; by_status: Record<string, number> }
  funnel: FunnelStage[]
  outcomes: Partial<Record<OutcomeType, number>>
  projects: { total: number; active: number; stopped: number }
  calls?: { calls: number; proposals: number; awarded: number }
  /** Distinct organisations taking part in the tenant's projects, by type. */
  partners: Partial<Record<OrgType, number>>
}

export interface NetworkNode {
  id: number
  name: string
  type: OrgType
  betweenness: number
  component: number
}

export interface NetworkLink {
  source: number
  target: number
  weight: number
  kinds?: string[]
}

/** GET /network: organisations linked by working together. */
export interface Network {
  nodes: NetworkNode[]
  links: NetworkLink[]
}

// ---- regulatory pathway (src/pathway/*.hpp: the device-fact schema, classification_to_json,
// PathwayInput and pathway_to_json)

/** A text in both languages, as the pathway data stores it. */
export interface PathwayText {
  zh: string
  en: string
}

export type FactType = 'bool' | 'enum' | 'enum_list' | 'number'

export interface FactChoice {
  value: string
  label: PathwayText
}

/** One device fact of data/pathway/facts.json. */
export interface FactSpec {
  type: FactType
  label: PathwayText
  /** Where the regulation defines it. */
  source?: string
  /** Declared values of enum and enum_list facts, in file order. */
  values?: FactChoice[]
  /** Bounds of a number, inclusive. */
  min?: number
  max?: number
}

/** GET /pathway/facts: the facts the NMPA and EU MDR rule tables ask about. */
export interface FactSchema {
  version: number
  about?: string
  facts: Record<string, FactSpec>
  constraints?: unknown[]
}

export type FactValue = boolean | number | string | string[]
/** The facts given; a fact left out is unknown. */
export type DeviceFacts = Record<string, FactValue>

export interface AppliedRule {
  id: string
  source: string
  text: PathwayText
  class: string
  /** The table cell used, if any. */
  because?: string
}

/** A fact not given that could raise the class. */
export interface MissingFact {
  fact: string
  label: PathwayText
  could_raise_to: string
  rules: string[]
}

export interface Classification {
  system: string
  class: string
  /** 1-based rank of the class (NMPA 1–3; MDR 1 = I … 4 = III). */
  rank: number
  principle: PathwayText
  /** Ids of the applied rules that give the class. */
  decisive: string[]
  applied: AppliedRule[]
  missing: MissingFact[]
}

/** POST /pathway/classify. */
export interface ClassifyResult {
  nmpa: Classification
  mdr: Classification
}

export type PathwayMarket = 'CN' | 'US' | 'EU'
export type PatentStatus = 'none' | 'filed' | 'published' | 'granted'
export type PathwayStatus = 'yes' | 'no' | 'unknown'

/** POST /pathway/plan: every key left out is unknown. */
export interface PathwayInput {
  facts?: DeviceFacts
  nmpa_class?: number
  mdr_class?: string
  fda_class?: number
  markets?: PathwayMarket[]
  domestic?: boolean
  region?: string
  novel?: boolean
  predicate_in_china?: boolean
  predicate_in_us?: boolean
  clinical_route?: string
  requires_trial_approval?: boolean
  apply_innovation?: boolean
  patent_status?: PatentStatus
  patent_grant_date?: string
  patent_search_report_positive?: boolean
  prototype_finalized?: boolean
  first_of_kind_mechanism?: boolean
  fundamental_improvement?: boolean
  significant_clinical_value?: boolean
  priority_grounds?: string[]
  clear_clinical_advantage?: boolean
  no_effective_alternative?: boolean
  as_of?: string
}

export interface PlanStep {
  id: string
  name: PathwayText
  /** [min, max] working days. */
  working_days: [number, number]
  basis: string
  source: string
  /** Applies only if an unknown input turns out so (counts in the maximum only). */
  conditional: boolean
  /** The figure as stored when not in working days ("3–6 months"). */
  as_stored?: string
  /** The regional override applied. */
  override?: { id: string; source: string }
}

export interface RoutePlan {
  market: PathwayMarket
  id: string
  name: PathwayText
  authority: PathwayText
  source: string
  /** The class in that market: NMPA "III", FDA "II", MDR "IIb". */
  class: string
  steps: PlanStep[]
  total_working_days: [number, number]
}

export interface ProgramCriterion {
  id: string
  text: PathwayText
  status: PathwayStatus
  /** Inputs that would decide it. */
  missing: string[]
}

/** Eligibility for a special procedure (innovation special review, priority review). */
export interface ProgramFinding {
  id: string
  name: PathwayText
  source: string
  eligible: PathwayStatus
  reason: string
  criteria: ProgramCriterion[]
}

export interface Pathway {
  nmpa_class: number
  nmpa?: Classification
  mdr?: Classification
  routes: RoutePlan[]
  programs: ProgramFinding[]
  notes: { topic: string; text: string }[]
}
