// The calls endpoints of the API client (docs/calls.md): each sends the method, path, query and
// body the contract names, with the CSRF header on every state change.
import { describe, expect, it } from 'vitest'
import { ApiClient, type FetchLike } from '../../src/api/client'

interface Sent {
  method: string
  url: string
  body: unknown
  headers: Record<string, string>
}

/** A client whose fetch records each request and answers `answer` (200 JSON, or 204). */
function recorder(answer: unknown = { ok: true }, status = 200) {
  const sent: Sent[] = []
  const fetch: FetchLike = async (url, init = {}) => {
    sent.push({
      method: String(init.method),
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      headers: { ...(init.headers as Record<string, string>) },
    })
    return status === 204 ? new Response(null, { status }) : new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/json' } })
  }
  return { api: new ApiClient({ fetch, csrf: () => 'tok' }), sent }
}

/** Each call: what the client method does, and what the contract says goes over the wire. */
const cases: { name: string; run: (a: ApiClient) => Promise<unknown>; method: string; url: string; body?: unknown }[] = [
  { name: 'rubric templates', run: (a) => a.rubricTemplates(), method: 'GET', url: '/api/v1/rubric-templates' },
  { name: 'calls, filtered', run: (a) => a.calls({ state: 'open', kind: 'challenge' }), method: 'GET', url: '/api/v1/calls?state=open&kind=challenge' },
  { name: 'calls, unfiltered', run: (a) => a.calls({ state: '', kind: '' }), method: 'GET', url: '/api/v1/calls' },
  { name: 'one call', run: (a) => a.call(3), method: 'GET', url: '/api/v1/calls/3' },
  { name: 'create a call', run: (a) => a.createCall({ kind: 'funding', title: 'T', time_zone: 'UTC' }), method: 'POST', url: '/api/v1/calls', body: { kind: 'funding', title: 'T', time_zone: 'UTC' } },
  { name: 'edit a call', run: (a) => a.updateCall(3, 4, { title: 'U' }), method: 'PATCH', url: '/api/v1/calls/3', body: { title: 'U', version: 4 } },
  { name: 'move a call', run: (a) => a.moveCall(3, 'open'), method: 'POST', url: '/api/v1/calls/3/state', body: { to: 'open' } },
  { name: "a call's proposals", run: (a) => a.callProposals(3), method: 'GET', url: '/api/v1/calls/3/proposals' },
  { name: 'create a proposal', run: (a) => a.createProposal(3, { title: 'P', trl: 4 }), method: 'POST', url: '/api/v1/calls/3/proposals', body: { title: 'P', trl: 4 } },
  { name: 'one proposal', run: (a) => a.proposal(9), method: 'GET', url: '/api/v1/proposals/9' },
  { name: 'edit a proposal', run: (a) => a.updateProposal(9, 2, { summary: 'S' }), method: 'PATCH', url: '/api/v1/proposals/9', body: { summary: 'S', version: 2 } },
  { name: 'submit', run: (a) => a.submitProposal(9), method: 'POST', url: '/api/v1/proposals/9/submit', body: undefined },
  { name: 'withdraw', run: (a) => a.withdrawProposal(9), method: 'POST', url: '/api/v1/proposals/9/withdraw', body: undefined },
  { name: 'delete an attachment', run: (a) => a.deleteAttachment('ab12'), method: 'DELETE', url: '/api/v1/attachments/ab12' },
  { name: 'reviewer pool', run: (a) => a.reviewerPool(3), method: 'GET', url: '/api/v1/calls/3/reviewers' },
  { name: 'set the reviewer pool', run: (a) => a.setReviewerPool(3, [30, 31]), method: 'PUT', url: '/api/v1/calls/3/reviewers', body: { users: [30, 31] } },
  { name: 'assignment board', run: (a) => a.assignment(3), method: 'GET', url: '/api/v1/calls/3/assignment' },
  {
    name: 'solve',
    run: (a) => a.solveAssignment(3, { per_proposal: 2, pins: [{ proposal: 9, reviewer: 30 }], forbids: [] }),
    method: 'POST',
    url: '/api/v1/calls/3/assignment',
    body: { per_proposal: 2, pins: [{ proposal: 9, reviewer: 30 }], forbids: [] },
  },
  { name: 'my reviews', run: (a) => a.myReviews(), method: 'GET', url: '/api/v1/reviews/mine' },
  {
    name: 'save a review',
    run: (a) => a.saveReview(9, { scores: { significance: 4 }, comment: 'ok', submit: true }),
    method: 'PUT',
    url: '/api/v1/proposals/9/review',
    body: { scores: { significance: 4 }, comment: 'ok', submit: true },
  },
  { name: 'recuse', run: (a) => a.recuse(9, 'former student'), method: 'POST', url: '/api/v1/proposals/9/recuse', body: { reason: 'former student' } },
  { name: 'ranking', run: (a) => a.ranking(3), method: 'GET', url: '/api/v1/calls/3/ranking?format=json' },
  { name: 'decision', run: (a) => a.decide(9, 'award', 'best'), method: 'POST', url: '/api/v1/proposals/9/decision', body: { outcome: 'award', reason: 'best' } },
  { name: 'conflicts of a user', run: (a) => a.conflicts(30), method: 'GET', url: '/api/v1/conflicts?user=30' },
  {
    name: 'declare a conflict',
    run: (a) => a.declareConflict({ kind: 'declared', user: 30, org: 21, note: 'n' }),
    method: 'POST',
    url: '/api/v1/conflicts',
    body: { kind: 'declared', user: 30, org: 21, note: 'n' },
  },
  { name: 'delete a conflict', run: (a) => a.deleteConflict(5), method: 'DELETE', url: '/api/v1/conflicts/5' },
  { name: 'notifications', run: (a) => a.notifications(), method: 'GET', url: '/api/v1/notifications' },
  { name: 'mark read', run: (a) => a.markNotificationRead(7), method: 'POST', url: '/api/v1/notifications/7/read', body: undefined },
]

describe('calls endpoints', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.method} ${c.url}`, async () => {
      const { api, sent } = recorder()
      await c.run(api)
      expect(sent).toHaveLength(1)
      expect(sent[0]!.method).toBe(c.method)
      expect(sent[0]!.url).toBe(c.url)
      if ('body' in c) expect(sent[0]!.body).toEqual(c.body)
      if (c.method === 'GET') expect(sent[0]!.headers['X-CSRF-Token']).toBeUndefined()
      else expect(sent[0]!.headers['X-CSRF-Token']).toBe('tok')
    })
  }

  it('uploads an attachment as the raw body with its type and its name in the query', async () => {
    const { api, sent } = recorder({ token: 'f'.repeat(32), name: '计划 v2.pdf', type: 'application/pdf', size: 3, sha256: 'ab' }, 201)
    const file = new Blob([new Uint8Array([37, 80, 68])], { type: 'application/pdf' })
    const a = await api.uploadAttachment(9, file, '计划 v2.pdf', 'application/pdf')
    expect(a.token).toBe('f'.repeat(32))
    const s = sent[0]!
    expect(s.method).toBe('POST')
    expect(s.url).toBe(`/api/v1/proposals/9/attachments?name=${encodeURIComponent('计划 v2.pdf').replace(/%20/g, '+')}`)
    expect(new URL(s.url, 'http://x').searchParams.get('name')).toBe('计划 v2.pdf')
    expect(s.headers['Content-Type']).toBe('application/pdf')
    expect(s.headers['X-CSRF-Token']).toBe('tok')
    expect(s.body).toBe(file)
  })

  it('builds download links for attachments and ranking exports (with the base)', () => {
    const api = new ApiClient({ fetch: async () => new Response(null), csrf: () => '', base: 'https://h' })
    expect(api.attachmentUrl('0123abcd')).toBe('https://h/api/v1/attachments/0123abcd')
    expect(api.rankingExportUrl(3, 'csv')).toBe('https://h/api/v1/calls/3/ranking?format=csv')
    expect(api.rankingExportUrl(3, 'xlsx')).toBe('https://h/api/v1/calls/3/ranking?format=xlsx')
  })

  it('resolves recuse and mark-read (204) with nothing', async () => {
    const { api } = recorder(undefined, 204)
    await expect(api.recuse(9, 'x')).resolves.toBeUndefined()
    await expect(api.markNotificationRead(1)).resolves.toBeUndefined()
  })

  it('turns a 422 on submit into an ApiError with the server message', async () => {
    const fetch: FetchLike = async () =>
      new Response(JSON.stringify({ error: { code: 'unprocessable', message: 'the call closed at 2027-01-31T15:59:59Z', field: '' } }), { status: 422 })
    const api = new ApiClient({ fetch, csrf: () => 't' })
    await expect(api.submitProposal(9)).rejects.toMatchObject({ status: 422, message: 'the call closed at 2027-01-31T15:59:59Z' })
  })
})
