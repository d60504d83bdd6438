// Helpers of the calls pages that need no component: dates in a call's time zone (entered as
// wall-clock time in a zone, sent as RFC 3339 with an explicit offset), the call life cycle, the
// rubric's weight check, attachment types and sizes.

import type { CallState } from './enums'
import { CALL_STATES } from './enums'
import type { Criterion } from '../api/types'

/** The wall-clock parts of an instant in a time zone. */
function wallClock(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') }
}

/** The zone's offset from UTC at an instant, in minutes (+480 for Asia/Shanghai). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s)
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000)
}

/** +480 → "+08:00", -300 → "-05:00", 0 → "+00:00". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const a = Math.abs(minutes)
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** A datetime-local value ("2027-01-31T23:59") read as wall-clock time in `timeZone`, as an
 * RFC 3339 string with that zone's offset at that moment ("2027-01-31T23:59:00+08:00").
 * A time skipped by a daylight-saving change is moved forward by the gap; a repeated one takes
 * the earlier offset. "" for an empty or malformed value. */
export function toRfc3339(local: string, timeZone: string): string {
  const m = LOCAL_RE.exec(local.trim())
  if (!m) return ''
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number]
  const wall = Date.UTC(y, mo - 1, d, h, mi, s)
  // The zone's offsets a day either side; the instant is wall minus whichever of them holds
  // there (the earlier one first, so a repeated hour takes its first occurrence).
  const before = zoneOffsetMinutes(wall - 86400000, timeZone)
  const after = zoneOffsetMinutes(wall + 86400000, timeZone)
  for (const o of [before, after]) {
    if (zoneOffsetMinutes(wall - o * 60000, timeZone) === o) return `${local.trim().slice(0, 16)}:${pad2(s)}${formatOffset(o)}`
  }
  // A skipped time: read with the offset before the change, it lands after the gap.
  const instant = wall - before * 60000
  const w = wallClock(instant, timeZone)
  return `${w.y}-${pad2(w.mo)}-${pad2(w.d)}T${pad2(w.h)}:${pad2(w.mi)}:${pad2(w.s)}${formatOffset(zoneOffsetMinutes(instant, timeZone))}`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** An instant (any RFC 3339 string) as a datetime-local value in `timeZone`: the inverse of
 * toRfc3339, for editing. "" when absent or unreadable. */
export function toLocalInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return ''
  const ms = new Date(iso).getTime()
  if (Number.isNaN(ms)) return ''
  const w = wallClock(ms, timeZone)
  return `${w.y}-${pad2(w.mo)}-${pad2(w.d)}T${pad2(w.h)}:${pad2(w.mi)}`
}

/** An instant as wall-clock date and time in a call's time zone ("2027/01/31 23:59"); the zone
 * itself is named beside it (zoneLabel). */
export function formatInZone(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
  const loc = locale === 'en' ? 'en-GB' : 'zh-CN'
  try {
    return new Intl.DateTimeFormat(loc, { ...opts, timeZone }).format(d)
  } catch {
    return new Intl.DateTimeFormat(loc, { ...opts, timeZone: 'UTC' }).format(d)
  }
}

/** The zone named with its offset at that instant: "Asia/Shanghai, UTC+08:00". */
export function zoneLabel(iso: string | null | undefined, timeZone: string): string {
  const ms = iso ? new Date(iso).getTime() : Date.now()
  try {
    return `${timeZone}, UTC${formatOffset(zoneOffsetMinutes(Number.isNaN(ms) ? Date.now() : ms, timeZone))}`
  } catch {
    return timeZone
  }
}

/** The one state a call may move to next; null from archived. */
export function nextCallState(state: CallState): CallState | null {
  const i = CALL_STATES.indexOf(state)
  return i >= 0 && i < CALL_STATES.length - 1 ? CALL_STATES[i + 1]! : null
}

/** The rubric and review settings are frozen once reviewing starts. */
export function reviewSettingsEditable(state: CallState | undefined): boolean {
  return !state || state === 'draft' || state === 'open' || state === 'closed'
}

/** The sum of the criteria's weights, rounded against floating-point noise. */
export function weightSum(criteria: readonly Pick<Criterion, 'weight'>[]): number {
  const s = criteria.reduce((acc, c) => acc + (Number(c.weight) || 0), 0)
  return Math.round(s * 1e6) / 1e6
}

/** Whether the weights sum to 1 within ±0.001. */
export function weightsSumToOne(criteria: readonly Pick<Criterion, 'weight'>[]): boolean {
  return criteria.length > 0 && Math.abs(weightSum(criteria) - 1) <= 0.001
}

/** A review's weighted score on the rubric's scale (null until every criterion is scored). */
export function weightedScore(criteria: readonly Pick<Criterion, 'id' | 'weight'>[], scores: Record<string, number | undefined>): number | null {
  let s = 0
  for (const c of criteria) {
    const v = scores[c.id]
    if (typeof v !== 'number') return null
    s += c.weight * v
  }
  return s
}

/** A criterion id from its English name: "Clinical significance" → "clinical_significance". */
export function criterionId(nameEn: string, taken: readonly string[]): string {
  const base =
    nameEn
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'criterion'
  let id = base
  for (let i = 2; taken.includes(id); i++) id = `${base}_${i}`
  return id
}

/** The levels of a criterion resized to the scale (kept where present, blank where added). */
export function resizeLevels(levels: readonly string[], scale: number): string[] {
  return Array.from({ length: scale }, (_, i) => levels[i] ?? '')
}

/** An operator's mark on a proposal–reviewer pair of the assignment board. */
export type Mark = 'pin' | 'forbid'

/** The pins and forbids to send with a solve, from the marks keyed "proposal:reviewer". */
export function marksToPairs(marks: Record<string, Mark>): { pins: { proposal: number; reviewer: number }[]; forbids: { proposal: number; reviewer: number }[] } {
  const pins: { proposal: number; reviewer: number }[] = []
  const forbids: { proposal: number; reviewer: number }[] = []
  for (const [key, m] of Object.entries(marks)) {
    const [proposal, reviewer] = key.split(':').map(Number) as [number, number]
    ;(m === 'pin' ? pins : forbids).push({ proposal, reviewer })
  }
  return { pins, forbids }
}

/** The content types the API accepts for attachments, by file extension. */
export const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
}

/** The content type to upload a file with: the browser's, else the one its extension implies. */
export function attachmentType(name: string, browserType: string): string {
  if (browserType) return browserType
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  return ATTACHMENT_TYPES[ext] ?? 'application/octet-stream'
}

/** 81234 → "79.3 KB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** "123,456,7.." → [123, 456]; null when an entry is not a positive whole number. */
export function parseIds(text: string): number[] | null {
  const parts = text
    .split(/[\s,，;；]+/)
    .map((p) => p.trim())
    .filter(Boolean)
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d+$/.test(p) || Number(p) < 1 || !Number.isSafeInteger(Number(p))) return null
    if (!out.includes(Number(p))) out.push(Number(p))
  }
  return out
}

/** A money amount with its currency code, in the reader's language. */
export function formatMoney(amount: number | null | undefined, currency: string | undefined, locale: string): string {
  if (amount === null || amount === undefined) return ''
  const loc = locale === 'en' ? 'en-GB' : 'zh-CN'
  try {
    return new Intl.NumberFormat(loc, { style: 'currency', currency: currency || 'CNY', maximumFractionDigits: 0 }).format(amount)
  } catch {
    return `${new Intl.NumberFormat(loc).format(amount)} ${currency ?? ''}`.trim()
  }
}
