// Tests of normalize from Node: shared fixtures, options, errors.
'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const cf = require('..')

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'normalize', 'cases.json'), 'utf8'))

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]))

for (const c of cases) {
  test(`fixture: ${c.name}`, () => {
    assert.equal(cf.normalize(c.input, camelKeys(c.options)), c.expected)
  })
}

test('version is semver', () => {
  assert.match(cf.version(), /^\d+\.\d+\.\d+/)
})

test('normalizeWithReport counts steps', () => {
  const { text, report } = cf.normalizeWithReport('cafÃ© &amp;\r\n')
  assert.equal(text, 'café &\n')
  assert.equal(report.changed, true)
  assert.equal(report.mojibakeFixed, 1)
  assert.equal(report.entitiesDecoded, 1)
  assert.equal(report.lineEndingsFixed, 1)
  assert.equal(cf.normalizeWithReport('clean').report.changed, false)
})

test('bad option value throws INVALID_OPTION naming the option', () => {
  assert.throws(() => cf.normalize('x', { unicodeForm: 'nfx' }), (e) => {
    assert.equal(e.code, 'INVALID_OPTION')
    assert.match(e.message, /unicode_form/)
    return true
  })
})

test('options are optional and null caps are accepted', () => {
  assert.equal(cf.normalize('a\n\n\n\n\nb'), 'a\n\n\nb')
  assert.equal(cf.normalize('a\n\n\n\n\nb', { maxBlankLines: null }), 'a\n\n\n\n\nb')
  assert.equal(cf.normalize('a\tb', { tabsToSpaces: 2 }), 'a  b')
})
