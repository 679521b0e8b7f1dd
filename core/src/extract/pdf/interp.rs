//! The content-stream interpreter: runs a page's operators and records every shown glyph
//! with its Unicode text and its position on the page.
//!
//! Graphics state (`cm`, `q`/`Q`), text state (`Tc Tw Tz TL Tf Ts Tr`), positioning (`Td TD
//! Tm T*`) and showing (`Tj TJ ' "`) follow the PDF reference; Form XObjects run
//! recursively with a depth limit and a cycle guard; marked content gives `/ActualText`
//! replacements and `/Artifact` marks (headers, footers, page numbers).

use std::rc::Rc;

use lopdf::{Dictionary, Document as PdfDoc, Object, ObjectId};

use super::font::Font;
use super::lexer::{Lexer, Operand};
use super::obj::{deref, dict_of, get, name_of, num_of};
use crate::error::Result;
use crate::extract::Ctx;

/// Deepest Form XObject nesting followed.
const MAX_FORM_DEPTH: usize = 12;
/// Most operators run per document (a content stream that never ends is an attack).
pub(crate) const MAX_OPERATORS: u64 = 50_000_000;

/// A 2-D affine matrix `[a b c d e f]` in PDF's row-vector convention.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix([f32; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn from_operands(o: &[Operand<'_>]) -> Option<Matrix> {
        if o.len() < 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (i, v) in o[o.len() - 6..].iter().enumerate() {
            m[i] = v.num()?;
        }
        Some(Matrix(m))
    }

    fn from_object(doc: &PdfDoc, o: &Object) -> Option<Matrix> {
        let Object::Array(a) = deref(doc, o) else {
            return None;
        };
        if a.len() != 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (i, v) in a.iter().enumerate() {
            m[i] = num_of(doc, v)?;
        }
        Some(Matrix(m))
    }

    /// `self × other`: first `self`, then `other`.
    fn then(&self, o: &Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (x * a + y * c + e, x * b + y * d + f)
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }
}

/// One shown glyph in page space, turned so that its line runs left to right.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Char {
    /// Byte range of its text in [`PageContent::text`].
    pub start: u32,
    pub len: u16,
    /// Left and right edge along the line, baseline position across it (larger is higher),
    /// in the line direction's frame.
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    /// Font size on the page (points).
    pub size: f32,
    /// Line direction: 0 = left to right, 1 = upwards, 2 = upside down, 3 = downwards.
    pub dir: u8,
    /// The font is bold.
    pub bold: bool,
    /// Inside `/Artifact` marked content (a header, footer or page number).
    pub artifact: bool,
    /// Order in the content stream.
    pub seq: u32,
}

/// What a page's content shows.
#[derive(Default)]
pub(crate) struct PageContent {
    pub chars: Vec<Char>,
    /// The characters' text, one after the other.
    pub text: String,
    /// The page draws an image (an image XObject or an inline image).
    pub has_image: bool,
    /// Shown codes that map to no Unicode.
    pub unmapped: u32,
}

impl PageContent {
    /// Adds text a viewer would draw itself (a form field's value when the file asks the
    /// viewer to build the appearances): one glyph unit from `x0` on baseline `y`.
    pub fn push_text(&mut self, text: &str, x0: f32, y: f32, size: f32) {
        let mut end = text.len().min(u16::MAX as usize);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        if text.trim().is_empty() || size.is_nan() || size <= 0.0 {
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.chars.push(Char {
            start,
            len: end as u16,
            x0,
            x1: x0 + 0.5 * size * text.chars().count() as f32,
            y,
            size,
            dir: 0,
            bold: false,
            artifact: false,
            seq: self.chars.len() as u32,
        });
    }

    /// The text of one character.
    pub fn text_of(&self, c: &Char) -> &str {
        self.text
            .get(c.start as usize..c.start as usize + c.len as usize)
            .unwrap_or("")
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

struct Marked {
    artifact: bool,
    actual_text: Option<String>,
    first_char: usize,
}

/// Runs content streams for one document; fonts are cached across pages.
pub(crate) struct Interpreter<'d> {
    doc: &'d PdfDoc,
    fonts: foldhash::HashMap<usize, Rc<Font>>,
    fallback: Rc<Font>,
    /// Operators run so far in the document.
    pub operators: u64,
    /// Bytes decompressed so far in the document.
    pub decompressed: u64,
}

/// Per page: the output and the interpreter's stacks.
struct Run<'p> {
    out: &'p mut PageContent,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    marked: Vec<Marked>,
    forms: Vec<ObjectId>,
    /// The page's box, to leave out text drawn off the page.
    clip: [f32; 4],
}

impl<'d> Interpreter<'d> {
    pub fn new(doc: &'d PdfDoc) -> Self {
        Interpreter {
            doc,
            fonts: Default::default(),
            fallback: Rc::new(Font::fallback()),
            operators: 0,
            decompressed: 0,
        }
    }

    /// Runs one page's content, then the appearance streams of its form fields (`widgets`:
    /// each appearance with the rectangle it fills), and returns what they show.
    pub fn run_page(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        media_box: [f32; 4],
        widgets: &[(&'d lopdf::Stream, [f32; 4])],
        ctx: &Ctx,
    ) -> Result<PageContent> {
        let mut out = PageContent::default();
        let mut run = Run {
            out: &mut out,
            gs: GState {
                ctm: Matrix::IDENTITY,
                font: None,
                size: 0.0,
                char_space: 0.0,
                word_space: 0.0,
                hscale: 1.0,
                leading: 0.0,
                rise: 0.0,
            },
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            marked: Vec::new(),
            forms: Vec::new(),
            clip: media_box,
        };
        self.run_stream(content, resources, &mut run, ctx)?;
        let initial = run.gs.clone();
        for (stream, rect) in widgets {
            let Some(form) = super::decode_stream(stream, self.decompressed, ctx)? else {
                continue;
            };
            self.decompressed += form.len() as u64;
            let doc = self.doc;
            let matrix = stream
                .dict
                .get(b"Matrix")
                .ok()
                .and_then(|m| Matrix::from_object(doc, m))
                .unwrap_or(Matrix::IDENTITY);
            let bbox: Vec<f32> = match stream.dict.get(b"BBox").ok().map(|b| deref(doc, b)) {
                Some(Object::Array(a)) => a.iter().filter_map(|v| num_of(doc, v)).collect(),
                _ => Vec::new(),
            };
            let Some(fit) = fit_box(&bbox, &matrix, rect) else {
                continue;
            };
            let form_resources = form_resources(doc, stream, resources);
            run.gs = initial.clone();
            run.gs.ctm = matrix.then(&fit);
            run.stack.clear();
            run.marked.clear();
            self.run_stream(&form, form_resources, &mut run, ctx)?;
        }
        Ok(out)
    }

    fn run_stream(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        run: &mut Run<'_>,
        ctx: &Ctx,
    ) -> Result<()> {
        let mut lx = Lexer::new(content);
        let mut ops: Vec<Operand<'_>> = Vec::new();
        while let Some(op) = lx.next_op(&mut ops) {
            self.operators += 1;
            if self.operators.is_multiple_of(8192) {
                ctx.check_time()?;
                if self.operators > MAX_OPERATORS {
                    return Err(ctx.limit("pdf_operators", MAX_OPERATORS, self.operators));
                }
            }
            match op {
                b"q" if run.stack.len() < 256 => run.stack.push(run.gs.clone()),
                b"Q" => {
                    if let Some(g) = run.stack.pop() {
                        run.gs = g;
                    }
                }
                b"cm" => {
                    if let Some(m) = Matrix::from_operands(&ops) {
                        run.gs.ctm = m.then(&run.gs.ctm);
                    }
                }
                b"BT" => {
                    run.tm = Matrix::IDENTITY;
                    run.tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    if let (Some(name), Some(size)) = (
                        ops.first().and_then(Operand::name),
                        ops.get(1).and_then(Operand::num),
                    ) {
                        run.gs.font = Some(self.font(resources, name, ctx));
                        run.gs.size = size;
                    }
                }
                b"Tc" => set(&ops, &mut run.gs.char_space),
                b"Tw" => set(&ops, &mut run.gs.word_space),
                b"Tz" => {
                    if let Some(v) = ops.last().and_then(Operand::num) {
                        run.gs.hscale = v / 100.0;
                    }
                }
                b"TL" => set(&ops, &mut run.gs.leading),
                b"Ts" => set(&ops, &mut run.gs.rise),
                b"Td" | b"TD" => {
                    if let [.., tx, ty] = &ops[..] {
                        let (tx, ty) = (tx.num().unwrap_or(0.0), ty.num().unwrap_or(0.0));
                        if op == b"TD" {
                            run.gs.leading = -ty;
                        }
                        run.tlm = Matrix::translate(tx, ty).then(&run.tlm);
                        run.tm = run.tlm;
                    }
                }
                b"Tm" => {
                    if let Some(m) = Matrix::from_operands(&ops) {
                        run.tlm = m;
                        run.tm = m;
                    }
                }
                b"T*" => run.next_line(),
                b"Tj" => {
                    if let Some(Operand::Str(s)) = ops.last() {
                        run.show(s);
                    }
                }
                b"'" => {
                    run.next_line();
                    if let Some(Operand::Str(s)) = ops.last() {
                        run.show(s);
                    }
                }
                b"\"" => {
                    if let [aw, ac, Operand::Str(s)] = &ops[..] {
                        run.gs.word_space = aw.num().unwrap_or(0.0);
                        run.gs.char_space = ac.num().unwrap_or(0.0);
                        run.next_line();
                        run.show(s);
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = ops.last() {
                        for item in items {
                            match item {
                                Operand::Str(s) => run.show(s),
                                Operand::Num(n) => {
                                    let shift = -n / 1000.0 * run.gs.size;
                                    let vertical = run.gs.font.as_ref().is_some_and(|f| f.vertical);
                                    run.tm = if vertical {
                                        Matrix::translate(0.0, -shift).then(&run.tm)
                                    } else {
                                        Matrix::translate(shift * run.gs.hscale, 0.0).then(&run.tm)
                                    };
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"BMC" | b"BDC" => {
                    let tag = ops.first().and_then(Operand::name).unwrap_or(b"");
                    let actual_text = match ops.get(1) {
                        Some(d @ Operand::Dict(_)) => d.get(b"ActualText").and_then(|t| match t {
                            Operand::Str(s) => Some(decode_text(s)),
                            _ => None,
                        }),
                        _ => None,
                    };
                    if run.marked.len() < 256 {
                        run.marked.push(Marked {
                            artifact: tag == b"Artifact",
                            actual_text,
                            first_char: run.out.chars.len(),
                        });
                    }
                }
                b"EMC" => {
                    if let Some(m) = run.marked.pop() {
                        if let Some(t) = m.actual_text {
                            run.replace_with_actual_text(m.first_char, &t);
                        }
                    }
                }
                b"Do" => {
                    if let Some(name) = ops.first().and_then(Operand::name) {
                        self.do_xobject(resources, name, run, ctx)?;
                    }
                }
                b"BI" => run.out.has_image = true,
                _ => {}
            }
        }
        Ok(())
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8], ctx: &Ctx) -> Rc<Font> {
        let doc = self.doc;
        let Some(obj) = resources
            .and_then(|r| get(doc, r, b"Font"))
            .and_then(|f| match f {
                Object::Dictionary(d) => d.get(name).ok(),
                _ => None,
            })
        else {
            return self.fallback.clone();
        };
        let key = match obj {
            Object::Reference(id) => (id.0 as usize) << 16 | id.1 as usize,
            other => other as *const Object as usize,
        };
        if let Some(f) = self.fonts.get(&key) {
            return f.clone();
        }
        let font = match dict_of(doc, obj) {
            Some(d) => Rc::new(Font::load(doc, d, ctx.opts.max_decompressed_bytes as usize)),
            None => self.fallback.clone(),
        };
        self.fonts.insert(key, font.clone());
        font
    }

    fn do_xobject(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        run: &mut Run<'_>,
        ctx: &Ctx,
    ) -> Result<()> {
        let doc = self.doc;
        let Some(xobj) = resources
            .and_then(|r| get(doc, r, b"XObject"))
            .and_then(|x| match x {
                Object::Dictionary(d) => d.get(name).ok(),
                _ => None,
            })
        else {
            return Ok(());
        };
        let id = match xobj {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Object::Stream(stream) = deref(doc, xobj) else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").ok().and_then(name_of) {
            Some(b"Image") => {
                run.out.has_image = true;
                Ok(())
            }
            Some(b"Form") => {
                if run.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|id| run.forms.contains(&id))
                {
                    return Ok(());
                }
                let Some(content) = super::decode_stream(stream, self.decompressed, ctx)? else {
                    return Ok(());
                };
                self.decompressed += content.len() as u64;
                let form_resources = form_resources(doc, stream, resources);
                let saved = (run.gs.clone(), run.stack.len(), run.tm, run.tlm);
                if let Some(m) = stream
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|m| Matrix::from_object(doc, m))
                {
                    run.gs.ctm = m.then(&run.gs.ctm);
                }
                run.forms.push(id.unwrap_or((0, 0)));
                let r = self.run_stream(&content, form_resources, run, ctx);
                run.forms.pop();
                run.gs = saved.0;
                run.stack.truncate(saved.1);
                run.tm = saved.2;
                run.tlm = saved.3;
                r
            }
            _ => Ok(()),
        }
    }
}

impl Run<'_> {
    fn next_line(&mut self) {
        self.tlm = Matrix::translate(0.0, -self.gs.leading).then(&self.tlm);
        self.tm = self.tlm;
    }

    /// Shows a string: one [`Char`] per code, the text matrix advanced past it.
    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let gs = &self.gs;
        let m = self.tm.then(&gs.ctm);
        let [a, b, c, d, _, _] = m.0;
        let size = gs.size * (c * c + d * d).sqrt();
        // Vertical writing runs down the text space's y axis.
        let dir = if font.vertical {
            direction(-c, -d)
        } else {
            direction(a, b)
        };
        let vertical = font.vertical;
        let artifact = self.marked.iter().any(|m| m.artifact);
        let (fs, th, tc, tw, rise) = (gs.size, gs.hscale, gs.char_space, gs.word_space, gs.rise);
        let mut advance = 0.0f32;
        let out = &mut *self.out;
        let clip = self.clip;
        font.decode(bytes, |code| {
            let glyph_w = code.width * fs * th;
            if code.text.is_empty() {
                out.unmapped += 1;
            } else if size > 0.1 && size.is_finite() {
                let (p0, p1) = if vertical {
                    (m.apply(rise, -advance), m.apply(rise, -advance - fs))
                } else {
                    (m.apply(advance, rise), m.apply(advance + glyph_w, rise))
                };
                let (x0, y0) = to_frame(p0, dir);
                let (x1, _) = to_frame(p1, dir);
                let on_page = p0.0 >= clip[0] - size
                    && p0.0 <= clip[2] + size
                    && p0.1 >= clip[1] - size
                    && p0.1 <= clip[3] + size;
                if on_page && x0.is_finite() && x1.is_finite() && y0.is_finite() {
                    let start = out.text.len() as u32;
                    out.text.push_str(code.text);
                    let seq = out.chars.len() as u32;
                    out.chars.push(Char {
                        start,
                        len: code.text.len().min(u16::MAX as usize) as u16,
                        x0: x0.min(x1),
                        x1: x0.max(x1),
                        y: y0,
                        size,
                        dir,
                        bold: font.bold,
                        artifact,
                        seq,
                    });
                }
            }
            // Vertical fonts advance by their default vertical metrics (one em down).
            let mut tx = if vertical { fs + tc } else { glyph_w + tc * th };
            if code.word_space {
                tx += tw * th;
            }
            advance += tx;
        });
        self.tm = if vertical {
            Matrix::translate(0.0, -advance).then(&self.tm)
        } else {
            Matrix::translate(advance, 0.0).then(&self.tm)
        };
    }

    /// Replaces the characters shown since `first` with one carrying the actual text.
    fn replace_with_actual_text(&mut self, first: usize, text: &str) {
        let chars = &mut self.out.chars;
        if first >= chars.len() {
            return;
        }
        let span = &chars[first..];
        let mut c = span[0];
        for o in span {
            c.x0 = c.x0.min(o.x0);
            c.x1 = c.x1.max(o.x1);
        }
        chars.truncate(first);
        c.start = self.out.text.len() as u32;
        self.out.text.push_str(text);
        c.len = text.len().min(u16::MAX as usize) as u16;
        c.seq = chars.len() as u32;
        chars.push(c);
    }
}

/// A form XObject's own resources, else those of the content that draws it.
fn form_resources<'d>(
    doc: &'d PdfDoc,
    form: &'d lopdf::Stream,
    outer: Option<&'d Dictionary>,
) -> Option<&'d Dictionary> {
    form.dict
        .get(b"Resources")
        .ok()
        .and_then(|r| match deref(doc, r) {
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .or(outer)
}

/// The matrix that maps a form's bounding box (after its own matrix) onto an annotation's
/// rectangle, as viewers place appearance streams.
fn fit_box(bbox: &[f32], matrix: &Matrix, rect: &[f32; 4]) -> Option<Matrix> {
    let [bx0, by0, bx1, by1] = <[f32; 4]>::try_from(bbox).ok()?;
    let corners = [(bx0, by0), (bx1, by0), (bx0, by1), (bx1, by1)].map(|(x, y)| matrix.apply(x, y));
    let x0 = corners.iter().map(|c| c.0).fold(f32::MAX, f32::min);
    let x1 = corners.iter().map(|c| c.0).fold(f32::MIN, f32::max);
    let y0 = corners.iter().map(|c| c.1).fold(f32::MAX, f32::min);
    let y1 = corners.iter().map(|c| c.1).fold(f32::MIN, f32::max);
    let (w, h) = (x1 - x0, y1 - y0);
    if w.is_nan() || h.is_nan() || w <= 0.0 || h <= 0.0 {
        return None;
    }
    let (sx, sy) = ((rect[2] - rect[0]) / w, (rect[3] - rect[1]) / h);
    Some(Matrix([
        sx,
        0.0,
        0.0,
        sy,
        rect[0] - x0 * sx,
        rect[1] - y0 * sy,
    ]))
}

fn set(ops: &[Operand<'_>], v: &mut f32) {
    if let Some(n) = ops.last().and_then(Operand::num) {
        *v = n;
    }
}

/// The quarter turn nearest to a baseline direction vector.
fn direction(a: f32, b: f32) -> u8 {
    if a.abs() >= b.abs() {
        if a >= 0.0 {
            0
        } else {
            2
        }
    } else if b > 0.0 {
        1
    } else {
        3
    }
}

/// Page coordinates turned so that text of direction `dir` runs left to right with its
/// lines stacked downwards (larger y is higher up, as on an upright page).
fn to_frame((x, y): (f32, f32), dir: u8) -> (f32, f32) {
    match dir {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// A marked-content text string: UTF-16 with a byte-order mark, or PDFDocEncoding.
fn decode_text(s: &[u8]) -> String {
    let o = Object::String(s.to_vec(), lopdf::StringFormat::Literal);
    lopdf::decode_text_string(&o).unwrap_or_else(|_| String::from_utf8_lossy(s).into_owned())
}
