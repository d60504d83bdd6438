// @vitest-environment happy-dom
// The KPI pages against a fake fetch: the dashboard (filters in the URL and in the downloads,
// tiles after the NIH CAI / REACH template, the funnel and the death-valley series), the
// printable report (title with period and tenant, tables, Print), and the collaboration network
// (node size by betweenness, the bridging organisations).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import KpiDashboard from '../../src/views/kpis/KpiDashboard.vue'
import KpiReport from '../../src/views/kpis/KpiReport.vue'
import NetworkView from '../../src/views/kpis/NetworkView.vue'
import { session } from '../../src/session'
import type { User } from '../../src/api/types'
import { fakeFetch, flushPromises, json, mountWith } from './support/ui'
import { KPIS, MODEL, NETWORK } from './support/projects'

vi.mock('../../src/components/EChart.vue', () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true }, label: String, height: Number },
    setup(props) {
      return () => h('div', { 'data-test': 'chart', 'data-label': props.label, 'data-option': JSON.stringify(props.option) })
    },
  }),
}))

const user = (role: User['role'], over: Partial<User> = {}): User => ({ id: 3, tenant_id: 1, email: 'u@x.org', name: '柏文静', role, org_id: null, ...over })

afterEach(() => {
  session.user = null
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof mountWith>>['wrapper']
type Series = { type: string; name: string; yAxisIndex?: number; stack?: string; data: (number | null | { name: string; value: number })[] }
const optionOf = (w: Wrapper, key: string) => JSON.parse(w.get(`[data-test=chart-${key}] [data-test=chart]`).attributes('data-option')!) as { series: Series[]; xAxis?: { data: string[] } }

function kpiApi() {
  return fakeFetch((m, url) => {
    if (m === 'GET' && url.startsWith('/api/v1/kpis')) return json(200, KPIS)
    if (m === 'GET' && url === '/api/v1/stage-model') return json(200, MODEL)
    if (m === 'GET' && url === '/api/v1/tenants') return json(200, { items: [{ id: 1, slug: 'sh', name: '上海医工联合体' }] })
    if (m === 'GET' && url === '/api/v1/network') return json(200, NETWORK)
  })
}

const FILTERS = 'from=2026-01-01&to=2026-12-31&area=cardiovascular&scope=consortium'

describe('KpiDashboard', () => {
  it('asks with the URL’s filters and shows the tiles, the funnel and the death valley', async () => {
    session.user = user('clinician')
    const f = kpiApi()
    const { wrapper } = await mountWith(KpiDashboard, { path: `/kpis?${FILTERS}`, locale: 'en' })
    expect(f.of('GET', '/api/v1/kpis')[0]!.url).toBe(`/api/v1/kpis?format=json&${FILTERS}`)
    expect((wrapper.get('[data-test=kpi-area]').element as HTMLSelectElement).value).toBe('cardiovascular')
    expect((wrapper.get('[data-test=kpi-scope]').element as HTMLSelectElement).value).toBe('consortium')
    const tile = (k: string) => wrapper.get(`[data-test=tile-${k}] [data-test=tile-value]`).text()
    expect([tile('projects'), tile('active'), tile('stopped')]).toEqual(['9', '7', '2'])
    expect(wrapper.get('[data-test=tile-company_formed]').text()).toBe('2Spin-offs')
    expect(wrapper.get('[data-test=tile-licence_signed]').text()).toBe('1Licences')
    expect(wrapper.get('[data-test=tile-registration_certificate]').text()).toBe('1Registrations')
    expect(wrapper.get('[data-test=tile-product_launched]').text()).toBe('0Products')
    expect(wrapper.get('[data-test=tile-follow_on_funding]').text()).toBe('3Follow-on funding')

    const funnel = optionOf(wrapper, 'funnel')
    expect(funnel.series[0]!.type).toBe('funnel')
    expect(funnel.series[0]!.data).toEqual([
      { name: 'Need validated', value: 9 },
      { name: 'Concept', value: 7 },
      { name: 'Proof of concept', value: 4 },
      { name: 'Prototype', value: 1 },
    ])

    const dv = optionOf(wrapper, 'death-valley')
    expect(dv.xAxis!.data).toEqual(['Need validated', 'Concept', 'Proof of concept', 'Prototype'])
    expect(dv.series.map((s) => `${s.type}:${s.name}:${s.yAxisIndex}`)).toEqual([
      'bar:Stopped:0',
      'bar:Stalled:0',
      'line:Days in stage (median):1',
      'line:Days in stage (p90):1',
    ])
    expect(dv.series.map((s) => s.data)).toEqual([
      [1, 2, 0, 0],
      [1, 0, 2, 0],
      [40.5, 61.3, 120, null],
      [88, 150, 240.5, null],
    ])
    expect(optionOf(wrapper, 'partners').series[0]!.data).toEqual([
      { name: 'Company', value: 9 },
      { name: 'Hospital', value: 6 },
    ])
    expect(wrapper.find('[data-test=chart-needs-area]').exists()).toBe(true)
    expect(wrapper.find('[data-test=chart-needs-status]').exists()).toBe(true)
  })

  it('carries the filters into the downloads and the report, and re-asks when they change', async () => {
    session.user = user('guest')
    const f = kpiApi()
    const { wrapper, router } = await mountWith(KpiDashboard, { path: `/kpis?${FILTERS}` })
    expect(wrapper.get('[data-test=export-csv]').attributes('href')).toBe(`/api/v1/kpis?format=csv&${FILTERS}`)
    expect(wrapper.get('[data-test=export-xlsx]').attributes('href')).toBe(`/api/v1/kpis?format=xlsx&${FILTERS}`)
    expect(wrapper.get('[data-test=report-link]').attributes('href')).toBe(`/kpis/report?${FILTERS}`)
    expect(wrapper.get('[data-test=network-link]').attributes('href')).toBe('/network')

    await wrapper.get('[data-test=kpi-area]').setValue('')
    await wrapper.get('[data-test=kpi-from]').setValue('2026-07-01')
    await wrapper.get('[data-test=kpi-from]').trigger('change')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ from: '2026-07-01', to: '2026-12-31', scope: 'consortium' })
    expect(f.of('GET', '/api/v1/kpis').at(-1)!.url).toBe('/api/v1/kpis?format=json&from=2026-07-01&to=2026-12-31&scope=consortium')
    expect(wrapper.get('[data-test=export-csv]').attributes('href')).toBe('/api/v1/kpis?format=csv&from=2026-07-01&to=2026-12-31&scope=consortium')
    expect(wrapper.get('[data-test=export-xlsx]').attributes('href')).toBe('/api/v1/kpis?format=xlsx&from=2026-07-01&to=2026-12-31&scope=consortium')
  })

  it('asks for the tenant scope when the URL names none', async () => {
    session.user = user('guest')
    const f = kpiApi()
    const { wrapper } = await mountWith(KpiDashboard, { path: '/kpis' })
    expect(f.of('GET', '/api/v1/kpis')[0]!.url).toBe('/api/v1/kpis?format=json&scope=tenant')
    expect(wrapper.get('[data-test=export-csv]').attributes('href')).toBe('/api/v1/kpis?format=csv&scope=tenant')
  })
})

describe('KpiReport', () => {
  it('titles the report with the period and tenant, shows the numbers as tables, and prints', async () => {
    session.user = user('tenant_admin')
    const f = kpiApi()
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const { wrapper } = await mountWith(KpiReport, { path: `/kpis/report?${FILTERS}`, locale: 'en' })
    expect(f.of('GET', '/api/v1/kpis')[0]!.url).toBe(`/api/v1/kpis?format=json&${FILTERS}`)
    expect(wrapper.get('[data-test=report-title]').text()).toBe('Translation KPI report')
    const sub = wrapper.get('[data-test=report-subtitle]').text()
    expect(sub).toContain('2026')
    expect(sub).toContain('Dec')
    expect(sub).toContain('上海医工联合体')
    const rows = wrapper.findAll('[data-test=funnel-row]')
    expect(rows).toHaveLength(4)
    expect(rows[0]!.findAll('td').map((c) => c.text())).toEqual(['0 · Need validated', '9', '2', '1', '1', '40.5', '88'])
    expect(rows[3]!.findAll('td').at(-1)!.text()).toBe('—')
    expect(wrapper.get('[data-test=table-partners]').text()).toContain('Company9')
    expect(wrapper.find('[data-test=chart-death-valley]').exists()).toBe(true)
    expect(wrapper.get('[data-test=tile-follow_on_funding] [data-test=tile-value]').text()).toBe('3')
    // The buttons are left out of print.
    expect(wrapper.get('[data-test=print]').element.closest('.no-print')).not.toBeNull()
    await wrapper.get('[data-test=print]').trigger('click')
    expect(print).toHaveBeenCalledTimes(1)
  })

  it('names the tenant by number for those who may not list tenants', async () => {
    session.user = user('clinician')
    const f = kpiApi()
    const { wrapper } = await mountWith(KpiReport, { path: '/kpis/report' })
    expect(f.of('GET', '/api/v1/tenants')).toHaveLength(0)
    expect(wrapper.get('[data-test=report-subtitle]').text()).toContain('联合体 #1')
  })
})

describe('NetworkView', () => {
  it('sizes nodes by betweenness, colours them by type, and lists the bridges', async () => {
    session.user = user('guest')
    kpiApi()
    const { wrapper } = await mountWith(NetworkView, { path: '/network', locale: 'en' })
    const o = JSON.parse(wrapper.get('[data-test=network-chart] [data-test=chart]').attributes('data-option')!) as {
      series: { type: string; layout: string; data: { id: string; name: string; symbolSize: number; category: number }[]; categories: { name: string }[]; links: { source: string; target: string; value: number }[] }[]
    }
    const s = o.series[0]!
    expect(s.type).toBe('graph')
    expect(s.layout).toBe('force')
    const size = Object.fromEntries(s.data.map((d) => [d.name, d.symbolSize]))
    expect(size['瑞金医院']).toBeGreaterThan(size['岳川医疗']!)
    expect(size['岳川医疗']).toBeGreaterThan(size['交通大学']!)
    expect(size['交通大学']).toBe(size['明远电子'])
    expect(s.categories.map((c) => c.name)).toEqual(['Company', 'University', 'Hospital'])
    expect(s.data.map((d) => s.categories[d.category]!.name)).toEqual(['Hospital', 'Company', 'University', 'Company'])
    expect(s.links.map((l) => `${l.source}-${l.target}:${l.value}`)).toEqual(['1-2:3', '1-3:1'])
    expect(wrapper.get('[data-test=network-counts]').text()).toBe('4 organisations · 2 links · 2 components')
    const bridges = wrapper.findAll('[data-test=bridge]')
    expect(bridges.map((b) => b.attributes('data-id'))).toEqual(['1', '2'])
    expect(bridges.map((b) => b.get('[data-test=betweenness]').text())).toEqual(['0.500', '0.125'])
    expect(bridges[0]!.get('a').attributes('href')).toBe('/organisations/1')
  })
})
