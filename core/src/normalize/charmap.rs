//! Single-byte character sets that UTF-8 text is commonly mis-decoded with.
//!
//! Each [`Charmap`] maps bytes 0x80-0xFF to characters and back. Tables come from
//! `encoding_rs` (the WHATWG definitions, whose Windows code pages already map their
//! undefined bytes to the C1 control of the same number, the "sloppy" behaviour mojibake
//! needs); CP437 (DOS) is not a web encoding, so its upper half is written out here.

use std::sync::OnceLock;

/// One single-byte character set.
pub(super) struct Charmap {
    /// Character of each byte 0x80-0xFF.
    decode: [char; 128],
    /// Byte of each character below U+0600 (0 = not in the charset); raw C1 controls also
    /// map to their own byte when the charset passes them through (text that was decoded as
    /// Latin-1 rather than Windows-125x).
    encode_low: Vec<u8>,
    /// Sorted (character, byte) pairs for the charset's characters from U+0600 up.
    encode_high: Vec<(char, u8)>,
}

impl Charmap {
    fn from_encoding(enc: &'static encoding_rs::Encoding, c1: bool) -> Self {
        let mut decode = ['\u{fffd}'; 128];
        for (i, slot) in decode.iter_mut().enumerate() {
            let byte = [0x80 + i as u8];
            let (s, _) = enc.decode_without_bom_handling(&byte);
            *slot = s.chars().next().unwrap_or('\u{fffd}');
        }
        Self::from_table(decode, c1)
    }

    fn from_table(decode: [char; 128], c1: bool) -> Self {
        let mut encode_low = vec![0u8; LOW_END as usize];
        let mut encode_high = Vec::new();
        if c1 {
            for b in 0x80u8..=0x9f {
                encode_low[usize::from(b)] = b;
            }
        }
        for (i, &c) in decode.iter().enumerate() {
            let b = 0x80 + i as u8;
            if c == '\u{fffd}' {
                continue;
            }
            if u32::from(c) < LOW_END {
                encode_low[u32::from(c) as usize] = b;
            } else {
                encode_high.push((c, b));
            }
        }
        encode_high.sort_unstable();
        Charmap {
            decode,
            encode_low,
            encode_high,
        }
    }

    /// The byte of `c` in this charset: ASCII maps to itself; `None` if not encodable.
    #[inline]
    pub fn byte(&self, c: char) -> Option<u8> {
        let u = u32::from(c);
        if u < 0x80 {
            Some(u as u8)
        } else if u < LOW_END {
            Some(self.encode_low[u as usize]).filter(|&b| b != 0)
        } else {
            self.encode_high
                .binary_search_by_key(&c, |e| e.0)
                .ok()
                .map(|i| self.encode_high[i].1)
        }
    }

    /// The character of a byte ≥ 0x80.
    #[inline]
    pub fn char_of(&self, b: u8) -> char {
        if b < 0x80 {
            b as char
        } else {
            self.decode[(b - 0x80) as usize]
        }
    }
}

/// IBM code page 437, bytes 0x80-0xFF.
const CP437: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

/// The charsets tried, most common first (ties go to the earlier one).
pub(super) fn charmaps() -> &'static [Charmap] {
    static MAPS: OnceLock<Vec<Charmap>> = OnceLock::new();
    MAPS.get_or_init(|| {
        vec![
            Charmap::from_encoding(encoding_rs::WINDOWS_1252, true),
            Charmap::from_encoding(encoding_rs::WINDOWS_1251, true),
            Charmap::from_encoding(encoding_rs::WINDOWS_1250, true),
            Charmap::from_encoding(encoding_rs::ISO_8859_2, true),
            Charmap::from_encoding(encoding_rs::WINDOWS_1257, true),
            Charmap::from_encoding(encoding_rs::MACINTOSH, false),
            Charmap::from_table(CP437, false),
        ]
    })
}

/// For each character, a bit per charset (in [`charmaps`] order) telling whether the
/// character is a UTF-8 lead byte (0xC2-0xF4) or a continuation byte (0x80-0xBF) there.
/// Used to skip, in one cheap scan, the lines that cannot hold mojibake.
pub(super) struct RoleTable {
    /// Indexed by code point, for U+0080..U+0600.
    low: Vec<(u8, u8)>,
    /// Sorted, for the few higher code points the charsets use (symbols, box drawing).
    high: Vec<(char, u8, u8)>,
}

const LOW_END: u32 = 0x600;

impl RoleTable {
    fn build() -> Self {
        let mut low = vec![(0u8, 0u8); LOW_END as usize];
        let mut high: Vec<(char, u8, u8)> = Vec::new();
        for (i, m) in charmaps().iter().enumerate() {
            let bit = 1u8 << i;
            let below = (0x80..LOW_END).filter_map(|u| {
                let c = char::from_u32(u)?;
                m.byte(c).map(|b| (c, b))
            });
            for (c, b) in below.chain(m.encode_high.iter().copied()) {
                let lead = if (0xc2..=0xf4).contains(&b) { bit } else { 0 };
                let cont = if (0x80..=0xbf).contains(&b) { bit } else { 0 };
                if u32::from(c) < LOW_END {
                    let e = &mut low[u32::from(c) as usize];
                    e.0 |= lead;
                    e.1 |= cont;
                } else if let Some(e) = high.iter_mut().find(|e| e.0 == c) {
                    e.1 |= lead;
                    e.2 |= cont;
                } else {
                    high.push((c, lead, cont));
                }
            }
        }
        high.sort_by_key(|e| e.0);
        RoleTable { low, high }
    }

    /// `(lead bits, continuation bits)` of `c`.
    #[inline]
    pub fn roles(&self, c: char) -> (u8, u8) {
        let u = u32::from(c);
        if u < 0x80 {
            (0, 0)
        } else if u < LOW_END {
            self.low[u as usize]
        } else {
            match self.high.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => (self.high[i].1, self.high[i].2),
                Err(_) => (0, 0),
            }
        }
    }
}

/// The role table of [`charmaps`].
pub(super) fn roles() -> &'static RoleTable {
    static TABLE: OnceLock<RoleTable> = OnceLock::new();
    TABLE.get_or_init(RoleTable::build)
}

/// The Windows-1252 character a C1 control stands for, where 1252 defines one.
pub(super) fn c1_to_1252(c: char) -> Option<char> {
    let b = u32::from(c);
    if !(0x80..=0x9f).contains(&b) {
        return None;
    }
    let m = &charmaps()[0];
    let r = m.char_of(b as u8);
    (r != c).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip() {
        for (i, m) in charmaps().iter().enumerate() {
            for b in 0x80u8..=0xff {
                let c = m.char_of(b);
                if c == '\u{fffd}' {
                    continue; // undefined in this code page
                }
                assert_eq!(m.byte(c), Some(b), "charmap {i} {b:#x} {c:?}");
            }
        }
        let w = &charmaps()[0];
        assert_eq!(w.byte('€'), Some(0x80));
        assert_eq!(w.byte('\u{80}'), Some(0x80));
        assert_eq!(w.byte('\u{81}'), Some(0x81));
        assert_eq!(c1_to_1252('\u{93}'), Some('“'));
        assert_eq!(c1_to_1252('\u{81}'), None);
    }
}
