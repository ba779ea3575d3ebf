//! The sources: each turns a report as it is published — text, a web page,
//! a Word file, a PDF — into a [`Grid`](crate::read::grid::Grid), located text and
//! tables of located cells. Nothing here knows the format's layout but the
//! aligned-columns reader, which rebuilds the rows of text laid out with
//! spaces.

pub(crate) mod aligned;
#[cfg(feature = "docx")]
pub mod docx;
pub(crate) mod furniture;
#[cfg(feature = "html")]
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
pub(crate) mod text;
