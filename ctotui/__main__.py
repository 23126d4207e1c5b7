"""`python -m ctotui` runs the same CLI as the `ctotui` command."""

from ctotui.cli import main

raise SystemExit(main())
