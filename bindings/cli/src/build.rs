//! `corpusforge build` and `corpusforge init`: the main job, a folder of documents to a
//! dataset, with a progress bar and a summary table.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Args;
use corpusforge::dataset::OutputFormat;
use corpusforge::pipeline::{Progress, RunControl};
use corpusforge::{Config, Error, Pipeline, RunSummary};
use indicatif::{ProgressBar, ProgressStyle};

/// Set by Ctrl-C; the pipeline checks it between batches.
static CANCELLED: AtomicBool = AtomicBool::new(false);

#[derive(Args)]
pub struct BuildArgs {
    /// Files and folders to read (folders recursively).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The dataset folder to write.
    #[arg(short, long)]
    out: PathBuf,
    /// A TOML or JSON config (`corpusforge init` writes one with every default).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Data file format: parquet (default), jsonl, csv, arrow or hf.
    #[arg(long)]
    format: Option<String>,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Keep-and-mark: drop nothing, fill `drop_reasons` and `duplicate_of`.
    #[arg(long)]
    keep_dropped: bool,
    /// Also write `dropped.jsonl` with every dropped document and why.
    #[arg(long)]
    write_dropped: bool,
    /// JSONL, CSV and Parquet inputs are datasets: each row is a document.
    #[arg(long)]
    rows: bool,
    /// Stop after this many documents.
    #[arg(long)]
    limit: Option<u64>,
    /// Reuse the work of inputs an interrupted run into the same folder finished; the
    /// dataset comes out the same as a clean run's.
    #[arg(long)]
    resume: bool,
    /// List the inputs with their detected formats and what the config would do; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Exit with status 4 when any document was rejected.
    #[arg(long)]
    strict: bool,
    /// No progress bar (it is also off when stderr is not a terminal).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
pub struct InitArgs {
    /// Where to write the config; stdout when absent.
    file: Option<PathBuf>,
}

/// `corpusforge init`: a commented config with every default.
pub fn init(args: InitArgs) -> corpusforge::Result<()> {
    match args.file {
        Some(path) => {
            if path.exists() {
                return Err(Error::io(
                    path.display().to_string(),
                    std::io::Error::other("already exists; not overwritten"),
                ));
            }
            std::fs::write(&path, Config::template())
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{}", Config::template()),
    }
    Ok(())
}

/// `corpusforge build`. Returns true when `--strict` and a document was rejected (exit 4).
pub fn build(args: BuildArgs) -> corpusforge::Result<bool> {
    let mut config = match &args.config {
        Some(p) => Config::from_path(p)?,
        None => Config::default(),
    };
    if let Some(f) = &args.format {
        config.output.format = f.parse::<OutputFormat>()?;
    }
    config.keep_dropped |= args.keep_dropped;
    config.output.write_dropped |= args.write_dropped;
    config.input.rows |= args.rows;
    if let Some(n) = args.threads {
        if n == 0 {
            return Err(Error::invalid_option("threads", "must be at least 1"));
        }
        // Only fails when the pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let pipeline = Pipeline::new(config)?;
    if args.dry_run {
        return dry_run(&pipeline, &args).map(|()| false);
    }
    let _ = ctrlc::set_handler(|| CANCELLED.store(true, Ordering::Relaxed));
    let bar = if args.quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg:10} [{bar:30}] {pos}/{len} inputs  {per_sec}  ETA {eta}  {prefix}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let on_progress = |p: &Progress| {
        bar.set_length(p.inputs_total);
        bar.set_position(p.inputs_done);
        bar.set_message(p.phase);
        bar.set_prefix(format!(
            "{} docs, {:.1} MB, {} out, {} dropped, {} rejected",
            p.docs_done,
            p.bytes_done as f64 / 1e6,
            p.records_out,
            p.dropped,
            p.rejected
        ));
    };
    let control = RunControl {
        progress: Some(&on_progress),
        cancel: Some(&CANCELLED),
        limit: args.limit,
        resume: args.resume,
    };
    let result = pipeline.run_with(&args.inputs, &args.out, &control);
    bar.finish_and_clear();
    let summary = result?;
    print_summary(&summary, &args.out);
    Ok(args.strict && !summary.rejected.is_empty())
}

fn dry_run(pipeline: &Pipeline, args: &BuildArgs) -> corpusforge::Result<()> {
    let plan = pipeline.plan(&args.inputs, &args.out)?;
    for (input, format) in &plan {
        println!("{format:10} {}", input.path().display());
    }
    let c = pipeline.config();
    let stages: Vec<&str> = c.stages.iter().map(|s| s.as_str()).collect();
    println!(
        "\n{} inputs → {} ({} format, one record per {}); stages: extract, {}; splits train {} / validation {} / test {}{}",
        plan.len(),
        args.out.display(),
        c.output.format.as_str(),
        c.granularity.as_str(),
        stages.join(", "),
        c.output.splits.train,
        c.output.splits.validation,
        c.output.splits.test,
        if c.keep_dropped { "; keep-and-mark" } else { "" }
    );
    Ok(())
}

fn print_summary(s: &RunSummary, out: &std::path::Path) {
    let mb = s.bytes_in as f64 / 1e6;
    println!("{:<42} {:>8}", "inputs", s.inputs);
    println!("{:<42} {:>8}", "documents in", s.documents_in);
    println!("{:<42} {:>8}", "documents out", s.documents_out);
    println!("{:<42} {:>8}", "records out", s.records_out);
    println!("{:<42} {:>8}", "documents dropped", s.dropped_documents);
    for (reason, n) in &s.dropped {
        println!("  {reason:<40} {n:>8}");
    }
    let rejected: u64 = s.rejected.values().sum();
    println!("{:<42} {:>8}", "documents rejected", rejected);
    for (kind, n) in &s.rejected {
        println!("  {kind:<40} {n:>8}");
    }
    let pii: u64 = s.pii.values().sum();
    println!("{:<42} {:>8}", "PII matches masked", pii);
    for (kind, n) in &s.pii {
        println!("  {kind:<40} {n:>8}");
    }
    println!("{:<42} {:>8.2}", "MB in", mb);
    println!("{:<42} {:>8.2}", "MB out (data)", s.bytes_out as f64 / 1e6);
    println!("{:<42} {:>8.2}", "seconds", s.duration_secs);
    println!("{:<42} {:>8.2}", "MB/s", mb / s.duration_secs.max(1e-9));
    println!("{:<42} {:>8}", "dataset score (0-100)", s.dataset_score);
    if s.resumed_inputs > 0 {
        println!("{:<42} {:>8}", "inputs reused (--resume)", s.resumed_inputs);
    }
    println!("\nwrote {} ({} files)", out.display(), s.output_files.len());
}
