// ECharts options for the dashboard, built from the /api/v1/stats breakdowns.
import type { EChartsCoreOption } from 'echarts/core'

export interface Slice {
  key: string
  label: string
  value: number
}

export const PALETTE = ['#0f766e', '#2563eb', '#d97706', '#7c3aed', '#db2777', '#059669', '#dc2626', '#0891b2', '#65a30d', '#9333ea', '#ea580c', '#4b5563', '#0d9488']

/** The breakdown as slices in the order given (enum order), unknown keys after, zeros kept only
 * when keepZeros (a TRL axis should show every level). */
export function slices(
  counts: Record<string, number> | undefined,
  order: readonly (string | number)[],
  label: (key: string) => string,
  keepZeros = false,
): Slice[] {
  if (!counts) return []
  const keys = order.map(String)
  const extra = Object.keys(counts).filter((k) => !keys.includes(k))
  return [...keys, ...extra]
    .map((key) => ({ key, label: label(key), value: counts[key] ?? 0 }))
    .filter((s) => keepZeros || s.value > 0)
}

export function barOption(data: Slice[], horizontal = false): EChartsCoreOption {
  const cat = { type: 'category', data: data.map((d) => d.label), axisLabel: { interval: 0, hideOverlap: true, width: horizontal ? 110 : 80, overflow: 'truncate' } }
  const val = { type: 'value', minInterval: 1 }
  return {
    color: PALETTE,
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [{ type: 'bar', data: data.map((d) => d.value), barMaxWidth: 28, itemStyle: { borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] } }],
  }
}

export function pieOption(data: Slice[]): EChartsCoreOption {
  return {
    color: PALETTE,
    aria: { enabled: true },
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', bottom: 0, left: 'center' },
    series: [
      {
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '44%'],
        avoidLabelOverlap: true,
        label: { formatter: '{c}' },
        data: data.map((d) => ({ name: d.label, value: d.value })),
      },
    ],
  }
}

/** Horizontal bars of signed scores (normalised ranking scores: z-scores around 0), best first. */
export function scoreBarOption(data: { label: string; value: number }[]): EChartsCoreOption {
  return {
    color: PALETTE,
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', inverse: true, data: data.map((d) => d.label), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: data.map((d) => ({ value: Math.round(d.value * 1000) / 1000, itemStyle: { color: d.value >= 0 ? PALETTE[0] : PALETTE[2] } })),
      },
    ],
  }
}
