// extract() and extractSync(): the same documents as the Rust tests, through Node.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const cf = require('..')

const ROOT = path.resolve(__dirname, '..', '..')
const GENERATED = path.join(ROOT, 'tests', 'extract', 'generated')
const GOLDEN = path.join(ROOT, 'tests', 'extract', 'golden')

test('extract resolves to the golden document', async () => {
  for (const name of ['carnet-canal.pandoc.html', 'wartung-de.lo.rtf', 'orchard-guide.pandoc.docx']) {
    const want = JSON.parse(fs.readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8'))
    const doc = await cf.extract(path.join(GENERATED, name), { sha256: true })
    assert.equal(doc.text, want.text, name)
    assert.deepEqual(doc.blocks.map((b) => b.kind), want.blocks.map((b) => b.kind), name)
    assert.equal(doc.source.sha256, want.source.sha256, name)
  }
})

test('the source is hashed only when asked', () => {
  const file = path.join(GENERATED, 'orchard-guide.pandoc.docx')
  assert.equal(cf.extractSync(file).source.sha256 ?? null, null)
  const want = require('node:crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex')
  assert.equal(cf.extractSync(file, { sha256: true }).source.sha256, want)
})

test('a Buffer with a hint gives the same document as its path', async () => {
  const file = path.join(GENERATED, 'orchard-guide.pandoc.docx')
  const a = cf.extractSync(file)
  const b = await cf.extract(fs.readFileSync(file), { hint: 'orchard.docx' })
  assert.equal(a.text, b.text)
  assert.equal(b.source.name, 'orchard.docx')
  assert.equal(a.metadata.title, 'Keeping a Small Orchard')
  JSON.stringify(a) // plain, serialisable objects
})

test('block offsets are UTF-16 indices', () => {
  const doc = cf.extractSync(path.join(GENERATED, 'multilingual-notes.pandoc.docx'))
  assert.ok(/\p{Extended_Pictographic}/u.test(doc.text))
  const placed = doc.blocks.filter((b) => b.start !== undefined && b.start !== null)
  assert.ok(placed.length > 5)
  for (const b of placed) assert.equal(doc.text.slice(b.start, b.end), b.text)
  assert.ok(doc.blocks.some((b) => b.kind === 'heading' && b.level >= 1))
})

test('errors carry a code and reject, never crash', async () => {
  const docx = fs.readFileSync(path.join(GENERATED, 'orchard-guide.pandoc.docx'))
  await assert.rejects(cf.extract(docx.subarray(0, docx.length / 2), { hint: 'cut.docx' }), (e) => {
    assert.equal(e.code, 'CORRUPT_DOCUMENT')
    assert.match(e.message, /cut\.docx/)
    return true
  })
  await assert.rejects(cf.extract(Buffer.from([0, 1, 254, 0, 19, 55])), { code: 'UNSUPPORTED_FORMAT' })
  await assert.rejects(cf.extract(path.join(ROOT, 'no-such-file.docx')), { code: 'IO' })
  assert.throws(() => cf.extractSync(docx, { tableFormat: 'latex' }), (e) => e.code === 'INVALID_OPTION' && /table_format/.test(e.message))
})

test('extractAll: each archive member, a failed one as its error', async () => {
  const bundle = path.join(ROOT, 'tests', 'extract', 'inputs', 'bundle.zip')
  const results = await cf.extractAll(bundle)
  assert.deepEqual(
    results.filter((r) => r.document).map((r) => r.document.source.name),
    [`${bundle}!notes/field-notes.md`, `${bundle}!mail/quarterly.eml`],
  )
  const errors = results.filter((r) => r.error).map((r) => r.error)
  assert.equal(errors.length, 1)
  assert.equal(errors[0].code, 'CORRUPT_DOCUMENT')
  assert.match(errors[0].message, /broken\.docx/)
  const sync = cf.extractAllSync(fs.readFileSync(bundle), { hint: 'b.zip' })
  assert.equal(sync.length, 3)
  await assert.rejects(cf.extractAll(Buffer.from('PK\x03\x04broken'), { hint: 'x.zip' }), { code: 'CORRUPT_DOCUMENT' })
})

test('PDF: pages, blocks at UTF-16 offsets, and the password option', async () => {
  const doc = await cf.extract(path.join(ROOT, 'tests', 'pdf', 'generated', 'multilingual-notes.chromium.pdf'))
  assert.equal(doc.source.format, 'pdf')
  assert.equal(doc.pages.length, doc.metadata.pageCount)
  for (const b of doc.blocks.filter((b) => b.start !== undefined && b.start !== null)) {
    assert.equal(doc.text.slice(b.start, b.end), b.text)
  }
  const enc = path.join(ROOT, '..', 'shared', 'corpus', 'pdf', '005-libreoffice-writer-password', 'libreoffice-writer-password.pdf')
  if (!fs.existsSync(enc)) return
  await assert.rejects(cf.extract(enc), (e) => e.code === 'ENCRYPTED' && e.message.includes('libreoffice-writer-password.pdf'))
  const opened = await cf.extract(enc, { password: 'openpassword' })
  assert.ok(opened.text.trim().length > 0)
})

test('password-protected DOCX, PPTX, ODT and XLS open with the password option', async () => {
  const dir = path.join(ROOT, 'tests', 'extract', 'encrypted')
  for (const [name, plain] of [
    ['orchard-guide.agile-sha512.docx', 'orchard-guide.pandoc.docx'],
    ['slides-tidepools.standard.pptx', 'slides-tidepools.pandoc.pptx'],
    ['orchard-guide.lo-encrypted.odt', 'orchard-guide.lo.odt'],
    ['sheet-boulangerie.lo-encrypted.xls', 'sheet-boulangerie.lo.xls'],
  ]) {
    await assert.rejects(cf.extract(path.join(dir, name)), (e) => e.code === 'ENCRYPTED' && e.message.includes(name))
    assert.throws(() => cf.extractSync(path.join(dir, name), { password: 'nope' }), (e) => e.code === 'ENCRYPTED' && /wrong password/.test(e.message))
    const doc = await cf.extract(path.join(dir, name), { password: 'Tidepool-7' })
    assert.equal(doc.text, cf.extractSync(path.join(GENERATED, plain)).text)
    assert.equal(doc.metadata.extra.encrypted, 'true')
  }
})

test('100 concurrent extract() Promises resolve correctly and the event loop keeps running', async () => {
  const files = fs.readdirSync(GENERATED).filter((f) => /\.(docx|odt|html|rtf|epub)$/.test(f)).map((f) => path.join(GENERATED, f))
  const pdfs = fs.readdirSync(path.join(ROOT, 'tests', 'pdf', 'generated')).filter((f) => f.endsWith('.pdf'))
  files.push(...pdfs.map((f) => path.join(ROOT, 'tests', 'pdf', 'generated', f)))
  const expected = new Map(files.map((f) => [f, cf.extractSync(f).text]))
  let ticks = 0
  const timer = setInterval(() => { ticks += 1 }, 1)
  const jobs = Array.from({ length: 100 }, (_, i) => files[i % files.length])
  const docs = await Promise.all(jobs.map((f) => cf.extract(f)))
  clearInterval(timer)
  docs.forEach((d, i) => assert.equal(d.text, expected.get(jobs[i])))
  assert.ok(ticks >= 1, 'the timer fired while the extractions ran')
})
