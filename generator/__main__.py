"""Allow `python -m eksgen`."""

from eksgen.cli import main

main()
