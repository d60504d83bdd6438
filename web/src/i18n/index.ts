// vue-i18n set-up: zh-CN by default, English second; the choice is remembered in localStorage.
import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const STORAGE_KEY = 'yigong.locale'

export const messages = { 'zh-CN': zhCN, en } as const

/** The stored choice when it is one of ours, else the default (Chinese first, by design). */
export function initialLocale(stored: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE
}

function storedLocale(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(storedLocale()),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

/** Switches the language, remembers it, and tells the document (screen readers, fonts). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}
