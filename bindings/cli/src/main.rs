//! The `corpusforge` command line: a thin skin over the core library.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use corpusforge::{Error, NormalizeOptions, UnicodeForm};

const EXAMPLES: &str = "\
Examples:
  corpusforge normalize notes.txt > clean.txt
  curl -s https://example.com | corpusforge normalize --strip-html-tags
  echo 'cafÃ© &amp; bar' | corpusforge normalize          # café & bar
  corpusforge normalize --unicode-form nfkc --collapse-whitespace --report doc.txt";

/// Turn documents into training-ready datasets for language models.
#[derive(Parser)]
#[command(name = "corpusforge", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Repair and normalize text: mojibake, HTML entities, control characters, Unicode
    /// form, line endings and whitespace. Reads FILE (or stdin), writes stdout.
    #[command(after_help = EXAMPLES)]
    Normalize(NormalizeArgs),
}

#[derive(Args)]
struct NormalizeArgs {
    /// Input file (UTF-8); stdin when absent or `-`.
    file: Option<PathBuf>,
    /// Print what each step changed, as JSON, to stderr.
    #[arg(long)]
    report: bool,
    /// Keep a leading byte-order mark.
    #[arg(long)]
    keep_bom: bool,
    /// Do not repair mojibake.
    #[arg(long)]
    no_fix_mojibake: bool,
    /// Do not replace C1 controls by the Windows-1252 punctuation they stand for.
    #[arg(long)]
    no_fix_c1_controls: bool,
    /// Do not decode HTML character references.
    #[arg(long)]
    no_decode_entities: bool,
    /// Keep control and invisible format characters.
    #[arg(long)]
    keep_control_chars: bool,
    /// Unicode normalization form: nfc, nfkc, nfd, nfkd or none.
    #[arg(long, default_value = "nfc")]
    unicode_form: String,
    /// Keep \r\n and \r line endings.
    #[arg(long)]
    keep_line_endings: bool,
    /// Keep trailing whitespace on lines.
    #[arg(long)]
    keep_trailing_whitespace: bool,
    /// At most N blank lines in a row (default 2); `none` for no cap.
    #[arg(long, default_value = "2")]
    max_blank_lines: String,
    /// Collapse runs of horizontal whitespace into one space.
    #[arg(long)]
    collapse_whitespace: bool,
    /// Replace each tab by N spaces.
    #[arg(long, value_name = "N")]
    tabs_to_spaces: Option<usize>,
    /// Remove HTML/XML tags.
    #[arg(long)]
    strip_html_tags: bool,
    /// Curly quotes to ASCII quotes.
    #[arg(long)]
    straighten_quotes: bool,
    /// Expand Latin ligatures (ﬁ → fi).
    #[arg(long)]
    fix_ligatures: bool,
    /// Full-width ASCII forms to ASCII (wrong for CJK text).
    #[arg(long)]
    fullwidth_to_ascii: bool,
}

impl NormalizeArgs {
    fn options(&self) -> corpusforge::Result<NormalizeOptions> {
        let max_blank_lines = match self.max_blank_lines.as_str() {
            "none" => None,
            n => Some(n.parse().map_err(|_| {
                Error::invalid_option("max_blank_lines", "expected a number or `none`")
            })?),
        };
        Ok(NormalizeOptions {
            remove_bom: !self.keep_bom,
            fix_mojibake: !self.no_fix_mojibake,
            fix_c1_controls: !self.no_fix_c1_controls,
            decode_entities: !self.no_decode_entities,
            remove_control_chars: !self.keep_control_chars,
            unicode_form: self.unicode_form.parse::<UnicodeForm>()?,
            normalize_line_endings: !self.keep_line_endings,
            strip_trailing_whitespace: !self.keep_trailing_whitespace,
            max_blank_lines,
            collapse_whitespace: self.collapse_whitespace,
            tabs_to_spaces: self.tabs_to_spaces,
            strip_html_tags: self.strip_html_tags,
            straighten_quotes: self.straighten_quotes,
            fix_ligatures: self.fix_ligatures,
            fullwidth_to_ascii: self.fullwidth_to_ascii,
        })
    }
}

/// Reads the input as UTF-8 (a UTF-8 or UTF-16 BOM is honoured).
fn read_input(file: Option<&PathBuf>) -> corpusforge::Result<String> {
    let (name, bytes) = match file {
        Some(p) if p.as_os_str() != "-" => {
            let name = p.display().to_string();
            let bytes = std::fs::read(p).map_err(|e| Error::io(&name, e))?;
            (name, bytes)
        }
        _ => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| Error::io("<stdin>", e))?;
            ("<stdin>".to_string(), b)
        }
    };
    let (text, _, had_errors) = encoding_rs::UTF_8.decode(&bytes);
    if had_errors {
        return Err(Error::UnsupportedFormat {
            source_name: name,
            detail: "not UTF-8 text (legacy encodings are read by `extract`)".into(),
        });
    }
    Ok(text.into_owned())
}

fn run(cli: Cli) -> corpusforge::Result<()> {
    match cli.command {
        Command::Normalize(args) => {
            let opts = args.options()?;
            let text = read_input(args.file.as_ref())?;
            let (out, report) = corpusforge::normalize_with_report(&text, &opts);
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::io("<stdout>", e))?;
            if args.report {
                let json = serde_json::to_string(&report).map_err(|e| Error::Internal {
                    detail: e.to_string(),
                })?;
                eprintln!("{json}");
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match corpusforge::catch_panic(|| run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpusforge: {e}");
            ExitCode::from(u8::try_from(e.kind().exit_code()).unwrap_or(1))
        }
    }
}
