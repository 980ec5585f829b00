//! Every expression of `shared/filters/examples.txt` parses.

mod common;

#[test]
fn every_example_filter_parses() {
    let Some(shared) = common::shared_dir_or_skip("every_example_filter_parses") else {
        return;
    };
    let filters = common::example_filters(&shared);
    assert!(!filters.is_empty(), "no filters in examples.txt");
    let failures: Vec<String> = filters
        .iter()
        .filter_map(|f| {
            bpfdump::syntax::parse(f)
                .err()
                .map(|e| format!("{f:?}: {}", e.message))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} example filters do not parse:\n{}",
        failures.len(),
        filters.len(),
        failures.join("\n")
    );
}
