// The API client against a fake fetch: CSRF header on state changes, error parsing, cursors.
import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, parseError, queryString, readCookie, type FetchLike } from '../../src/api/client'

interface Call {
  url: string
  init: RequestInit
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** A fake fetch answering from a queue (or a function) and recording every call. */
function fakeFetch(answer: Response[] | ((url: string, init: RequestInit) => Response)) {
  const calls: Call[] = []
  const fetch: FetchLike = async (url, init = {}) => {
    calls.push({ url, init })
    if (typeof answer === 'function') return answer(url, init)
    const next = answer.shift()
    if (!next) throw new Error(`unexpected request ${url}`)
    return next
  }
  return { fetch, calls }
}

function client(fetch: FetchLike, csrf = 'tok-123', onUnauthenticated?: (e: ApiError) => void) {
  return new ApiClient({ fetch, csrf: () => csrf, onUnauthenticated })
}

const header = (c: Call, name: string) => (c.init.headers as Record<string, string>)[name]

describe('CSRF header', () => {
  it('is sent on POST, PATCH and DELETE', async () => {
    const f = fakeFetch(() => json(200, { ok: true }))
    const api = client(f.fetch)
    await api.post('/api/v1/needs', { title: 'x' })
    await api.patch('/api/v1/needs/1', { version: 1 })
    await api.del('/api/v1/needs/1')
    await api.acceptNda('needs', 7)
    expect(f.calls.map((c) => c.init.method)).toEqual(['POST', 'PATCH', 'DELETE', 'POST'])
    for (const c of f.calls) expect(header(c, 'X-CSRF-Token')).toBe('tok-123')
  })

  it('is not sent on GET', async () => {
    const f = fakeFetch([json(200, { items: [], next_cursor: null })])
    await client(f.fetch).list('needs')
    expect(f.calls[0]!.init.method).toBe('GET')
    expect(header(f.calls[0]!, 'X-CSRF-Token')).toBeUndefined()
  })

  it('is left out when there is no token yet (sign-in)', async () => {
    const f = fakeFetch([json(200, { user: {}, csrf_token: 'new' })])
    await client(f.fetch, '').login('a@b.cn', 'pw')
    expect(header(f.calls[0]!, 'X-CSRF-Token')).toBeUndefined()
    expect(header(f.calls[0]!, 'Content-Type')).toBe('application/json')
    expect(JSON.parse(String(f.calls[0]!.init.body))).toEqual({ email: 'a@b.cn', password: 'pw' })
  })

  it('reads the token at request time (after sign-in changes it)', async () => {
    let token = 'first'
    const f = fakeFetch(() => json(204, undefined))
    const api = new ApiClient({ fetch: f.fetch, csrf: () => token })
    await api.logout()
    token = 'second'
    await api.logout()
    expect(f.calls.map((c) => header(c, 'X-CSRF-Token'))).toEqual(['first', 'second'])
  })
})

describe('errors', () => {
  it('become ApiError with code, message, field and request id', async () => {
    const f = fakeFetch([
      json(400, { error: { code: 'invalid', message: 'required', field: 'problem', request_id: 'abc' } }),
    ])
    const err = await client(f.fetch).createRecord('needs', {}).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid', message: 'required', field: 'problem', requestId: 'abc' })
  })

  it('keep list indexes in the field name', async () => {
    const f = fakeFetch([json(400, { error: { code: 'invalid', message: 'empty entry', field: 'must_have[2]' } })])
    const err = await client(f.fetch).createRecord('needs', {}).catch((e) => e)
    expect(err.field).toBe('must_have[2]')
  })

  it('without a JSON body still have a status and a code', async () => {
    const f = fakeFetch([new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'X-Request-Id': 'r9' } })])
    const err = await client(f.fetch).stats().catch((e) => e)
    expect(err).toMatchObject({ status: 502, code: 'http_502', message: 'Bad Gateway', requestId: 'r9' })
  })

  it('from an empty body are parsed too', async () => {
    const err = await parseError(new Response(null, { status: 404 }))
    expect(err).toMatchObject({ status: 404, code: 'http_404', notFound: true })
  })

  it('from the network are code "network"', async () => {
    const api = client(async () => {
      throw new TypeError('Failed to fetch')
    })
    const err = await api.stats().catch((e) => e)
    expect(err).toMatchObject({ status: 0, code: 'network', message: 'Failed to fetch' })
  })

  it('401 calls onUnauthenticated', async () => {
    const seen = vi.fn()
    const f = fakeFetch([json(401, { error: { code: 'unauthenticated', message: 'sign in', field: '' } })])
    await client(f.fetch, 'x', seen).me().catch(() => undefined)
    expect(seen).toHaveBeenCalledOnce()
    expect(seen.mock.calls[0]![0]).toBeInstanceOf(ApiError)
  })

  it('404 does not call onUnauthenticated', async () => {
    const seen = vi.fn()
    const f = fakeFetch([json(404, { error: { code: 'not_found', message: 'no such need', field: 'id' } })])
    const err = await client(f.fetch, 'x', seen).getRecord('needs', 5).catch((e) => e)
    expect(err.notFound).toBe(true)
    expect(seen).not.toHaveBeenCalled()
  })

  it('a body that is not JSON on success is an error', async () => {
    const f = fakeFetch([new Response('oops', { status: 200 })])
    await expect(client(f.fetch).stats()).rejects.toMatchObject({ code: 'bad_response' })
  })
})

describe('cursor paging', () => {
  it('sends filters without empty values, then the cursor', async () => {
    const f = fakeFetch([json(200, { items: [], next_cursor: null })])
    await client(f.fetch).list('needs', { q: '房颤', clinical_area: '', status: undefined, tier: 'nda' }, 'r65')
    const url = new URL(f.calls[0]!.url, 'http://x')
    expect(url.pathname).toBe('/api/v1/needs')
    expect([...url.searchParams.entries()]).toEqual([
      ['q', '房颤'],
      ['tier', 'nda'],
      ['cursor', 'r65'],
    ])
  })

  it('sends no cursor for the first page', async () => {
    const f = fakeFetch([json(200, { items: [], next_cursor: null })])
    await client(f.fetch).list('capabilities', { limit: 5 })
    expect(f.calls[0]!.url).toBe('/api/v1/capabilities?limit=5')
  })

  it('listAll follows next_cursor until it is null', async () => {
    const f = fakeFetch([
      json(200, { items: [{ id: 3 }, { id: 2 }], next_cursor: 'r2' }),
      json(200, { items: [{ id: 1 }], next_cursor: 'r1' }),
      json(200, { items: [], next_cursor: null }),
    ])
    const all = await client(f.fetch).listAll('people', { org_id: 4 })
    expect(all.map((p) => p.id)).toEqual([3, 2, 1])
    expect(f.calls.map((c) => new URL(c.url, 'http://x').searchParams.get('cursor'))).toEqual([null, 'r2', 'r1'])
    expect(f.calls.every((c) => c.url.includes('org_id=4'))).toBe(true)
  })

  it('listAll stops after maxPages even if the server keeps paging', async () => {
    let n = 0
    const f = fakeFetch(() => json(200, { items: [{ id: ++n }], next_cursor: `r${n}` }))
    const all = await client(f.fetch).listAll('needs', {}, 3)
    expect(all).toHaveLength(3)
    expect(f.calls).toHaveLength(3)
  })
})

describe('import', () => {
  it('returns the per-row report of a 422 instead of throwing', async () => {
    const report = {
      written: false,
      dry_run: true,
      rows: { needs: 2 },
      errors: [{ line: 3, item: 'row 2', field: 'care_stage', message: 'must be one of: …' }],
      error: { code: 'unprocessable', message: '1 row(s) have errors; nothing was written' },
    }
    const f = fakeFetch([json(422, report)])
    const r = await client(f.fetch).importRecords('title\nx', 'csv', { kind: 'needs', dryRun: true })
    expect(r.errors).toHaveLength(1)
    expect(r.errors[0]).toMatchObject({ line: 3, field: 'care_stage' })
    const c = f.calls[0]!
    expect(c.url).toBe('/api/v1/import?kind=needs&dry_run=true')
    expect(header(c, 'Content-Type')).toMatch(/^text\/csv/)
    expect(header(c, 'X-CSRF-Token')).toBe('tok-123')
    expect(c.init.body).toBe('title\nx')
  })

  it('sends JSON documents without ?kind=', async () => {
    const f = fakeFetch([json(201, { written: true, dry_run: false, rows: { organisations: 1 }, errors: [] })])
    await client(f.fetch).importRecords('{"organisations":[]}', 'json', { kind: 'needs', dryRun: false })
    expect(f.calls[0]!.url).toBe('/api/v1/import?dry_run=false')
    expect(header(f.calls[0]!, 'Content-Type')).toBe('application/json')
  })

  it('a 422 without a row report is an error', async () => {
    const f = fakeFetch([json(422, { error: { code: 'unprocessable', message: 'bad', field: 'x' } })])
    await expect(client(f.fetch).importRecords('a', 'csv', { kind: 'needs', dryRun: true })).rejects.toMatchObject({
      code: 'unprocessable',
      field: 'x',
    })
  })

  it('other failures still throw', async () => {
    const f = fakeFetch([json(403, { error: { code: 'forbidden', message: 'only operators', field: '' } })])
    await expect(client(f.fetch).importRecords('a', 'csv', { kind: 'needs', dryRun: true })).rejects.toBeInstanceOf(ApiError)
  })
})

describe('helpers', () => {
  it('queryString leaves out empty values and encodes the rest', () => {
    expect(queryString(undefined)).toBe('')
    expect(queryString({ a: '', b: null, c: undefined })).toBe('')
    expect(queryString({ q: 'a b&c', limit: 20, dry_run: false })).toBe('?q=a+b%26c&limit=20&dry_run=false')
  })

  it('readCookie finds the CSRF cookie', () => {
    expect(readCookie('a=1; yg_csrf=abc%3D; b=2', 'yg_csrf')).toBe('abc=')
    expect(readCookie('a=1', 'yg_csrf')).toBe('')
    expect(readCookie('', 'yg_csrf')).toBe('')
  })

  it('updateRecord sends the version it read', async () => {
    const f = fakeFetch([json(200, { id: 1, version: 3 })])
    await client(f.fetch).updateRecord('needs', 1, 2, { title: 'x', shortfall: null })
    expect(JSON.parse(String(f.calls[0]!.init.body))).toEqual({ title: 'x', shortfall: null, version: 2 })
  })

  it('updateUser PATCHes only the members given, with the CSRF header', async () => {
    const f = fakeFetch(() => json(200, { id: 4 }))
    await client(f.fetch).updateUser(4, { org_id: null, disabled: true })
    expect(f.calls[0]!.url).toBe('/api/v1/users/4')
    expect(f.calls[0]!.init.method).toBe('PATCH')
    expect(header(f.calls[0]!, 'X-CSRF-Token')).toBe('tok-123')
    expect(JSON.parse(String(f.calls[0]!.init.body))).toEqual({ org_id: null, disabled: true })
  })

  it('invitations names the tenant only when asked to', async () => {
    const f = fakeFetch(() => json(200, { items: [] }))
    await client(f.fetch).invitations()
    await client(f.fetch).invitations(2)
    expect(f.calls.map((c) => c.url)).toEqual(['/api/v1/invites', '/api/v1/invites?tenant_id=2'])
  })

  it('204 answers resolve to undefined', async () => {
    const f = fakeFetch([new Response(null, { status: 204 })])
    await expect(client(f.fetch).deleteRecord('needs', 1)).resolves.toBeUndefined()
  })
})

describe('matching', () => {
  it('builds the match, search, similar and thesaurus requests', async () => {
    const f = fakeFetch(() => json(200, { items: [], total: 0 }))
    const api = client(f.fetch)
    await api.matches('needs', 7, { kind: 'person', limit: 10, offset: 20 })
    await api.matches('capabilities', 3, { kind: 'person', limit: 10, offset: 0 })
    await api.search('房颤 消融', { kind: 'need', limit: 20 })
    await api.similarNeeds({ title: 't', problem: 'p', population: '', outcome: '' })
    await api.bridgeConcepts('af', 50, 50)
    await api.addBridgeConcept({ id: 'af', kind: 'disease', zh: ['房颤'], en: [] })
    await api.addBridgeLink({ from: 'af', to: 'pfa', weight: 0.9 })
    expect(f.calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/needs/7/matches?kind=person&limit=10&offset=20',
      'GET /api/v1/capabilities/3/matches?limit=10&offset=0',
      'GET /api/v1/search?q=%E6%88%BF%E9%A2%A4+%E6%B6%88%E8%9E%8D&kind=need&limit=20',
      'POST /api/v1/needs/similar',
      'GET /api/v1/bridge/concepts?q=af&limit=50&offset=50',
      'POST /api/v1/bridge/concepts',
      'POST /api/v1/bridge/links',
    ])
    expect(JSON.parse(String(f.calls[6]!.init.body))).toEqual({ from: 'af', to: 'pfa', weight: 0.9 })
  })

  it('moves a match with a PUT that carries the CSRF header', async () => {
    const f = fakeFetch([json(200, { need_id: 7, kind: 'capability', target_id: 42, state: 'contacted' })])
    const saved = await client(f.fetch).setMatchState(7, 'capability', 42, 'contacted')
    expect(f.calls[0]!.url).toBe('/api/v1/needs/7/matches/capability/42')
    expect(f.calls[0]!.init.method).toBe('PUT')
    expect(header(f.calls[0]!, 'X-CSRF-Token')).toBe('tok-123')
    expect(JSON.parse(String(f.calls[0]!.init.body))).toEqual({ state: 'contacted' })
    expect(saved.state).toBe('contacted')
  })
})
