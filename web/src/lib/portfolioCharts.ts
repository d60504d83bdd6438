// ECharts options of the project and KPI pages: the maturity radar, the stage funnel, the
// "death valley" (where projects stop or stall, and how long they spend in each stage), and the
// organisations' collaboration network.
import type { EChartsCoreOption } from 'echarts/core'
import type { FunnelStage, Maturity, Network, NetworkNode } from '../api/types'
import { MATURITY_DOMAINS, ORG_TYPES, maturityMax, type MaturityDomain } from './enums'
import { PALETTE } from './charts'

/** Radar over the four CIMIT domains: the project's maturity, and the current gate's exit
 * minimum as a second series (absent when there is none). */
export function radarOption(
  maturity: Maturity,
  minimum: Maturity | null | undefined,
  labels: { domain: (d: MaturityDomain) => string; current: string; minimum: string },
): EChartsCoreOption {
  const values = (m: Maturity) => MATURITY_DOMAINS.map((d) => m[d] ?? 0)
  const series: Record<string, unknown>[] = [
    { type: 'radar', name: labels.current, data: [{ name: labels.current, value: values(maturity), areaStyle: { opacity: 0.25 } }] },
  ]
  if (minimum)
    series.push({
      type: 'radar',
      name: labels.minimum,
      data: [{ name: labels.minimum, value: values(minimum), lineStyle: { type: 'dashed' }, symbol: 'none' }],
    })
  return {
    color: [PALETTE[0], PALETTE[2]],
    aria: { enabled: true },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, left: 'center' },
    radar: {
      radius: '62%',
      center: ['50%', '46%'],
      indicator: MATURITY_DOMAINS.map((d) => ({ name: labels.domain(d), max: maturityMax(d), min: 0 })),
    },
    series,
  }
}

/** How many projects reached each stage, in stage order, as a funnel. */
export function funnelOption(funnel: readonly FunnelStage[], stageLabel: (s: FunnelStage) => string): EChartsCoreOption {
  const max = Math.max(1, ...funnel.map((f) => f.reached))
  return {
    color: PALETTE,
    aria: { enabled: true },
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        min: 0,
        max,
        minSize: '8%',
        left: '10%',
        width: '80%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: '{b}: {c}' },
        data: funnel.map((f) => ({ name: stageLabel(f), value: f.reached })),
      },
    ],
  }
}

export interface DeathValleyLabels {
  stopped: string
  stalled: string
  median: string
  p90: string
  count: string
  days: string
}

/** Per stage: stopped and stalled projects as stacked bars (left axis), and the median and
 * 90th-percentile days in the stage as lines on a second axis (right). */
export function deathValleyOption(funnel: readonly FunnelStage[], stageLabel: (s: FunnelStage) => string, l: DeathValleyLabels): EChartsCoreOption {
  const days = (v: number | null | undefined) => (typeof v === 'number' ? Math.round(v * 10) / 10 : null)
  return {
    color: [PALETTE[6], PALETTE[2], PALETTE[1], PALETTE[3]],
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, left: 'center' },
    grid: { left: 8, right: 8, top: 28, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: funnel.map(stageLabel), axisLabel: { interval: 0, hideOverlap: true, width: 80, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', name: l.count, minInterval: 1 },
      { type: 'value', name: l.days, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: l.stopped, stack: 'lost', yAxisIndex: 0, barMaxWidth: 28, data: funnel.map((f) => f.stopped) },
      { type: 'bar', name: l.stalled, stack: 'lost', yAxisIndex: 0, barMaxWidth: 28, data: funnel.map((f) => f.stalled) },
      { type: 'line', name: l.median, yAxisIndex: 1, connectNulls: true, data: funnel.map((f) => days(f.median_days)) },
      { type: 'line', name: l.p90, yAxisIndex: 1, connectNulls: true, lineStyle: { type: 'dashed' }, data: funnel.map((f) => days(f.p90_days)) },
    ],
  }
}

/** A node's size from its betweenness: 12 px for none, up to 48 px for the most central one. */
export function nodeSize(betweenness: number, max: number): number {
  if (!(max > 0) || !(betweenness > 0)) return 12
  return Math.round((12 + 36 * Math.sqrt(Math.min(betweenness, max) / max)) * 10) / 10
}

/** The organisations with the highest betweenness (the bridges), most central first. */
export function topBridges(network: Network, n = 10): NetworkNode[] {
  return [...network.nodes]
    .filter((x) => x.betweenness > 0)
    .sort((a, b) => b.betweenness - a.betweenness || a.name.localeCompare(b.name))
    .slice(0, n)
}

/** A force-directed graph: node size by betweenness, colour by organisation type, link width
 * by weight. */
export function networkOption(network: Network, typeLabel: (type: string) => string): EChartsCoreOption {
  const types = [...ORG_TYPES.filter((ty) => network.nodes.some((x) => x.type === ty)), ...new Set(network.nodes.map((x) => x.type).filter((ty) => !(ORG_TYPES as readonly string[]).includes(ty)))]
  const maxB = Math.max(0, ...network.nodes.map((x) => x.betweenness))
  const maxW = Math.max(1, ...network.links.map((x) => x.weight))
  return {
    color: PALETTE,
    aria: { enabled: true },
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', bottom: 0, left: 'center', data: types.map(typeLabel) },
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        force: { repulsion: 320, edgeLength: [60, 180], gravity: 0.06 },
        label: { show: true, position: 'right', fontSize: 11 },
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency' },
        categories: types.map((ty) => ({ name: typeLabel(ty) })),
        data: network.nodes.map((x) => ({
          id: String(x.id),
          name: x.name,
          value: x.betweenness,
          symbolSize: nodeSize(x.betweenness, maxB),
          category: types.indexOf(x.type),
        })),
        links: network.links.map((x) => ({
          source: String(x.source),
          target: String(x.target),
          value: x.weight,
          lineStyle: { width: 1 + 4 * (x.weight / maxW), opacity: 0.6 },
        })),
      },
    ],
  }
}
