// Dates and numbers in the reader's language.

/** "2026-11-24T22:45:13Z" → "2026/11/24 22:45" (zh-CN) or "24 Nov 2026, 22:45" (en). */
export function formatDateTime(iso: string | undefined | null, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d)
}

export function formatDate(iso: string | undefined | null, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium' }).format(d)
}

export function formatNumber(n: number | undefined | null, locale: string): string {
  if (n === undefined || n === null) return ''
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'zh-CN').format(n)
}
