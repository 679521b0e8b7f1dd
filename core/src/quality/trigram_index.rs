//! whatlang's language scores, with its trigram distances computed through an inverted index.
//!
//! whatlang ranks a text's trigrams by frequency and compares the ranking with each language's
//! profile, its 300 most common trigrams in order: a trigram at rank `n` in the text and `i`
//! in the profile costs `|n - i|`, one missing from the text costs 300. whatlang walks every
//! profile of the text's script and looks each of its trigrams up in the text's table, 37
//! Latin languages × 300 lookups a call however short the text: most of the pipeline's time
//! on short records went there. Turned around, the same sums need one lookup per text
//! trigram: every language starts at 300 × 300 and, for each profile that holds a text
//! trigram, trades 300 for `|n - i|`.
//!
//! The profiles are whatlang's (MIT), exported by `scripts/export-whatlang-profiles.py`.
//! Script detection and the alphabet half of whatlang's combined score still come from
//! whatlang; the scores, their weighting and the confidence are computed as whatlang does,
//! and a test checks that [`detect`] equals `whatlang::detect` on every sample of the
//! labelled set.

use std::cmp::Ordering;
use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt};
use whatlang::dev::{
    alphabet_cyrillic_calculate_scores, alphabet_latin_calculate_scores, FilterList, LowercaseText,
};
use whatlang::{Lang, Script};

/// The cost of a profile trigram the text lacks; also the profile length.
const MAX_TRIGRAM_DISTANCE: u32 = 300;
/// A profile's greatest distance.
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// More than whatlang's language numbers (`Lang as usize`): per-language tables index by it.
const LANGS: usize = 256;
/// The text trigrams compared: the 600 most frequent.
const TEXT_TRIGRAMS: usize = 600;

/// The profiles of one script's languages, indexed by trigram.
struct Group {
    script: Script,
    /// The script's languages, in whatlang's order (ties sort as in whatlang).
    langs: Vec<Lang>,
    /// Trigram → range of `postings`.
    index: HashMap<u64, (u32, u32)>,
    /// (index into `langs`, rank in that language's profile).
    postings: Vec<(u8, u16)>,
}

/// The scripts whose languages whatlang tells apart by trigrams, from the exported profiles.
static GROUPS: LazyLock<Vec<Group>> = LazyLock::new(|| {
    // Per script: its languages, and (trigram, language index, rank) for every profile entry.
    type Entries = Vec<(u64, u8, u16)>;
    let mut groups: Vec<(Script, Vec<Lang>, Entries)> = Vec::new();
    for line in include_str!("data/whatlang-trigrams.txt").lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(script), Some(code), Some(trigrams)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let script = match script {
            "Latin" => Script::Latin,
            "Cyrillic" => Script::Cyrillic,
            "Arabic" => Script::Arabic,
            "Devanagari" => Script::Devanagari,
            _ => Script::Hebrew,
        };
        if groups.last().is_none_or(|g| g.0 != script) {
            groups.push((script, Vec::new(), Vec::new()));
        }
        let Some(lang) = Lang::from_code(code) else {
            continue;
        };
        let Some(group) = groups.last_mut() else {
            continue;
        };
        let l = group.1.len() as u8;
        group.1.push(lang);
        let chars: Vec<char> = trigrams.chars().collect();
        for (rank, t) in chars.chunks_exact(3).enumerate() {
            group.2.push((pack(t[0], t[1], t[2]), l, rank as u16));
        }
    }
    groups
        .into_iter()
        .map(|(script, langs, mut entries)| {
            entries.sort_unstable();
            let mut index = HashMap::with_capacity(entries.len());
            let mut postings = Vec::with_capacity(entries.len());
            for run in entries.chunk_by(|a, b| a.0 == b.0) {
                let start = postings.len() as u32;
                postings.extend(run.iter().map(|&(_, l, r)| (l, r)));
                index.insert(run[0].0, (start, postings.len() as u32));
            }
            Group {
                script,
                langs,
                index,
                postings,
            }
        })
        .collect()
});

/// Three characters as one key; the order of keys is the order of (char, char, char).
#[inline]
fn pack(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// Characters whatlang's trigrams read as a space: ASCII other than letters.
#[inline]
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{40}' | '\u{5b}'..='\u{60}' | '\u{7b}'..='\u{7e}')
}

/// The language of `text`, whatlang's confidence and the script, as `whatlang::Detector`
/// with `filter` would give them.
pub(super) fn detect(text: &str, filter: &FilterList) -> Option<(Lang, f64, Script)> {
    let script = whatlang::detect_script(text)?;
    let Some(group) = GROUPS.iter().find(|g| g.script == script) else {
        // One language per script (Greek, Thai, ...) or Mandarin's special case: whatlang
        // decides them without trigrams.
        let detector = match filter {
            FilterList::Allow(l) => whatlang::Detector::with_allowlist(l.clone()),
            FilterList::Deny(l) => whatlang::Detector::with_denylist(l.clone()),
            FilterList::All => whatlang::Detector::new(),
        };
        return detector
            .detect(text)
            .map(|i| (i.lang(), i.confidence(), i.script()));
    };
    let lower = LowercaseText::new(text);
    let (alphabet_count, alphabet_scores) = match script {
        Script::Latin => {
            let o = alphabet_latin_calculate_scores(&lower, filter);
            (o.count, o.scores)
        }
        Script::Cyrillic => {
            let o = alphabet_cyrillic_calculate_scores(&lower, filter);
            (o.count, o.scores)
        }
        // whatlang has no alphabets for these scripts: every language scores 1.
        _ => (
            1,
            group
                .langs
                .iter()
                .filter(|&&l| filter.is_allowed(l))
                .map(|&l| (l, 1.0))
                .collect(),
        ),
    };
    let (trigram_count, trigram_scores) = trigram_scores(group, &lower, filter);

    // whatlang's combined score: the alphabet weighs 2/3 for an empty text, falling to 1/3
    // at 100 letters.
    let alphabet_weight =
        (-(alphabet_count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
    let trigram_weight = 1.0 - alphabet_weight;
    // Each language's two scores, looked up by its number (0 when it has none), and the
    // languages in whatlang's order: the alphabet's first, then the trigrams' others.
    let (mut alphabet_of, mut trigram_of) = ([0.0; LANGS], [0.0; LANGS]);
    let mut langs: Vec<Lang> = Vec::with_capacity(alphabet_scores.len() + trigram_scores.len());
    for &(lang, score) in &alphabet_scores {
        alphabet_of[lang as usize] = score;
        langs.push(lang);
    }
    let mut listed = [false; LANGS];
    langs.iter().for_each(|&l| listed[l as usize] = true);
    for &(lang, score) in &trigram_scores {
        trigram_of[lang as usize] = score;
        if !std::mem::replace(&mut listed[lang as usize], true) {
            langs.push(lang);
        }
    }
    let mut scores: Vec<(Lang, f64)> = langs
        .into_iter()
        .map(|lang| {
            let (a, t) = (alphabet_of[lang as usize], trigram_of[lang as usize]);
            (lang, a * alphabet_weight + t * trigram_weight)
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(Ordering::Less));
    let mut ranked = scores.into_iter();
    let (lang, best) = ranked.next()?;
    let confidence = match ranked.next() {
        Some((_, second)) => confidence(best, second, trigram_count),
        None => 1.0,
    };
    Some((lang, confidence, script))
}

/// whatlang's confidence: 1 when the best score leads the runner-up by more than
/// `3 / count + 0.015` of it, proportionally less below.
fn confidence(best: f64, second: f64, count: usize) -> f64 {
    if best == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return best;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (best - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

/// The number of distinct text trigrams ranked, and each allowed language's trigram score
/// (0 to 1, best first).
fn trigram_scores(group: &Group, lower: &str, filter: &FilterList) -> (usize, Vec<(Lang, f64)>) {
    // Count the trigrams: stop characters are spaces, the text is padded with one space on
    // each side, and a trigram whose middle is a space is kept only between two letters.
    let mut counts: HashMap<u64, u32> = HashMap::with_capacity(lower.len().min(2048));
    let mut chars = lower
        .chars()
        .map(|c| if is_stop_char(c) { ' ' } else { c })
        .chain(Some(' '));
    let mut c1 = ' ';
    let Some(mut c2) = chars.next() else {
        return (0, Vec::new());
    };
    for c3 in chars {
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            *counts.entry(pack(c1, c2, c3)).or_insert(0) += 1;
        }
        c1 = c2;
        c2 = c3;
    }
    // Rank them: most frequent first, ties by the trigram, descending.
    let mut ranked: Vec<(u32, u64)> = counts.into_iter().map(|(t, n)| (n, t)).collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    ranked.truncate(TEXT_TRIGRAMS);
    let count = ranked.len();

    // Every profile trigram starts missing; each one the text holds trades 300 for its
    // rank difference.
    let mut totals = vec![i64::from(MAX_TOTAL_DISTANCE); group.langs.len()];
    for (n, &(_, t)) in ranked.iter().enumerate() {
        if let Some(&(start, end)) = group.index.get(&t) {
            for &(l, i) in &group.postings[start as usize..end as usize] {
                totals[usize::from(l)] +=
                    (n as i64 - i64::from(i)).abs() - i64::from(MAX_TRIGRAM_DISTANCE);
            }
        }
    }
    let short_by = i64::from(MAX_TRIGRAM_DISTANCE)
        .saturating_sub(count as i64)
        .max(0);
    let mut distances: Vec<(Lang, u32)> = group
        .langs
        .iter()
        .zip(totals)
        .filter(|(l, _)| filter.is_allowed(**l))
        .map(|(&l, total)| {
            let d = (total - short_by * i64::from(MAX_TRIGRAM_DISTANCE))
                .clamp(0, i64::from(MAX_TOTAL_DISTANCE));
            (l, d as u32)
        })
        .collect();
    distances.sort_unstable_by_key(|&(_, d)| d);
    let max = (count as u32).saturating_mul(MAX_TRIGRAM_DISTANCE);
    let scores = distances
        .into_iter()
        .map(|(l, d)| (l, f64::from(max.saturating_sub(d)) / f64::from(max)))
        .collect();
    (count, scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_numbers_fit_the_tables() {
        assert!(Lang::all().iter().all(|&l| (l as usize) < LANGS));
    }

    #[test]
    fn profiles_load_whole() {
        let latin = GROUPS.iter().find(|g| g.script == Script::Latin).unwrap();
        assert!(latin.langs.contains(&Lang::Eng) && latin.langs.len() >= 30);
        for g in GROUPS.iter() {
            assert_eq!(
                g.postings.len(),
                g.langs.len() * MAX_TRIGRAM_DISTANCE as usize,
                "{:?}",
                g.script
            );
        }
    }

    #[test]
    fn equals_whatlang_on_the_labelled_set_and_odd_inputs() {
        // Short and long texts: the agreement corpus's documents run past the 600 trigrams
        // compared.
        let mut texts = crate::test_data::jsonl_texts("tests/quality/langid-set.jsonl");
        texts.extend(crate::test_data::jsonl_texts(
            "tests/quality/agreement-corpus.jsonl",
        ));
        texts.extend(
            [
                "",
                "a",
                "  ",
                "12345",
                "Hello",
                "Ünïcödé ßtraße",
                "Та нічого, все нормально. А в тебе як?",
                "مرحبا بالعالم",
                "नमस्ते दुनिया",
                "שלום עולם",
                "今日は晴れです",
                "中文文本",
                "Ελληνικά κείμενα",
            ]
            .map(String::from),
        );
        let deny_afr = FilterList::deny(vec![Lang::Afr]);
        let whatlang_afr = whatlang::Detector::with_denylist(vec![Lang::Afr]);
        for text in &texts {
            let ours = detect(text, &FilterList::All);
            let theirs = whatlang::detect(text).map(|i| (i.lang(), i.confidence(), i.script()));
            assert_eq!(ours, theirs, "{text:?}");
            let ours = detect(text, &deny_afr);
            let theirs = whatlang_afr
                .detect(text)
                .map(|i| (i.lang(), i.confidence(), i.script()));
            assert_eq!(ours, theirs, "deny af: {text:?}");
        }
    }
}
