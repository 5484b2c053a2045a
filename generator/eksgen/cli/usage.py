"""The usage line of a command: arguments as PATH, PATH... or [PATH...].

Typer writes a required argument as {PATH} and leaves out the '...' of one that takes many
when it has a metavar; its releases differ in this too. Every eksgen command is built with
Command, which writes the usage line itself, the way man pages and --help of other tools do.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand


class Command(TyperCommand):
    """A typer command whose usage line names its arguments plainly."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """[OPTIONS], then each argument as usage_name writes it."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(usage_name(param.metavar or (param.name or "").upper(), param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


def usage_name(name: str, param: Any) -> str:
    """NAME, NAME... when it takes many, in brackets when it may be left out."""
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    if not param.required and not name.startswith("["):
        name = f"[{name}]"
    return name
