// Helpers of the KPI pages: the filters as they travel in the URL, stage labels of the funnel,
// and the tiles after the NIH CAI / REACH reporting template (projects, then outcomes).
import type { LocationQuery } from 'vue-router'
import type { FunnelStage, KpiQuery, Kpis, StageModel } from '../api/types'
import { KPI_SCOPES, OUTCOME_TYPES, type ClinicalArea, type KpiScope } from './enums'
import { stageName } from './projects'

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** The filters from a route's query: dates as YYYY-MM-DD, the scope `tenant` unless
 * `consortium` is asked for. */
export function kpiQueryFrom(query: LocationQuery): Required<KpiQuery> {
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '')
  const date = (k: string) => (DATE_RE.test(s(k)) ? s(k) : '')
  const scope = (KPI_SCOPES as readonly string[]).includes(s('scope')) ? (s('scope') as KpiScope) : 'tenant'
  return { from: date('from'), to: date('to'), area: s('area') as ClinicalArea | '', scope }
}

/** The filters as a route query (empty ones left out). */
export function kpiRouteQuery(q: KpiQuery): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of ['from', 'to', 'area', 'scope'] as const) if (q[k]) out[k] = String(q[k])
  return out
}

/** A funnel stage's name in the reader's language (the tenant's stage model when loaded). */
export function funnelLabel(f: FunnelStage, model: StageModel | null | undefined, locale: string): string {
  if (model?.stages[f.stage]) return stageName(model, f.stage, locale)
  return (locale === 'en' ? f.name_en : '') || f.name || f.id
}

export interface Tile {
  key: string
  /** i18n key of its label. */
  label: string
  value: number
  group: 'projects' | 'outcomes' | 'calls'
}

/** The numbers the dashboard and the report lead with, in the template's order. */
export function kpiTiles(k: Kpis): Tile[] {
  const tiles: Tile[] = [
    { key: 'projects', label: 'kpi.tiles.projects', value: k.projects?.total ?? 0, group: 'projects' },
    { key: 'active', label: 'kpi.tiles.active', value: k.projects?.active ?? 0, group: 'projects' },
    { key: 'stopped', label: 'kpi.tiles.stopped', value: k.projects?.stopped ?? 0, group: 'projects' },
    ...OUTCOME_TYPES.map((o) => ({ key: o, label: `kpi.tiles.${o}`, value: k.outcomes?.[o] ?? 0, group: 'outcomes' as const })),
  ]
  if (k.calls)
    tiles.push(
      { key: 'calls', label: 'kpi.tiles.calls', value: k.calls.calls, group: 'calls' },
      { key: 'proposals', label: 'kpi.tiles.proposals', value: k.calls.proposals, group: 'calls' },
      { key: 'awarded', label: 'kpi.tiles.awarded', value: k.calls.awarded, group: 'calls' },
    )
  return tiles
}
