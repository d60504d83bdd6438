// Helpers of the project and KPI pages: the unmet list of a refused go, the threaded timeline,
// leads and feedback rights, the project form's changes, the KPI filters in the URL, and the
// chart options (radar, death valley, network).
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/api/client'
import { badTeamRows, emptyProjectForm, isLead, mayGiveFeedback, projectChanges, projectFormFrom, threadTimeline, unmetFromError } from '../../src/lib/projects'
import { kpiQueryFrom, kpiRouteQuery, kpiTiles } from '../../src/lib/kpis'
import { deathValleyOption, networkOption, nodeSize, radarOption, topBridges } from '../../src/lib/portfolioCharts'
import { KPIS, NETWORK, TIMELINE, project } from './support/projects'

describe('unmetFromError', () => {
  it('splits the server message of a refused go into its items', () => {
    const e = new ApiError(422, 'unprocessable', 'a go needs every criterion and maturity level of the gate: criterion not met: IP position; clinical maturity 3 is below the 4 this gate needs', 'decision')
    expect(unmetFromError(e)).toEqual(['criterion not met: IP position', 'clinical maturity 3 is below the 4 this gate needs'])
  })
  it('prefers an unmet array when the body has one', () => {
    const e = new ApiError(422, 'unprocessable', 'refused', '', '', [], { error: { message: 'refused', unmet: ['a', 'b'] } })
    expect(unmetFromError(e)).toEqual(['a', 'b'])
  })
  it('gives nothing for what is not an ApiError', () => {
    expect(unmetFromError(new Error('x'))).toEqual([])
  })
})

describe('threadTimeline', () => {
  it('puts responses under their feedback and keeps the rest oldest first', () => {
    const th = threadTimeline(TIMELINE)
    expect(th.map((x) => x.event.id)).toEqual([10, 17, 20, 22])
    expect(th[2]!.responses.map((r) => r.id)).toEqual([23])
  })
  it('orders by time even when the list is not, and keeps an orphan response in place', () => {
    const orphan = { id: 30, kind: 'response' as const, at: '2026-09-01T00:00:00Z', detail: { to: 99, text: '?' } }
    const th = threadTimeline([TIMELINE[3]!, orphan, TIMELINE[0]!])
    expect(th.map((x) => x.event.id)).toEqual([10, 22, 30])
  })
})

describe('who may do what', () => {
  it('finds leads by user id and a role ending in lead', () => {
    const p = project()
    expect(isLead(p, { id: 14 })).toBe(true)
    expect(isLead(p, { id: 15 })).toBe(true)
    expect(isLead(p, { id: 16 })).toBe(false)
    expect(isLead(p, null)).toBe(false)
  })
  it('lets clinicians of the tenant and the clinical lead give feedback', () => {
    const p = project()
    expect(mayGiveFeedback(p, { id: 99, role: 'clinician', tenant_id: 1 })).toBe(true)
    expect(mayGiveFeedback(p, { id: 99, role: 'clinician', tenant_id: 2 })).toBe(false)
    expect(mayGiveFeedback(p, { id: 15, role: 'supplier', tenant_id: 1 })).toBe(true)
    expect(mayGiveFeedback(p, { id: 14, role: 'supplier', tenant_id: 1 })).toBe(false)
  })
})

describe('project form', () => {
  it('sends every set field for a new project', () => {
    const f = { ...emptyProjectForm(), title: ' T ', org: 21, needs: [12], team: [{ user: 14, name: '岳川', role: 'engineering lead' }], trl: 3 as const }
    expect(projectChanges(f)).toEqual({ title: 'T', summary: '', org: 21, needs: [12], capabilities: [], team: [{ user: 14, name: '岳川', role: 'engineering lead' }], tier: 'consortium', trl: 3 })
  })
  it('sends only what changed in an edit, a cleared organisation as null', () => {
    const p = project()
    const f = projectFormFrom(p)
    expect(projectChanges(f, p)).toEqual({})
    f.summary = '新的简介'
    f.org = null
    f.capabilities = [40, 41]
    expect(projectChanges(f, p)).toEqual({ summary: '新的简介', org: null, capabilities: [40, 41] })
  })
  it('flags team rows without a user id or name', () => {
    expect(badTeamRows([{ user: 14, name: 'a', role: 'member' }, { user: 0, name: 'b', role: 'member' }, { user: 3, name: ' ', role: 'member' }])).toEqual([1, 2])
  })
})

describe('KPI filters', () => {
  it('reads dates, area and scope from the URL, tenant by default', () => {
    expect(kpiQueryFrom({ from: '2026-01-01', to: 'soon', area: 'oncology' })).toEqual({ from: '2026-01-01', to: '', area: 'oncology', scope: 'tenant' })
    expect(kpiQueryFrom({ scope: 'consortium' }).scope).toBe('consortium')
    expect(kpiRouteQuery({ from: '2026-01-01', to: '', area: '', scope: 'tenant' })).toEqual({ from: '2026-01-01', scope: 'tenant' })
  })
  it('leads with projects, then the five outcomes, then calls', () => {
    expect(kpiTiles(KPIS).map((x) => `${x.key}=${x.value}`)).toEqual([
      'projects=9',
      'active=7',
      'stopped=2',
      'company_formed=2',
      'licence_signed=1',
      'registration_certificate=1',
      'product_launched=0',
      'follow_on_funding=3',
      'calls=2',
      'proposals=5',
      'awarded=1',
    ])
  })
})

describe('chart options', () => {
  it('draws maturity and the gate minimum as two radar series over the four domains', () => {
    const o = radarOption({ clinical: 3, market: 3, regulatory: 2, technical: 4 }, { clinical: 4, market: 3, regulatory: 3, technical: 4 }, { domain: (d) => d, current: 'now', minimum: 'min' }) as {
      radar: { indicator: { name: string; max: number }[] }
      series: { data: { value: number[] }[] }[]
    }
    expect(o.radar.indicator.map((i) => `${i.name}/${i.max}`)).toEqual(['clinical/10', 'market/10', 'regulatory/10', 'technical/9'])
    expect(o.series.map((s) => s.data[0]!.value)).toEqual([
      [3, 3, 2, 4],
      [4, 3, 3, 4],
    ])
  })

  it('builds the death valley: stacked stopped and stalled bars, median and p90 on the second axis', () => {
    const l = { stopped: 'S', stalled: 'T', median: 'M', p90: 'P', count: 'n', days: 'd' }
    const o = deathValleyOption(KPIS.funnel, (f) => f.id, l) as {
      xAxis: { data: string[] }
      yAxis: unknown[]
      series: { type: string; name: string; stack?: string; yAxisIndex: number; data: (number | null)[] }[]
    }
    expect(o.xAxis.data).toEqual(['need_validated', 'concept', 'proof_of_concept', 'prototype'])
    expect(o.yAxis).toHaveLength(2)
    expect(o.series.map((s) => [s.type, s.name, s.stack ?? '', s.yAxisIndex])).toEqual([
      ['bar', 'S', 'lost', 0],
      ['bar', 'T', 'lost', 0],
      ['line', 'M', '', 1],
      ['line', 'P', '', 1],
    ])
    expect(o.series[0]!.data).toEqual([1, 2, 0, 0])
    expect(o.series[1]!.data).toEqual([1, 0, 2, 0])
    expect(o.series[2]!.data).toEqual([40.5, 61.3, 120, null])
    expect(o.series[3]!.data).toEqual([88, 150, 240.5, null])
  })

  it('sizes nodes by betweenness, the most central largest', () => {
    expect(nodeSize(0, 0.5)).toBe(12)
    expect(nodeSize(0.5, 0.5)).toBe(48)
    expect(nodeSize(0.125, 0.5)).toBe(30)
    const o = networkOption(NETWORK, (t) => t) as { series: { data: { id: string; symbolSize: number; category: number }[]; categories: { name: string }[]; links: { source: string; lineStyle: { width: number } }[] }[] }
    const s = o.series[0]!
    expect(s.data.map((d) => d.symbolSize)).toEqual([48, 30, 12, 12])
    expect(s.categories.map((c) => c.name)).toEqual(['company', 'university', 'hospital'])
    expect(s.data.map((d) => d.category)).toEqual([2, 0, 1, 0])
    expect(s.links.map((l) => l.lineStyle.width)).toEqual([5, 1 + 4 / 3])
    expect(topBridges(NETWORK).map((n) => n.id)).toEqual([1, 2])
  })
})
