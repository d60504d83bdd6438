// Browser test of a whole call on the demo data: an operator publishes a blind challenge from the
// form, a supplier team applies and submits in the browser (a second team through the API), the
// operator closes the call and solves the assignment on the board, a reviewer scores a blinded
// proposal, the operator ranks and awards, and the team sees the decision in its notifications.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  DESKTOP,
  USERS,
  apiAs,
  launchBrowser,
  newPage,
  settle,
  shot,
  signIn,
  startServer,
} from './harness.mjs'

let server
let browser
const contexts = []

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close().catch(() => {})
  await server?.stop()
})

async function open(user) {
  const { context, page } = await newPage(browser, server.url, DESKTOP)
  contexts.push(context)
  await signIn(page, user)
  return page
}

function unexpectedErrors(page) {
  return page.errors.filter((e) => !/status of 401/.test(e))
}

/** "YYYY-MM-DDTHH:MM" in Asia/Shanghai, days from now (what a datetime-local input holds). */
function shanghaiLocal(days) {
  const t = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000)
  return t.toISOString().slice(0, 16)
}

const T = { timeout: 240_000 }
const SUPPLIER2 = ['supplier2@sh.yigong.demo', 'demo-supplier-2026']
const REVIEWER_PASSWORD = 'demo-reviewer-2026'

test('a blind challenge runs end to end: publish, apply, assign, review, rank, award', T, async () => {
  // 1. The operator publishes a call from the form, starting from the NIH CAI template.
  const op = await open(USERS.operator)
  await op.goto('/calls')
  await op.locator('[data-test=call]').first().waitFor()
  await op.locator('[data-test=new-call]').click()
  await op.waitForURL(/\/calls\/new$/)
  await op.locator('[data-test=call-title]').fill('房颤一站式术中监测 揭榜挂帅（浏览器测试）')
  await op.locator('[data-test=call-scope]').fill('面向房颤一站式治疗的术中标测与心腔内超声融合，减少二次手术。')
  await op.locator('[data-test=call-reward]').fill('最高 100 万元')
  await op.locator('[data-test=call-budget]').fill('2000000')
  await op.locator('[data-test=call-tier]').selectOption('consortium')
  await op.locator('[data-test=call-opens]').fill(shanghaiLocal(-1))
  await op.locator('[data-test=call-closes]').fill(shanghaiLocal(20))
  await op.locator('[data-test=call-tz]').selectOption('Asia/Shanghai')
  await op.locator('[data-test=rubric-template]').selectOption('nih_cai')
  await op.locator('[data-test=apply-template]').click()
  await op.locator('[data-test=review-blind]').check()
  await op.locator('[data-test=review-per_proposal]').fill('2')
  await op.locator('[data-test=review-max_load]').fill('2')
  await shot(op, 'call-form-filled')
  await op.locator('[data-test=save-call]').click()
  await op.waitForURL(/\/calls\/\d+$/)
  const callId = Number(op.url().match(/\/calls\/(\d+)$/)[1])
  await op.locator('[data-test=move-call][data-to=open]').click()
  await op.locator('[data-test=move-call][data-to=closed]').waitFor()
  const api = await apiAs(server.url, USERS.operator)
  const call = (await api.get(`/api/v1/calls/${callId}`)).json
  assert.equal(call.state, 'open')
  assert.equal(call.review.blind, true)
  assert.equal(call.rubric.template, 'nih_cai')
  assert.match(call.closes_at, /Z$/)

  // 2. A supplier team applies in the browser; a second team through the API.
  const sup = await open(USERS.supplier)
  await sup.goto(`/calls/${callId}`)
  await sup.locator('[data-test=apply]').click()
  await sup.waitForURL(/\/proposals\/new$/)
  await sup.locator('[data-test=proposal-title]').fill('压力感知脉冲电场消融 + 心腔内超声融合标测')
  await sup.locator('[data-test=proposal-summary]').fill('一根导管完成标测、消融与封堵评估，术中实时判断透壁性，减少二次手术。')
  await sup.locator('[data-test=proposal-budget]').fill('900000')
  await sup.locator('[data-test=trl-6]').click()
  await sup.locator('[data-test=submit-proposal]').click()
  await sup.waitForURL(/\/proposals\/\d+$/)
  const p1 = Number(sup.url().match(/\/proposals\/(\d+)$/)[1])
  const sup2 = await apiAs(server.url, SUPPLIER2)
  const made = await sup2.post(`/api/v1/calls/${callId}/proposals`, {
    title: '可变刚度微型 ICE 导管', summary: '连续体机器人驱动的微型心腔内超声导管，术中引导左心耳封堵。', trl: 4,
  })
  assert.equal(made.status, 201, made.text)
  const p2 = made.json.id
  assert.equal((await sup2.post(`/api/v1/proposals/${p2}/submit`)).status, 200)
  assert.equal((await api.get(`/api/v1/proposals/${p1}`)).json.state, 'submitted')

  // 3. The operator closes the call, starts the review and solves the assignment on the board.
  await op.reload()
  await op.locator('[data-test=move-call][data-to=closed]').click()
  await op.locator('[data-test=move-call][data-to=in_review]').click()
  await op.locator('[data-test=move-call][data-to=decided]').waitFor()
  await op.locator('[data-test=assignment-link]').click()
  await op.waitForURL(/\/assignment$/)
  await op.locator('[data-test=matrix]').waitFor()
  // The demo's recorded co-authorship with org-sjtu marks a conflict on the board.
  await op.locator('.coi-mark').first().waitFor()
  await op.locator('[data-test=solve]').click()
  await op.locator('[data-test=complete][data-complete=true]').waitFor()
  assert.equal(await op.locator('[data-test=assigned]').count(), 4)
  await shot(op, 'assignment-board')
  const board = (await api.get(`/api/v1/calls/${callId}/assignment`)).json
  for (const c of board.cells) if (c.assigned) assert.deepEqual(c.conflicts, [])

  // 4. A reviewer assigned to the browser team's proposal scores it, blinded.
  const pairs = board.cells.filter((c) => c.assigned)
  const reviewers = new Map(board.reviewers.map((r) => [r.user, r]))
  const users = (await (await apiAs(server.url, USERS.admin)).get('/api/v1/users')).json.items
  const emailOf = (id) => users.find((u) => u.id === id).email
  const first = pairs.find((c) => c.proposal === p1)
  const rv = await open([emailOf(first.reviewer), REVIEWER_PASSWORD])
  await rv.goto('/reviews')
  await rv.locator(`[data-test=assignment] a[href="/proposals/${p1}"]`).click()
  await rv.waitForURL(new RegExp(`/proposals/${p1}$`))
  await rv.locator('[data-test=blind-note]').waitFor()
  const text = await rv.locator('main').innerText()
  for (const secret of ['微创', '岳川', 'supplier@sh.yigong.demo']) assert.ok(!text.includes(secret), `blind page shows ${secret}`)
  assert.equal(await rv.locator('[data-test=proposal-org]').count(), 0)
  const criteria = call.rubric.criteria.map((c) => c.id)
  for (const c of criteria) await rv.locator(`[data-test=score-${c}-4]`).check()
  await rv.locator('[data-test=review-comment]').fill('透壁性评估设计清楚，动物实验计划可行。')
  await rv.locator('[data-test=submit-review]').click()
  await rv.locator('[data-test=review-note]').waitFor()
  await shot(rv, 'review-submitted')
  assert.deepEqual(unexpectedErrors(rv), [])
  // The other reviews through the API: the second team's proposal scores lower.
  for (const c of pairs) {
    if (c === first) continue
    const r = await apiAs(server.url, [emailOf(c.reviewer), REVIEWER_PASSWORD])
    const score = c.proposal === p1 ? 4 : 2
    const put = await r.put(`/api/v1/proposals/${c.proposal}/review`, {
      scores: Object.fromEntries(criteria.map((k) => [k, score])),
      submit: true,
    })
    assert.equal(put.status, 200, put.text)
  }

  // 5. The ranking puts the browser team first; the operator awards it from there.
  await op.goto(`/calls/${callId}/ranking`)
  await op.locator('[data-test=ranking-row]').nth(1).waitFor()
  assert.equal(await op.locator('[data-test=ranking-row]').first().getAttribute('data-proposal'), String(p1))
  assert.equal(await op.locator('[data-test=ranking-row]').first().locator('[data-test=reviews]').innerText(), '2')
  assert.match(await op.locator('[data-test=export-xlsx]').getAttribute('href'), /format=xlsx/)
  await op.locator('.chart canvas').first().waitFor()
  await shot(op, 'ranking')
  await op.goto(`/proposals/${p1}#decision`)
  await op.locator('[data-test=decision-award]').check()
  await op.locator('[data-test=decision-reason]').fill('规范化得分第一，临床价值明确。')
  await op.locator('[data-test=decision-send]').click()
  await op.locator('[data-test=decision] [data-test=decision-outcome]').waitFor()
  assert.equal((await api.get(`/api/v1/proposals/${p1}`)).json.state, 'awarded')
  const reject = await api.post(`/api/v1/proposals/${p2}/decision`, { outcome: 'reject', reason: '成熟度不足' })
  assert.equal(reject.status, 200, reject.text)
  await op.goto(`/calls/${callId}`)
  await op.locator('[data-test=move-call][data-to=decided]').click()
  await op.locator('[data-test=move-call][data-to=archived]').waitFor()
  assert.deepEqual(unexpectedErrors(op), [])

  // 6. The team sees the decision among its notifications.
  await sup.goto('/notifications')
  await sup.getByText(/压力感知脉冲电场消融/).first().waitFor()
  await settle(sup)
  await shot(sup, 'notifications')
  assert.deepEqual(unexpectedErrors(sup), [])
})
