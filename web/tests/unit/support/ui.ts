// Mounting components for unit tests: a fresh vue-i18n in the chosen language, an in-memory
// router, and a fake fetch (installed as window.fetch, which the app's API client calls) that
// answers from a function and records every request. Used by the *.ui.test.ts files, which run
// under happy-dom.
import { vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import type { Component } from 'vue'
import { messages } from '../../../src/i18n'
import { session } from '../../../src/session'
import { forgetOrgs } from '../../../src/lib/orgs'

export interface Call {
  method: string
  url: string
  /** The parsed JSON body, if any. */
  body: unknown
  headers: Record<string, string>
}

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

export function apiError(status: number, code: string, message: string, field = ''): Response {
  return json(status, { error: { code, message, field } })
}

/** Replaces window.fetch; answer() sees the method and the decoded URL (path and query). */
export function fakeFetch(answer: (method: string, url: string, body: unknown) => Response | undefined) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase()
    const url = decodeURIComponent(String(input))
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    calls.push({ method, url, body, headers: { ...(init.headers as Record<string, string>) } })
    // Organisation names (OrgName) are looked up by many views: a plain answer unless overridden.
    const res = answer(method, url, body)
    if (res) return res
    const org = /^\/api\/v1\/organisations\/(\d+)$/.exec(url)
    if (org) return json(200, { id: Number(org[1]), kind: 'organisation', name: `机构${org[1]}`, name_en: `Org ${org[1]}` })
    return apiError(404, 'not_found', `no fake answer for ${method} ${url}`)
  })
  vi.stubGlobal('fetch', fetch)
  return { calls, fetch, of: (method: string, prefix: string) => calls.filter((c) => c.method === method && c.url.startsWith(prefix)) }
}

const stub = { template: '<div />' }

/** Mounts a component with i18n (zh-CN by default) and a router at `path`. */
export async function mountWith(
  component: Component,
  opts: { props?: Record<string, unknown>; locale?: 'zh-CN' | 'en'; path?: string; routes?: RouteRecordRaw[] } = {},
) {
  session.csrf = 'tok-test'
  forgetOrgs()
  const i18n = createI18n({ legacy: false, locale: opts.locale ?? 'zh-CN', fallbackLocale: 'zh-CN', messages, missingWarn: false, fallbackWarn: false })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: opts.routes ?? [{ path: '/:any(.*)*', component: stub }],
  })
  await router.push(opts.path ?? '/')
  await router.isReady()
  const wrapper = mount(component, { props: opts.props, global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, i18n }
}

export { flushPromises }
