// Renders a validation Message (an i18n key with parameters, or the server's own text).
import { useI18n } from 'vue-i18n'
import type { Message } from './validation'

export function useMessage(): (m: Message | null | undefined) => string {
  const { t } = useI18n()
  return (m) => {
    if (!m) return ''
    if (m.key) return t(m.key, m.params ?? {})
    return m.raw ?? ''
  }
}
