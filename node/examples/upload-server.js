// An upload endpoint with node:http alone: POST a file's bytes (its name in the
// `x-filename` header), get back its text with the PII masked, as JSON. Extraction runs
// off the main thread, so the server keeps answering while a large PDF is read.
//
//   node examples/upload-server.js            # listens on $PORT (default 8080)
//   curl --data-binary @report.pdf -H 'x-filename: report.pdf' localhost:8080
const http = require('node:http')
const cf = require('corpusforge')

const MAX_UPLOAD = 50 * 1024 * 1024

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function createServer() {
  return http.createServer(async (req, res) => {
    if (req.method !== 'POST') return send(res, 405, { error: 'POST a file' })
    const chunks = []
    let size = 0
    for await (const chunk of req) {
      size += chunk.length
      if (size > MAX_UPLOAD) return send(res, 413, { error: 'LIMIT_EXCEEDED' })
      chunks.push(chunk)
    }
    const name = String(req.headers['x-filename'] || 'upload')
    try {
      const doc = await cf.extract(Buffer.concat(chunks), { hint: name })
      const masked = cf.maskPii(doc.text)
      send(res, 200, {
        name,
        format: doc.source.format,
        pages: doc.pages.length,
        text: masked.text,
        pii: masked.counts,
        sensitivity: masked.sensitivity,
      })
    } catch (e) {
      // The error's code says why (UNSUPPORTED_FORMAT, CORRUPT_DOCUMENT, ENCRYPTED, ...);
      // its message names the file and the cause, never the document's text.
      const status = e.code === 'INTERNAL' || e.code === 'IO' ? 500 : 422
      send(res, status, { error: e.code, message: e.message })
    }
  })
}

module.exports = { createServer }

if (require.main === module) {
  const port = Number(process.env.PORT || 8080)
  createServer().listen(port, () => console.log(`listening on http://localhost:${port}`))
}
