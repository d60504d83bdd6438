// A small typed client for the yigong REST API: JSON in and out, the CSRF header on every state
// change, errors turned into ApiError, cursor paging. It takes fetch as a parameter so the unit
// tests can drive it with a fake.

import type {
  AssignmentBoard,
  Attachment,
  AuditPage,
  AuditVerify,
  BridgeConcept,
  BridgeConceptPage,
  Call,
  CallFields,
  ClassifyResult,
  DeviceFacts,
  FactSchema,
  Conflict,
  ConflictInput,
  DecisionOutcome,
  FeedbackInput,
  GateInput,
  Hit,
  HitPage,
  ImportReport,
  ImportRowError,
  Invitation,
  Invite,
  KindMap,
  KpiQuery,
  Kpis,
  MatchStateRecord,
  MatchTargetKind,
  MilestoneInput,
  MilestonePatch,
  MyReview,
  Network,
  NotificationList,
  Page,
  Pathway,
  PathwayInput,
  PoolReviewer,
  Proposal,
  ProposalFields,
  Project,
  ProjectFields,
  ProjectFilters,
  ProjectMilestone,
  ProjectOutcome,
  Ranking,
  Review,
  ReviewInput,
  RubricTemplate,
  SignedIn,
  SolveRequest,
  StageModel,
  Stats,
  Tenant,
  TimelineEvent,
  User,
  UserPatch,
} from './types'
import type { CallKind, CallState, MatchState } from '../lib/enums'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** Query values; empty strings, null and undefined are left out of the URL. */
export type Query = Record<string, string | number | boolean | null | undefined>

/** One failed request, from the API's {"error":{code,message,field,request_id}} body. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string
  readonly requestId: string
  /** Per-row errors of an import refused with 422. */
  readonly rows: ImportRowError[]
  /** The whole parsed body, when it was JSON. */
  readonly body: unknown

  constructor(
    status: number,
    code: string,
    message: string,
    field = '',
    requestId = '',
    rows: ImportRowError[] = [],
    body: unknown = undefined,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.requestId = requestId
    this.rows = rows
    this.body = body
  }

  get notFound(): boolean {
    return this.status === 404
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Builds "?a=1&b=x" from the non-empty members of q (in insertion order); "" when none. */
export function queryString(q: Query | undefined): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** Turns any failed response into an ApiError, whatever its body (JSON error, HTML, nothing). */
export async function parseError(res: Response): Promise<ApiError> {
  const requestId = res.headers.get('x-request-id') ?? ''
  let text = ''
  try {
    text = await res.text()
  } catch {
    text = ''
  }
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  const err = (body as { error?: Record<string, unknown> } | undefined)?.error
  const rows = Array.isArray((body as { errors?: unknown } | undefined)?.errors)
    ? ((body as { errors: ImportRowError[] }).errors ?? [])
    : []
  if (err && typeof err === 'object') {
    return new ApiError(
      res.status,
      typeof err.code === 'string' ? err.code : `http_${res.status}`,
      typeof err.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
      typeof err.field === 'string' ? err.field : '',
      typeof err.request_id === 'string' ? err.request_id : requestId,
      rows,
      body,
    )
  }
  return new ApiError(
    res.status,
    `http_${res.status}`,
    res.statusText || `HTTP ${res.status}`,
    '',
    requestId,
    rows,
    body,
  )
}

/** Reads a cookie from a document.cookie string. */
export function readCookie(cookies: string, name: string): string {
  for (const part of cookies.split(';')) {
    const [k, ...rest] = part.trim().split('=')
    if (k === name) return decodeURIComponent(rest.join('='))
  }
  return ''
}

export interface ClientOptions {
  fetch: FetchLike
  /** Prefix of every path; '' for same-origin. */
  base?: string
  /** The CSRF token to send on state changes (from login or /auth/me, or the yg_csrf cookie). */
  csrf: () => string
  /** Called on every 401, e.g. to send the user to the sign-in page. */
  onUnauthenticated?: (err: ApiError) => void
}

export interface RequestOptions {
  query?: Query
  /** A JSON value (sent as application/json) or raw text with its content type. */
  json?: unknown
  text?: { body: string; contentType: string }
  /** Raw bytes (an uploaded file) with their content type. */
  raw?: { body: Blob | ArrayBuffer | Uint8Array; contentType: string }
  /** Return the parsed body even for these statuses instead of throwing (import's 422). */
  accept?: number[]
}

export class ApiClient {
  private readonly opts: ClientOptions

  constructor(opts: ClientOptions) {
    this.opts = opts
  }

  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    let body: BodyInit | undefined
    if (o.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(o.json)
    } else if (o.text) {
      headers['Content-Type'] = o.text.contentType
      body = o.text.body
    } else if (o.raw) {
      headers['Content-Type'] = o.raw.contentType
      body = o.raw.body as BodyInit
    }
    const m = method.toUpperCase()
    if (STATE_CHANGING.has(m)) {
      const token = this.opts.csrf()
      if (token) headers['X-CSRF-Token'] = token
    }
    const url = `${this.opts.base ?? ''}${path}${queryString(o.query)}`
    let res: Response
    try {
      res = await this.opts.fetch(url, { method: m, headers, body, credentials: 'same-origin' })
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
    }
    if (!res.ok && !(o.accept ?? []).includes(res.status)) {
      const err = await parseError(res)
      if (res.status === 401) this.opts.onUnauthenticated?.(err)
      throw err
    }
    if (res.status === 204) return undefined as T
    const text = await res.text()
    if (!text) return undefined as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(res.status, 'bad_response', 'the server sent a body that is not JSON')
    }
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query })
  }
  post<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>('POST', path, { json })
  }
  put<T>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PUT', path, { json })
  }
  patch<T>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { json })
  }
  del(path: string): Promise<void> {
    return this.request<void>('DELETE', path)
  }

  // ---- sessions

  login(email: string, password: string): Promise<SignedIn> {
    return this.post<SignedIn>('/api/v1/auth/login', { email, password })
  }
  logout(): Promise<void> {
    return this.request<void>('POST', '/api/v1/auth/logout')
  }
  me(): Promise<SignedIn> {
    return this.get<SignedIn>('/api/v1/auth/me')
  }
  changePassword(oldPassword: string, newPassword: string): Promise<void> {
    return this.post<void>('/api/v1/auth/password', {
      old_password: oldPassword,
      new_password: newPassword,
    })
  }
  acceptInvite(token: string, name: string, password: string): Promise<SignedIn> {
    return this.post<SignedIn>('/api/v1/invites/accept', { token, name, password })
  }

  // ---- records

  /** One page of a list. Pass the previous page's next_cursor to get the next one. */
  list<K extends keyof KindMap>(
    kind: K,
    filters: Query = {},
    cursor?: string | null,
  ): Promise<Page<KindMap[K]>> {
    return this.get<Page<KindMap[K]>>(`/api/v1/${kind}`, { ...filters, cursor: cursor ?? undefined })
  }

  /** Every item of a list, page by page, stopping when next_cursor is null (or after maxPages). */
  async listAll<K extends keyof KindMap>(
    kind: K,
    filters: Query = {},
    maxPages = 50,
  ): Promise<KindMap[K][]> {
    const out: KindMap[K][] = []
    let cursor: string | null = null
    for (let i = 0; i < maxPages; i++) {
      const page: Page<KindMap[K]> = await this.list(kind, filters, cursor)
      out.push(...page.items)
      cursor = page.next_cursor
      if (!cursor) break
    }
    return out
  }

  getRecord<K extends keyof KindMap>(kind: K, id: number | string): Promise<KindMap[K]> {
    return this.get<KindMap[K]>(`/api/v1/${kind}/${encodeURIComponent(String(id))}`)
  }
  createRecord<K extends keyof KindMap>(kind: K, fields: object): Promise<KindMap[K]> {
    return this.post<KindMap[K]>(`/api/v1/${kind}`, fields)
  }
  updateRecord<K extends keyof KindMap>(
    kind: K,
    id: number,
    version: number,
    fields: object,
  ): Promise<KindMap[K]> {
    return this.patch<KindMap[K]>(`/api/v1/${kind}/${id}`, { ...fields, version })
  }
  deleteRecord(kind: keyof KindMap, id: number): Promise<void> {
    return this.del(`/api/v1/${kind}/${id}`)
  }
  acceptNda<K extends 'needs' | 'capabilities'>(kind: K, id: number): Promise<KindMap[K]> {
    return this.request<KindMap[K]>('POST', `/api/v1/${kind}/${id}/nda`)
  }

  stats(): Promise<Stats> {
    return this.get<Stats>('/api/v1/stats')
  }

  // ---- matching

  /** Matches of a need (to capabilities, people or organisations) or of a capability (to needs),
   * best first, paged by offset. */
  matches(
    from: 'needs' | 'capabilities',
    id: number,
    opts: { kind?: MatchTargetKind; limit?: number; offset?: number } = {},
  ): Promise<HitPage> {
    return this.get<HitPage>(`/api/v1/${from}/${id}/matches`, {
      kind: from === 'needs' ? opts.kind : undefined,
      limit: opts.limit,
      offset: opts.offset,
    })
  }
  /** Moves a need's match along suggested → contacted → accepted / declined. */
  setMatchState(needId: number, kind: MatchTargetKind, targetId: number, state: MatchState): Promise<MatchStateRecord> {
    return this.put<MatchStateRecord>(`/api/v1/needs/${needId}/matches/${kind}/${targetId}`, { state })
  }
  /** Search over every kind (or one), read the way the matcher reads needs. */
  search(q: string, opts: { kind?: string; limit?: number; offset?: number } = {}): Promise<HitPage> {
    return this.get<HitPage>('/api/v1/search', { q, kind: opts.kind, limit: opts.limit, offset: opts.offset })
  }
  /** Existing needs that look like duplicates of a need being written (at most 5). */
  similarNeeds(text: { title: string; problem: string; population: string; outcome: string }): Promise<{ items: Hit[] }> {
    return this.post<{ items: Hit[] }>('/api/v1/needs/similar', text)
  }

  // ---- thesaurus (operators and platform admins)

  bridgeConcepts(q: string, limit = 50, offset = 0): Promise<BridgeConceptPage> {
    return this.get<BridgeConceptPage>('/api/v1/bridge/concepts', { q, limit, offset })
  }
  addBridgeConcept(c: { id: string; kind: string; zh: string[]; en: string[] }): Promise<BridgeConcept> {
    return this.post<BridgeConcept>('/api/v1/bridge/concepts', c)
  }
  addBridgeLink(l: { from: string; to: string; weight: number }): Promise<unknown> {
    return this.post<unknown>('/api/v1/bridge/links', l)
  }

  // ---- import

  /** Checks (dryRun) or writes a CSV or JSON import. A file with bad rows resolves with the
   * report (errors filled, written false) instead of throwing, so the UI can show every row. */
  importRecords(
    content: string,
    format: 'csv' | 'json',
    opts: { kind?: string; dryRun: boolean },
  ): Promise<ImportReport> {
    return this.request<ImportReport>('POST', '/api/v1/import', {
      query: { kind: format === 'csv' ? opts.kind : undefined, dry_run: opts.dryRun },
      text: {
        body: content,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
      },
      accept: [422],
    }).then((r) => {
      if (!r || !Array.isArray((r as ImportReport).errors)) {
        // A 422 that is not a row report (e.g. a request-level error) carries only "error".
        const e = (r as unknown as { error?: { code?: string; message?: string; field?: string } })
          ?.error
        throw new ApiError(422, e?.code ?? 'unprocessable', e?.message ?? 'unprocessable', e?.field)
      }
      return r
    })
  }

  // ---- calls, proposals and expert review (docs/calls.md)

  /** The rubrics a call can start from (Biodesign need screening, NIH CAI, Coulter). */
  rubricTemplates(): Promise<{ items: RubricTemplate[] }> {
    return this.get('/api/v1/rubric-templates')
  }
  /** The calls the caller may see, newest first. */
  calls(filters: { state?: CallState | ''; kind?: CallKind | '' } = {}): Promise<{ items: Call[] }> {
    return this.get('/api/v1/calls', { state: filters.state, kind: filters.kind })
  }
  call(id: number): Promise<Call> {
    return this.get(`/api/v1/calls/${id}`)
  }
  /** A new call, in draft. */
  createCall(fields: CallFields): Promise<Call> {
    return this.post('/api/v1/calls', fields)
  }
  updateCall(id: number, version: number, fields: CallFields): Promise<Call> {
    return this.patch(`/api/v1/calls/${id}`, { ...fields, version })
  }
  /** Moves a call along draft → open → closed → in_review → decided → archived. */
  moveCall(id: number, to: CallState): Promise<Call> {
    return this.post(`/api/v1/calls/${id}/state`, { to })
  }
  /** A call's proposals: all (operators), the own organisation's (suppliers), assigned (reviewers). */
  callProposals(callId: number): Promise<{ items: Proposal[] }> {
    return this.get(`/api/v1/calls/${callId}/proposals`)
  }
  createProposal(callId: number, fields: ProposalFields): Promise<Proposal> {
    return this.post(`/api/v1/calls/${callId}/proposals`, fields)
  }
  proposal(id: number): Promise<Proposal> {
    return this.get(`/api/v1/proposals/${id}`)
  }
  updateProposal(id: number, version: number, fields: ProposalFields): Promise<Proposal> {
    return this.patch(`/api/v1/proposals/${id}`, { ...fields, version })
  }
  /** Submits a draft; 422 with the reasons when the team is ineligible or the call has closed. */
  submitProposal(id: number): Promise<Proposal> {
    return this.request('POST', `/api/v1/proposals/${id}/submit`)
  }
  withdrawProposal(id: number): Promise<Proposal> {
    return this.request('POST', `/api/v1/proposals/${id}/withdraw`)
  }
  /** Uploads a file as the raw request body, its name in the query. */
  uploadAttachment(proposalId: number, file: Blob, name: string, contentType: string): Promise<Attachment> {
    return this.request('POST', `/api/v1/proposals/${proposalId}/attachments`, {
      query: { name },
      raw: { body: file, contentType },
    })
  }
  /** Where an attachment is downloaded from (a plain link: the session cookie goes with it). */
  attachmentUrl(token: string): string {
    return `${this.opts.base ?? ''}/api/v1/attachments/${encodeURIComponent(token)}`
  }
  deleteAttachment(token: string): Promise<void> {
    return this.del(`/api/v1/attachments/${encodeURIComponent(token)}`)
  }
  reviewerPool(callId: number): Promise<{ items: PoolReviewer[] }> {
    return this.get(`/api/v1/calls/${callId}/reviewers`)
  }
  setReviewerPool(callId: number, users: number[]): Promise<{ items: PoolReviewer[] }> {
    return this.put(`/api/v1/calls/${callId}/reviewers`, { users })
  }
  assignment(callId: number): Promise<AssignmentBoard> {
    return this.get(`/api/v1/calls/${callId}/assignment`)
  }
  /** Solves the assignment with these settings, pins and forbids; the board after solving. */
  solveAssignment(callId: number, req: SolveRequest): Promise<AssignmentBoard> {
    return this.post(`/api/v1/calls/${callId}/assignment`, req)
  }
  myReviews(): Promise<{ items: MyReview[] }> {
    return this.get('/api/v1/reviews/mine')
  }
  /** Saves a review (submit: false) or submits it (every criterion scored). */
  saveReview(proposalId: number, review: ReviewInput): Promise<Review> {
    return this.put(`/api/v1/proposals/${proposalId}/review`, review)
  }
  /** Declares a conflict with this proposal: the reviewer no longer sees it. */
  recuse(proposalId: number, reason: string): Promise<void> {
    return this.post(`/api/v1/proposals/${proposalId}/recuse`, { reason })
  }
  ranking(callId: number): Promise<Ranking> {
    return this.get(`/api/v1/calls/${callId}/ranking`, { format: 'json' })
  }
  /** The ranking as a CSV or XLSX download link. */
  rankingExportUrl(callId: number, format: 'csv' | 'xlsx'): string {
    return `${this.opts.base ?? ''}/api/v1/calls/${callId}/ranking${queryString({ format })}`
  }
  decide(proposalId: number, outcome: DecisionOutcome, reason: string): Promise<Proposal> {
    return this.post(`/api/v1/proposals/${proposalId}/decision`, { outcome, reason })
  }
  conflicts(user?: number): Promise<{ items: Conflict[] }> {
    return this.get('/api/v1/conflicts', { user })
  }
  declareConflict(c: ConflictInput): Promise<Conflict> {
    return this.post('/api/v1/conflicts', c)
  }
  deleteConflict(id: number): Promise<void> {
    return this.del(`/api/v1/conflicts/${id}`)
  }
  notifications(): Promise<NotificationList> {
    return this.get('/api/v1/notifications')
  }
  markNotificationRead(id: number): Promise<void> {
    return this.request('POST', `/api/v1/notifications/${id}/read`)
  }

  // ---- projects, stage gates and KPIs (docs/projects.md)

  /** The caller's tenant's stages, each with its gate's criteria and exit minimum. */
  stageModel(): Promise<StageModel> {
    return this.get('/api/v1/stage-model')
  }
  /** Replaces the stage model (tenant administrators). */
  setStageModel(model: StageModel): Promise<StageModel> {
    return this.put('/api/v1/stage-model', model)
  }
  projects(filters: ProjectFilters = {}): Promise<{ items: Project[] }> {
    return this.get('/api/v1/projects', { stage: filters.stage, state: filters.state, area: filters.area })
  }
  project(id: number): Promise<Project> {
    return this.get(`/api/v1/projects/${id}`)
  }
  /** A new project, at stage 0. */
  createProject(fields: ProjectFields): Promise<Project> {
    return this.post('/api/v1/projects', fields)
  }
  /** A project made from an awarded proposal (its title, summary, team, capabilities,
   * organisation and the call's needs); the proposal links to it. */
  projectFromProposal(proposalId: number): Promise<Project> {
    return this.request('POST', `/api/v1/proposals/${proposalId}/project`)
  }
  updateProject(id: number, version: number, fields: ProjectFields): Promise<Project> {
    return this.patch(`/api/v1/projects/${id}`, { ...fields, version })
  }
  /** Records a gate decision; a go that does not pass is refused with 422 naming what is unmet. */
  gate(id: number, input: GateInput): Promise<Project> {
    return this.post(`/api/v1/projects/${id}/gate`, input)
  }
  setTrl(id: number, trl: number, note: string): Promise<Project> {
    return this.post(`/api/v1/projects/${id}/trl`, { trl, note })
  }
  addMilestone(id: number, m: MilestoneInput): Promise<ProjectMilestone> {
    return this.post(`/api/v1/projects/${id}/milestones`, m)
  }
  updateMilestone(id: number, milestoneId: number, patch: MilestonePatch): Promise<ProjectMilestone> {
    return this.patch(`/api/v1/projects/${id}/milestones/${milestoneId}`, patch)
  }
  addOutcome(id: number, o: ProjectOutcome): Promise<Project> {
    return this.post(`/api/v1/projects/${id}/outcomes`, o)
  }
  addFeedback(id: number, f: FeedbackInput): Promise<TimelineEvent> {
    return this.post(`/api/v1/projects/${id}/feedback`, f)
  }
  respondToFeedback(id: number, eventId: number, text: string): Promise<TimelineEvent> {
    return this.post(`/api/v1/projects/${id}/feedback/${eventId}/response`, { text })
  }
  /** The project's events, oldest first. */
  timeline(id: number): Promise<{ items: TimelineEvent[] }> {
    return this.get(`/api/v1/projects/${id}/timeline`)
  }
  kpis(q: KpiQuery = {}): Promise<Kpis> {
    return this.get('/api/v1/kpis', { format: 'json', from: q.from, to: q.to, area: q.area, scope: q.scope })
  }
  /** The KPIs as a CSV or XLSX download link, with the same filters. */
  kpiExportUrl(q: KpiQuery, format: 'csv' | 'xlsx'): string {
    return `${this.opts.base ?? ''}/api/v1/kpis${queryString({ format, from: q.from, to: q.to, area: q.area, scope: q.scope })}`
  }
  /** The organisations' collaboration network with each one's betweenness. */
  network(): Promise<Network> {
    return this.get('/api/v1/network')
  }

  // ---- regulatory pathway (src/pathway)

  /** The device facts the NMPA and EU MDR classification rules ask about. */
  pathwayFacts(): Promise<FactSchema> {
    return this.get('/api/v1/pathway/facts')
  }
  /** The NMPA and EU MDR class of a device, citing the rules applied. */
  classifyDevice(facts: DeviceFacts): Promise<ClassifyResult> {
    return this.post('/api/v1/pathway/classify', { facts })
  }
  /** Routes per market, special programmes and a working-day timeline. */
  planPathway(input: PathwayInput): Promise<Pathway> {
    return this.post('/api/v1/pathway/plan', input)
  }

  // ---- administration

  users(tenantId?: number): Promise<{ items: User[] }> {
    return this.get('/api/v1/users', { tenant_id: tenantId })
  }
  createUser(u: {
    email: string
    name: string
    role: string
    password: string
    tenant_id?: number
    org_id?: number
  }): Promise<User> {
    return this.post('/api/v1/users', u)
  }
  /** Changes a user's role, organisation or disabled flag; resolves with the updated user. */
  updateUser(id: number, patch: UserPatch): Promise<User> {
    return this.patch(`/api/v1/users/${id}`, patch)
  }
  invite(i: { email: string; role: string; tenant_id?: number; org_id?: number }): Promise<Invite> {
    return this.post('/api/v1/invites', i)
  }
  /** The invitations of a tenant (the caller's own unless a platform admin names another). */
  invitations(tenantId?: number): Promise<{ items: Invitation[] }> {
    return this.get('/api/v1/invites', { tenant_id: tenantId })
  }
  tenants(): Promise<{ items: Tenant[] }> {
    return this.get('/api/v1/tenants')
  }
  createTenant(slug: string, name: string): Promise<Tenant> {
    return this.post('/api/v1/tenants', { slug, name })
  }
  audit(after?: number, limit = 100): Promise<AuditPage> {
    return this.get('/api/v1/audit', { after, limit })
  }
  verifyAudit(): Promise<AuditVerify> {
    return this.get('/api/v1/audit/verify')
  }
}
