//! Mojibake repair: text that was UTF-8, decoded with a single-byte charset (once or several
//! times), is turned back into what its author wrote.
//!
//! # How a fix is decided
//!
//! Each line is viewed through every [`Charmap`]: its characters become the bytes they would
//! have been. Runs of those bytes that form valid UTF-8 multi-byte sequences are
//! *candidates*. Correct text produces candidates too (`Õ…` is valid UTF-8 for an Armenian
//! letter), so a candidate is only fixed on evidence:
//!
//! * **Evidence** for each candidate: how unnatural its characters are where they stand.
//!   A C1 control, a symbol glued to a letter (`Ã©`), a capital inside a lower-case word, a
//!   sequence of three or four characters, neighbouring candidates (`×‘×”×•`): each adds
//!   points. Characters that follow letters in ordinary text (`’ … – ™ ®`) add none.
//! * **Plausibility** of what the candidate decodes to, in its new context: rarely used
//!   blocks (IPA, Armenian, Hebrew points, Latin Extended-B, ...) are refused; a letter of a
//!   script other than Latin needs a neighbour of its own script, or strong evidence; a lone
//!   letter between non-letters needs strong evidence.
//! * **Consistency** across the line: non-ASCII characters of the charset that are not part
//!   of any accepted candidate are *orphans*, the mark of correctly encoded text (the `–` in
//!   `Bremer/Mccoy – DrÃ¥ber`, or the accented words of a correct sentence). Each costs
//!   points; the line is fixed only if the evidence outweighs them.
//!
//! A line whose charset is confirmed this way gets a second, more permissive pass for damage
//! that cannot be judged alone: a space standing for a lost U+00A0 byte (`Å veices` →
//! `Šveices`, `Ã s` → `às`) and a `?` standing for a lost byte. The charset with the best
//! score wins; the repair repeats for text that was mis-decoded several times.

use super::charmap::{c1_to_1252, charmaps, roles, Charmap};

/// How many times text may have been mis-decoded in a row.
const MAX_LAYERS: usize = 4;
/// Score a line needs (and evidence a lone candidate needs) to be fixed.
const ACCEPT: i32 = 3;
/// Points an orphan costs.
const ORPHAN_PENALTY: i32 = 4;
/// Evidence needed for a letter with no neighbour of its own script, or a lone letter.
const STRONG: i32 = 5;

/// Repairs mojibake (when `fix_mojibake`) and then C1 controls (when `fix_c1`).
pub(super) fn repair(
    text: &str,
    fix_mojibake: bool,
    fix_c1: bool,
    n_mojibake: &mut u64,
    n_c1: &mut u64,
) -> Option<String> {
    let mut cur: Option<String> = None;
    // Layers of mojibake, then C1 controls; a C1 repair can reveal one more layer (a
    // Windows-1252 byte that had been read as Latin-1), so repeat until nothing changes.
    let mut layers = 0;
    loop {
        let mut changed = false;
        while fix_mojibake && layers < MAX_LAYERS {
            match fix_layer(cur.as_deref().unwrap_or(text)) {
                Some((s, n)) => {
                    *n_mojibake += n;
                    cur = Some(s);
                    layers += 1;
                    changed = true;
                }
                None => break,
            }
        }
        if fix_c1 {
            let src = cur.as_deref().unwrap_or(text);
            if src.chars().any(|c| c1_to_1252(c).is_some()) {
                let fixed = src
                    .chars()
                    .map(|c| match c1_to_1252(c) {
                        Some(r) => {
                            *n_c1 += 1;
                            r
                        }
                        None => c,
                    })
                    .collect();
                cur = Some(fixed);
                changed = true;
            }
        }
        if !changed || !fix_mojibake || layers >= MAX_LAYERS {
            return cur;
        }
    }
}

/// One layer of repair over every line; `None` if nothing changed.
fn fix_layer(text: &str) -> Option<(String, u64)> {
    let mut out = String::with_capacity(text.len());
    let mut fixed = 0u64;
    for line in text.split_inclusive('\n') {
        let charsets = if line.is_ascii() {
            0
        } else {
            charsets_to_try(line)
        };
        if charsets == 0 {
            out.push_str(line);
            continue;
        }
        match fix_line(line, charsets) {
            Some((s, n)) => {
                out.push_str(&s);
                fixed += n;
            }
            None => out.push_str(line),
        }
    }
    (fixed > 0).then_some((out, fixed))
}

/// Cheap test run before the full analysis: the charsets (bits in [`charmaps`] order) in
/// which `line` can hold a candidate. Every candidate starts with a lead character followed
/// by a continuation character of the same charset, by `�` (a lost byte) or, for `Ã`/`Г`,
/// by a space.
fn charsets_to_try(line: &str) -> u8 {
    let table = roles();
    let mut hits = 0u8;
    let mut prev_lead = 0u8;
    let mut prev = ' ';
    for c in line.chars() {
        let (lead, cont) = table.roles(c);
        if prev_lead != 0 {
            hits |= prev_lead & cont;
            if c == '\u{fffd}' || (c == ' ' && matches!(prev, 'Ã' | 'Г')) {
                hits |= prev_lead;
            }
        }
        prev_lead = lead;
        prev = c;
    }
    hits
}

/// A character of the line and its byte in the charset being tried.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    /// The charset itself maps the byte to this character (not only as a C1 pass-through).
    native: bool,
    /// `Some(b)` with `b >= 0x80` for non-ASCII characters of the charset.
    byte: Option<u8>,
}

impl Unit {
    fn high(&self) -> Option<u8> {
        self.byte.filter(|&b| b >= 0x80 && !self.ch.is_ascii())
    }
}

/// A run of units that decodes as one UTF-8 character.
#[derive(Clone, Debug)]
struct Candidate {
    /// First unit.
    start: usize,
    /// Units consumed.
    len: usize,
    /// The character it decodes to (U+FFFD where bytes were lost).
    decoded: char,
    /// Points for being mojibake.
    evidence: i32,
}

/// Which stand-ins for lost bytes a scan accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Real bytes, `�` for a lost byte, and `Ã` + space after a letter (`voilÃ le`).
    Strict,
    /// Also a space for a lost 0xA0 byte and `?` for a lost byte.
    Permissive,
}

/// The best repair of `line` over the `charsets` (bits), if any is confirmed.
fn fix_line(line: &str, charsets: u8) -> Option<(String, u64)> {
    let chars: Vec<char> = line.chars().collect();
    let mut best: Option<(i32, Vec<Candidate>, &Charmap)> = None;
    for (i, map) in charmaps().iter().enumerate() {
        if charsets & (1 << i) == 0 {
            continue;
        }
        let units: Vec<Unit> = chars
            .iter()
            .map(|&ch| {
                let byte = map.byte(ch);
                let native = byte.is_some_and(|b| map.char_of(b) == ch);
                Unit { ch, native, byte }
            })
            .collect();
        if !units
            .iter()
            .any(|u| u.high().is_some_and(|b| (0xc2..=0xf4).contains(&b)))
        {
            continue;
        }
        if let Some((score, cands)) = plan(&units) {
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, cands, map));
            }
        }
    }
    let (_, cands, _) = best?;
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    for c in &cands {
        out.extend(&chars[i..c.start]);
        out.push(c.decoded);
        i = c.start + c.len;
    }
    out.extend(&chars[i..]);
    Some((out, cands.len() as u64))
}

/// Decides the fixes of one line in one charset: `(score, candidates)` if confirmed.
fn plan(units: &[Unit]) -> Option<(i32, Vec<Candidate>)> {
    let found = find(units, Pass::Strict, &[]);
    let ok: Vec<bool> = (0..found.len())
        .map(|k| plausible(units, &found, k, Pass::Strict))
        .collect();
    let kept: Vec<Candidate> = found
        .into_iter()
        .zip(ok)
        .filter_map(|(c, ok)| ok.then_some(c))
        .collect();
    // A line is only touched when one candidate is convincing on its own.
    if !kept.iter().any(|c| c.evidence >= ACCEPT) {
        return None;
    }
    let mut covered = vec![false; units.len()];
    let mark = |covered: &mut Vec<bool>, c: &Candidate| {
        covered[c.start..c.start + c.len]
            .iter_mut()
            .for_each(|x| *x = true);
    };
    kept.iter().for_each(|c| mark(&mut covered, c));
    // Damage that only a confirmed line can explain: stand-ins for lost bytes.
    let extra = find(units, Pass::Permissive, &covered);
    let n_kept = kept.len();
    let mut pool: Vec<(bool, Candidate)> = kept
        .into_iter()
        .map(|c| (true, c))
        .chain(extra.into_iter().map(|c| (false, c)))
        .collect();
    pool.sort_by_key(|(_, c)| c.start);
    let cands: Vec<Candidate> = pool.iter().map(|(_, c)| c.clone()).collect();
    let mut chosen = Vec::with_capacity(cands.len());
    for (k, (strict, c)) in pool.into_iter().enumerate() {
        if strict || plausible(units, &cands, k, Pass::Permissive) {
            if !strict {
                mark(&mut covered, &c);
            }
            chosen.push((strict, c));
        }
    }
    debug_assert!(chosen.iter().filter(|(s, _)| *s).count() == n_kept);
    // Non-ASCII characters left unexplained are the mark of correctly encoded text (but for
    // the no-break space and soft hyphen, which are as often debris as text).
    let orphans = units
        .iter()
        .zip(&covered)
        .filter(|(u, &cov)| {
            !cov && u.high().is_some() && !is_c1(u.ch) && !matches!(u.ch, '\u{a0}' | '\u{ad}')
        })
        .count() as i32;
    let evidence: i32 = chosen
        .iter()
        .filter(|(s, _)| *s)
        .map(|(_, c)| c.evidence)
        .sum();
    let score = evidence - ORPHAN_PENALTY * orphans;
    (score >= ACCEPT).then(|| (score, chosen.into_iter().map(|(_, c)| c).collect()))
}

/// `char::is_alphabetic`, answered by range for the blocks mojibake analysis meets most
/// (ASCII, Latin-1, Latin Extended, CJK, Hangul) before falling back to Unicode's tables.
#[inline]
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{bf}' => c.is_alphabetic(),
        '×' | '÷' => false,
        '\u{c0}'..='\u{24f}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' => true,
        _ => c.is_alphabetic(),
    }
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// UTF-8 length announced by a lead byte.
fn seq_len(b: u8) -> Option<usize> {
    match b {
        0xc2..=0xdf => Some(2),
        0xe0..=0xef => Some(3),
        0xf0..=0xf4 => Some(4),
        _ => None,
    }
}

/// A byte of a candidate: real, or a stand-in for one that was lost.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    Real(u8),
    /// Known to be lost (`�` in the text, or `?` in a permissive pass).
    Lost,
    /// A space standing for a lost 0xA0.
    Space,
}

/// Finds candidate sequences, skipping `skip`ped units.
fn find(units: &[Unit], pass: Pass, skip: &[bool]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if skip.get(i).copied().unwrap_or(false) {
            i += 1;
            continue;
        }
        match candidate_at(units, i, pass, skip) {
            Some(c) => {
                i += c.len;
                out.push(c);
            }
            None => i += 1,
        }
    }
    // Neighbouring candidates support each other (`×‘×”×•×“×¢×”`, `Ð±ÑŠÐ»`).
    let n = out.len();
    for k in 0..n {
        let touches_prev = k > 0 && out[k - 1].start + out[k - 1].len == out[k].start;
        let touches_next = k + 1 < n && out[k].start + out[k].len == out[k + 1].start;
        if touches_prev || touches_next {
            out[k].evidence += 2;
        }
    }
    out
}

fn candidate_at(units: &[Unit], i: usize, pass: Pass, skip: &[bool]) -> Option<Candidate> {
    let lead = units[i].high()?;
    if pass == Pass::Permissive
        && units[i].ch == 'â'
        && units.get(i + 1).is_some_and(|u| u.ch == '€')
    {
        // `â€` cut short: the third byte was one Windows-1252 leaves undefined and drops on
        // the way; of those (0x81, 0x8D, 0x8F, 0x90, 0x9D) only 0x9D, the closing quote `”`,
        // is common.
        // A `?` or `�` in its place marks a byte lost some other way: left to the rules below.
        let third = units.get(i + 2);
        let marked_lost = third.is_some_and(|u| matches!(u.ch, '?' | '\u{fffd}'));
        let continues = third
            .and_then(|u| u.high())
            .is_some_and(|b| (0x80..=0xbf).contains(&b));
        if !marked_lost && !continues && !skip.get(i + 1).copied().unwrap_or(false) {
            return Some(Candidate {
                start: i,
                len: 2,
                decoded: '”',
                evidence: 0,
            });
        }
    }
    let n = seq_len(lead)?;
    if i + n > units.len() {
        return None;
    }
    let prev = i.checked_sub(1).map(|p| units[p].ch);
    let mut bytes = Vec::with_capacity(4);
    bytes.push(Byte::Real(lead));
    for (k, u) in units.iter().enumerate().skip(i + 1).take(n - 1) {
        if skip.get(k).copied().unwrap_or(false) {
            return None;
        }
        let b = match (u.high(), u.ch) {
            (Some(b @ 0x80..=0xbf), _) => Byte::Real(b),
            (_, '\u{fffd}') => Byte::Lost,
            (_, ' ') => {
                // "voilÃ le": Ã after a letter, its NBSP turned into a space.
                let strict_ok = lead == 0xc3 && n == 2 && prev.is_some_and(is_letter);
                if pass == Pass::Permissive || strict_ok {
                    Byte::Space
                } else {
                    return None;
                }
            }
            (_, '?') if pass == Pass::Permissive => Byte::Lost,
            _ => return None,
        };
        bytes.push(b);
    }
    let reals = bytes.iter().filter(|b| matches!(b, Byte::Real(_))).count();
    let lost = bytes.iter().filter(|b| **b == Byte::Lost).count();
    let spaces = bytes.iter().filter(|b| **b == Byte::Space).count();
    let question = (i + 1..i + n).any(|k| units[k].ch == '?');
    // A stand-in needs a real continuation byte beside it, except after the leads whose
    // 0xA0 continuation is common (NBSP, à, Š, Π, Р) or, for a lost byte, after Â/Ã.
    let soft_lead = match (spaces > 0, question) {
        (true, _) => matches!(lead, 0xc2 | 0xc3 | 0xc5 | 0xce | 0xd0),
        (false, true) => matches!(lead, 0xc2 | 0xc3),
        _ => true,
    };
    if (spaces > 0 || question) && n == 2 && !soft_lead {
        return None;
    }
    if n >= 3 && reals + spaces < 2 {
        return None;
    }
    let mut len = n;
    let decoded = if lost > 0 {
        '\u{fffd}'
    } else {
        let raw: Vec<u8> = bytes
            .iter()
            .map(|b| match b {
                Byte::Real(x) => *x,
                _ => 0xa0,
            })
            .collect();
        match std::str::from_utf8(&raw) {
            Ok(s) => s.chars().next()?,
            Err(_) => {
                let (c, extra) = cesu_pair(units, i, &raw)?;
                len += extra;
                c
            }
        }
    };
    // "Ã s" is Portuguese "às"; "Ã perturber" is French "à perturber": keep the space
    // unless the next word contracts with "à" or a second space follows.
    if lead == 0xc3 && n == 2 && bytes[1] == Byte::Space {
        let after: String = units[i + 2..]
            .iter()
            .map(|u| u.ch)
            .take_while(|c| is_letter(*c))
            .collect();
        let after_word = units.get(i + 2 + after.chars().count()).map(|u| u.ch);
        let contracts = matches!(
            after.as_str(),
            "s" | "quele" | "quela" | "queles" | "quelas" | "quilo" | "quilos"
        ) && !matches!(after_word, Some('\'' | '’'));
        let double = units.get(i + 2).is_some_and(|u| u.ch == ' ');
        if !contracts && !double {
            len = 1;
        }
    }
    let mut c = Candidate {
        start: i,
        len,
        decoded,
        evidence: 0,
    };
    c.evidence = evidence(units, &c, &bytes);
    Some(c)
}

/// A CESU-8 surrogate pair (`í\u{a0}½í¸\u{8d}` for U+1F60D): the six units at `i`.
fn cesu_pair(units: &[Unit], i: usize, first: &[u8]) -> Option<(char, usize)> {
    if first.len() != 3 || first[0] != 0xed || !(0xa0..=0xaf).contains(&first[1]) {
        return None;
    }
    let rest: Vec<u8> = units
        .get(i + 3..i + 6)?
        .iter()
        .map(|u| u.high())
        .collect::<Option<_>>()?;
    if rest[0] != 0xed || !(0xb0..=0xbf).contains(&rest[1]) || !(0x80..=0xbf).contains(&rest[2]) {
        return None;
    }
    let hi = 0xd000 | (u32::from(first[1] & 0x3f) << 6) | u32::from(first[2] & 0x3f);
    let lo = 0xd000 | (u32::from(rest[1] & 0x3f) << 6) | u32::from(rest[2] & 0x3f);
    let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
    Some((char::from_u32(cp)?, 3))
}

/// Points for a lead character being the start of mojibake rather than a real letter.
fn lead_prior(c: char) -> i32 {
    match c {
        'Ã' | 'Â' | 'ƒ' => 2,
        'Î' | 'Ï' | 'Ð' | 'Ì' | '×' | '÷' => 1,
        c if is_letter(c) => 0,
        // Punctuation that text is full of (Mac Roman puts dashes and quotes among its
        // lead bytes): no evidence by itself.
        '–' | '—' | '“' | '”' | '‘' | '’' | '‚' | '„' | '…' | '«' | '»' | '‹' | '›' | '•' | '·'
        | '°' | '±' | '§' | '¶' | '©' | '®' | '™' | '¢' | '£' | '¥' | '€' | '\u{a0}' => {
            0
        }
        _ => 2,
    }
}

/// Points for a continuation character standing right after the lead character.
fn cont_prior(c: char) -> i32 {
    match c {
        '\u{80}'..='\u{9f}' => 3,
        '\u{a0}' | '\u{ad}' | '’' | '…' | '–' | '—' | '™' | '®' | '”' | '“' | '‘' => {
            0
        }
        // Two letters side by side are ordinary in any language.
        c if is_letter(c) => 0,
        _ => 2,
    }
}

fn evidence(units: &[Unit], c: &Candidate, bytes: &[Byte]) -> i32 {
    let n = bytes.len();
    let end = (c.start + c.len).min(units.len());
    // Three or four non-ASCII characters in a row that form valid UTF-8 are rarely chance.
    let mut e = match (n, c.len) {
        (3, 6) => 5,
        (3, _) => 3,
        (4, _) => 4,
        _ => 0,
    };
    e += lead_prior(units[c.start].ch);
    for (k, b) in bytes.iter().enumerate().skip(1) {
        e += match b {
            Byte::Real(_) => {
                let u = units[c.start + k];
                // A raw C1 control fits a charset that has it natively (ISO-8859-2) a little
                // better than one where it only passes through (Windows-1250).
                cont_prior(u.ch) - i32::from(is_c1(u.ch) && !u.native)
            }
            Byte::Lost => {
                if units[c.start + k].ch == '\u{fffd}' {
                    2
                } else {
                    0
                }
            }
            Byte::Space => 0,
        };
    }
    let a0 = bytes
        .get(1)
        .is_some_and(|b| *b == Byte::Space || *b == Byte::Real(0xa0));
    if matches!(units[c.start].ch, 'Ã' | 'Г') && a0 {
        // "Ã\u{a0}" is how "à" looks after a Windows-1252 round trip: the commonest mojibake.
        e += 3;
    }
    if c.start > 0 && is_letter(units[c.start - 1].ch) {
        e += 1;
    }
    let last = units[end - 1].ch;
    let next = units.get(end).map(|u| u.ch);
    let opens_or_joins = matches!(
        last,
        '’' | '‘' | '“' | '„' | '\'' | ' ' | '\u{a0}' | '\u{fffd}'
    );
    if next.is_some_and(is_letter) && !is_letter(last) && !opens_or_joins {
        e += 1;
    }
    e
}

/// Coarse script of a letter, for the neighbour checks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Cjk,
    Hangul,
    /// Any other block, by its number (code point / 128).
    Block(u32),
}

fn script(c: char) -> Option<Script> {
    // Mu is the SI prefix "micro" far more often than a Greek letter: `10μs`, `5 μm`.
    if !is_letter(c) || c == 'μ' {
        return None;
    }
    let u = u32::from(c);
    Some(match u {
        0..=0x24f | 0x1e00..=0x1eff | 0x2c60..=0x2c7f | 0xa720..=0xa7ff | 0xfb00..=0xfb06 => {
            Script::Latin
        }
        0xff21..=0xff3a | 0xff41..=0xff5a => Script::Latin,
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f => Script::Cyrillic,
        0x590..=0x5ff | 0xfb1d..=0xfb4f => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0xfb50..=0xfdff | 0xfe70..=0xfeff => Script::Arabic,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x2e80..=0x2fff | 0x3040..=0x31ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff => {
            Script::Cjk
        }
        0x20000.. => Script::Cjk,
        _ => Script::Block(u >> 7),
    })
}

/// Characters that almost never appear in real text but are what mis-decoded pairs of
/// ordinary characters often turn into.
fn rare(c: char) -> bool {
    let u = u32::from(c);
    match u {
        // Latin Extended-B, but for Vietnamese, pinyin and Romanian letters.
        0x1a0 | 0x1a1 | 0x1af | 0x1b0 | 0x1cd..=0x1dc | 0x218..=0x21b => false,
        0x180..=0x24f => true,
        // Kra, apostrophe-n and long s: letters of old orthographies.
        0x138 | 0x149 | 0x17f => true,
        // IPA, spacing modifiers other than the accents Windows code pages carry.
        0x250..=0x2af => true,
        0x2c6 | 0x2c7 | 0x2d8..=0x2dd => false,
        0x2b0..=0x2ff => true,
        // Archaic Greek and Coptic.
        0x370..=0x373 | 0x376..=0x37f | 0x3d8..=0x3ef => true,
        // Historic and extended Cyrillic.
        0x460..=0x48f | 0x4c0..=0x4cf | 0x500..=0x52f => true,
        // Armenian, Hebrew points, Arabic small signs.
        0x530..=0x58f | 0x591..=0x5c7 | 0x610..=0x61a => true,
        // Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended.
        0x700..=0x8ff => true,
        // Ogham, Runic, Philippine scripts, Mongolian.
        0x1680..=0x177f | 0x1800..=0x18af => true,
        // Combining extensions, phonetic extensions.
        0x1ab0..=0x1aff | 0x1d00..=0x1dbf => true,
        // Private use, specials, noncharacters.
        0xe000..=0xf8ff | 0xfdd0..=0xfdef | 0xfff0..=0xfffc | 0xfffe | 0xffff => true,
        _ => false,
    }
}

/// Combining marks that attach to any base character.
fn generic_combining(c: char) -> bool {
    matches!(u32::from(c), 0x300..=0x36f | 0x1dc0..=0x1dff | 0x20d0..=0x20ff | 0xfe20..=0xfe2f)
}

/// Whether candidate `k`'s decoded character is believable beside its neighbours (taking
/// neighbouring candidates as decoded).
fn plausible(units: &[Unit], cands: &[Candidate], k: usize, pass: Pass) -> bool {
    let c = &cands[k];
    let d = c.decoded;
    if d == '\u{fffd}' {
        return true; // a lost byte
    }
    let touches_prev = k > 0 && cands[k - 1].start + cands[k - 1].len == c.start;
    let touches_next = k + 1 < cands.len() && cands[k + 1].start == c.start + c.len;
    let in_run = touches_prev || touches_next;
    if is_c1(d) {
        // The middle layer of doubly encoded text, or noise.
        return in_run || c.evidence >= STRONG;
    }
    if d.is_control() || rare(d) {
        return false;
    }
    let prev = if touches_prev {
        Some(cands[k - 1].decoded)
    } else {
        c.start.checked_sub(1).map(|p| units[p].ch)
    };
    let end = c.start + c.len;
    let next = if touches_next {
        Some(cands[k + 1].decoded)
    } else {
        units.get(end).map(|u| u.ch)
    };
    if generic_combining(d) {
        return prev.is_some_and(|p| !p.is_whitespace());
    }
    if in_run {
        // Part of a run of candidates, judged as a whole by the line score; but a run mixes
        // no scripts (`Љن` is noise, `дороге` and `בהודעה` are words).
        let mixed = |x: Option<char>| matches!((script(d), x.and_then(script)), (Some(a), Some(b)) if a != b);
        return !(touches_prev && mixed(prev) || touches_next && mixed(next));
    }
    let letter_near = prev.is_some_and(is_letter) || next.is_some_and(is_letter);
    let Some(s) = script(d) else {
        // A symbol from two symbols between non-letters (`¬´` in a text face) is no evidence.
        let symbol_lead = !is_letter(units[c.start].ch);
        return letter_near || !symbol_lead || c.evidence >= STRONG;
    };
    let same = |x: Option<char>| x.and_then(script) == Some(s);
    let foreign = |x: Option<char>| x.and_then(script).is_some_and(|t| t != s);
    if s == Script::Latin {
        if foreign(prev) || foreign(next) {
            return c.evidence >= STRONG;
        }
        if !letter_near && pass == Pass::Strict {
            // A one-letter word: common for Latin-1 letters (French "à", "À").
            let need = if ('\u{c0}'..='\u{ff}').contains(&d) {
                STRONG - 1
            } else {
                STRONG
            };
            return c.evidence >= need;
        }
        return true;
    }
    same(prev) || same(next) || c.evidence >= STRONG
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        repair(s, true, true, &mut 0, &mut 0).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn common_cases() {
        assert_eq!(fix("cafÃ©"), "café");
        assert_eq!(
            fix("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t"),
            "The Mona Lisa doesn’t"
        );
        assert_eq!(fix("РґРѕСЂРѕРіРµ"), "дороге");
        assert_eq!(fix("Hi guys í\u{a0}½í¸\u{8d}"), "Hi guys 😍");
        assert_eq!(fix("voilÃ le travail"), "voilà le travail");
        assert_eq!(fix("the â€œfinalâ€ draft"), "the “final” draft");
        assert_eq!(
            fix("com especial atenÃ§Ã£o Ã s crianÃ§as"),
            "com especial atenção às crianças"
        );
    }

    #[test]
    fn leaves_correct_text() {
        for t in [
            "Bremer/Mccoy – DrÃ¥ber",
            "HUHLL Õ…",
            "(-1/2)! = √π",
            "Offering 5×£35 pin ups",
            "C O N C L U S Ã O",
            "I'm not such a fan of Charlotte Brontë…”",
            "Ünïcödé wörds ärë fïnë",
            "日本語のテキスト",
            "Привет, как дела?",
        ] {
            assert_eq!(fix(t), t);
        }
    }
}
