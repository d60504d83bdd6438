// @vitest-environment happy-dom
// The administration pages against a fake fetch: users changed in place (role, organisation,
// disabled) with PATCH, refusals shown in the banner; the tenant's invitations and their states,
// refreshed after an invitation is created.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import AdminUsers from '../../src/views/admin/AdminUsers.vue'
import AdminInvites from '../../src/views/admin/AdminInvites.vue'
import { session } from '../../src/session'
import type { User } from '../../src/api/types'
import { apiError, fakeFetch, flushPromises, json, mountWith } from './support/ui'

const ME: User = { id: 1, tenant_id: 1, email: 'admin@x.org', name: '柏文静', role: 'tenant_admin', org_id: null, disabled: false, created_at: '2026-01-01T00:00:00Z' }
const ZHOU: User = { id: 4, tenant_id: 1, email: 'zhou@x.org', name: '周明远', role: 'clinician', org_id: 5, disabled: false, created_at: '2026-01-02T00:00:00Z' }

beforeEach(() => {
  session.user = { ...ME }
})
afterEach(() => {
  session.user = null
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** Users and tenants as listed; PATCH /users/4 answers with the patch applied (or `refuse`). */
function usersApi(refuse?: Response) {
  return fakeFetch((m, url, body) => {
    if (m === 'GET' && url.startsWith('/api/v1/users')) return json(200, { items: [ME, ZHOU] })
    if (m === 'GET' && url === '/api/v1/tenants') return json(200, { items: [{ id: 1, slug: 'sh', name: '上海' }] })
    if (m === 'GET' && url.startsWith('/api/v1/organisations?')) return json(200, { items: [{ id: 7, kind: 'organisation', name: '机构7', type: 'hospital', region: 'CN-SH' }], next_cursor: null })
    if (m === 'PATCH' && url === '/api/v1/users/4') return refuse ?? json(200, { ...ZHOU, ...(body as object) })
  })
}

const row = (w: Awaited<ReturnType<typeof mountWith>>['wrapper'], id: number) => w.get(`[data-test=user-row][data-id="${id}"]`)

describe('AdminUsers', () => {
  it('changes a role with PATCH and updates the row', async () => {
    const f = usersApi()
    const { wrapper } = await mountWith(AdminUsers)
    const select = row(wrapper, 4).get<HTMLSelectElement>('[data-test=user-role]')
    expect(select.element.value).toBe('clinician')
    expect(select.findAll('option').map((o) => o.attributes('value'))).not.toContain('platform_admin')
    await select.setValue('reviewer')
    await flushPromises()
    const patch = f.of('PATCH', '/api/v1/users/4')
    expect(patch).toHaveLength(1)
    expect(patch[0]!.url).toBe('/api/v1/users/4')
    expect(patch[0]!.body).toEqual({ role: 'reviewer' })
    expect(patch[0]!.headers['X-CSRF-Token']).toBe('tok-test')
    expect(row(wrapper, 4).get<HTMLSelectElement>('[data-test=user-role]').element.value).toBe('reviewer')
  })

  it('disables and enables a user, but offers no such button for oneself', async () => {
    const f = usersApi()
    const { wrapper } = await mountWith(AdminUsers, { locale: 'en' })
    expect(row(wrapper, 1).find('[data-test=user-toggle]').exists()).toBe(false)
    const toggle = row(wrapper, 4).get('[data-test=user-toggle]')
    expect(toggle.text()).toBe('Disable')
    await toggle.trigger('click')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/users/4')[0]!.body).toEqual({ disabled: true })
    expect(row(wrapper, 4).get('[data-test=user-status]').text()).toBe('Disabled')
    expect(row(wrapper, 4).get('[data-test=user-toggle]').text()).toBe('Enable')
    expect(row(wrapper, 4).classes()).toContain('is-disabled')
  })

  it('moves a user to another organisation, or to none', async () => {
    const f = usersApi()
    const { wrapper } = await mountWith(AdminUsers)
    expect(row(wrapper, 4).get('[data-test=user-org]').text()).toContain('机构5')
    await row(wrapper, 4).get('#user-org-4').trigger('click')
    await new Promise((r) => setTimeout(r, 250))
    await flushPromises()
    await row(wrapper, 4).get('[data-test=user-org] .org-picker-results button').trigger('click')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/users/4')[0]!.body).toEqual({ org_id: 7 })
    expect(row(wrapper, 4).get('[data-test=user-org]').text()).toContain('机构7')
    const clear = row(wrapper, 4).findAll('[data-test=user-org] button').find((b) => b.text() === '清除')!
    await clear.trigger('click')
    await flushPromises()
    expect(f.of('PATCH', '/api/v1/users/4')[1]!.body).toEqual({ org_id: null })
  })

  it('shows a refusal in the banner and leaves the row as it was', async () => {
    usersApi(apiError(403, 'forbidden', 'you may not do that'))
    const { wrapper } = await mountWith(AdminUsers)
    await row(wrapper, 4).get('[data-test=user-role]').setValue('operator')
    await flushPromises()
    expect(wrapper.get('[data-test=error]').text()).toContain('you may not do that')
    expect(row(wrapper, 4).get<HTMLSelectElement>('[data-test=user-role]').element.value).toBe('clinician')
    expect(row(wrapper, 4).get('[data-test=user-status]').text()).toBe('正常')
  })
})

describe('AdminInvites', () => {
  const invite = (email: string, state: string) => ({
    email,
    role: 'clinician',
    tenant_id: 1,
    org_id: null,
    created_at: '2026-11-01T08:00:00Z',
    expires_at: '2026-11-08T08:00:00Z',
    used_at: state === 'used' ? '2026-11-02T08:00:00Z' : null,
    state,
  })

  it('lists the invitations with their states', async () => {
    fakeFetch((m, url) => {
      if (m === 'GET' && url.startsWith('/api/v1/invites')) return json(200, { items: [invite('a@x.org', 'pending'), invite('b@x.org', 'used'), invite('c@x.org', 'expired')] })
      if (m === 'GET' && url === '/api/v1/tenants') return json(200, { items: [] })
    })
    const { wrapper } = await mountWith(AdminInvites)
    const rows = wrapper.findAll('[data-test=invitation]')
    expect(rows).toHaveLength(3)
    expect(rows[0]!.text()).toContain('a@x.org')
    expect(rows[0]!.text()).toContain('临床医生')
    const states = wrapper.findAll('[data-test=invitation-state]')
    expect(states.map((s) => s.text())).toEqual(['待接受', '已接受', '已过期'])
    expect(states.map((s) => s.attributes('data-state'))).toEqual(['pending', 'used', 'expired'])
    expect(states[2]!.classes()).toContain('invite-expired')
  })

  it('says so when there are none, and refreshes after creating one', async () => {
    let items: unknown[] = []
    const f = fakeFetch((m, url) => {
      if (m === 'GET' && url.startsWith('/api/v1/invites')) return json(200, { items })
      if (m === 'GET' && url === '/api/v1/tenants') return json(200, { items: [] })
      if (m === 'POST' && url === '/api/v1/invites') {
        items = [invite('new@x.org', 'pending')]
        return json(201, { token: 'abc', accept_path: '/invite/abc' })
      }
    })
    const { wrapper } = await mountWith(AdminInvites, { locale: 'en' })
    expect(wrapper.get('[data-test=no-invitations]').text()).toBe('No invitations yet.')
    expect(f.of('GET', '/api/v1/invites')[0]!.url).toBe('/api/v1/invites')
    await wrapper.get('#inv-email').setValue('new@x.org')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(f.of('GET', '/api/v1/invites')).toHaveLength(2)
    expect(wrapper.find('[data-test=invite-link]').exists()).toBe(true)
    expect(wrapper.get('[data-test=invitation]').text()).toContain('new@x.org')
    expect(wrapper.get('[data-test=invitation-state]').text()).toBe('Pending')
  })
})
