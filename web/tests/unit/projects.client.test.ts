// The projects, stage-gate and KPI endpoints of the API client (docs/projects.md): each sends
// the method, path, query and body the contract names, with the CSRF header on every change.
import { describe, expect, it } from 'vitest'
import { ApiClient, type FetchLike } from '../../src/api/client'
import { MODEL } from './support/projects'

interface Sent {
  method: string
  url: string
  body: unknown
  headers: Record<string, string>
}

function recorder(answer: unknown = { ok: true }, status = 200) {
  const sent: Sent[] = []
  const fetch: FetchLike = async (url, init = {}) => {
    sent.push({
      method: String(init.method),
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      headers: { ...(init.headers as Record<string, string>) },
    })
    return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } })
  }
  return { api: new ApiClient({ fetch, csrf: () => 'tok' }), sent }
}

const gate = {
  decision: 'go' as const,
  criteria: { technical_feasibility: true, ip_position: false },
  maturity: { clinical: 4, market: 3, regulatory: 3, technical: 4 },
  reasons: '样机通过台架测试',
  reviewers: [3, 30],
}

const cases: { name: string; run: (a: ApiClient) => Promise<unknown>; method: string; url: string; body?: unknown }[] = [
  { name: 'stage model', run: (a) => a.stageModel(), method: 'GET', url: '/api/v1/stage-model' },
  { name: 'set the stage model', run: (a) => a.setStageModel(MODEL), method: 'PUT', url: '/api/v1/stage-model', body: MODEL },
  { name: 'projects, filtered', run: (a) => a.projects({ stage: 2, state: 'active', area: 'cardiovascular' }), method: 'GET', url: '/api/v1/projects?stage=2&state=active&area=cardiovascular' },
  { name: 'projects at stage 0', run: (a) => a.projects({ stage: 0 }), method: 'GET', url: '/api/v1/projects?stage=0' },
  { name: 'projects, unfiltered', run: (a) => a.projects({ stage: '', state: '', area: '' }), method: 'GET', url: '/api/v1/projects' },
  { name: 'one project', run: (a) => a.project(4), method: 'GET', url: '/api/v1/projects/4' },
  {
    name: 'create a project',
    run: (a) => a.createProject({ title: 'T', summary: 'S', clinical_area: 'oncology', org: 21, needs: [12], capabilities: [40], team: [{ user: 14, name: '岳川', role: 'engineering lead' }], tier: 'consortium', trl: 3 }),
    method: 'POST',
    url: '/api/v1/projects',
    body: { title: 'T', summary: 'S', clinical_area: 'oncology', org: 21, needs: [12], capabilities: [40], team: [{ user: 14, name: '岳川', role: 'engineering lead' }], tier: 'consortium', trl: 3 },
  },
  { name: 'project from a proposal', run: (a) => a.projectFromProposal(9), method: 'POST', url: '/api/v1/proposals/9/project', body: undefined },
  { name: 'edit a project', run: (a) => a.updateProject(4, 3, { summary: 'U' }), method: 'PATCH', url: '/api/v1/projects/4', body: { summary: 'U', version: 3 } },
  { name: 'gate decision', run: (a) => a.gate(4, gate), method: 'POST', url: '/api/v1/projects/4/gate', body: gate },
  { name: 'TRL', run: (a) => a.setTrl(4, 5, '动物实验'), method: 'POST', url: '/api/v1/projects/4/trl', body: { trl: 5, note: '动物实验' } },
  { name: 'add a milestone', run: (a) => a.addMilestone(4, { title: '样机', due: '2027-03-31', owner: 14 }), method: 'POST', url: '/api/v1/projects/4/milestones', body: { title: '样机', due: '2027-03-31', owner: 14 } },
  { name: 'milestone status', run: (a) => a.updateMilestone(4, 1, { status: 'done' }), method: 'PATCH', url: '/api/v1/projects/4/milestones/1', body: { status: 'done' } },
  { name: 'add an outcome', run: (a) => a.addOutcome(4, { type: 'licence_signed', date: '2027-05-01', note: 'n' }), method: 'POST', url: '/api/v1/projects/4/outcomes', body: { type: 'licence_signed', date: '2027-05-01', note: 'n' } },
  {
    name: 'clinical feedback',
    run: (a) => a.addFeedback(4, { iteration: 2, sessions: 5, issues: [{ text: '误报', severity: 'high' }] }),
    method: 'POST',
    url: '/api/v1/projects/4/feedback',
    body: { iteration: 2, sessions: 5, issues: [{ text: '误报', severity: 'high' }] },
  },
  { name: 'response to feedback', run: (a) => a.respondToFeedback(4, 20, '已修复'), method: 'POST', url: '/api/v1/projects/4/feedback/20/response', body: { text: '已修复' } },
  { name: 'timeline', run: (a) => a.timeline(4), method: 'GET', url: '/api/v1/projects/4/timeline' },
  {
    name: 'KPIs, filtered',
    run: (a) => a.kpis({ from: '2026-01-01', to: '2026-12-31', area: 'cardiovascular', scope: 'consortium' }),
    method: 'GET',
    url: '/api/v1/kpis?format=json&from=2026-01-01&to=2026-12-31&area=cardiovascular&scope=consortium',
  },
  { name: 'KPIs, unfiltered', run: (a) => a.kpis(), method: 'GET', url: '/api/v1/kpis?format=json' },
  { name: 'network', run: (a) => a.network(), method: 'GET', url: '/api/v1/network' },
]

describe('projects endpoints', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.method} ${c.url}`, async () => {
      const { api, sent } = recorder()
      await c.run(api)
      expect(sent).toHaveLength(1)
      expect(sent[0]!.method).toBe(c.method)
      expect(sent[0]!.url).toBe(c.url)
      if ('body' in c) expect(sent[0]!.body).toEqual(c.body)
      if (c.method === 'GET') expect(sent[0]!.headers['X-CSRF-Token']).toBeUndefined()
      else expect(sent[0]!.headers['X-CSRF-Token']).toBe('tok')
    })
  }

  it('builds the KPI download links with the filters (and the base)', () => {
    const api = new ApiClient({ fetch: async () => new Response(null), csrf: () => '', base: 'https://h' })
    expect(api.kpiExportUrl({ from: '2026-01-01', to: '2026-06-30', area: 'oncology', scope: 'tenant' }, 'csv')).toBe(
      'https://h/api/v1/kpis?format=csv&from=2026-01-01&to=2026-06-30&area=oncology&scope=tenant',
    )
    expect(api.kpiExportUrl({ area: '', scope: 'consortium' }, 'xlsx')).toBe('https://h/api/v1/kpis?format=xlsx&scope=consortium')
  })

  it('keeps the 422 of a refused go, message and body', async () => {
    const body = { error: { code: 'unprocessable', message: 'a go needs every criterion and maturity level of the gate: criterion not met: IP position', field: 'decision' } }
    const fetch: FetchLike = async () => new Response(JSON.stringify(body), { status: 422 })
    const api = new ApiClient({ fetch, csrf: () => 't' })
    await expect(api.gate(4, gate)).rejects.toMatchObject({ status: 422, field: 'decision', body })
  })
})
