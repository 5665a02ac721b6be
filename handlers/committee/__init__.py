"""What committee officers pull: the month's table, Excel exports, charts and nudges."""
