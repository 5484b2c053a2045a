"""eksgen inside other tools: the cookiecutter scaffold (eksgen init) and the KRM function."""
