"""The one Jinja environment: bundled templates, StrictUndefined, quoting filters.

StrictUndefined makes a misspelt variable fail instead of rendering empty; every user value
goes through a filter that writes it as an unambiguous YAML (or shell) scalar.
"""

from __future__ import annotations

import shlex
from functools import cache
from typing import Any


def render_template(template: str, /, **context: Any) -> str:
    """Render a bundled template, e.g. 'manifests/service.yaml.j2', with a context."""
    text: str = environment().get_template(template).render(**context)
    return text


@cache
def environment() -> Any:
    """The Jinja environment, built once per process."""
    import jinja2

    from eksgen.quoting import yaml_bool, yaml_int, yaml_scalar, yaml_string
    from eksgen.resources import templates_root

    root = templates_root()

    def load(name: str) -> str:
        return root.joinpath(*name.split("/")).read_text(encoding="utf-8")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters |= {
        "q": yaml_string,
        "num": yaml_int,
        "scalar": yaml_scalar,
        "bool": yaml_bool,
        "sh": shlex.quote,
    }
    return env
