// node:test reporter for the browser tests: one line per test, errors in full, and a final
// line "N passed, M failed" (skipped tests are counted on the line before).
export default async function* reporter(source) {
  let passed = 0
  let failed = 0
  let skipped = 0
  const started = Date.now()
  for await (const event of source) {
    const d = event.data ?? {}
    switch (event.type) {
      case 'test:pass':
        if (d.details?.type === 'suite') break
        if (d.skip || d.todo) {
          skipped++
          yield `- skipped  ${d.name}${typeof d.skip === 'string' ? ` — ${d.skip}` : ''}\n`
        } else {
          passed++
          yield `✔ passed   ${d.name} (${Math.round(d.details?.duration_ms ?? 0)} ms)\n`
        }
        break
      case 'test:fail': {
        // A file or suite that failed only because tests in it failed is not counted again.
        if (d.details?.type === 'suite' || d.details?.error?.failureType === 'subtestsFailed') break
        failed++
        const err = d.details?.error
        const cause = err?.cause ?? err
        yield `✖ FAILED   ${d.name} (${Math.round(d.details?.duration_ms ?? 0)} ms)\n`
        yield `${String(cause?.stack ?? cause?.message ?? cause)
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n')}\n`
        break
      }
      case 'test:stdout':
      case 'test:stderr':
        yield d.message
        break
      case 'test:diagnostic':
        if (/^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(d.message)) break
        yield `# ${d.message}\n`
        break
      default:
        break
    }
  }
  yield `\nbrowser tests took ${((Date.now() - started) / 1000).toFixed(1)} s; ${skipped} skipped\n`
  yield `${passed} passed, ${failed} failed\n`
}
