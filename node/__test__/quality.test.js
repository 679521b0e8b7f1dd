// Quality, language identification and dedup from Node.
const test = require('node:test')
const assert = require('node:assert/strict')
const cf = require('..')

const PROSE =
  'The history of the city is long and full of change. It was founded by traders who came ' +
  'to the river with their goods. Over the centuries, the town grew into a major port, and ' +
  'its people built churches, markets and schools. Today it is known for its museums, which ' +
  'attract visitors from all over the world, and for a university that has taught students ' +
  'for more than five hundred years. Many of the old streets have kept their names.'

test('quality of prose: kept, English, high score, four presets', () => {
  const r = cf.quality(PROSE)
  assert.equal(r.kept, true)
  assert.deepEqual(r.reasons, [])
  assert.equal(r.language, 'en')
  assert.ok(r.score > 80 && r.score <= 100)
  assert.deepEqual(Object.keys(r.filters).sort(), ['c4', 'fineweb', 'gopher_quality', 'gopher_repetition'])
  assert.equal(r.filters.c4, null)
  assert.equal(r.signals.n_words, 80)
  JSON.stringify(r)
})

test('drop reasons and thresholds by name', () => {
  const r = cf.quality('Buy now!\n'.repeat(20))
  assert.equal(r.kept, false)
  assert.equal(r.filters.gopher_repetition, 'gopher_repetition:dup_line_frac')
  assert.equal(r.explanations.length, r.reasons.length)
  const strict = cf.quality(PROSE, { thresholds: { 'gopher_quality.min_doc_words': 1000 } })
  assert.equal(strict.filters.gopher_quality, 'gopher_quality:min_doc_words')
  const off = cf.quality(PROSE, { thresholds: { 'gopher_quality.min_doc_words': null }, presets: ['gopher_quality'] })
  assert.deepEqual(Object.keys(off.filters), ['gopher_quality'])
  assert.throws(() => cf.quality(PROSE, { presets: ['nope'] }), (e) => e.code === 'INVALID_OPTION' && /presets/.test(e.message))
})

test('paragraph languages use UTF-16 offsets', () => {
  const text = '😀 Le café est ouvert tous les jours de la semaine.\n\nThe café is open every day of the week.'
  const r = cf.quality(text, { paragraphLanguages: true, languages: ['fr'] })
  const [a, b] = r.paragraphLanguages
  assert.equal(a.language, 'fr')
  assert.equal(b.language, 'en')
  assert.ok(text.slice(a.start, a.end).startsWith('😀 Le café'))
  assert.equal(text.slice(b.start, b.end), 'The café is open every day of the week.')
  assert.equal(r.filters.language, null)
})

test('detectLanguage', () => {
  assert.equal(cf.detectLanguage('Der schnelle braune Fuchs springt über den faulen Hund.').language, 'de')
  assert.deepEqual(cf.detectLanguage('1234 !!'), { language: 'und', score: 0 })
})

test('dedup and MinHash', () => {
  const b = PROSE.replace('traders', 'merchants')
  const c = 'Something else entirely: a recipe for bread with flour, water, salt and yeast, baked hot.'
  assert.deepEqual(cf.dedup([PROSE, b, c, PROSE]), [null, 0, null, 0])
  assert.deepEqual(cf.dedup([PROSE, b], { scores: [0.1, 0.9] }), [1, null])
  const sig = cf.minhashSignature(PROSE)
  assert.equal(sig.length, 120)
  const keys = cf.minhashBandKeys(sig)
  assert.equal(keys.length, 20)
  assert.ok(keys.every((k) => /^\d+$/.test(k)))
  assert.equal(cf.minhashSignature('...'), null)
  assert.throws(() => cf.minhashBandKeys(sig, { preset: 'datatrove' }), (e) => e.code === 'INVALID_OPTION')
})

test('decontaminate', () => {
  const q = 'Question: what is the capital city of France and why did it become the capital at all?'
  const texts = [
    'A blog post. QUESTION what is the capital city of France, and why did it become the capital at all. More.',
    'The capital city of France is Paris; it became the capital long ago.',
  ]
  assert.deepEqual(cf.decontaminate(texts, [q]), [true, false])
  assert.deepEqual(cf.decontaminate(texts, [q], 5), [true, true])
})
