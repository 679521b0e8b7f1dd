//! Agreement of the datatrove presets with datatrove itself, on a corpus of real documents
//! (tests/quality/agreement-corpus.jsonl) whose datatrove decisions are recorded in
//! tests/quality/datatrove-decisions.jsonl (benches/compare/quality_eval.py regenerates them).

use std::collections::HashMap;

use corpusforge::quality::{quality_batch, QualityOptions};

const PRESETS: [&str; 4] = ["gopher_quality", "gopher_repetition", "c4", "fineweb"];

/// datatrove's reason strings → our threshold names.
fn ours(preset: &str, datatrove: &str) -> &'static str {
    match (preset, datatrove) {
        ("gopher_quality", "gopher_short_doc") => "min_doc_words",
        ("gopher_quality", "gopher_long_doc") => "max_doc_words",
        ("gopher_quality", "gopher_below_avg_threshold") => "min_avg_word_length",
        ("gopher_quality", "gopher_above_avg_threshold") => "max_avg_word_length",
        ("gopher_quality", "gopher_too_many_hashes") => "max_symbol_word_ratio",
        ("gopher_quality", "gopher_too_many_ellipsis") => "max_symbol_word_ratio",
        ("gopher_quality", "gopher_too_many_bullets") => "max_bullet_lines_ratio",
        ("gopher_quality", "gopher_too_many_end_ellipsis") => "max_ellipsis_lines_ratio",
        ("gopher_quality", "gopher_below_alpha_threshold") => "max_non_alpha_words_ratio",
        ("gopher_quality", "gopher_enough_stop_words") => "min_stop_words",
        ("gopher_repetition", "empty") | ("fineweb", "empty") => "empty",
        ("gopher_repetition", r) => match r {
            "dup_para_frac" => "dup_para_frac",
            "dup_para_char_frac" => "dup_para_char_frac",
            "dup_line_frac" => "dup_line_frac",
            "dup_line_char_frac" => "dup_line_char_frac",
            "top_2_gram" => "top_2_gram_frac",
            "top_3_gram" => "top_3_gram_frac",
            "top_4_gram" => "top_4_gram_frac",
            "duplicated_5_n_grams" => "dup_5_gram_frac",
            "duplicated_6_n_grams" => "dup_6_gram_frac",
            "duplicated_7_n_grams" => "dup_7_gram_frac",
            "duplicated_8_n_grams" => "dup_8_gram_frac",
            "duplicated_9_n_grams" => "dup_9_gram_frac",
            "duplicated_10_n_grams" => "dup_10_gram_frac",
            _ => "?",
        },
        ("c4", "lorem_ipsum") => "filter_lorem_ipsum",
        ("c4", "curly_bracket") => "filter_curly_bracket",
        ("c4", "too_few_sentences") => "min_num_sentences",
        ("fineweb", "line_punct_ratio") => "line_punct_thr",
        ("fineweb", "short_line_ratio") => "short_line_thr",
        ("fineweb", "char_dup_ratio") => "char_duplicates_ratio",
        ("fineweb", "list_ratio") => "new_line_ratio",
        _ => "?",
    }
}

fn lines(path: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn presets_agree_with_datatrove() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/quality/");
    let decisions_path = std::env::var("CF_DECISIONS")
        .unwrap_or_else(|_| format!("{root}datatrove-decisions.jsonl"));
    let corpus = lines(&format!("{root}agreement-corpus.jsonl"));
    let decisions: HashMap<String, serde_json::Value> = lines(&decisions_path)
        .into_iter()
        .filter_map(|d| Some((d["id"].as_str()?.to_string(), d)))
        .collect();
    let texts: Vec<&str> = corpus.iter().map(|d| d["text"].as_str().unwrap()).collect();
    // datatrove applies English rules to every document; so do we when told the language.
    let options = QualityOptions {
        language: "en".into(),
        ..Default::default()
    };
    let reports = quality_batch(&texts, &options).unwrap();
    for preset in PRESETS {
        let (mut same, mut same_reason, mut total) = (0, 0, 0);
        for (doc, report) in corpus.iter().zip(&reports) {
            let id = doc["id"].as_str().unwrap();
            let Some(d) = decisions.get(id) else { continue };
            total += 1;
            let theirs = d[preset]
                .as_str()
                .map(|r| format!("{preset}:{}", ours(preset, r)));
            let mine = report.filters[preset].clone();
            if theirs.is_none() == mine.is_none() {
                same += 1;
                if theirs == mine {
                    same_reason += 1;
                } else {
                    println!("{preset} reason {id}: datatrove {theirs:?}, ours {mine:?}");
                }
            } else {
                println!(
                    "{preset} DISAGREE {id}: datatrove {theirs:?}, ours {mine:?} ({:?})",
                    report.explain()
                );
            }
        }
        let agreement = same as f64 / total as f64;
        println!("{preset}: keep/drop agreement {same}/{total} = {agreement:.4}; same reason {same_reason}");
        assert!(
            total > 100,
            "{preset}: only {total} documents with decisions"
        );
        assert!(agreement >= 0.98, "{preset}: agreement {agreement:.4}");
    }
}
