// @vitest-environment happy-dom
// Expert review pages against a fake fetch: the assignment board (COI marks, assigned cells,
// pins and forbids sent with the next solve, shortfalls), the proposal page (blind review hides
// the applicant; scoring, recusal, decisions), the ranking (ties, disagreement, exports, chart),
// the reviewer's dashboard, the proposal form (422 on submit, attachments) and notifications.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import AssignmentBoard from '../../src/views/calls/AssignmentBoard.vue'
import ProposalDetail from '../../src/views/calls/ProposalDetail.vue'
import ProposalForm from '../../src/views/calls/ProposalForm.vue'
import RankingTable from '../../src/views/calls/RankingTable.vue'
import ReviewerDashboard from '../../src/views/calls/ReviewerDashboard.vue'
import NotificationsView from '../../src/views/NotificationsView.vue'
import NotificationBell from '../../src/components/NotificationBell.vue'
import { session } from '../../src/session'
import { forgetInbox } from '../../src/lib/notifications'
import type { User } from '../../src/api/types'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'
import { CRITERIA, RANKING, board, call, proposal } from './support/calls'

// The chart itself (canvas) is ECharts' business: the stand-in shows the data it was given.
vi.mock('../../src/components/EChart.vue', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true }, label: String, height: Number },
    setup(props) {
      return () => {
        const o = props.option as { yAxis: { data: string[] }; series: { data: { value: number }[] }[] }
        return h('div', { 'data-test': 'chart', 'data-labels': o.yAxis.data.join('|'), 'data-values': o.series[0]!.data.map((d) => d.value).join('|') })
      }
    },
  }),
}))

const user = (role: User['role'], over: Partial<User> = {}): User => ({ id: 30, tenant_id: 1, email: 'u@x.org', name: '周明远', role, org_id: null, ...over })
const stub = { template: '<div />' }
const routes = [
  { path: '/calls/:id(\\d+)/assignment', component: stub },
  { path: '/calls/:id(\\d+)/ranking', component: stub },
  { path: '/calls/:id(\\d+)/proposals/new', component: stub },
  { path: '/proposals/:id(\\d+)', component: stub },
  { path: '/proposals/:id(\\d+)/edit', component: stub },
  { path: '/:any(.*)*', component: stub },
]

afterEach(() => {
  session.user = null
  forgetInbox()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof mountWith>>['wrapper']
const cell = (w: Wrapper, p: number, r: number) => w.get(`[data-test=cell][data-proposal="${p}"][data-reviewer="${r}"]`)

describe('AssignmentBoard', () => {
  function boardApi() {
    return fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'closed' }))
      if (m === 'GET' && url === '/api/v1/calls/3/assignment') return json(200, board())
      if (m === 'GET' && url === '/api/v1/calls/3/reviewers') return json(200, { items: [{ user: 30, name: '周明远', discipline: 'clinician', org: { id: 1, name: '瑞金医院' }, expertise: ['房颤'] }] })
      if (m === 'POST' && url === '/api/v1/calls/3/assignment')
        return json(200, board({ complete: true, shortfalls: [], cells: board().cells.map((c) => (c.proposal === 9 && c.reviewer === 32 ? { ...c, assigned: true } : c)), settings: { ...board().settings, ...(body as object) } }))
    })
  }

  it('marks conflicts with their reasons and assigned cells, with each reviewer’s load', async () => {
    session.user = user('operator')
    boardApi()
    const { wrapper } = await mountWith(AssignmentBoard, { path: '/calls/3/assignment', routes, locale: 'en' })
    expect(wrapper.findAll('[data-test=matrix-row]')).toHaveLength(2)
    expect(wrapper.findAll('[data-test=cell]')).toHaveLength(6)
    // 9–31: conflict of interest, reasons in the title, not assigned.
    const coi = cell(wrapper, 9, 31).get('[data-test=coi]')
    expect(coi.text()).toBe('⊘')
    expect(coi.attributes('title')).toBe('same organisation as the applicant; co-authored a paper in 2025')
    expect(cell(wrapper, 9, 31).find('[data-test=assigned]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test=coi]')).toHaveLength(1)
    // Assigned cells carry ✓.
    const assigned = wrapper.findAll('[data-test=cell][data-assigned=true]').map((c) => `${c.attributes('data-proposal')}-${c.attributes('data-reviewer')}`)
    expect(assigned).toEqual(['9-30', '10-30', '10-31'])
    expect(cell(wrapper, 9, 30).get('[data-test=assigned]').text()).toBe('✓')
    expect(cell(wrapper, 9, 32).find('[data-test=assigned]').exists()).toBe(false)
    // Shade follows the score.
    expect(cell(wrapper, 9, 30).attributes('style')).toContain('0.544')
    expect(cell(wrapper, 9, 32).attributes('style')).toContain('0.096')
    expect(wrapper.findAll('[data-test=reviewer-load]').map((l) => l.text())).toEqual(['2 of 15', '1 of 15', '0 of 15'])
    // The server's pin shows pressed.
    expect(cell(wrapper, 10, 30).get('[data-test=pin]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get('[data-test=complete]').attributes('data-complete')).toBe('false')
    expect(wrapper.get('[data-test=shortfall]').text()).toBe('房颤筛查手环 lacks 1 Engineer: 0 eligible')
  })

  it('sends the pins and forbids kept on the page, and the settings, with the solve', async () => {
    session.user = user('operator')
    const f = boardApi()
    const { wrapper } = await mountWith(AssignmentBoard, { path: '/calls/3/assignment', routes })
    await cell(wrapper, 9, 31).get('[data-test=forbid]').trigger('click')
    await cell(wrapper, 9, 32).get('[data-test=pin]').trigger('click')
    // Pin then forbid the same pair: the last mark wins.
    await cell(wrapper, 10, 32).get('[data-test=pin]').trigger('click')
    await cell(wrapper, 10, 32).get('[data-test=forbid]').trigger('click')
    // Unpin what the server had pinned.
    await cell(wrapper, 10, 30).get('[data-test=pin]').trigger('click')
    expect(cell(wrapper, 9, 32).get('[data-test=pin]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get('[data-test=pending]').text()).toContain('1')
    await wrapper.get('[data-test=as-per-proposal]').setValue('3')
    await wrapper.get('[data-test=as-mix-clinician]').setValue('2')
    await wrapper.get('[data-test=solve]').trigger('click')
    await flushPromises()
    const post = f.of('POST', '/api/v1/calls/3/assignment')
    expect(post).toHaveLength(1)
    expect(post[0]!.body).toEqual({
      per_proposal: 3,
      max_load: 15,
      mix: { clinician: 2, engineer: 1 },
      coi_years: 3,
      pins: [{ proposal: 9, reviewer: 32 }],
      forbids: [
        { proposal: 9, reviewer: 31 },
        { proposal: 10, reviewer: 32 },
      ],
    })
    // The solved board replaces the old one; the marks stay for the next solve.
    expect(cell(wrapper, 9, 32).attributes('data-assigned')).toBe('true')
    expect(wrapper.get('[data-test=complete]').attributes('data-complete')).toBe('true')
    expect(wrapper.find('[data-test=shortfalls]').exists()).toBe(false)
    expect(cell(wrapper, 9, 31).get('[data-test=forbid]').attributes('aria-pressed')).toBe('true')
    await wrapper.get('[data-test=solve]').trigger('click')
    await flushPromises()
    expect((f.of('POST', '/api/v1/calls/3/assignment')[1]!.body as { pins: unknown[] }).pins).toEqual([{ proposal: 9, reviewer: 32 }])
  })

  it('lists and saves the reviewer pool, then reads the board again', async () => {
    session.user = user('operator')
    const f = boardApi()
    f.fetch.mockImplementation(async (input: string, init: RequestInit = {}) => {
      if (init.method === 'PUT' && input === '/api/v1/calls/3/reviewers')
        return json(200, { items: [{ user: 30, name: '周明远', discipline: 'clinician', org: null }, { user: 33, name: '新专家', discipline: 'engineer', org: null }] })
      if (input === '/api/v1/calls/3/assignment') return json(200, board())
      if (input === '/api/v1/calls/3/reviewers') return json(200, { items: [{ user: 30, name: '周明远', discipline: 'clinician', org: { id: 1, name: '瑞金医院' }, expertise: ['房颤'] }] })
      return json(200, call())
    })
    const { wrapper } = await mountWith(AssignmentBoard, { path: '/calls/3/assignment', routes })
    expect(wrapper.get('[data-test=pool-member]').text()).toContain('瑞金医院')
    await wrapper.get('[data-test=pool-users]').setValue('30, 33')
    await wrapper.get('[data-test=pool-users]').trigger('input')
    await wrapper.get('[data-test=reviewer-pool] form').trigger('submit')
    await flushPromises()
    const put = f.fetch.mock.calls.filter(([, init]) => init?.method === 'PUT')
    expect(put).toHaveLength(1)
    expect(JSON.parse(String(put[0]![1]!.body))).toEqual({ users: [30, 33] })
    expect(wrapper.findAll('[data-test=pool-member]')).toHaveLength(2)
    expect(f.fetch.mock.calls.filter(([url]) => url === '/api/v1/calls/3/assignment')).toHaveLength(2)
  })
})

describe('ProposalDetail', () => {
  function proposalApi(p: ReturnType<typeof proposal>, mine: unknown[] = []) {
    return fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/proposals/9') return json(200, p)
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'in_review' }))
      if (m === 'GET' && url === '/api/v1/reviews/mine') return json(200, { items: mine })
      if (m === 'PUT' && url === '/api/v1/proposals/9/review') return json(200, { ...(body as object), submitted: (body as { submit: boolean }).submit })
      if (m === 'POST' && url === '/api/v1/proposals/9/recuse') return json(204, undefined)
      if (m === 'POST' && url === '/api/v1/proposals/9/decision') return json(200, { ...p, state: 'awarded', decision: { ...(body as object), at: '2027-03-01T02:00:00Z' } })
    })
  }
  const assignment = (state = 'to_do', review: unknown = null) => ({ call: { id: 3, title: '房颤', blind: true, rubric: { scale: 5, criteria: CRITERIA } }, proposal: { id: 9, title: 'x' }, review, state })

  it('hides the applicant in blind review, even where the server sent it', async () => {
    session.user = user('reviewer')
    proposalApi(proposal({ blind: true }), [assignment()])
    const { wrapper } = await mountWith(ProposalDetail, { path: '/proposals/9', routes, locale: 'en' })
    expect(wrapper.get('[data-test=blind-note]').text()).toContain('Blind review: applicant hidden')
    const text = wrapper.text()
    expect(text).not.toContain('岳川医疗科技有限公司')
    expect(text).not.toContain('plan.pdf')
    expect(wrapper.find('[data-test=proposal-org]').exists()).toBe(false)
    expect(wrapper.find('[data-test=team]').exists()).toBe(false)
    expect(wrapper.find('[data-test=attachments]').exists()).toBe(false)
    expect(wrapper.find('[data-test=proposal-capabilities]').exists()).toBe(false)
    expect(wrapper.get('[data-test=proposal-summary]').text()).toBe('用光电容积脉搏波识别房颤。')
  })

  it('shows the applicant, team and files when not blind', async () => {
    session.user = user('operator')
    proposalApi(proposal())
    const { wrapper } = await mountWith(ProposalDetail, { path: '/proposals/9', routes })
    expect(wrapper.find('[data-test=blind-note]').exists()).toBe(false)
    expect(wrapper.get('[data-test=proposal-org]').text()).toBe('岳川医疗科技有限公司')
    expect(wrapper.get('[data-test=team]').text()).toContain('工程负责人')
    expect(wrapper.get('[data-test=attachment-link]').attributes('href')).toBe(`/api/v1/attachments/${'a'.repeat(32)}`)
    expect(wrapper.get('[data-test=attachment-sha]').text()).toBe('9f86d081884c…')
    expect(wrapper.get('[data-test=attachment-size]').text()).toBe('79.3 KB')
  })

  it('lets an assigned reviewer score every criterion and submit', async () => {
    session.user = user('reviewer')
    const f = proposalApi(proposal({ blind: true }), [assignment('draft', { scores: { significance: 4 }, comment: '' })])
    const { wrapper } = await mountWith(ProposalDetail, { path: '/proposals/9', routes, locale: 'en' })
    const rows = wrapper.findAll('[data-test=score-row]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.findAll('input[type=radio]')).toHaveLength(5)
    // Level descriptors label the points.
    expect(rows[0]!.findAll('label')[4]!.attributes('title')).toBe('很强')
    expect((wrapper.get('[data-test=score-significance-4]').element as HTMLInputElement).checked).toBe(true)
    // Submitting with a criterion unscored is refused here.
    await wrapper.get('[data-test=submit-review]').trigger('click')
    await wrapper.get('[data-test=review-form] form').trigger('submit')
    await flushPromises()
    expect(f.of('PUT', '/api/v1/proposals/9/review')).toHaveLength(0)
    expect(wrapper.get('[data-test=review-form] [data-test=error]').text()).toContain('Score every criterion')
    await wrapper.get('[data-test=score-approach-3]').setValue(true)
    expect(wrapper.get('[data-test=weighted]').text()).toBe('Weighted score: 3.60')
    await wrapper.get('[data-test=review-comment]').setValue('扎实')
    await wrapper.get('[data-test=save-review]').trigger('click')
    await flushPromises()
    expect(f.of('PUT', '/api/v1/proposals/9/review')[0]!.body).toEqual({ scores: { significance: 4, approach: 3 }, comment: '扎实', submit: false })
    await wrapper.get('[data-test=review-form] form').trigger('submit')
    await flushPromises()
    expect(f.of('PUT', '/api/v1/proposals/9/review')[1]!.body).toEqual({ scores: { significance: 4, approach: 3 }, comment: '扎实', submit: true })
    expect(wrapper.get('[data-test=review-note]').text()).toBe('Review submitted.')
  })

  it('recuses with a reason after confirmation', async () => {
    session.user = user('reviewer')
    const f = proposalApi(proposal({ blind: true }), [assignment()])
    const { wrapper } = await mountWith(ProposalDetail, { path: '/proposals/9', routes })
    await wrapper.get('[data-test=recuse]').trigger('click')
    await wrapper.get('[data-test=recuse-confirm]').trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/proposals/9/recuse')).toHaveLength(0)
    await wrapper.get('[data-test=recuse-reason]').setValue('曾在该公司任职')
    await wrapper.get('[data-test=recuse-confirm]').trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/proposals/9/recuse')[0]!.body).toEqual({ reason: '曾在该公司任职' })
    expect(wrapper.find('[data-test=review-form]').exists()).toBe(false)
    expect(wrapper.find('[data-test=recused]').exists()).toBe(true)
  })

  it('shows no review form to a user not assigned', async () => {
    session.user = user('reviewer')
    proposalApi(proposal({ blind: true }), [])
    const { wrapper } = await mountWith(ProposalDetail, { path: '/proposals/9', routes })
    expect(wrapper.find('[data-test=review-form]').exists()).toBe(false)
    expect(wrapper.find('[data-test=decision-form]').exists()).toBe(false)
  })

  it('lets operators decide, then shows the decision', async () => {
    session.user = user('operator')
    const f = proposalApi(proposal())
    const { wrapper } = await mountWith(ProposalDetail, { path: '/proposals/9', routes, locale: 'en' })
    expect(f.of('GET', '/api/v1/reviews/mine')).toHaveLength(0)
    await wrapper.get('[data-test=decision-award]').setValue(true)
    await wrapper.get('[data-test=decision-reason]').setValue('最高分')
    await wrapper.get('[data-test=decision-form] form').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/proposals/9/decision')[0]!.body).toEqual({ outcome: 'award', reason: '最高分' })
    expect(wrapper.get('[data-test=decision-outcome]').text()).toBe('Award')
    expect(wrapper.find('[data-test=decision-form]').exists()).toBe(false)
  })
})

describe('RankingTable', () => {
  it('shows ranks with ties, disagreement, means, exports and the chart', async () => {
    session.user = user('operator')
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'in_review' }))
      if (m === 'GET' && url.startsWith('/api/v1/calls/3/ranking')) return json(200, RANKING)
    })
    const { wrapper } = await mountWith(RankingTable, { path: '/calls/3/ranking', routes, locale: 'en' })
    expect(f.of('GET', '/api/v1/calls/3/ranking')[0]!.url).toBe('/api/v1/calls/3/ranking?format=json')
    const rows = wrapper.findAll('[data-test=ranking-row]')
    expect(rows.map((r) => r.get('[data-test=rank] strong').text())).toEqual(['1', '2', '2', '4'])
    expect(rows.map((r) => r.find('[data-test=tie]').exists())).toEqual([false, true, true, false])
    expect(rows[1]!.get('[data-test=tie]').text()).toBe('Tie')
    expect(rows[1]!.get('[data-test=tie-note]').text()).toBe('tied with proposal 11 (same normalised and raw score)')
    expect(rows.map((r) => r.find('[data-test=disagreement]').exists())).toEqual([false, true, false, false])
    expect(rows[1]!.get('[data-test=disagreement]').attributes('title')).toContain('quarter of the scale')
    expect(rows[0]!.get('[data-test=normalised]').text()).toBe('0.83')
    expect(rows[3]!.get('[data-test=normalised]').text()).toBe('-1.03')
    expect(rows[0]!.get('[data-test=raw]').text()).toBe('4.20')
    expect(rows[0]!.findAll('[data-test=criterion-mean]').map((c) => c.text())).toEqual(['4.3', '4.0'])
    expect(rows[1]!.get('[data-test=spread]').text()).toBe('2.2')
    expect(rows[0]!.text()).toContain('岳川医疗')
    expect(rows[0]!.get('[data-test=decide]').attributes('href')).toBe('/proposals/9#decision')
    expect(wrapper.findAll('thead th').map((th) => th.text())).toContain('Significance')
    expect(wrapper.get('[data-test=export-csv]').attributes('href')).toBe('/api/v1/calls/3/ranking?format=csv')
    expect(wrapper.get('[data-test=export-xlsx]').attributes('href')).toBe('/api/v1/calls/3/ranking?format=xlsx')
    const chart = wrapper.get('[data-test=chart]')
    expect(chart.attributes('data-values')).toBe('0.83|0.1|0.1|-1.03')
    expect(chart.attributes('data-labels')).toBe('房颤筛查手环|心电贴片|智能听诊器|血压袖带')
  })
})

describe('ReviewerDashboard', () => {
  it('groups assignments by call with their state', async () => {
    session.user = user('reviewer')
    const item = (callId: number, id: number, state: string) => ({ call: { id: callId, title: `征集${callId}`, blind: callId === 3, rubric: { scale: 5, criteria: CRITERIA } }, proposal: { id, title: `申报${id}` }, review: null, state })
    fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/reviews/mine') return json(200, { items: [item(3, 9, 'to_do'), item(4, 20, 'submitted'), item(3, 10, 'submitted'), { ...item(3, 11, 'recused'), proposal: { id: 11 } }] })
    })
    const { wrapper } = await mountWith(ReviewerDashboard, { path: '/reviews' })
    const groups = wrapper.findAll('[data-test=review-group]')
    expect(groups.map((g) => g.attributes('data-call'))).toEqual(['3', '4'])
    expect(groups[0]!.findAll('[data-test=assignment]').map((a) => a.get('[data-test=state]').text())).toEqual(['待评审', '已提交', '已回避'])
    expect(groups[0]!.get('[data-test=review-progress]').text()).toBe('已提交 1 / 3')
    expect(groups[0]!.findAll('[data-test=assignment] a').map((a) => a.attributes('href'))).toEqual(['/proposals/9', '/proposals/10'])
    // A recused proposal comes back as its id only, without a link.
    expect(groups[0]!.findAll('[data-test=assignment]')[2]!.text()).toContain('#11')
  })
})

describe('ProposalForm', () => {
  it('creates a draft then submits; a 422 shows the server’s reason', async () => {
    session.user = user('supplier', { id: 14, org_id: 21 })
    const f = fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call())
      if (m === 'POST' && url === '/api/v1/calls/3/proposals') return json(201, proposal({ ...(body as object), state: 'draft', version: 1, attachments: [] }))
      if (m === 'POST' && url === '/api/v1/proposals/9/submit') return apiError(422, 'ineligible', 'organisation type hospital is not eligible')
      if (m === 'PATCH' && url === '/api/v1/proposals/9') return json(200, proposal({ ...(body as object), state: 'draft', version: 2, attachments: [] }))
    })
    const { wrapper } = await mountWith(ProposalForm, { path: '/calls/3/proposals/new', routes, locale: 'en' })
    expect(wrapper.get('[data-test=for-call]').text()).toContain('房颤早筛可穿戴设备揭榜')
    expect(wrapper.find('[data-test=attachments-after-save]').exists()).toBe(true)
    await wrapper.get('[data-test=proposal-title]').setValue('PPG 手环')
    await wrapper.get('[data-test=proposal-summary]').setValue('用 PPG 识别房颤')
    await wrapper.get('[data-test=proposal-budget]').setValue('800000')
    await wrapper.get('[data-test=trl-4] input').setValue(true)
    await wrapper.get('[data-test=add-member]').trigger('click')
    await wrapper.get('[data-test=member-name]').setValue('岳川')
    await wrapper.get('[data-test=member-role]').setValue('clinical lead')
    await wrapper.get('[data-test=add-milestone]').trigger('click')
    await wrapper.get('[data-test=milestone-title]').setValue('样机')
    await wrapper.get('[data-test=milestone-due]').setValue('2027-06-30')
    await wrapper.get('[data-test=milestone-budget]').setValue('300000')
    await wrapper.get('[data-test=proposal-capabilities]').setValue('40, 41')
    await wrapper.get('[data-test=proposal-form]').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/calls/3/proposals')[0]!.body).toEqual({
      title: 'PPG 手环',
      summary: '用 PPG 识别房颤',
      budget: 800000,
      trl: 4,
      capabilities: [40, 41],
      team: [{ name: '岳川', role: 'clinical lead' }],
      milestones: [{ title: '样机', due: '2027-06-30', budget: 300000 }],
    })
    expect(f.of('POST', '/api/v1/proposals/9/submit')).toHaveLength(1)
    expect(wrapper.get('[data-test=submit-refused]').text()).toBe('Not submitted: organisation type hospital is not eligible')
    // The draft exists now: files may be added, and saving again updates it.
    expect(wrapper.find('[data-test=upload]').exists()).toBe(true)
    await wrapper.get('[data-test=proposal-form]').trigger('submit')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/proposals/9')[0]!.body).toMatchObject({ title: 'PPG 手环', version: 1 })
  })

  it('saves a draft without the blank numbers, then edits it', async () => {
    session.user = user('supplier', { id: 14, org_id: 21 })
    const f = fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call())
      if (m === 'POST' && url === '/api/v1/calls/3/proposals') return json(201, proposal({ ...(body as object), state: 'draft', version: 1 }))
    })
    const { wrapper, router } = await mountWith(ProposalForm, { path: '/calls/3/proposals/new', routes })
    await wrapper.get('[data-test=save-draft]').trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/calls/3/proposals')).toHaveLength(0)
    expect(wrapper.get('[data-field=proposal-summary]').text()).toContain('必填')
    await wrapper.get('[data-test=proposal-title]').setValue('PPG 手环')
    await wrapper.get('[data-test=proposal-summary]').setValue('摘要')
    await wrapper.get('[data-test=add-milestone]').trigger('click')
    await wrapper.get('[data-test=milestone-title]').setValue('样机')
    await wrapper.get('[data-test=save-draft]').trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/calls/3/proposals')[0]!.body).toEqual({ title: 'PPG 手环', summary: '摘要', capabilities: [], team: [], milestones: [{ title: '样机' }] })
    expect(router.currentRoute.value.fullPath).toBe('/proposals/9/edit?saved=1')
  })

  it('uploads and deletes attachments', async () => {
    session.user = user('supplier', { id: 14, org_id: 21 })
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/proposals/9') return json(200, proposal({ state: 'draft', attachments: [] }))
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call())
      if (m === 'POST' && url.startsWith('/api/v1/proposals/9/attachments'))
        return json(201, { token: 'b'.repeat(32), name: 'plan.pdf', type: 'application/pdf', size: 2048, sha256: 'deadbeefcafe0123456789' })
      if (m === 'DELETE' && url.startsWith('/api/v1/attachments/')) return json(204, undefined)
    })
    const { wrapper } = await mountWith(ProposalForm, { path: '/proposals/9/edit', routes })
    const input = wrapper.get('[data-test=upload]')
    const file = new File(['%PDF-1.7'], 'plan.pdf', { type: 'application/pdf' })
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await flushPromises()
    const post = f.of('POST', '/api/v1/proposals/9/attachments')[0]!
    expect(post.url).toBe('/api/v1/proposals/9/attachments?name=plan.pdf')
    expect(post.headers['Content-Type']).toBe('application/pdf')
    expect(wrapper.get('[data-test=attachment]').text()).toContain('plan.pdf')
    expect(wrapper.get('[data-test=attachment-sha]').text()).toBe('deadbeefcafe…')
    expect(wrapper.get('[data-test=attachment-size]').text()).toBe('2.0 KB')
    await wrapper.get('[data-test=delete-attachment]').trigger('click')
    await flushPromises()
    expect(f.of('DELETE', '/api/v1/attachments/')[0]!.url).toBe(`/api/v1/attachments/${'b'.repeat(32)}`)
    expect(wrapper.find('[data-test=attachment]').exists()).toBe(false)
  })
})

describe('notifications', () => {
  const list = (read: boolean) => ({ items: [{ id: 7, kind: 'decision', text: '您的申报书已立项', link: '/proposals/9', created_at: '2027-03-01T02:00:00Z', read }], unread: read ? 0 : 1 })

  it('the bell shows the unread count and checks again on route change', async () => {
    session.user = user('supplier')
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/notifications') return json(200, list(false))
    })
    const { wrapper, router } = await mountWith(NotificationBell, { path: '/calls' })
    expect(wrapper.get('[data-test=unread-count]').text()).toBe('1')
    expect(wrapper.attributes('href')).toBe('/notifications')
    await router.push('/calls/3')
    await flushPromises()
    expect(f.of('GET', '/api/v1/notifications')).toHaveLength(2)
  })

  it('the page lists them, links them and marks them read', async () => {
    session.user = user('supplier')
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/notifications') return json(200, list(false))
      if (m === 'POST' && url === '/api/v1/notifications/7/read') return json(204, undefined)
    })
    const { wrapper } = await mountWith(NotificationsView, { path: '/notifications' })
    const n = wrapper.get('[data-test=notification]')
    expect(n.text()).toContain('您的申报书已立项')
    expect(n.get('[data-test=notification-link]').attributes('href')).toBe('/proposals/9')
    expect(n.attributes('data-read')).toBe('false')
    await n.get('[data-test=mark-read]').trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/notifications/7/read')).toHaveLength(1)
    expect(wrapper.get('[data-test=notification]').attributes('data-read')).toBe('true')
    expect(wrapper.find('[data-test=mark-read]').exists()).toBe(false)
  })
})
