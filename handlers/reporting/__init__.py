"""Meeting reports and figures: pure parsing and checks, plus the few modules that touch storage
(records.py)."""
