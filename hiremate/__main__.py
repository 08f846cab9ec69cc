"""`python -m hiremate` runs the command line."""

from hiremate.cli import main

raise SystemExit(main())
