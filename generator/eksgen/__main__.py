"""Allow `python -m eksgen`."""

from eksgen.cli.app import main

main()
