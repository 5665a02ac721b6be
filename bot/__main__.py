"""`python -m bot` is the same as the `chibo` command."""

from bot.cli import main

raise SystemExit(main())
