//! Content-stream tokens: operands and operators, read straight from the decoded stream.
//!
//! lopdf parses objects well, but its content parser builds an owned object per operand and
//! gives up on the whole stream at the first token it does not understand. Text extraction
//! needs neither: this lexer borrows from the stream, skips inline image data, and steps
//! over anything it cannot read, so one bad token loses one operator, not a page.

use std::borrow::Cow;

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand<'a> {
    /// An integer or real number.
    Num(f32),
    /// A name, without its slash, `#xx` escapes still in place.
    Name(&'a [u8]),
    /// A literal or hexadecimal string, decoded to its bytes.
    Str(Cow<'a, [u8]>),
    /// `[ ... ]`
    Array(Vec<Operand<'a>>),
    /// `<< ... >>`, keys without their slash.
    Dict(Vec<(&'a [u8], Operand<'a>)>),
    /// `true`, `false`, `null` and anything else that is not an operator.
    Other,
}

impl<'a> Operand<'a> {
    /// The number, if this is one.
    pub fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// The name, if this is one.
    pub fn name(&self) -> Option<&'a [u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// A dictionary entry, if this is a dictionary.
    pub fn get(&self, key: &[u8]) -> Option<&Operand<'a>> {
        match self {
            Operand::Dict(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Deepest array/dictionary nesting read; deeper input is skipped as garbage.
const MAX_NESTING: usize = 32;

/// Reads the operators of a content stream in order. Each call of [`Lexer::next_op`]
/// fills `operands` and returns the operator's name.
pub(crate) struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(s: &'a [u8]) -> Self {
        Lexer { s, pos: 0 }
    }

    /// The next operator and its operands, or `None` at the end of the stream.
    pub fn next_op(&mut self, operands: &mut Vec<Operand<'a>>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            self.skip_space();
            let &c = self.s.get(self.pos)?;
            match c {
                b'/' | b'(' | b'<' | b'[' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    if let Some(o) = self.operand(0) {
                        if operands.len() < 64 {
                            operands.push(o);
                        }
                    }
                }
                b']' | b'>' | b')' | b'{' | b'}' => self.pos += 1,
                _ => {
                    let word = self.word();
                    match word {
                        b"true" | b"false" | b"null" => operands.push(Operand::Other),
                        b"BI" => {
                            // An inline image: its data is skipped, `BI` reported alone.
                            self.skip_inline_image();
                            operands.clear();
                            return Some(word);
                        }
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    fn skip_space(&mut self) {
        while let Some(&c) = self.s.get(self.pos) {
            if is_space(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(&c) = self.s.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (at least one byte, so the lexer always advances).
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        self.pos += 1;
        while let Some(&c) = self.s.get(self.pos) {
            if is_space(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    fn operand(&mut self, depth: usize) -> Option<Operand<'a>> {
        self.skip_space();
        let &c = self.s.get(self.pos)?;
        match c {
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while let Some(&c) = self.s.get(self.pos) {
                    if is_space(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
                }
                Some(Operand::Name(&self.s[start..self.pos]))
            }
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' if self.s.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    match self.s.get(self.pos) {
                        None => break,
                        Some(b'>') => {
                            self.pos += 2;
                            break;
                        }
                        Some(b'/') => {
                            let Some(Operand::Name(k)) = self.operand(depth + 1) else {
                                break;
                            };
                            let v = if depth < MAX_NESTING {
                                self.operand(depth + 1).unwrap_or(Operand::Other)
                            } else {
                                Operand::Other
                            };
                            entries.push((k, v));
                        }
                        Some(_) => {
                            // A value without a key: skip it.
                            if self.operand(depth + 1).is_none() {
                                self.word();
                            }
                        }
                    }
                }
                Some(Operand::Dict(entries))
            }
            b'<' => Some(Operand::Str(Cow::Owned(self.hex_string()))),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.s.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) if depth >= MAX_NESTING => {
                            self.word();
                        }
                        Some(_) => match self.operand(depth + 1) {
                            Some(o) => items.push(o),
                            None => {
                                // An operator inside an array is broken input: end the array.
                                let w = self.word();
                                if w == b"]" {
                                    break;
                                }
                            }
                        },
                    }
                }
                Some(Operand::Array(items))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => Some(Operand::Num(self.number())),
            b't' | b'f' | b'n' => {
                let w = self.word();
                match w {
                    b"true" | b"false" | b"null" => Some(Operand::Other),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn number(&mut self) -> f32 {
        let start = self.pos;
        self.pos += 1;
        while let Some(&c) = self.s.get(self.pos) {
            if c.is_ascii_digit() || c == b'.' || c == b'-' || c == b'+' {
                self.pos += 1;
            } else {
                break;
            }
        }
        parse_number(&self.s[start..self.pos])
    }

    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        self.pos += 1; // (
        let start = self.pos;
        let mut depth = 1usize;
        let mut escaped = false;
        // Fast path: no escapes, so the string is a slice of the stream.
        while let Some(&c) = self.s.get(self.pos) {
            match c {
                b'\\' => {
                    escaped = true;
                    break;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        let s = &self.s[start..self.pos];
                        self.pos += 1;
                        return Cow::Borrowed(s);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        if !escaped {
            return Cow::Borrowed(&self.s[start..]);
        }
        let mut out = self.s[start..self.pos].to_vec();
        while let Some(&c) = self.s.get(self.pos) {
            self.pos += 1;
            match c {
                b'\\' => {
                    let Some(&e) = self.s.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.s.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.s.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        Cow::Owned(out)
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1; // <
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&c) = self.s.get(self.pos) {
            self.pos += 1;
            let v = match c {
                b'>' => break,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    /// Skips `BI <dict> ID <data> EI`: the data is binary, ended by `EI` between white space.
    fn skip_inline_image(&mut self) {
        let Some(id) = memchr::memmem::find(&self.s[self.pos..], b"ID") else {
            self.pos = self.s.len();
            return;
        };
        self.pos += id + 2;
        let mut from = self.pos;
        while let Some(i) = memchr::memmem::find(&self.s[from..], b"EI") {
            let at = from + i;
            let before = at == 0 || is_space(self.s[at - 1]);
            let after = self.s.get(at + 2).is_none_or(|&c| is_space(c));
            if before && after {
                self.pos = at + 2;
                return;
            }
            from = at + 2;
        }
        self.pos = self.s.len();
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 12)
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A PDF number: optional sign, digits, optional fraction. Malformed input reads as 0 or
/// as far as it makes sense (`--5` is -5, `1.2.3` is 1.2), as viewers do.
fn parse_number(b: &[u8]) -> f32 {
    let mut neg = false;
    let mut i = 0;
    while i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        neg ^= b[i] == b'-';
        i += 1;
    }
    let mut v: f64 = 0.0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v * 10.0 + f64::from(b[i] - b'0');
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < b.len() && b[i].is_ascii_digit() {
            v += f64::from(b[i] - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    let v = if neg { -v } else { v };
    if v.is_finite() {
        v as f32
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> Vec<(String, Vec<Operand<'_>>)> {
        let mut lx = Lexer::new(s);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    #[test]
    fn reads_text_operators() {
        let o = ops(b"BT /F1 12 Tf 72 700 Td (Hello \\(world\\)\\101) Tj [(A) -120 (B)] TJ ET");
        assert_eq!(o[0].0, "BT");
        assert_eq!(o[1].0, "Tf");
        assert_eq!(o[1].1, vec![Operand::Name(b"F1"), Operand::Num(12.0)]);
        assert_eq!(
            o[3].1[0],
            Operand::Str(Cow::Owned(b"Hello (world)A".to_vec()))
        );
        match &o[4].1[0] {
            Operand::Array(items) => assert_eq!(items.len(), 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(o.last().unwrap().0, "ET");
    }

    #[test]
    fn hex_strings_and_dicts() {
        let o = ops(b"/Span <</ActualText <FEFF0041> /Lang (en)>> BDC <48 65 6c6C6f7> Tj EMC");
        assert_eq!(o[0].0, "BDC");
        let d = &o[0].1[1];
        assert_eq!(
            d.get(b"ActualText"),
            Some(&Operand::Str(Cow::Owned(vec![0xFE, 0xFF, 0, 0x41])))
        );
        assert_eq!(o[1].1[0], Operand::Str(Cow::Owned(b"Hellop".to_vec())));
    }

    #[test]
    fn skips_inline_images_and_garbage() {
        let o = ops(b"BI /W 2 /H 2 ID \x00EI\xffEI\x01 EI Q ) ] 1 0 0 1 0 0 cm");
        assert_eq!(o[0].0, "BI");
        assert_eq!(o[1].0, "Q");
        assert_eq!(o[2].0, "cm");
        assert_eq!(o[2].1.len(), 6);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"-.5"), -0.5);
        assert_eq!(parse_number(b"12"), 12.0);
        assert_eq!(parse_number(b"--3"), 3.0);
        assert_eq!(parse_number(b"1.2.3"), 1.2);
    }

    #[test]
    fn never_loops_on_any_bytes() {
        for s in [
            &b"(((("[..],
            b"<<<<",
            b"[[[[",
            b"/",
            b"<",
            b"\\",
            b"BI",
            b"<< /A [ >> ]",
        ] {
            ops(s);
        }
    }
}
