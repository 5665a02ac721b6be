"""What committee officers pull from one summary: chat lines, Excel, chart, Word draft, late
cells and nudges, a cell's history."""
