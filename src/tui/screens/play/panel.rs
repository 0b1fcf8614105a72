//! The width of Play's picture panel, which the guessing and the drawing
//! views share.

use ratatui::layout::Rect;

use crate::tui::widgets::picture::{Render, cells, largest_scale};

/// The narrowest the column beside the big digit gets.
pub const SIDE_MIN: u16 = 46;

/// The digit's panel: as wide as the picture at the scale that fits the
/// body's height (keeping `SIDE_MIN` columns for the rest), plus a border
/// and a column of air on each side.
pub fn picture_panel_width(body: Rect, render: Render) -> u16 {
    let k = largest_scale(
        render,
        28,
        28,
        body.width.saturating_sub(SIDE_MIN + 4),
        body.height.saturating_sub(2),
    );
    let (w, _) = cells(render, 28, 28, k);
    (w + 4).min(body.width)
}
