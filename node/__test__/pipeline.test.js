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

const PARA =
  'The committee met on Tuesday to discuss the budget. Members reviewed the figures from the ' +
  'last quarter and agreed that the plan should go ahead as written. A short report will ' +
  'follow next week, with the decisions and the open questions. The chair thanked the ' +
  'volunteers who had counted the votes. Several residents asked about the timetable for the ' +
  'repairs. The next meeting will be held in the library. Write to jane@example.org with questions.'

test('processTexts: a batch through the stages, duplicates marked within it, off the main thread', async () => {
  const other = PARA.replace('budget', 'roof of the school and the new car park')
  const texts = [PARA, { text: PARA, name: 'copy.txt' }, other]
  let ticks = 0
  const timer = setInterval(() => { ticks += 1 }, 1)
  const many = Array.from({ length: 300 }, (_, i) => `${other} Item ${i}.`)
  const [results] = await Promise.all([
    cf.processTexts(texts, { output: { seed: 7 } }),
    cf.processTexts(many),
  ])
  clearInterval(timer)
  assert.ok(ticks > 0, 'the event loop ran while the batch was processed')
  assert.equal(results.length, 3)
  const [a, b, c] = results
  assert.ok(results.every((r) => r.error == null))
  assert.equal(a.records[0].source, '<text 0>')
  assert.deepEqual(a.records[0].drop_reasons, [])
  assert.ok(!a.records[0].text.includes('jane@example.org'), 'masked')
  assert.equal(b.records[0].source, 'copy.txt')
  assert.deepEqual(b.records[0].drop_reasons, ['dedup:exact'])
  assert.equal(b.records[0].duplicate_of, a.records[0].id)
  assert.equal(c.records[0].duplicate_of, null)
  // Sync and method forms give the same; so does processText for a text alone.
  const p = new cf.Pipeline({ output: { seed: 7 } })
  assert.deepEqual(p.processTextsSync(texts), results)
  assert.deepEqual(await p.processTexts(texts), results)
  assert.deepEqual(p.processText(PARA, '<text 0>'), a.records)
  assert.deepEqual(JSON.parse(JSON.stringify(results)), results, 'plain JSON-serialisable objects')
  assert.throws(() => cf.processTextsSync([PARA], { stagess: [] }), (e) => e.code === 'INVALID_OPTION')
})

test('records() yields every record of a run, as objects or Arrow IPC buffers', async () => {
  const arrow = require('apache-arrow')
  const p = new cf.Pipeline({ keep_dropped: true })
  const out = tmp('records')
  const summary = await p.run(EXAMPLES, out, {})
  fs.rmSync(out, { recursive: true })
  const records = []
  for await (const r of p.records(EXAMPLES)) records.push(r)
  assert.equal(records.length, summary.recordsOut)
  assert.ok(records.every((r) => typeof r.text === 'string' && r.id.startsWith(`${r.doc_id}:`)))
  let rows = 0
  const ids = []
  for await (const buf of p.records([EXAMPLES], { arrow: true })) {
    assert.ok(Buffer.isBuffer(buf))
    const table = arrow.tableFromIPC(buf)
    rows += table.numRows
    for (const id of table.getChild('id')) ids.push(id)
  }
  assert.equal(rows, summary.recordsOut)
  assert.deepEqual(ids, records.map((r) => r.id), 'the same records in the same order')
  const limited = []
  for await (const r of p.records(EXAMPLES, { limit: 2 })) limited.push(r)
  assert.ok(limited.length >= 1 && limited.length < records.length)
  await assert.rejects(async () => {
    for await (const r of p.records('/no/such/folder')) assert.fail(`unexpected ${r.id}`)
  }, (e) => e.code === 'IO')
})
