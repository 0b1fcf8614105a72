//! One module per screen: its state, `handle_key`, key table and drawing.

pub mod network;
pub mod play;
pub mod train;
pub mod tune;
