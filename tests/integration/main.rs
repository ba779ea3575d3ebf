//! The integration tests, one module per concern, built as one test binary
//! (one link instead of one per file keeps the build small and quick).

mod common;
/// Pages drawn as PDFs, for the PDF reader's tests.
#[cfg(feature = "pdf")]
#[path = "../support/drawn_pdf.rs"]
mod drawn_pdf;

mod aggregate;
mod annotate;
mod api;
mod cli;
mod cli_files;
mod cli_many;
mod compare;
mod conformance;
mod docs;
mod export;
mod fixtures;
mod hostile;
mod indicators;
mod json_shape;
mod layout_text;
mod no_number_lost;
mod original;
mod places;
mod printed;
mod properties;
mod prose;
mod prose_properties;
mod read_render;
mod real_documents;
mod reliability;
mod report;
mod schema;
mod seed;
mod swapped;
