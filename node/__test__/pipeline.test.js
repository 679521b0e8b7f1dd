// The whole job from Node: new Pipeline(config).run(inputs, outDir) off the main thread.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const cf = require('..')

const EXAMPLES = path.join(__dirname, '..', '..', 'examples')

function tmp(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cf-node-${name}-`))
}

test('run resolves to a summary and writes the dataset folder', async () => {
  const out = tmp('run')
  const p = new cf.Pipeline({ keep_dropped: true, output: { format: 'jsonl' } })
  const events = []
  const s = await p.run(EXAMPLES, out, {}, (e) => events.push(e))
  // Progress calls queued by the worker run on the main thread; let them drain.
  await new Promise((resolve) => setImmediate(resolve))
  assert.ok(events.length > 0)
  assert.equal(events.at(-1).inputsTotal, s.inputs)
  assert.ok(s.documentsIn >= 12)
  assert.equal(s.recordsOut, s.documentsOut)
  const lines = fs
    .readFileSync(path.join(out, 'data', 'train-00000-of-00001.jsonl'), 'utf8')
    .trim()
    .split('\n')
  assert.equal(lines.length, s.recordsOut)
  const rec = JSON.parse(lines[0])
  assert.equal(rec.id, `${rec.doc_id}:0`)
  assert.ok(fs.readFileSync(path.join(out, 'README.md'), 'utf8').startsWith('---\n'))
  assert.deepEqual(p.runSync([EXAMPLES], out).recordsOut, s.recordsOut)
  fs.rmSync(out, { recursive: true })
})

test('a missing input rejects with code IO; a bad key throws INVALID_OPTION', async () => {
  const p = new cf.Pipeline()
  await assert.rejects(p.run('/no/such/folder', tmp('missing')), (e) => e.code === 'IO')
  assert.throws(() => new cf.Pipeline({ output: { formatt: 'csv' } }), (e) => {
    return e.code === 'INVALID_OPTION' && /formatt/.test(e.message)
  })
  assert.equal(new cf.Pipeline({ granularity: 'chunk' }).config().granularity, 'chunk')
})

test('processText gives the records one text becomes, masked', () => {
  const p = new cf.Pipeline({ stages: ['normalize', 'pii'] })
  const [rec] = p.processText('Write to jane@example.org about the cafÃ© order.')
  assert.equal(rec.text, 'Write to [EMAIL] about the café order.')
  assert.equal(rec.pii_counts.EMAIL, 1)
})
