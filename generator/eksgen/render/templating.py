"""The Jinja environments: bundled templates, StrictUndefined, quoting filters.

StrictUndefined makes a misspelt variable fail instead of rendering empty; every user value
goes through a filter that writes it as an unambiguous YAML (or shell) scalar. Templates a
user supplies (render --templates DIR) override bundled ones by name and run in Jinja's
sandbox; their mistakes are reported with the template's name and line.
"""

from __future__ import annotations

import os
import shlex
import traceback
from functools import cache
from pathlib import Path
from typing import Any

from eksgen.errors import EksgenError


class TemplateError(EksgenError):
    """A user-supplied template failed: a missing value, a syntax or sandbox error."""


class Templates:
    """Where templates come from: the bundled ones, or a user's folder over them.

    Passed down the render stage rather than switched on globally, so two renders in one
    process (a library user, the tests) never see each other's templates.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder.resolve() if folder is not None else None

    @property
    def from_user(self) -> bool:
        """Whether a user folder takes part: its templates' mistakes are the user's to fix."""
        return self.folder is not None

    def render(self, template: str, /, **context: Any) -> str:
        """Render a template, e.g. 'manifests/service.yaml.j2', with a context."""
        if self.folder is None:
            text: str = environment().get_template(template).render(**context)
            return text
        return _render_user(self.folder, template, context)


@cache
def bundled() -> Templates:
    """The bundled templates alone."""
    return Templates()


def _render_user(folder: Path, template: str, context: dict[str, Any]) -> str:
    import jinja2

    try:
        text: str = user_environment(str(folder)).get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"template {error.name or template} line {error.lineno}: {error.message}"
        ) from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"template {_where(error, template)}: {error}") from None
    return text


def _where(error: BaseException, template: str) -> str:
    """'name line N' from the innermost template frame Jinja puts in the traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return template
    frame = frames[-1]
    return f"{Path(frame.filename).name} line {frame.lineno}"


@cache
def environment() -> Any:
    """The bundled templates' environment, built once per process."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FunctionLoader(_bundled), bytecode_cache=_cache())
    return _configured(env)


CACHE_VARIABLE = "EKSGEN_CACHE_DIR"


def cache_folder() -> Path | None:
    """Where compiled bundled templates are kept between runs; None: nowhere.

    $EKSGEN_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/eksgen, else ~/.cache/eksgen.
    """
    given = os.environ.get(CACHE_VARIABLE)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME")
    return Path(base, "eksgen") if base else Path("~/.cache/eksgen").expanduser()


def _cache() -> Any:
    """Jinja's bytecode cache in cache_folder(), or None.

    Compiling the templates is most of a small render's own work. The cache is keyed by
    each template's source, so a new version never reads old code; a folder that cannot
    be written only means no cache.
    """
    import jinja2

    folder = cache_folder()
    if folder is None:
        return None

    class QuietCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError):
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True, mode=0o700)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return QuietCache(str(folder / "templates"))


@cache
def user_environment(folder: str) -> Any:
    """A sandboxed environment: templates in folder first, then the bundled ones."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    def load(name: str) -> tuple[str, str, Any] | None:
        path = Path(folder, *name.split("/"))
        if path.is_file():
            return path.read_text(encoding="utf-8"), str(path), lambda: True
        return _bundled(name), name, lambda: True

    return _configured(SandboxedEnvironment(loader=jinja2.FunctionLoader(load)))


def _bundled(name: str) -> str:
    from eksgen.resources import templates_root

    return templates_root().joinpath(*name.split("/")).read_text(encoding="utf-8")


def _configured(env: Any) -> Any:
    import jinja2

    from eksgen.render.quoting import yaml_bool, yaml_int, yaml_scalar, yaml_string

    env.undefined = jinja2.StrictUndefined
    env.keep_trailing_newline = True
    env.autoescape = False
    filters = {
        "q": yaml_string,
        "num": yaml_int,
        "scalar": yaml_scalar,
        "bool": yaml_bool,
        "sh": shlex.quote,
    }
    env.filters |= {name: _strict(function) for name, function in filters.items()}
    return env


def _strict(function: Any) -> Any:
    """A filter that reports an undefined value as Jinja does (name and line), not as a type."""
    import jinja2

    def wrapped(value: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value)

    return wrapped
