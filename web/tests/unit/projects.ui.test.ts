// @vitest-environment happy-dom
// The project pages against a fake fetch: the list (stage bar, state, TRL, filters in the URL),
// the detail page (gate review sending criteria, maturity and decision, and showing a refused
// go's unmet list; the timeline with feedback, issues and responses; milestones; clinical
// feedback), the form, and turning an awarded proposal into a project.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import ProjectsList from '../../src/views/projects/ProjectsList.vue'
import ProjectDetail from '../../src/views/projects/ProjectDetail.vue'
import ProjectForm from '../../src/views/projects/ProjectForm.vue'
import ProposalDetail from '../../src/views/calls/ProposalDetail.vue'
import { session } from '../../src/session'
import type { User } from '../../src/api/types'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'
import { call, proposal } from './support/calls'
import { MODEL, TIMELINE, project } from './support/projects'

// The chart itself (canvas) is ECharts' business: the stand-in shows the option it was given.
vi.mock('../../src/components/EChart.vue', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true }, label: String, height: Number },
    setup(props) {
      return () => h('div', { 'data-test': 'chart', 'data-label': props.label, 'data-option': JSON.stringify(props.option) })
    },
  }),
}))

const user = (role: User['role'], over: Partial<User> = {}): User => ({ id: 3, tenant_id: 1, email: 'u@x.org', name: '柏文静', role, org_id: null, ...over })
const stub = { template: '<div />' }
const routes = [
  { path: '/projects/:id(\\d+)', component: stub },
  { path: '/projects/:id(\\d+)/edit', component: stub },
  { path: '/proposals/:id(\\d+)', component: stub },
  { path: '/:any(.*)*', component: stub },
]

afterEach(() => {
  session.user = null
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof mountWith>>['wrapper']

describe('ProjectsList', () => {
  it('shows stage, state, TRL, lead organisation and area, and filters through the URL', async () => {
    session.user = user('operator')
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/stage-model') return json(200, MODEL)
      if (m === 'GET' && url.startsWith('/api/v1/projects'))
        return json(200, { items: [project(), project({ id: 5, title: '心电贴片', stage: 0, stage_id: 'need_validated', state: 'stopped', trl: null, org: null, clinical_area: 'neurology' })] })
    })
    const { wrapper, router } = await mountWith(ProjectsList, { path: '/projects?state=active', locale: 'en' })
    expect(f.of('GET', '/api/v1/projects')[0]!.url).toBe('/api/v1/projects?state=active')
    const rows = wrapper.findAll('[data-test=project]')
    expect(rows).toHaveLength(2)
    const bar = rows[0]!.get('[data-test=stage-progress]')
    expect(bar.attributes('data-stage')).toBe('2')
    expect(bar.findAll('.segment')).toHaveLength(8)
    expect(bar.findAll('.segment.done')).toHaveLength(2)
    expect(bar.get('.segment.current').attributes('title')).toBe('Proof of concept')
    expect(bar.get('[role=progressbar]').attributes('aria-valuetext')).toBe('Stage 3 of 8: Proof of concept')
    expect(rows[0]!.get('[data-test=state]').text()).toBe('Active')
    expect(rows[1]!.get('[data-test=state]').text()).toBe('Stopped')
    expect(rows[1]!.get('[data-test=stage-progress]').classes()).toContain('stopped')
    expect(rows[0]!.get('[data-test=project-trl]').text()).toContain('TRL 4')
    expect(rows[0]!.get('[data-test=project-org]').text()).toBe('岳川医疗科技有限公司')
    expect(rows[0]!.get('[data-test=project-area]').text()).toBe('Cardiovascular')
    expect(rows[0]!.get('[data-test=project-title]').attributes('href')).toBe('/projects/4')
    expect(wrapper.find('[data-test=new-project]').exists()).toBe(true)

    await wrapper.get('[data-test=filter-stage]').setValue('2')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ stage: '2', state: 'active' })
    expect(f.of('GET', '/api/v1/projects').at(-1)!.url).toBe('/api/v1/projects?stage=2&state=active')
  })

  it('offers no new project to a clinician', async () => {
    session.user = user('clinician')
    fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/stage-model') return json(200, MODEL)
      if (m === 'GET' && url.startsWith('/api/v1/projects')) return json(200, { items: [] })
    })
    const { wrapper } = await mountWith(ProjectsList, { path: '/projects' })
    expect(wrapper.find('[data-test=new-project]').exists()).toBe(false)
    expect(wrapper.find('[data-test=no-results]').exists()).toBe(true)
  })
})

describe('ProjectDetail', () => {
  const REFUSED = 'a go needs every criterion and maturity level of the gate: criterion not met: IP position; clinical maturity 3 is below the 4 this gate needs'

  function detailApi(over: { project?: ReturnType<typeof project>; gate?: (body: unknown) => Response } = {}) {
    let timeline = [...TIMELINE]
    return fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/projects/4') return json(200, over.project ?? project())
      if (m === 'GET' && url === '/api/v1/stage-model') return json(200, MODEL)
      if (m === 'GET' && url === '/api/v1/projects/4/timeline') return json(200, { items: timeline })
      if (m === 'POST' && url === '/api/v1/projects/4/gate') return over.gate?.(body) ?? apiError(422, 'unprocessable', REFUSED, 'decision')
      if (m === 'POST' && url === '/api/v1/projects/4/feedback/20/response') {
        const ev = { id: 40, kind: 'response', at: '2026-09-01T00:00:00Z', actor: { id: 14, name: '岳川' }, detail: { to: 20, text: (body as { text: string }).text } }
        timeline = [...timeline, ev as (typeof timeline)[number]]
        return json(201, ev)
      }
      if (m === 'POST' && url === '/api/v1/projects/4/feedback') return json(201, { id: 41, kind: 'feedback', at: '2026-09-02T00:00:00Z', detail: body })
      if (m === 'PATCH' && url === '/api/v1/projects/4/milestones/1') return json(200, { id: 1, title: '样机', due: '2027-03-31', owner: 14, status: (body as { status: string }).status })
    })
  }

  async function fillGate(w: Wrapper, decision: string) {
    await w.get('[data-test=criterion-technical_feasibility]').setValue(true)
    await w.get('[data-test=criterion-regulatory_path]').setValue(true)
    await w.get('[data-test=gate-maturity-clinical]').setValue('3')
    await w.get('[data-test=gate-maturity-market]').setValue('4')
    await w.get(`[data-test=gate-${decision}]`).setValue(true)
    await w.get('[data-test=gate-reasons]').setValue('样机通过台架测试')
    await w.get('[data-test=gate-reviewers]').setValue('3, 30')
    await w.get('[data-test=gate-reviewers]').trigger('input')
    await w.get('[data-test=gate-form]').trigger('submit')
    await flushPromises()
  }

  it('sends the gate’s criteria, the maturity and the decision, and lists what a refused go lacks', async () => {
    session.user = user('operator')
    const f = detailApi({ project: project({ can_edit: true }) })
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes, locale: 'en' })
    const panel = wrapper.get('[data-test=gate-panel]')
    // The current stage's criteria, in the reader's language; minimums beside the inputs.
    expect(panel.findAll('input[type=checkbox]').map((c) => c.attributes('data-test'))).toEqual(['criterion-technical_feasibility', 'criterion-ip_position', 'criterion-regulatory_path'])
    expect(panel.text()).toContain('IP position')
    expect((panel.get('[data-test=gate-maturity-technical]').element as HTMLInputElement).value).toBe('4')
    expect(panel.get('[data-test=gate-maturity-technical]').attributes('max')).toBe('9')
    expect(panel.get('[data-test=gate-maturity-clinical]').attributes('max')).toBe('10')
    await fillGate(wrapper, 'go')
    const post = f.of('POST', '/api/v1/projects/4/gate')
    expect(post).toHaveLength(1)
    expect(post[0]!.body).toEqual({
      decision: 'go',
      criteria: { technical_feasibility: true, ip_position: false, regulatory_path: true },
      maturity: { clinical: 3, market: 4, regulatory: 2, technical: 4 },
      reasons: '样机通过台架测试',
      reviewers: [3, 30],
    })
    const unmet = wrapper.get('[data-test=gate-unmet]')
    expect(unmet.attributes('role')).toBe('alert')
    expect(unmet.text()).toContain('Go refused')
    expect(wrapper.findAll('[data-test=unmet-item]').map((i) => i.text())).toEqual(['criterion not met: IP position', 'clinical maturity 3 is below the 4 this gate needs'])
    // Still at stage 2.
    expect(wrapper.get('.head-progress').attributes('data-stage')).toBe('2')
  })

  it('moves the project on after a go that passes, and reloads the timeline', async () => {
    session.user = user('operator')
    const f = detailApi({ project: project({ can_edit: true }), gate: () => json(200, project({ can_edit: true, stage: 3, stage_id: 'prototype', version: 4, maturity: { clinical: 4, market: 4, regulatory: 3, technical: 4 } })) })
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    expect(f.of('GET', '/api/v1/projects/4/timeline')).toHaveLength(1)
    await fillGate(wrapper, 'go')
    expect(wrapper.find('[data-test=gate-unmet]').exists()).toBe(false)
    expect(wrapper.get('.head-progress').attributes('data-stage')).toBe('3')
    expect(f.of('GET', '/api/v1/projects/4/timeline')).toHaveLength(2)
    // The new gate's criteria.
    expect(wrapper.get('[data-test=gate-panel]').findAll('input[type=checkbox]').map((c) => c.attributes('data-test'))).toEqual(['criterion-team'])
  })

  it('asks for a decision before sending', async () => {
    session.user = user('operator')
    const f = detailApi({ project: project({ can_edit: true }) })
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    await wrapper.get('[data-test=gate-form]').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/projects/4/gate')).toHaveLength(0)
    expect(wrapper.get('[data-test=gate-panel] [data-test=error]').text()).toBe('请选择一项决定。')
  })

  it('offers no gate review on a project the operator may not edit, nor on a stopped one', async () => {
    session.user = user('operator')
    detailApi()
    let m = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    expect(m.wrapper.find('[data-test=gate-panel]').exists()).toBe(false)
    m.wrapper.unmount()
    detailApi({ project: project({ can_edit: true, state: 'stopped' }) })
    m = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    expect(m.wrapper.find('[data-test=gate-panel]').exists()).toBe(false)
    expect(m.wrapper.find('[data-test=stopped]').exists()).toBe(true)
  })

  it('draws maturity against the gate minimum', async () => {
    session.user = user('guest')
    detailApi()
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    const option = JSON.parse(wrapper.get('[data-test=maturity] [data-test=chart]').attributes('data-option')!)
    expect(option.series.map((s: { data: { value: number[] }[] }) => s.data[0]!.value)).toEqual([
      [3, 3, 2, 4],
      [4, 3, 3, 4],
    ])
    expect(wrapper.get('[data-test=maturity-regulatory]').classes()).toContain('below')
    expect(wrapper.get('[data-test=maturity-technical]').classes()).not.toContain('below')
    // A guest gets no forms.
    for (const x of ['gate-panel', 'trl-form', 'milestone-form', 'outcome-form', 'feedback-form', 'respond', 'edit-project'])
      expect(wrapper.find(`[data-test=${x}]`).exists(), x).toBe(false)
  })

  it('renders the timeline: feedback with its issues by severity, responses indented under it', async () => {
    session.user = user('guest')
    detailApi()
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes, locale: 'en' })
    const events = wrapper.findAll('[data-test=timeline] > ol > [data-test=event]')
    expect(events.map((e) => e.attributes('data-kind'))).toEqual(['created', 'gate', 'feedback', 'trl'])
    expect(events.map((e) => e.get('[data-test=event-kind]').text())).toEqual(['Created', 'Gate review', 'Clinical feedback', 'TRL update'])
    expect(events[1]!.get('[data-test=gate-decision]').text()).toBe('Go')
    expect(events[1]!.get('[data-test=gate-move]').text()).toBe('Concept → Proof of concept')
    expect(events[1]!.text()).toContain('Reviewers: #3, #30')
    const fb = events[2]!
    expect(fb.get('[data-test=feedback-summary]').text()).toBe('Iteration 1 · 6 sessions')
    const issues = fb.findAll('[data-test=issue]')
    expect(issues.map((i) => i.text())).toEqual(['Low 腕带过紧', 'Critical 运动时误报'])
    expect(fb.findAll('[data-test=severity]').map((s) => s.attributes('data-severity'))).toEqual(['low', 'critical'])
    expect(fb.find('.severity-critical').exists()).toBe(true)
    const responses = fb.findAll('[data-test=responses] [data-test=response]')
    expect(responses).toHaveLength(1)
    expect(responses[0]!.get('[data-test=response-text]').text()).toBe('已改用运动伪影滤波')
    expect(responses[0]!.text()).toContain('岳川')
    expect(events[3]!.get('[data-test=trl-change]').text()).toBe('TRL 3 → 4')
  })

  it('lets a lead respond to feedback, change a milestone and update TRL, but not review the gate', async () => {
    session.user = user('supplier', { id: 14 })
    const f = detailApi({ project: project({ can_edit: true }) })
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    expect(wrapper.find('[data-test=gate-panel]').exists()).toBe(false)
    expect(wrapper.find('[data-test=trl-form]').exists()).toBe(true)
    expect(wrapper.find('[data-test=feedback-form]').exists()).toBe(false)
    await wrapper.get('[data-test=respond]').trigger('click')
    await wrapper.get('[data-test=response-input]').setValue('  已更换表带  ')
    await wrapper.get('[data-test=response-send]').trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/projects/4/feedback/20/response')[0]!.body).toEqual({ text: '已更换表带' })
    expect(wrapper.findAll('[data-test=responses] [data-test=response]')).toHaveLength(2)

    await wrapper.get('[data-test=milestone-status]').setValue('done')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/projects/4/milestones/1')[0]!.body).toEqual({ status: 'done' })
  })

  it('lets a clinician send feedback: the next iteration, sessions and issues with severity', async () => {
    session.user = user('clinician', { id: 50 })
    const f = detailApi()
    const { wrapper } = await mountWith(ProjectDetail, { path: '/projects/4', routes })
    const form = wrapper.get('[data-test=feedback-form]')
    expect((form.get('[data-test=feedback-iteration]').element as HTMLInputElement).value).toBe('2')
    await form.get('[data-test=feedback-sessions]').setValue('8')
    await form.get('[data-test=issue-text]').setValue('佩戴后皮肤发红')
    await form.get('[data-test=issue-severity]').setValue('high')
    await form.get('[data-test=add-issue]').trigger('click')
    await form.findAll('[data-test=issue-text]')[1]!.setValue('充电口松动')
    await form.findAll('[data-test=issue-severity]')[1]!.setValue('low')
    await form.get('[data-test=add-issue]').trigger('click')
    await form.get('form').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/projects/4/feedback')[0]!.body).toEqual({
      iteration: 2,
      sessions: 8,
      issues: [
        { text: '佩戴后皮肤发红', severity: 'high' },
        { text: '充电口松动', severity: 'low' },
      ],
    })
    expect(wrapper.find('[data-test=respond]').exists()).toBe(false)
  })
})

describe('ProjectForm', () => {
  it('creates a project with the team, ids, tier and TRL, then opens it', async () => {
    session.user = user('operator')
    const f = fakeFetch((m, url, body) => {
      if (m === 'POST' && url === '/api/v1/projects') return json(201, project({ ...(body as object), id: 44, stage: 0, version: 1 }))
    })
    const { wrapper, router } = await mountWith(ProjectForm, { path: '/projects/new', routes })
    await wrapper.get('[data-test=project-title]').setValue('房颤筛查手环')
    await wrapper.get('[data-test=project-summary]').setValue('用 PPG 识别房颤。')
    await wrapper.get('[data-test=project-area]').setValue('cardiovascular')
    await wrapper.get('[data-test=project-tier]').setValue('nda')
    await wrapper.get('[data-test=project-trl]').setValue('3')
    await wrapper.get('[data-test=project-needs]').setValue('12, 15')
    await wrapper.get('[data-test=project-needs]').trigger('input')
    await wrapper.get('[data-test=add-member]').trigger('click')
    await wrapper.get('[data-test=member-user]').setValue('14')
    await wrapper.get('[data-test=member-name]').setValue('岳川')
    await wrapper.get('[data-test=member-role]').setValue('engineering lead')
    await wrapper.get('[data-test=project-form]').trigger('submit')
    await flushPromises()
    const post = f.of('POST', '/api/v1/projects')
    expect(post).toHaveLength(1)
    expect(post[0]!.body).toEqual({
      title: '房颤筛查手环',
      summary: '用 PPG 识别房颤。',
      clinical_area: 'cardiovascular',
      needs: [12, 15],
      capabilities: [],
      team: [{ user: 14, name: '岳川', role: 'engineering lead' }],
      tier: 'nda',
      trl: 3,
    })
    expect(router.currentRoute.value.path).toBe('/projects/44')
  })

  it('refuses a team row without a user id, and edits send only the changes with the version', async () => {
    session.user = user('operator')
    const f = fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/projects/4') return json(200, project())
      if (m === 'PATCH' && url === '/api/v1/projects/4') return json(200, project({ ...(body as object), version: 4 }))
    })
    const { wrapper, router } = await mountWith(ProjectForm, { path: '/projects/4/edit', routes })
    expect((wrapper.get('[data-test=project-title]').element as HTMLInputElement).value).toBe('房颤筛查手环')
    expect(wrapper.findAll('[data-test=team-row]')).toHaveLength(3)
    await wrapper.get('[data-test=add-member]').trigger('click')
    await wrapper.findAll('[data-test=member-name]')[3]!.setValue('新成员')
    await wrapper.get('[data-test=project-form]').trigger('submit')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/projects/4')).toHaveLength(0)
    expect(wrapper.get('[data-test=team-error]').text()).toBe('每位团队成员都需要有效的用户编号和姓名。')
    await wrapper.findAll('[data-test=team-row] button')[3]!.trigger('click')
    await wrapper.get('[data-test=project-summary]').setValue('新的简介')
    await wrapper.get('[data-test=project-form]').trigger('submit')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/projects/4')[0]!.body).toEqual({ summary: '新的简介', version: 3 })
    expect(router.currentRoute.value.path).toBe('/projects/4')
  })
})

describe('ProposalDetail → project', () => {
  function proposalApi(p: ReturnType<typeof proposal>) {
    return fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/proposals/9') return json(200, p)
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'decided' }))
      if (m === 'POST' && url === '/api/v1/proposals/9/project') return json(201, project({ id: 44, proposal: 9 }))
    })
  }

  it('turns an awarded proposal into a project and opens it', async () => {
    session.user = user('operator')
    const f = proposalApi(proposal({ state: 'awarded', decision: { outcome: 'award', reason: '最佳', at: '2027-02-01T00:00:00Z' } }))
    const { wrapper, router } = await mountWith(ProposalDetail, { path: '/proposals/9', routes, locale: 'en' })
    const btn = wrapper.get('[data-test=create-project]')
    expect(btn.text()).toBe('Create project')
    await btn.trigger('click')
    await flushPromises()
    const post = f.of('POST', '/api/v1/proposals/9/project')
    expect(post).toHaveLength(1)
    expect(post[0]!.headers['X-CSRF-Token']).toBe('tok-test')
    expect(router.currentRoute.value.path).toBe('/projects/44')
  })

  it('is not offered before the award, to suppliers, or once the project exists', async () => {
    session.user = user('operator')
    proposalApi(proposal({ state: 'submitted' }))
    let m = await mountWith(ProposalDetail, { path: '/proposals/9', routes })
    expect(m.wrapper.find('[data-test=create-project]').exists()).toBe(false)
    m.wrapper.unmount()

    session.user = user('supplier', { id: 14, org_id: 21 })
    proposalApi(proposal({ state: 'awarded' }))
    m = await mountWith(ProposalDetail, { path: '/proposals/9', routes })
    expect(m.wrapper.find('[data-test=create-project]').exists()).toBe(false)
    m.wrapper.unmount()

    session.user = user('operator')
    proposalApi(proposal({ state: 'awarded', project: 44 }))
    m = await mountWith(ProposalDetail, { path: '/proposals/9', routes })
    expect(m.wrapper.find('[data-test=create-project]').exists()).toBe(false)
    expect(m.wrapper.get('[data-test=project-link]').attributes('href')).toBe('/projects/44')
  })
})

describe('routes', () => {
  it('lets only operators and administrators open the new-project form; every signed-in user the rest', async () => {
    const { router } = await import('../../src/router')
    const land = async (path: string) => {
      await router.push(path)
      return router.currentRoute.value.name === 'not-found' ? 'refused' : router.currentRoute.value.path
    }
    session.user = user('clinician')
    expect(await land('/projects/new')).toBe('refused')
    for (const p of ['/projects', '/projects/4', '/projects/4/edit', '/kpis', '/kpis/report', '/network']) expect(await land(p)).toBe(p)
    for (const role of ['operator', 'tenant_admin', 'platform_admin'] as const) {
      session.user = user(role)
      await router.push('/')
      expect(await land('/projects/new')).toBe('/projects/new')
    }
    session.user = null
    await router.push('/kpis')
    expect(router.currentRoute.value.path).toBe('/login')
  })
})
