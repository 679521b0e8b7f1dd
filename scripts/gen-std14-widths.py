"""Generates core/src/extract/pdf/std14.rs: the glyph widths of the PDF standard 14 fonts.

A PDF may use one of the 14 standard fonts (Times, Helvetica and Courier in four styles,
Symbol, ZapfDingbats) without a /Widths array; the reader is expected to know their
metrics. The PDF text extractor needs those widths to place glyphs (word gaps, columns).

The metrics come from groff's PostScript device font descriptions
(/usr/share/groff/<version>/font/devps/), which groff's afmtodit generated from Adobe's
AFM files. Per groff_font(5), each line of a description's `charset` section is

    name  metrics  type  code  [entity-name]  [-- comment]

where `metrics` is `width[,height[,depth[,...]]]` in basic units at point size
`unitwidth` (DESC), the entity name is the PostScript glyph name, a `"` in the metrics
column marks an alias of the line above, and `---` names a glyph that only has a code.
Widths are converted to 1/1000 em using `res`, `unitwidth` and `sizescale` from DESC.

Usage:
    python3 scripts/gen-std14-widths.py [--devps DIR] [--output FILE]
then format the result:
    rustfmt --edition 2021 core/src/extract/pdf/std14.rs
"""

import argparse
import glob
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "core/src/extract/pdf/std14.rs"

# (groff file, PostScript name, Rust static name). Order within a family: regular,
# bold, italic, bold italic (the index std14_font computes).
LATIN = [
    ("TR", "Times-Roman", "TIMES_ROMAN"),
    ("TB", "Times-Bold", "TIMES_BOLD"),
    ("TI", "Times-Italic", "TIMES_ITALIC"),
    ("TBI", "Times-BoldItalic", "TIMES_BOLD_ITALIC"),
    ("HR", "Helvetica", "HELVETICA"),
    ("HB", "Helvetica-Bold", "HELVETICA_BOLD"),
    ("HI", "Helvetica-Oblique", "HELVETICA_OBLIQUE"),
    ("HBI", "Helvetica-BoldOblique", "HELVETICA_BOLD_OBLIQUE"),
    ("CR", "Courier", "COURIER"),
    ("CB", "Courier-Bold", "COURIER_BOLD"),
    ("CI", "Courier-Oblique", "COURIER_OBLIQUE"),
    ("CBI", "Courier-BoldOblique", "COURIER_BOLD_OBLIQUE"),
]
SYMBOL = ("S", "Symbol", "SYMBOL")
DINGBATS = ("ZD", "ZapfDingbats", "ZAPF_DINGBATS")


def find_devps():
    for pattern in ("/usr/share/groff/current/font/devps", "/usr/share/groff/*/font/devps",
                    "/usr/local/share/groff/*/font/devps"):
        hits = sorted(glob.glob(pattern))
        if hits:
            return pathlib.Path(hits[-1])
    sys.exit("groff devps font directory not found; pass --devps")


def read_desc(devps):
    desc = {}
    for line in (devps / "DESC").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("res", "unitwidth", "sizescale"):
            desc[parts[0]] = int(parts[1])
    for key in ("res", "unitwidth"):
        if key not in desc:
            sys.exit(f"DESC has no {key} line")
    desc.setdefault("sizescale", 1)
    # One em at point size unitwidth/sizescale, in basic units (res per inch, 72 pt/inch).
    em = desc["res"] * desc["unitwidth"] / (desc["sizescale"] * 72)
    return desc, em


def read_font(path, internal_name, em):
    """Returns {PostScript glyph name: width in 1/1000 em} of one font description."""
    if not path.exists():
        return None
    widths = {}
    section = None
    internal = None
    for lineno, line in enumerate(path.read_text(encoding="latin-1").splitlines(), 1):
        parts = line.split()
        # `#` starts a comment in the header, but is a glyph name (numbersign) in charset.
        if not parts or (section is None and parts[0].startswith("#")):
            continue
        if len(parts) == 1 and parts[0] in ("charset", "kernpairs"):
            section = parts[0]
            continue
        if section is None:
            if parts[0] == "internalname":
                internal = parts[1]
            continue
        if section != "charset" or parts[1] == '"':
            continue
        if len(parts) < 5 or parts[4] == "--":
            sys.exit(f"{path}:{lineno}: no PostScript glyph name: {line!r}")
        name = parts[4]
        if not re.fullmatch(r"[A-Za-z0-9._]+", name):
            sys.exit(f"{path}:{lineno}: unexpected glyph name {name!r}")
        raw = int(parts[1].split(",")[0])
        width = round(raw * 1000 / em)
        if not 0 <= width < 0xFFFF:
            sys.exit(f"{path}:{lineno}: width {width} out of range")
        if widths.get(name, width) != width:
            sys.exit(f"{path}:{lineno}: {name} has two widths")
        widths[name] = width
    if internal != internal_name:
        sys.exit(f"{path}: internalname {internal!r}, expected {internal_name!r}")
    if not widths:
        sys.exit(f"{path}: empty charset")
    return widths


def rust_str_list(names):
    return "".join(f'    "{n}",\n' for n in names)


def rust_u16_list(values):
    return "".join(f"    {v},\n" for v in values)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devps", type=pathlib.Path, help="groff font/devps directory")
    ap.add_argument("--output", type=pathlib.Path, default=OUT)
    args = ap.parse_args()
    devps = (args.devps or find_devps()).resolve()
    desc, em = read_desc(devps)
    version = devps.parent.parent.name  # /usr/share/groff/<version>/font/devps

    missing = []
    fonts = {}
    for file, ps, _ in LATIN + [SYMBOL, DINGBATS]:
        w = read_font(devps / file, ps, em)
        if w is None:
            missing.append(f"{ps} ({file})")
        fonts[ps] = w
    if missing:
        sys.exit("missing font descriptions: " + ", ".join(missing))

    # The twelve Latin fonts share one glyph set; Symbol and ZapfDingbats have their own.
    latin_names = sorted(fonts["Times-Roman"], key=lambda n: n.encode())
    for _, ps, _ in LATIN:
        if sorted(fonts[ps], key=lambda n: n.encode()) != latin_names:
            sys.exit(f"{ps}: glyph set differs from Times-Roman's")

    out = []
    out.append(f"""\
//! Glyph widths of the PDF standard 14 fonts, for PDFs that use one of them without a
//! /Widths array (PDF 32000-1:2008, 9.6.2.2).
//!
//! Generated by `scripts/gen-std14-widths.py` from groff {version}'s PostScript font
//! descriptions (`font/devps`; afmtodit output of Adobe's AFM metrics), converted to
//! 1/1000 em. Do not edit by hand: re-run the script and `rustfmt --edition 2021`.
//!
//! Coverage: each Latin font (Times, Helvetica, Courier) has the same {len(latin_names)} glyphs,
//! the Adobe standard Latin character set plus `Euro`, but not the Central European
//! additions of later AFM files (`Abreve`, `Scedilla`, ...): those give `None`.
//! Symbol has {len(fonts["Symbol"])} glyphs, ZapfDingbats {len(fonts["ZapfDingbats"])}.

/// Widths (1/1000 em) of one of the standard 14 fonts, by PostScript glyph name.
#[derive(Clone, Copy)]
pub(crate) struct Std14 {{
    /// Glyph names, sorted by byte value.
    names: &'static [&'static str],
    /// `widths[i]` is the width of `names[i]`.
    widths: &'static [u16],
    symbolic: bool,
}}

impl Std14 {{
    /// Width (1/1000 em) of a glyph by PostScript name (`"A"`, `"space"`, `"eacute"`), or
    /// `None` if the font has no glyph of that name.
    pub(crate) fn width(&self, glyph_name: &str) -> Option<u16> {{
        let i = self.names.binary_search_by(|n| (*n).cmp(glyph_name)).ok()?;
        Some(self.widths[i])
    }}

    /// Whether the font is Symbol or ZapfDingbats: glyphs by their own built-in
    /// encoding, not a Latin text encoding.
    pub(crate) fn is_symbolic(&self) -> bool {{
        self.symbolic
    }}
}}

/// The standard 14 font a PDF `/BaseFont` names, or `None` for any other font.
///
/// Accepts the 14 names (`Helvetica-BoldOblique`), a subset prefix (`ABCDEF+Helvetica`),
/// and the usual aliases: Arial for Helvetica, Times New Roman for Times, Courier New for
/// Courier, with styles after `-` or `,` and `MT`/`PS` decorations (`ArialMT`,
/// `Arial,Bold`, `TimesNewRomanPS-BoldItalicMT`, `CourierNew,Italic`). Any other style
/// word (`Arial-Black`, `ArialNarrow`) makes it a different font: `None`.
pub(crate) fn std14_font(base_font: &str) -> Option<Std14> {{
    let name = strip_subset_prefix(base_font);
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | ',' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    // Longest family names first, so `couriernew` is not read as `courier` + `new`.
    const FAMILIES: [(&str, Family); 8] = [
        ("itczapfdingbats", Family::Dingbats),
        ("timesnewroman", Family::Times),
        ("zapfdingbats", Family::Dingbats),
        ("couriernew", Family::Courier),
        ("helvetica", Family::Helvetica),
        ("courier", Family::Courier),
        ("symbol", Family::Symbol),
        ("arial", Family::Helvetica),
    ];
    let (family, mut rest) = FAMILIES
        .iter()
        .find_map(|(prefix, f)| key.strip_prefix(prefix).map(|rest| (*f, rest)))
        .or_else(|| key.strip_prefix("times").map(|rest| (Family::Times, rest)))?;
    let (mut bold, mut italic) = (false, false);
    while !rest.is_empty() {{
        const STYLES: [&str; 8] = [
            "bold", "italic", "oblique", "roman", "regular", "normal", "ps", "mt",
        ];
        let word = STYLES.iter().find(|w| rest.starts_with(**w))?;
        match *word {{
            "bold" => bold = true,
            "italic" | "oblique" => italic = true,
            _ => {{}}
        }}
        rest = &rest[word.len()..];
    }}
    let style = usize::from(bold) + 2 * usize::from(italic);
    let latin = |variants: [&'static [u16]; 4]| Std14 {{
        names: &LATIN_NAMES,
        widths: variants[style],
        symbolic: false,
    }};
    Some(match family {{
        Family::Times => latin([&TIMES_ROMAN, &TIMES_BOLD, &TIMES_ITALIC, &TIMES_BOLD_ITALIC]),
        Family::Helvetica => latin([&HELVETICA, &HELVETICA_BOLD, &HELVETICA_OBLIQUE, &HELVETICA_BOLD_OBLIQUE]),
        Family::Courier => latin([&COURIER, &COURIER_BOLD, &COURIER_OBLIQUE, &COURIER_BOLD_OBLIQUE]),
        // No bold or italic variants: the styled names (`Symbol,Bold`) use the plain font.
        Family::Symbol => Std14 {{ names: &SYMBOL_NAMES, widths: &SYMBOL, symbolic: true }},
        Family::Dingbats => Std14 {{ names: &ZAPF_DINGBATS_NAMES, widths: &ZAPF_DINGBATS, symbolic: true }},
    }})
}}

#[derive(Clone, Copy)]
enum Family {{
    Times,
    Helvetica,
    Courier,
    Symbol,
    Dingbats,
}}

/// `ABCDEF+Name` (six uppercase letters and a plus, PDF 32000-1:2008, 9.6.4) to `Name`.
fn strip_subset_prefix(name: &str) -> &str {{
    let b = name.as_bytes();
    if b.len() > 7 && b[6] == b'+' && b[..6].iter().all(u8::is_ascii_uppercase) {{
        &name[7..]
    }} else {{
        name
    }}
}}
""")
    text = out[0]

    def table(rust_name, names, widths, doc):
        return (f"\n/// {doc}\nstatic {rust_name}: [u16; {len(names)}] = [\n"
                + rust_u16_list(widths[n] for n in names) + "];\n")

    text += (f"\n/// Glyph names of the Latin standard fonts (Times, Helvetica, Courier), sorted.\n"
             f"static LATIN_NAMES: [&str; {len(latin_names)}] = [\n"
             + rust_str_list(latin_names) + "];\n")
    for _, ps, rust_name in LATIN:
        text += table(rust_name, latin_names, fonts[ps], f"{ps} widths, by `LATIN_NAMES` index.")
    for _, ps, rust_name in (SYMBOL, DINGBATS):
        names = sorted(fonts[ps], key=lambda n: n.encode())
        text += (f"\n/// Glyph names of {ps}, sorted.\n"
                 f"static {rust_name}_NAMES: [&str; {len(names)}] = [\n"
                 + rust_str_list(names) + "];\n")
        text += table(rust_name, names, fonts[ps], f"{ps} widths, by `{rust_name}_NAMES` index.")

    text += TESTS
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"wrote {args.output} from {devps} (res {desc['res']}, unitwidth {desc['unitwidth']}, "
          f"sizescale {desc['sizescale']}): {len(latin_names)} Latin glyphs x 12 fonts, "
          f"Symbol {len(fonts['Symbol'])}, ZapfDingbats {len(fonts['ZapfDingbats'])}")


TESTS = """
#[cfg(test)]
mod tests {
    use super::*;

    fn font(name: &str) -> Std14 {
        std14_font(name).unwrap_or_else(|| panic!("{name} not recognised"))
    }

    #[test]
    fn known_widths() {
        assert_eq!(font("Helvetica").width("A"), Some(667));
        assert_eq!(font("Helvetica").width("space"), Some(278));
        assert_eq!(font("Helvetica-Bold").width("a"), Some(556));
        assert_eq!(font("Helvetica-Bold").width("A"), Some(722));
        assert_eq!(font("Times-Roman").width("space"), Some(250));
        assert_eq!(font("Times-Roman").width("A"), Some(722));
        assert_eq!(font("Times-Roman").width("eacute"), Some(444));
        assert_eq!(font("Symbol").width("alpha"), Some(631));
        assert_eq!(font("ZapfDingbats").width("a1"), Some(974));
        assert_eq!(font("Helvetica").width("no-such-glyph"), None);
        assert_eq!(font("Symbol").width("A"), None);
    }

    #[test]
    fn courier_is_monospaced() {
        for name in ["Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"] {
            let f = font(name);
            assert!(LATIN_NAMES.iter().all(|g| f.width(g) == Some(600)), "{name}");
        }
    }

    #[test]
    fn names_sorted() {
        for names in [&LATIN_NAMES[..], &SYMBOL_NAMES[..], &ZAPF_DINGBATS_NAMES[..]] {
            assert!(names.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn names_and_aliases() {
        let same = |a: &str, b: &str| {
            let (fa, fb) = (font(a), font(b));
            assert!(std::ptr::eq(fa.widths, fb.widths), "{a} vs {b}");
        };
        same("Helvetica", "Arial");
        same("Helvetica", "ArialMT");
        same("Helvetica", "ABCDEF+Helvetica");
        same("Helvetica-Bold", "Arial,Bold");
        same("Helvetica-Bold", "Arial-BoldMT");
        same("Helvetica-BoldOblique", "Arial-BoldItalicMT");
        same("Helvetica-Oblique", "Arial,Italic");
        same("Times-Roman", "TimesNewRoman");
        same("Times-Roman", "TimesNewRomanPSMT");
        same("Times-Roman", "Times New Roman");
        same("Times-Bold", "TimesNewRomanPS-BoldMT");
        same("Times-Bold", "TimesNewRoman,Bold");
        same("Times-BoldItalic", "XYZABC+TimesNewRomanPS-BoldItalicMT");
        same("Times-Italic", "TimesNewRoman,Italic");
        same("Courier", "CourierNew");
        same("Courier", "CourierNewPSMT");
        same("Courier-Bold", "CourierNew,Bold");
        same("Courier-Oblique", "CourierNewPS-ItalicMT");
        same("Symbol", "SymbolMT");
        assert!(font("Symbol").is_symbolic());
        assert!(font("ZapfDingbats").is_symbolic());
        assert!(!font("Times-Roman").is_symbolic());
        for other in ["Calibri", "Arial-Black", "ArialNarrow", "HelveticaNeue", "abcdef+Helvetica", ""] {
            assert!(std14_font(other).is_none(), "{other}");
        }
    }
}
"""

if __name__ == "__main__":
    main()
