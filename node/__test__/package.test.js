// The package as users get it: `npm pack` installs into an empty project and works from
// `require` and `import`; the README's upload server answers a real request on loopback.
const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const PKG = path.join(__dirname, '..')
const EXAMPLES = path.join(PKG, '..', 'examples')

test('npm pack installs into an empty project, usable from require and import', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-pack-'))
  // Pack a copy whose addon has its debug info stripped: the debug build is 300 MB.
  const files = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')).files
  const copy = path.join(work, 'package')
  fs.mkdirSync(copy)
  fs.copyFileSync(path.join(PKG, 'package.json'), path.join(copy, 'package.json'))
  for (const f of fs.readdirSync(PKG)) {
    const shipped = files.some((p) => (p.includes('*') ? f.startsWith(p.split('*')[0]) && f.endsWith(p.split('*')[1]) : f === p))
    if (shipped) fs.copyFileSync(path.join(PKG, f), path.join(copy, f))
  }
  for (const f of fs.readdirSync(copy).filter((f) => f.endsWith('.node'))) {
    try { execFileSync('strip', ['--strip-debug', path.join(copy, f)]) } catch { /* packed as is */ }
  }
  const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: copy, encoding: 'utf8' }).trim().split('\n').pop()
  const app = path.join(work, 'app')
  fs.mkdirSync(app)
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}')
  execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', path.join(work, tgz)], { cwd: app })
  const listed = fs.readdirSync(path.join(app, 'node_modules', 'corpusforge')).sort()
  assert.deepEqual(listed.filter((f) => !f.endsWith('.node')), ['binding.d.ts', 'binding.js', 'index.d.ts', 'index.js', 'package.json'])
  const cjs = execFileSync(process.execPath, ['-e', `
    const cf = require('corpusforge')
    const m = cf.maskPii('Mail jane@example.org')
    console.log(JSON.stringify([typeof cf.Pipeline.prototype.records, m.text]))`], { cwd: app, encoding: 'utf8' })
  assert.deepEqual(JSON.parse(cjs), ['function', 'Mail [EMAIL]'])
  const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { extract, Pipeline } from 'corpusforge'
    const doc = await extract(${JSON.stringify(path.join(EXAMPLES, 'press-release.html'))})
    let n = 0
    for await (const r of new Pipeline({ keep_dropped: true }).records(${JSON.stringify(EXAMPLES)}, { limit: 1 })) n += 1
    console.log(JSON.stringify([doc.source.format, n > 0]))`], { cwd: app, encoding: 'utf8' })
  assert.deepEqual(JSON.parse(esm), ['html', true])
  fs.rmSync(work, { recursive: true })
})

test('the upload server extracts, masks and answers JSON on loopback', async () => {
  const { createServer } = require('../examples/upload-server.js')
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}/`
  try {
    const html = '<html><body><p>Call Jane Doe at +44 20 7946 0958 or jane@example.org.</p></body></html>'
    const ok = await fetch(url, { method: 'POST', body: html, headers: { 'x-filename': 'note.html' } })
    assert.equal(ok.status, 200)
    const body = await ok.json()
    assert.equal(body.format, 'html')
    assert.ok(body.text.includes('[EMAIL]') && !body.text.includes('jane@example.org'), body.text)
    assert.equal(body.pii.EMAIL, 1)
    const bad = await fetch(url, { method: 'POST', body: 'PK\x03\x04 broken', headers: { 'x-filename': 'x.docx' } })
    assert.equal(bad.status, 422)
    assert.equal((await bad.json()).error, 'CORRUPT_DOCUMENT')
  } finally {
    server.close()
  }
})
