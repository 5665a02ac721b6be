"""Pure parsing and checks for meeting reports and figures (no storage, no conversation)."""
