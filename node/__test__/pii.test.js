// findPii() and maskPii() from Node: UTF-16 offsets, strategies, options, error codes.
const test = require('node:test')
const assert = require('node:assert/strict')
const cf = require('..')

const TEXT = 'Café owner Dr. Ana López (ana.lopez@example.es, +34 612 345 678) paid 🙂 with 4111 1111 1111 1111.'

test('matches carry UTF-16 offsets', () => {
  const found = cf.findPii(TEXT)
  assert.deepEqual(found.map((m) => m.kind), ['PERSON', 'EMAIL', 'PHONE', 'CREDIT_CARD'])
  for (const m of found) assert.equal(TEXT.slice(m.start, m.end), m.text)
})

test('masking: text, offsets in both texts, sensitivity', () => {
  const m = cf.maskPii(TEXT)
  assert.equal(m.text, 'Café owner [PERSON] ([EMAIL], [PHONE]) paid 🙂 with [CREDIT_CARD].')
  assert.equal(m.sensitivity, 'restricted')
  assert.deepEqual(m.counts, { CREDIT_CARD: 1, EMAIL: 1, PERSON: 1, PHONE: 1 })
  for (const x of m.matches) {
    assert.equal(TEXT.slice(x.start, x.end), x.text)
    assert.equal(m.text.slice(x.maskedStart, x.maskedEnd), `[${x.kind}]`)
  }
  const h = cf.maskPii(TEXT, { strategy: 'hash', secret: 's3cret' })
  assert.equal(h.text, cf.maskPii(TEXT, { strategy: 'hash', secret: 's3cret' }).text)
  assert.ok(cf.maskPii(TEXT, { strategies: { CREDIT_CARD: 'drop_document' } }).dropped)
})

test('custom recognizers and option errors', () => {
  const found = cf.findPii('Employee E-482913 joined.', {
    custom: [{ name: 'employee', kind: 'EMPLOYEE_ID', pattern: 'E-\\d{6}', context: ['employee'] }],
  })
  assert.deepEqual(found.map((m) => m.rule), ['custom:employee'])
  assert.throws(() => cf.findPii(TEXT, { kinds: ['NOPE'] }), (e) => e.code === 'INVALID_OPTION' && /kinds/.test(e.message))
  assert.throws(() => cf.maskPii(TEXT, { strategy: 'shred' }), { code: 'INVALID_OPTION' })
})
