// @vitest-environment happy-dom
// The call pages against a fake fetch: the list (kind and state badges, dates in the call's
// zone, filters), the form (template, weight check, dates sent as RFC 3339 with the zone's
// offset), the detail page (only the next state offered; Apply for suppliers while open).
import { afterEach, describe, expect, it, vi } from 'vitest'
import CallsList from '../../src/views/calls/CallsList.vue'
import CallForm from '../../src/views/calls/CallForm.vue'
import CallDetail from '../../src/views/calls/CallDetail.vue'
import { session } from '../../src/session'
import type { User } from '../../src/api/types'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'
import { TEMPLATE, call, proposal } from './support/calls'

const user = (role: User['role'], over: Partial<User> = {}): User => ({ id: 1, tenant_id: 1, email: 'u@x.org', name: '柏文静', role, org_id: 21, ...over })
const stub = { template: '<div />' }
const routes = [
  { path: '/calls/:id(\\d+)', component: stub },
  { path: '/calls/:id(\\d+)/edit', component: stub },
  { path: '/:any(.*)*', component: stub },
]

afterEach(() => {
  session.user = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('CallsList', () => {
  it('shows kind, state, sponsor, budget and the closing time in the call’s zone', async () => {
    session.user = user('supplier')
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url.startsWith('/api/v1/calls'))
        return json(200, { items: [call(), call({ id: 4, kind: 'funding', state: 'draft', time_zone: 'America/New_York', reward: '', budget: null })] })
    })
    const { wrapper } = await mountWith(CallsList, { path: '/calls?state=open' })
    expect(f.of('GET', '/api/v1/calls')[0]!.url).toBe('/api/v1/calls?state=open')
    const rows = wrapper.findAll('[data-test=call]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.get('[data-test=call-kind]').text()).toBe('揭榜挂帅')
    expect(rows[1]!.get('[data-test=call-kind]').text()).toBe('概念验证')
    expect(rows[0]!.get('[data-test=state]').text()).toBe('征集中')
    expect(rows[0]!.get('[data-test=call-sponsor]').text()).toBe('上海市生物医药科技产业促进中心')
    expect(rows[0]!.get('[data-test=call-budget]').text()).toContain('2,000,000')
    // 2027-01-31T15:59:59Z is 23:59 in Shanghai and 10:59 in New York.
    expect(rows[0]!.get('[data-test=zoned-time]').text()).toContain('23:59')
    expect(rows[0]!.get('[data-test=zone]').text()).toContain('Asia/Shanghai')
    expect(rows[0]!.get('[data-test=zone]').text()).toContain('UTC+08:00')
    expect(rows[1]!.get('[data-test=zoned-time]').text()).toContain('10:59')
    expect(rows[1]!.get('[data-test=zone]').text()).toContain('America/New_York')
    expect(rows[0]!.get('a.result-title').attributes('href')).toBe('/calls/3')
    expect(wrapper.find('[data-test=new-call]').exists()).toBe(false)
  })

  it('filters by kind through the URL, and offers operators a new call', async () => {
    session.user = user('operator')
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url.startsWith('/api/v1/calls')) return json(200, { items: [] })
    })
    const { wrapper, router } = await mountWith(CallsList, { path: '/calls' })
    expect(wrapper.find('[data-test=new-call]').exists()).toBe(true)
    await wrapper.get('[data-test=filter-kind]').setValue('funding')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ kind: 'funding' })
    expect(f.of('GET', '/api/v1/calls').at(-1)!.url).toBe('/api/v1/calls?kind=funding')
    expect(wrapper.find('[data-test=no-results]').exists()).toBe(true)
  })
})

describe('CallForm', () => {
  function formApi() {
    return fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/rubric-templates') return json(200, { items: [TEMPLATE] })
      if (m === 'POST' && url === '/api/v1/calls') return json(201, { ...call(), ...(body as object), id: 8, state: 'draft', version: 1 })
    })
  }

  async function fill(w: Awaited<ReturnType<typeof mountWith>>['wrapper']) {
    await w.get('[data-test=call-title]').setValue('房颤早筛揭榜')
    await w.get('[data-test=call-scope]').setValue('社区房颤筛查')
    await w.get('[data-test=call-opens]').setValue('2026-12-01T09:00')
    await w.get('[data-test=call-closes]').setValue('2027-01-31T23:59')
    await w.get('[data-test=apply-template]').trigger('click')
  }

  it('sends the dates as RFC 3339 with the offset of the chosen zone', async () => {
    session.user = user('operator')
    const f = formApi()
    const { wrapper, router } = await mountWith(CallForm, { path: '/calls/new', routes })
    await fill(wrapper)
    expect(wrapper.findAll('[data-test=criterion-edit]')).toHaveLength(2)
    expect(wrapper.get('[data-test=weight-sum]').text()).toContain('1')
    await wrapper.get('[data-test=call-form]').trigger('submit')
    await flushPromises()
    const post = f.of('POST', '/api/v1/calls')
    expect(post).toHaveLength(1)
    const body = post[0]!.body as Record<string, unknown>
    expect(body.opens_at).toBe('2026-12-01T09:00:00+08:00')
    expect(body.closes_at).toBe('2027-01-31T23:59:00+08:00')
    expect(body.time_zone).toBe('Asia/Shanghai')
    expect(body.title).toBe('房颤早筛揭榜')
    expect(body.rubric).toEqual({ template: 'nih_cai', scale: 5, criteria: TEMPLATE.criteria })
    expect(body).not.toHaveProperty('state')
    expect(body).not.toHaveProperty('version')
    expect(router.currentRoute.value.path).toBe('/calls/8')
  })

  it('uses the offset of another zone when it is chosen', async () => {
    session.user = user('operator')
    const f = formApi()
    const { wrapper } = await mountWith(CallForm, { path: '/calls/new', routes })
    await fill(wrapper)
    await wrapper.get('[data-test=call-tz]').setValue('America/New_York')
    await wrapper.get('[data-test=call-form]').trigger('submit')
    await flushPromises()
    const body = f.of('POST', '/api/v1/calls')[0]!.body as Record<string, unknown>
    expect(body.closes_at).toBe('2027-01-31T23:59:00-05:00')
    expect(body.time_zone).toBe('America/New_York')
  })

  it('refuses weights that do not sum to 1, a close before the open, and no title', async () => {
    session.user = user('operator')
    const f = formApi()
    const { wrapper } = await mountWith(CallForm, { path: '/calls/new', routes, locale: 'en' })
    await fill(wrapper)
    await wrapper.get('[data-test=call-title]').setValue('')
    await wrapper.get('[data-test=call-closes]').setValue('2026-11-30T09:00')
    await wrapper.findAll('[data-test=criterion-weight]')[0]!.setValue('0.6')
    expect(wrapper.get('[data-test=weight-sum]').text()).toBe('Weights sum to 1.1')
    await wrapper.get('[data-test=call-form]').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/calls')).toHaveLength(0)
    expect(wrapper.get('[data-test=rubric-error]').text()).toBe('The weights must sum to 1 (now 1.1).')
    expect(wrapper.get('[data-field=call-closes]').text()).toContain('The closing time must be after the opening time.')
    expect(wrapper.get('[data-field=call-title]').text()).toContain('Required')
    // Fixed, it goes.
    await wrapper.findAll('[data-test=criterion-weight]')[0]!.setValue('0.5')
    await wrapper.get('[data-test=call-closes]').setValue('2027-01-31T23:59')
    await wrapper.get('[data-test=call-title]').setValue('T')
    await wrapper.get('[data-test=call-form]').trigger('submit')
    await flushPromises()
    expect(f.of('POST', '/api/v1/calls')).toHaveLength(1)
  })

  it('edits a call with PATCH and its version, dates shown in the call’s zone', async () => {
    session.user = user('operator')
    const f = fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/rubric-templates') return json(200, { items: [TEMPLATE] })
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'in_review' }))
      if (m === 'PATCH' && url === '/api/v1/calls/3') return json(200, { ...call(), ...(body as object) })
    })
    const { wrapper } = await mountWith(CallForm, { path: '/calls/3/edit', routes })
    expect((wrapper.get('[data-test=call-closes]').element as HTMLInputElement).value).toBe('2027-01-31T23:59')
    expect(wrapper.find('[data-test=frozen]').exists()).toBe(true)
    await wrapper.get('[data-test=call-title]').setValue('新标题')
    await wrapper.get('[data-test=call-form]').trigger('submit')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/calls/3')[0]!.body).toEqual({ title: '新标题', version: 4 })
  })
})

describe('CallDetail', () => {
  it('offers operators only the next state, and follows the server', async () => {
    session.user = user('operator')
    let state = 'draft'
    const f = fakeFetch((m, url, body) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: state as 'draft' }))
      if (m === 'GET' && url === '/api/v1/calls/3/proposals') return json(200, { items: [proposal()] })
      if (m === 'POST' && url === '/api/v1/calls/3/state') {
        state = (body as { to: string }).to
        return json(200, call({ state: state as 'open' }))
      }
    })
    const { wrapper } = await mountWith(CallDetail, { path: '/calls/3', routes, locale: 'en' })
    const move = () => wrapper.get('[data-test=move-call]')
    expect(wrapper.findAll('[data-test=move-call]')).toHaveLength(1)
    expect(move().text()).toBe('Move to “Open”')
    await move().trigger('click')
    await flushPromises()
    expect(f.of('POST', '/api/v1/calls/3/state')[0]!.body).toEqual({ to: 'open' })
    expect(wrapper.get('[data-test=call-title] + .badges [data-test=state]').text()).toBe('Open')
    expect(move().text()).toBe('Move to “Closed”')
    expect(wrapper.get('[data-test=proposal-count]').text()).toBe('7 proposals')
    expect(wrapper.get('[data-test=assignment-link]').attributes('href')).toBe('/calls/3/assignment')
    expect(wrapper.get('[data-test=ranking-link]').attributes('href')).toBe('/calls/3/ranking')
    expect(wrapper.get('[data-test=proposal] a').attributes('href')).toBe('/proposals/9')
    expect(wrapper.find('[data-test=apply]').exists()).toBe(false)
  })

  it('shows a refused move with the server’s reason', async () => {
    session.user = user('operator')
    fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'closed' }))
      if (m === 'GET' && url === '/api/v1/calls/3/proposals') return json(200, { items: [] })
      if (m === 'POST' && url === '/api/v1/calls/3/state') return apiError(409, 'conflict', 'no reviewer assigned yet; allowed next: in_review')
    })
    const { wrapper } = await mountWith(CallDetail, { path: '/calls/3', routes })
    await wrapper.get('[data-test=move-call]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=error]').text()).toContain('no reviewer assigned yet')
  })

  it('shows the rubric, eligibility, linked needs and blind mode; suppliers may apply while open', async () => {
    session.user = user('supplier')
    fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ closes_at: '2999-01-31T15:59:59Z', proposals: undefined }))
      if (m === 'GET' && url === '/api/v1/calls/3/proposals') return json(200, { items: [proposal({ state: 'draft' })] })
    })
    const { wrapper } = await mountWith(CallDetail, { path: '/calls/3', routes })
    expect(wrapper.get('[data-test=apply]').attributes('href')).toBe('/calls/3/proposals/new')
    expect(wrapper.find('[data-test=operator-panel]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test=criterion]')).toHaveLength(2)
    expect(wrapper.findAll('[data-test=criterion-weight]').map((c) => c.text())).toEqual(['60%', '40%'])
    expect(wrapper.get('[data-test=criterion]').text()).toContain('很强')
    expect(wrapper.get('[data-test=eligibility]').text()).toContain('企业')
    expect(wrapper.get('[data-test=trl-range]').text()).toBe('TRL 3 至 7')
    expect(wrapper.findAll('[data-test=call-needs] a').map((a) => a.attributes('href'))).toEqual(['/needs/12', '/needs/15'])
    expect(wrapper.get('[data-test=review-mode]').text()).toContain('盲审')
    expect(wrapper.get('[data-test=call-opens] [data-test=zoned-time]').text()).toContain('09:00')
    expect(wrapper.get('[data-test=proposal]').text()).toContain('草稿')
  })

  it('offers no Apply once the call is closed', async () => {
    session.user = user('supplier')
    fakeFetch((m, url) => {
      if (m === 'GET' && url === '/api/v1/calls/3') return json(200, call({ state: 'closed' }))
      if (m === 'GET' && url === '/api/v1/calls/3/proposals') return json(200, { items: [] })
    })
    const { wrapper } = await mountWith(CallDetail, { path: '/calls/3', routes })
    expect(wrapper.find('[data-test=apply]').exists()).toBe(false)
  })
})
