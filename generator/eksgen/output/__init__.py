"""Writing files: the one atomic writer (a tree or a single file), and old-tree reuse."""
