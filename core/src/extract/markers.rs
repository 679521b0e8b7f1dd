//! List numbers as word processors write them: letters (`a`..`z`, then `aa`) and roman
//! numerals.

/// `n` as letters: 1 → `a`, 26 → `z`, 27 → `aa` (the letter repeated, as Word and
/// LibreOffice number lists).
pub(crate) fn letters(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = char::from(b'a' + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26 + 1) as usize).collect()
}

/// `n` as an upper-case roman numeral.
pub(crate) fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_roman() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(28), "bb");
        assert_eq!(roman(1994), "MCMXCIV");
    }
}
