// Tests of sentences, paragraphs, chunks and token counts from Node.
'use strict'
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const cf = require('..')

const root = path.join(__dirname, '..', '..')
const cases = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'segment', 'sentences-en.json'), 'utf8'))
const multi = JSON.parse(fs.readFileSync(path.join(root, 'tests', 'segment', 'sentences-multi.json'), 'utf8'))
const golden = path.join(root, '..', 'shared', 'corpus', 'segment', 'golden-rules-en.jsonl')

for (const c of cases) {
  test(`sentences: ${c.text.slice(0, 30)}`, () => {
    assert.deepEqual(cf.splitSentences(c.text), c.sentences)
  })
}

for (const c of multi) {
  test(`sentences (${c.language}): ${c.text.slice(0, 20)}`, () => {
    assert.deepEqual(cf.splitSentences(c.text, { language: c.language }), c.sentences)
  })
}

test('golden rules: 48 of 48', (t) => {
  if (!fs.existsSync(golden)) return t.skip(`${golden} is absent`)
  const rules = fs.readFileSync(golden, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))
  const failed = rules.filter((r) => JSON.stringify(cf.splitSentences(r.text)) !== JSON.stringify(r.sentences))
  assert.equal(rules.length, 48)
  assert.deepEqual(failed.map((r) => r.rule), [])
})

test('spans are UTF-16 indices', () => {
  const text = 'Café é 東京 👍🏽 ok. Ünïcode 😀 next! 日本語です。終わり。'
  const spans = cf.splitSentences(text, { spans: true })
  assert.deepEqual(spans.map((s) => s.text), cf.splitSentences(text))
  for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text)
  for (const p of cf.splitParagraphs('a 😀\n\nb 👍🏽', { spans: true })) {
    assert.equal('a 😀\n\nb 👍🏽'.slice(p.start, p.end), p.text)
  }
})

test('language option', () => {
  assert.deepEqual(cf.splitSentences('Das ist z.B. gut. Er kam.', { language: 'de' }), ['Das ist z.B. gut.', 'Er kam.'])
})

test('chunk offsets, capacity and overlap', () => {
  const text = 'Émile a vu 東京. '.repeat(30) + '\n\n' + 'Emoji 👍🏽 here. '.repeat(30)
  const chunks = cf.chunk(text, { maxChars: 80, overlap: 10 })
  assert.ok(chunks.length > 5)
  for (const c of chunks) {
    assert.ok([...c.text].length <= 80)
    assert.equal(text.slice(c.start, c.end), c.text)
    assert.ok(c.nTokens > 0)
  }
})

test('chunk by exact tokens', () => {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(50)
  for (const c of cf.chunk(text, { maxTokens: 32, tokenizer: 'cl100k_base' })) {
    assert.ok(c.nTokens <= 32)
    assert.equal(cf.countTokens(c.text, 'cl100k_base'), c.nTokens)
  }
})

test('chunk option errors carry INVALID_OPTION', () => {
  assert.throws(() => cf.chunk('x', {}), (e) => e.code === 'INVALID_OPTION' && /max_chars/.test(e.message))
  assert.throws(() => cf.countTokens('x', 'gpt-17'), (e) => e.code === 'INVALID_OPTION')
})

test('counts', () => {
  assert.equal(cf.countTokens('Hello world'), 2)
  assert.equal(cf.countTokens('Hello world', 'o200k_base'), 2)
  assert.equal(cf.countWords("Don't panic: it's 3.5 km, 東京!"), 7)
})
