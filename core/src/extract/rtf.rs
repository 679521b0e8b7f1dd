//! Rich Text Format: groups and control words read by a small state machine. Text in the
//! document's code page (`\ansicpg`, `\'hh`, multi-byte pages included) or Unicode
//! (`\uN` with its `\ucN` fallback skipped, surrogate pairs joined); the font table,
//! colour table, stylesheet, pictures, objects and unknown `\*` destinations skipped;
//! hidden and deleted text dropped; paragraphs, headings (outline level or a `heading N`
//! style), list items (their rendered numbers kept), tables, footnotes at the end,
//! headers and footers as their own blocks, `\info` as metadata.

use std::collections::HashMap;

use encoding_rs::Encoding;

use super::builder::DocBuilder;
use super::table;
use super::text::codepage;
use super::Ctx;
use crate::document::{BlockKind, Document, Metadata};
use crate::error::Result;

pub(crate) fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document> {
    let mut p = Parser::new(bytes, ctx);
    p.run()?;
    let mut b = DocBuilder::new();
    for (kind, text) in std::mem::take(&mut p.out) {
        match kind {
            BlockKind::Header | BlockKind::Footer => {
                b.push_maybe(kind, &text, ctx.opts.include_headers_footers)
            }
            BlockKind::Comment => b.push_maybe(kind, &text, ctx.opts.include_comments),
            kind => b.push(kind, &text),
        }
    }
    for f in std::mem::take(&mut p.footnotes) {
        b.push(BlockKind::Footnote, &f);
    }
    Ok(b.finish(p.meta))
}

/// Where the text of the current group goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dest {
    Body,
    Skip,
    Footnote,
    Header,
    Footer,
    Comment,
    Info(InfoField),
    StyleSheet,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum InfoField {
    None,
    Title,
    Author,
    Subject,
    Keywords,
}

#[derive(Clone, Debug)]
struct Group {
    dest: Dest,
    /// Fallback characters after `\uN`.
    uc: usize,
    hidden: bool,
    encoding: &'static Encoding,
}

struct Parser<'a, 'c> {
    b: &'a [u8],
    i: usize,
    ctx: &'c Ctx<'c>,
    stack: Vec<Group>,
    /// Characters still to skip after a `\uN`.
    skip: usize,
    /// Bytes of `\'hh` escapes not yet decoded (multi-byte code pages).
    pending: Vec<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    para: String,
    style: Option<u32>,
    outline: Option<u8>,
    list: bool,
    in_table: bool,
    cells: Vec<String>,
    rows: Vec<Vec<String>>,
    styles: HashMap<u32, String>,
    style_num: Option<u32>,
    style_name: String,
    /// Text of the footnote, header or comment group being read.
    aside: String,
    info_text: String,
    fonts: HashMap<i64, &'static Encoding>,
    /// Footnotes referred to so far (`\chftn` marks).
    notes: usize,
    default_encoding: &'static Encoding,
    out: Vec<(BlockKind, String)>,
    footnotes: Vec<String>,
    meta: Metadata,
}

impl<'a, 'c> Parser<'a, 'c> {
    fn new(b: &'a [u8], ctx: &'c Ctx<'c>) -> Self {
        let enc = encoding_rs::WINDOWS_1252;
        Parser {
            b,
            i: 0,
            ctx,
            stack: vec![Group {
                dest: Dest::Body,
                uc: 1,
                hidden: false,
                encoding: enc,
            }],
            skip: 0,
            pending: Vec::new(),
            high: None,
            para: String::new(),
            style: None,
            outline: None,
            list: false,
            in_table: false,
            cells: Vec::new(),
            rows: Vec::new(),
            styles: HashMap::new(),
            style_num: None,
            style_name: String::new(),
            aside: String::new(),
            info_text: String::new(),
            fonts: HashMap::new(),
            notes: 0,
            default_encoding: enc,
            out: Vec::new(),
            footnotes: Vec::new(),
            meta: Metadata::default(),
        }
    }

    fn top(&self) -> &Group {
        self.stack
            .last()
            .expect("the stack always holds the document group")
    }

    fn top_mut(&mut self) -> &mut Group {
        self.stack
            .last_mut()
            .expect("the stack always holds the document group")
    }

    fn run(&mut self) -> Result<()> {
        if !self.b.starts_with(b"{\\rtf") {
            return Err(self.ctx.corrupt("does not start with {\\rtf"));
        }
        let mut steps = 0u32;
        while self.i < self.b.len() {
            steps = steps.wrapping_add(1);
            if steps.is_multiple_of(65536) {
                self.ctx.check_time()?;
            }
            let c = self.b[self.i];
            match c {
                b'{' => {
                    self.flush_pending();
                    self.i += 1;
                    let g = self.top().clone();
                    self.stack.push(g);
                    if self.stack.len() as u64 > self.ctx.opts.max_depth {
                        return Err(self.ctx.limit(
                            "max_depth",
                            self.ctx.opts.max_depth,
                            self.stack.len() as u64,
                        ));
                    }
                }
                b'}' => {
                    self.flush_pending();
                    self.i += 1;
                    self.close_group();
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => self.i += 1,
                _ => {
                    self.flush_pending();
                    // A run of plain text bytes in the group's code page.
                    let start = self.i;
                    while self.i < self.b.len()
                        && !matches!(self.b[self.i], b'{' | b'}' | b'\\' | b'\r' | b'\n')
                    {
                        self.i += 1;
                    }
                    let enc = self.top().encoding;
                    let (s, _) = enc.decode_without_bom_handling(&self.b[start..self.i]);
                    let s = s.into_owned();
                    self.text(&s);
                }
            }
        }
        self.flush_pending();
        self.end_paragraph();
        self.end_table();
        if self.stack.len() > 1 {
            // Unbalanced braces: a truncated file. Keep what was read, but say so.
            self.meta
                .extra
                .insert("truncated".into(), "unbalanced braces".into());
        }
        Ok(())
    }

    fn close_group(&mut self) {
        let Some(g) = self.stack.pop() else { return };
        if self.stack.is_empty() {
            // The document's closing brace.
            self.stack.push(g);
            return;
        }
        if g.dest == Dest::StyleSheet {
            // Each style is a group `{\sN ... name;}` inside the stylesheet.
            if let Some(n) = self.style_num.take() {
                let name = std::mem::take(&mut self.style_name);
                let name = name.trim().trim_end_matches(';').trim().to_lowercase();
                self.styles.insert(n, name);
            }
            self.style_name.clear();
            return;
        }
        let parent = self.top().dest;
        if g.dest == parent {
            return;
        }
        match g.dest {
            Dest::Footnote => {
                let t = super::builder::collapse_ws(&std::mem::take(&mut self.aside));
                if !t.is_empty() {
                    self.footnotes.push(t);
                }
            }
            Dest::Header | Dest::Footer | Dest::Comment => {
                let kind = match g.dest {
                    Dest::Header => BlockKind::Header,
                    Dest::Footer => BlockKind::Footer,
                    _ => BlockKind::Comment,
                };
                let t = std::mem::take(&mut self.aside);
                self.out.push((kind, t.trim().to_string()));
            }
            Dest::Info(field) => {
                let v = std::mem::take(&mut self.info_text).trim().to_string();
                if !v.is_empty() {
                    match field {
                        InfoField::Title => self.meta.title = Some(v),
                        InfoField::Author => self.meta.author = Some(v),
                        InfoField::Subject => {
                            self.meta.extra.insert("subject".into(), v);
                        }
                        InfoField::Keywords => {
                            self.meta.extra.insert("keywords".into(), v);
                        }
                        InfoField::None => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// Reads a control word, symbol or `\'hh` at `self.i` (a backslash).
    fn control(&mut self) -> Result<()> {
        let b = self.b;
        self.i += 1;
        let Some(&c) = b.get(self.i) else {
            return Ok(());
        };
        if c == b'\'' {
            let hex = b
                .get(self.i + 1..self.i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            self.i += 3;
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                if self.skip > 0 {
                    self.skip -= 1;
                } else {
                    self.pending.push(v);
                }
            }
            return Ok(());
        }
        if !c.is_ascii_alphabetic() {
            self.i += 1;
            self.flush_pending();
            match c {
                b'\\' | b'{' | b'}' => self.text(&char::from(c).to_string()),
                b'~' => self.text("\u{a0}"),
                b'_' => self.text("\u{2011}"),
                b'\n' | b'\r' => self.end_paragraph(),
                // An optional destination: skipped unless known.
                b'*' if !self.known_destination_follows() => self.top_mut().dest = Dest::Skip,
                _ => {} // \- optional hyphen, \| and others: nothing visible
            }
            return Ok(());
        }
        let start = self.i;
        while self.i < b.len() && b[self.i].is_ascii_alphabetic() && self.i - start < 32 {
            self.i += 1;
        }
        let word = std::str::from_utf8(&b[start..self.i]).unwrap_or("");
        let num_start = self.i;
        if self.i < b.len() && b[self.i] == b'-' {
            self.i += 1;
        }
        while self.i < b.len() && b[self.i].is_ascii_digit() && self.i - num_start < 11 {
            self.i += 1;
        }
        let param: Option<i64> = std::str::from_utf8(&b[num_start..self.i])
            .ok()
            .and_then(|s| s.parse().ok());
        if self.i < b.len() && b[self.i] == b' ' {
            self.i += 1;
        }
        if word != "u" {
            self.flush_pending();
        }
        self.word(word, param);
        Ok(())
    }

    /// Whether the control word after `\*` names a destination we read.
    fn known_destination_follows(&self) -> bool {
        let rest = &self.b[self.i..self.b.len().min(self.i + 24)];
        let rest = rest.strip_prefix(b" ").unwrap_or(rest);
        rest.starts_with(b"\\footnote") || rest.starts_with(b"\\annotation")
    }

    fn word(&mut self, word: &str, param: Option<i64>) {
        let dest = self.top().dest;
        match word {
            // Destinations.
            "fonttbl" | "colortbl" | "pict" | "object" | "themedata" | "colorschememapping"
            | "datastore" | "latentstyles" | "listtable" | "listoverridetable" | "rsidtbl"
            | "generator" | "xmlnstbl" | "mmathPr" | "fldinst" | "bkmkstart" | "bkmkend"
            | "filetbl" | "revtbl" | "pgdsctbl" | "nonshppict" | "shpinst" | "falt" | "atnid"
            | "atnauthor" | "atndate" | "atnref" | "xe" | "tc" => {
                if word == "fonttbl" {
                    self.top_mut().dest = Dest::Skip;
                    self.read_font_table();
                    return;
                }
                self.top_mut().dest = Dest::Skip
            }
            "stylesheet" => self.top_mut().dest = Dest::StyleSheet,
            "info" => self.top_mut().dest = Dest::Info(InfoField::None),
            "title" | "author" | "subject" | "keywords" if matches!(dest, Dest::Info(_)) => {
                let f = match word {
                    "title" => InfoField::Title,
                    "author" => InfoField::Author,
                    "subject" => InfoField::Subject,
                    _ => InfoField::Keywords,
                };
                self.top_mut().dest = Dest::Info(f);
            }
            "operator" | "company" | "doccomm" | "creatim" | "revtim" | "printim" | "buptim"
            | "hlinkbase" | "manager" | "category" | "comment" | "version" | "nofpages"
            | "userprops"
                if matches!(dest, Dest::Info(_)) =>
            {
                self.top_mut().dest = Dest::Skip
            }
            "footnote" => {
                self.top_mut().dest = Dest::Footnote;
                self.aside.clear();
            }
            "annotation" => {
                self.top_mut().dest = Dest::Comment;
                self.aside.clear();
            }
            "header" | "headerl" | "headerr" | "headerf" => {
                self.top_mut().dest = Dest::Header;
                self.aside.clear();
            }
            "footer" | "footerl" | "footerr" | "footerf" => {
                self.top_mut().dest = Dest::Footer;
                self.aside.clear();
            }
            // Character set and code page.
            "ansicpg" => {
                if let Some(e) = param.and_then(codepage) {
                    self.default_encoding = e;
                    self.top_mut().encoding = e;
                }
            }
            "mac" => {
                self.default_encoding = encoding_rs::MACINTOSH;
                self.top_mut().encoding = encoding_rs::MACINTOSH;
            }
            "pc" | "pca" => {
                self.default_encoding = encoding_rs::IBM866;
                self.top_mut().encoding = encoding_rs::IBM866;
            }
            "f" => {
                let enc = param
                    .and_then(|n| self.fonts.get(&n).copied())
                    .unwrap_or(self.default_encoding);
                self.top_mut().encoding = enc;
            }
            "uc" => self.top_mut().uc = param.unwrap_or(1).clamp(0, 16) as usize,
            "u" => {
                self.flush_pending();
                let v = param.unwrap_or(0);
                let unit = if v < 0 { (v + 65536) as u16 } else { v as u16 };
                self.unicode(unit);
                self.skip = self.top().uc;
            }
            // Hidden and deleted text.
            "v" => self.top_mut().hidden = param != Some(0),
            "deleted" => self.top_mut().hidden = param != Some(0),
            "plain" => self.top_mut().hidden = false,
            // Paragraphs, lines, tables.
            "par" | "sect" | "page" => {
                if matches!(
                    dest,
                    Dest::Footnote | Dest::Header | Dest::Footer | Dest::Comment
                ) {
                    self.aside.push('\n');
                } else if dest == Dest::Body {
                    self.end_paragraph();
                }
            }
            "pard" => {
                self.style = None;
                self.outline = None;
                self.list = false;
                self.in_table = false;
            }
            "s" => {
                if dest == Dest::StyleSheet {
                    self.style_num = param.map(|p| p as u32);
                } else {
                    self.style = param.map(|p| p as u32);
                }
            }
            "outlinelevel" => self.outline = param.map(|p| p.clamp(0, 8) as u8),
            "ls" | "ilvl" | "pntext" | "listtext" => self.list = true,
            "intbl" => self.in_table = true,
            "chftn" => match dest {
                Dest::Body => {
                    self.notes += 1;
                    let m = format!("[{}]", self.notes);
                    self.emit(&m);
                }
                Dest::Footnote => {
                    let m = format!("[{}] ", self.notes.max(1));
                    self.emit(&m);
                }
                _ => {}
            },
            "line" => self.text("\n"),
            "tab" => self.text("\t"),
            "emdash" => self.text("—"),
            "endash" => self.text("–"),
            "bullet" => self.text("•"),
            "lquote" => self.text("‘"),
            "rquote" => self.text("’"),
            "ldblquote" => self.text("“"),
            "rdblquote" => self.text("”"),
            "cell" | "nestcell" => {
                let t = std::mem::take(&mut self.para);
                self.cells.push(t.trim().to_string());
            }
            "row" | "nestrow" => {
                let mut cells = std::mem::take(&mut self.cells);
                let t = std::mem::take(&mut self.para);
                if !t.trim().is_empty() {
                    cells.push(t.trim().to_string());
                }
                self.rows.push(cells);
            }
            _ => {}
        }
    }

    /// Reads `{\fonttbl {\f0 ... \fcharsetN ...;} ...}` for each font's code page, and
    /// leaves `self.i` after the table's closing brace.
    fn read_font_table(&mut self) {
        let b = self.b;
        let mut depth = 1usize;
        let mut font: Option<i64> = None;
        while self.i < b.len() && depth > 0 {
            match b[self.i] {
                b'{' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' => {
                    depth -= 1;
                    self.i += 1;
                }
                b'\\' => {
                    self.i += 1;
                    let start = self.i;
                    while self.i < b.len() && b[self.i].is_ascii_alphabetic() {
                        self.i += 1;
                    }
                    let word = std::str::from_utf8(&b[start..self.i]).unwrap_or("");
                    let ns = self.i;
                    if self.i < b.len() && b[self.i] == b'-' {
                        self.i += 1;
                    }
                    while self.i < b.len() && b[self.i].is_ascii_digit() && self.i - ns < 11 {
                        self.i += 1;
                    }
                    let param: Option<i64> = std::str::from_utf8(&b[ns..self.i])
                        .ok()
                        .and_then(|s| s.parse().ok());
                    if start == self.i {
                        self.i += 1; // a control symbol
                    }
                    match word {
                        "f" => font = param,
                        "fcharset" => {
                            if let (Some(f), Some(e)) = (font, param.and_then(charset)) {
                                self.fonts.insert(f, e);
                            }
                        }
                        "cpg" => {
                            if let (Some(f), Some(e)) = (font, param.and_then(codepage)) {
                                self.fonts.insert(f, e);
                            }
                        }
                        _ => {}
                    }
                }
                _ => self.i += 1,
            }
        }
        // The group opened before \fonttbl is closed by the brace just consumed.
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn unicode(&mut self, unit: u16) {
        if (0xD800..0xDC00).contains(&unit) {
            self.high = Some(unit);
            return;
        }
        let c = if (0xDC00..0xE000).contains(&unit) {
            match self.high.take() {
                Some(h) => char::decode_utf16([h, unit]).next().and_then(|r| r.ok()),
                None => None,
            }
        } else {
            self.high = None;
            char::from_u32(u32::from(unit))
        };
        if let Some(c) = c {
            self.emit(&c.to_string());
        }
    }

    /// Decodes the pending `\'hh` bytes in the group's code page.
    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let enc = self.top().encoding;
        let (s, _) = enc.decode_without_bom_handling(&bytes);
        let s = s.into_owned();
        self.emit(&s);
    }

    /// Text from the document, after the `\uN` fallback characters are skipped.
    fn text(&mut self, s: &str) {
        let mut chars = s.chars();
        while self.skip > 0 {
            if chars.next().is_none() {
                return;
            }
            self.skip -= 1;
        }
        let rest = chars.as_str();
        if !rest.is_empty() {
            self.emit(rest);
        }
    }

    fn emit(&mut self, s: &str) {
        let g = self.top();
        if g.hidden {
            return;
        }
        match g.dest {
            Dest::Body => self.para.push_str(s),
            Dest::Footnote | Dest::Header | Dest::Footer | Dest::Comment => self.aside.push_str(s),
            Dest::Info(f) if f != InfoField::None => self.info_text.push_str(s),
            Dest::StyleSheet => self.style_name.push_str(s),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        if self.in_table {
            // Paragraphs inside a cell stay in the cell.
            self.para.push('\n');
            return;
        }
        self.end_table();
        let text = std::mem::take(&mut self.para);
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let style = self.style.and_then(|s| self.styles.get(&s));
        let heading = style
            .and_then(|n| n.strip_prefix("heading "))
            .and_then(|l| l.trim().parse::<u8>().ok())
            .or_else(|| style.filter(|n| *n == "title").map(|_| 1))
            .or(self.outline.map(|o| o + 1));
        let kind = match heading {
            Some(level) => BlockKind::Heading { level },
            None if self.list => BlockKind::ListItem,
            None => BlockKind::Paragraph,
        };
        let text = text.replace('\t', " ");
        self.out.push((kind, super::builder::collapse_ws(&text)));
    }

    fn end_table(&mut self) {
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        self.out.push((
            BlockKind::Table,
            table::render(&rows, self.ctx.opts.table_format),
        ));
    }
}

/// The encoding of an RTF `\fcharset` number.
fn charset(cs: i64) -> Option<&'static Encoding> {
    codepage(match cs {
        0 | 1 => 1252,
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ExtractOptions;

    fn text(rtf: &str) -> String {
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("t.rtf", &opts);
        extract(rtf.as_bytes(), &ctx).unwrap().text
    }

    #[test]
    fn code_pages_unicode_and_skipped_groups() {
        let t = text(
            r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}\f0 Caf\'e9 \u8212? na\u239?ve\par{\*\unknown junk}Second\par}",
        );
        assert_eq!(t, "Café — naïve\n\nSecond");
        // A surrogate pair and a Cyrillic font.
        let t = text(
            r"{\rtf1{\fonttbl{\f1\fcharset204 Times;}}\uc1\u-10179?\u-8672? \f1\'cc\'ee\'f1\'ea\'e2\'e0\par}",
        );
        assert_eq!(t, "😠 Москва");
    }

    #[test]
    fn tables_and_footnotes() {
        let t = text(
            r"{\rtf1 Intro\par\trowd\intbl A\cell B\cell\row\intbl C\cell D\cell\row\pard After{\footnote\pard Note text.}\par}",
        );
        assert_eq!(
            t,
            "Intro\n\n| A | B |\n|---|---|\n| C | D |\n\nAfter\n\nNote text."
        );
    }
}
