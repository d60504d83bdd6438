// How hits and their reasons read on screen: titles, links, concept labels in the reader's
// language, weights and score widths. Pure functions, shared by every place that shows hits.
import type { BridgeRef, ConceptRef, Hit, QueryReading, RecordKind, Why } from '../api/types'

/** The concept's label in the UI language, the other language when that one is empty. */
export function conceptLabel(c: ConceptRef, locale: string): string {
  const first = locale === 'en' ? c.label_en : c.label_zh
  const second = locale === 'en' ? c.label_zh : c.label_en
  return first?.trim() || second?.trim() || c.id
}

/** A bridge link's weight as a short number: 0.9, 0.85, 1. */
export function formatWeight(w: number): string {
  return String(Number(Math.max(0, Math.min(1, w)).toFixed(2)))
}

/** "房颤 → 脉冲电场消融 · 0.9" */
export function bridgeText(b: BridgeRef, locale: string): string {
  return `${conceptLabel(b.from, locale)} → ${conceptLabel(b.to, locale)} · ${formatWeight(b.weight)}`
}

/** The score (0–2) as a percentage of the bar's width. */
export function scorePercent(score: number): number {
  if (!Number.isFinite(score) || score <= 0) return 0
  return Math.round(Math.min(score / 3, 1) * 100)
}

/** The hit's heading: a need's or capability's title, a person's or organisation's name. */
export function hitTitle(hit: Hit, locale: string): string {
  const r = hit.record as unknown as Record<string, unknown>
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string).trim() : '')
  if (hit.kind === 'need' || hit.kind === 'capability') return str('title') || `#${hit.record.id}`
  const name = locale === 'en' ? str('name_en') || str('name') : str('name') || str('name_en')
  return name || `#${hit.record.id}`
}

/** The page of a hit's record; '' for a kind the UI has no page for. */
export function hitLink(hit: Hit): string {
  const paths: Partial<Record<RecordKind, string>> = {
    need: '/needs',
    capability: '/capabilities',
    person: '/people',
    organisation: '/organisations',
  }
  const base = paths[hit.kind]
  return base ? `${base}/${hit.record.id}` : ''
}

/** The strongest bridges first, at most n. */
export function topBridges(bridges: readonly BridgeRef[] | undefined, n: number): BridgeRef[] {
  return [...(bridges ?? [])].sort((a, b) => b.weight - a.weight).slice(0, n)
}

/** A query reading shown with the same chips as a hit's reasons (no words of its own). */
export function readingAsWhy(q: QueryReading | undefined, maxBridges = 6): Why {
  return { words: [], concepts: q?.concepts ?? [], bridges: topBridges(q?.bridges, maxBridges) }
}

/** True when there is nothing to show. */
export function isEmptyWhy(w: Why | undefined): boolean {
  return !w || (!w.words?.length && !w.concepts?.length && !w.bridges?.length)
}

/** Length in code points, the way the API counts ("房颤" is 2). */
export function textLength(s: string): number {
  return [...s.trim()].length
}

/** "房颤、心房颤动" or "AF, atrial fibrillation" → one label per entry. */
export function splitLabels(s: string): string[] {
  return s
    .split(/[,，、;；\n]+/u)
    .map((x) => x.trim())
    .filter(Boolean)
}
