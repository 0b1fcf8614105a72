//! The frame every screen sits in, as geometry: top bar, body, footer, the
//! smallest terminal laid out for, and boxes centred over it. Below both
//! the app (which judges keys by the size) and the drawing.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal every screen is laid out for (a common default).
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Top bar, screen body, footer.
pub fn split(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where screens draw, for a terminal of `size` (mouse input needs it too).
pub fn body_area(size: Rect) -> Rect {
    split(size)[1]
}

/// A `width` x `height` box centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
