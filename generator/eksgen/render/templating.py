"""The Jinja environments: bundled templates, StrictUndefined, quoting filters.

StrictUndefined makes a misspelt variable fail instead of rendering empty; every user value
goes through a filter that writes it as an unambiguous YAML (or shell) scalar. Templates a
user supplies (render --templates DIR) override bundled ones by name and run in Jinja's
sandbox, within limits of size, nesting and time (MAX_TEXT and the others below), and may
include only templates in their folder or bundled ones; their mistakes, whatever they are,
are reported as a TemplateError with the template's name and line.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, wraps
from pathlib import Path
from typing import Any, NamedTuple

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
        self.seconds_spent = 0.0  # in the user's templates, against RUN_TIME_LIMIT

    @property
    def from_user(self) -> bool:
        """Whether a user folder takes part: its templates' mistakes are the user's to fix."""
        return self.folder is not None

    def render(self, template: str, /, **context: Any) -> str:
        """Render a template, e.g. 'manifests/service.yaml.j2', with a context."""
        if self.folder is None:
            text: str = environment().get_template(template).render(**context)
            return text
        # A user template gets its own copy of the data: whatever it changes there (a
        # values.update(...)) cannot change what the read-back expects of its output.
        left = RUN_TIME_LIMIT - self.seconds_spent
        limit = TimeLimit(min(TIME_LIMIT, left), left < TIME_LIMIT)
        started = time.monotonic()
        try:
            return _render_user(self.folder, template, _detached(context), limit)
        finally:
            self.seconds_spent += time.monotonic() - started


def _detached(value: Any) -> Any:
    """A copy of value in which every dict, list, set and tuple is new (other objects are not).

    The models (App, Cluster) are frozen dataclasses of tuples; the dicts and lists a
    template is given are the ones the intents are built from.
    """
    kind = type(value)
    if kind is dict:
        return {key: _detached(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return kind(_detached(item) for item in value)
    if kind is set:
        return {_detached(item) for item in value}
    return value


@cache
def bundled() -> Templates:
    """The bundled templates alone."""
    return Templates()


class TimeLimit(NamedTuple):
    """The time one user template may take, and whether the run's budget sets it."""

    seconds: float
    run_budget: bool

    def message(self) -> str:
        """Why a template was stopped."""
        if self.run_budget:
            return (
                f"the templates of this render took longer than {RUN_TIME_LIMIT:g} s in all "
                "(a loop without end, or too long?)"
            )
        return f"took longer than {TIME_LIMIT:g} s (a loop without end, or too long?)"


def _render_user(folder: Path, template: str, context: dict[str, Any], limit: TimeLimit) -> str:
    """Render a user's template within the limits; every failure is a TemplateError."""
    import jinja2

    env = user_environment(str(folder))
    if limit.seconds <= 0:
        raise TemplateError(f"template {template}: {limit.message()}")
    usage = _Usage()
    token = _USAGE.set(usage)
    try:
        try:
            with _time_limit(limit.seconds):
                text: str = env.get_template(template).render(**context)
        except _Timeout:
            from jinja2.debug import rewrite_traceback_stack

            error: BaseException = rewrite_traceback_stack()
            message = limit.message()
            raise TemplateError(f"template {_where(error, template, env)}: {message}") from None
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"template {error.name or template} line {error.lineno}: {error.message}"
        ) from None
    except jinja2.TemplateNotFound as error:
        where = _where(error, template, env)
        message = f"no template {error.name!r} in {folder} or among the bundled templates"
        raise TemplateError(f"template {where}: {message}") from None
    except jinja2.TemplateError as error:
        raise TemplateError(f"template {_where(error, template, env)}: {error}") from None
    except RecursionError as error:
        message = (
            "nested too deeply (brackets or blocks, or a template or macro that includes or "
            "calls itself?)"
        )
        raise TemplateError(f"template {_where(error, template, env)}: {message}") from None
    except MemoryError as error:
        message = "ran out of memory (a text or list too large?)"
        raise TemplateError(f"template {_where(error, template, env)}: {message}") from None
    except Exception as error:  # a Python error in the template: 1 / 0, 1 + "a", ...
        message = f"{type(error).__name__}: {error}"
        raise TemplateError(f"template {_where(error, template, env)}: {message}") from None
    finally:
        _USAGE.reset(token)
    if template.endswith(".sh.j2") and len(text) > MAX_SCRIPT:
        raise TemplateError(
            f"template {template}: the script would be {len(text):,} characters "
            f"(the limit for a script is {MAX_SCRIPT:,})"
        )
    return text


def _where(error: BaseException, template: str, env: Any = None) -> str:
    """'name line N' from the innermost template frame Jinja puts in the traceback."""
    sources: set[str] = getattr(env, "eksgen_sources", set())
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.endswith(".j2") or frame.filename in sources
    ]
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


def render_html(template: str, /, **context: Any) -> str:
    """Render a bundled HTML template, e.g. 'plan/plan.html.j2', every value escaped."""
    text: str = html_environment().get_template(template).render(**context)
    return text


@cache
def html_environment() -> Any:
    """The bundled templates' environment for HTML: autoescape on, StrictUndefined.

    The same loader and bytecode cache as environment(); every value a template writes is
    HTML-escaped unless the code marks it safe, so a spec's text can never become markup.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_bundled),
        bytecode_cache=_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


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
    """A sandboxed environment: templates in folder first, then the bundled ones.

    Its templates may include only templates inside folder (no '..', no absolute name, no
    symbolic link that leads out) or bundled ones, and run within the limits above.
    """
    import jinja2

    sources: set[str] = set()
    root = Path(folder)

    def load(name: str) -> tuple[str, str, Any]:
        parts = _template_parts(name, folder)
        path = root.joinpath(*parts)
        if os.path.lexists(path):
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(root):
                raise _limit(
                    f"template {name!r} leads outside {folder} (a symbolic link); "
                    "templates may include only templates inside it or bundled ones"
                )
            if real.is_file():
                sources.add(str(path))
                return _read_user_template(real, name), str(path), lambda: True
        return _bundled(name), name, lambda: True

    env = _configured(_sandbox()(loader=jinja2.FunctionLoader(load), finalize=_finalize))
    env.eksgen_sources = sources
    env.concat = _concat
    env.globals["lipsum"] = _lipsum
    env.filters = {name: _guarded_filter(name, f) for name, f in env.filters.items()}
    return env


def _template_parts(name: Any, folder: str) -> list[str]:
    """The path segments of a template name; a name that could lead elsewhere is refused."""
    import jinja2

    if not isinstance(name, str):
        raise jinja2.TemplateNotFound(repr(name))
    parts = name.split("/")
    if "\\" in name or "\0" in name or any(part in ("", ".", "..") for part in parts):
        raise _limit(
            f"template {name!r} is not a plain relative name; templates may include only "
            f"templates inside {folder} or bundled ones"
        )
    return parts


def _read_user_template(path: Path, name: str) -> str:
    import jinja2

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as error:
        raise jinja2.TemplateError(f"{name}: {error.strerror}") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise jinja2.TemplateError(f"{name}: larger than {MAX_TEMPLATE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
        raise jinja2.TemplateError(message) from None


def _bundled(name: str) -> str:
    import jinja2

    from eksgen.resources import templates_root

    found = templates_root().joinpath(*name.split("/"))
    if not found.is_file():
        raise jinja2.TemplateNotFound(name)
    return found.read_text(encoding="utf-8")


# What a user template may do, whatever it does (render --templates runs it in-process).
# Kubernetes refuses an object over 1.5 MiB (etcd's request limit), so no text or list a
# template makes needs more than MAX_TEXT characters (items); the other limits keep a
# mistake, or a template made to hurt, from running without end or eating the memory.
MAX_TEXT = 2 * 1024 * 1024  # characters of one text (items of one list) a template makes
MAX_TOTAL = 32 * MAX_TEXT  # characters made by all the operations of one template render
MAX_INT_BITS = 16_384  # an integer from * or ** (about 4,900 digits)
MAX_NESTING = 64  # macro calls inside macro calls
MAX_WIDTH = 100_000  # a width, count or length given to a filter (center, indent, batch...)
MAX_TEMPLATE_BYTES = 1024 * 1024  # a template file
MAX_SCRIPT = 64 * 1024  # a shell script (its read-back, with shlex, is quadratic in a word)
TIME_LIMIT = 5.0  # seconds for one template render, includes and macros included
RUN_TIME_LIMIT = 10.0  # seconds for all the user's template renders of one eksgen run
# Filters whose work grows faster than their input: their input is kept shorter.
_SLOW_FILTERS = {"wordwrap": 65_536, "urlize": 65_536}
_GROWING_METHODS = {"append", "extend", "insert", "update", "add", "setdefault"}
_GROWING_FILTERS = {"join", "replace", "indent", "wordwrap", "format", "sum"}
_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}


class _Usage:
    """What the current user template render has made so far."""

    __slots__ = ("made", "nesting")

    def __init__(self) -> None:
        self.made = 0
        self.nesting = 0


_USAGE: ContextVar[_Usage | None] = ContextVar("eksgen_template_usage", default=None)


class _Timeout(BaseException):
    """Raised into the rendering thread when TIME_LIMIT is up.

    A BaseException, so that no `except Exception` in Jinja swallows it.
    """


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code in this block after seconds (between two Python instructions).

    The operations that could run long inside one instruction (a huge multiplication or
    power) are refused before they start, so an interruption always comes.
    """
    import ctypes
    import threading

    ident = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}
    set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc

    def fire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                set_async_exc(ctypes.c_ulong(ident), ctypes.py_object(_Timeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            if state["fired"]:
                set_async_exc(ctypes.c_ulong(ident), None)  # not delivered yet: drop it
        timer.cancel()


def _limit(message: str) -> Exception:
    """The error a template that goes over a limit gets (reported with its name and line)."""
    from jinja2.exceptions import SecurityError

    return SecurityError(message)


def _check_size(what: str, size: int, limit: int = MAX_TEXT) -> None:
    if size > limit:
        raise _limit(f"{what} would make {size:,} characters or items (the limit is {limit:,})")


def _made(value: Any, what: str) -> None:
    """Count what an operation made against MAX_TEXT and the render's MAX_TOTAL."""
    size = _weight(value)
    _check_size(what, size)
    usage = _USAGE.get()
    if usage is not None:
        usage.made += size
        if usage.made > MAX_TOTAL:
            raise _limit(
                f"the template made more than {MAX_TOTAL:,} characters in all "
                "(a loop that builds too much?)"
            )


def _weight(value: Any, limit: int = MAX_TEXT) -> int:
    """About how many characters str(value) has: lengths of texts, items of containers.

    Stops counting once over limit (the answer is then only known to be larger), so it
    costs no more than limit steps, even for a list that holds itself.
    """
    from jinja2 import Undefined
    from jinja2.utils import Namespace

    total = 0
    pending = [value]
    others: dict[int, int] = {}
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item)
        elif isinstance(item, bool) or item is None or isinstance(item, Undefined):
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, float | range):
            total += 24
        elif isinstance(item, Namespace):
            pending.append(item._Namespace__attrs)  # its repr shows them
        elif isinstance(item, dict):
            total += len(item)
            if total <= limit:
                pending.extend(item.keys())
                pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            if total <= limit:
                pending.extend(item)
        else:  # an object of the model: its repr, once
            if id(item) not in others:
                try:
                    others[id(item)] = len(repr(item))
                except Exception:
                    others[id(item)] = 1
            total += others[id(item)]
    return total


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be over the limits, before it runs."""
    sequence = (str, bytes, list, tuple)
    if operator == "*":
        for items, times in ((left, right), (right, left)):
            if isinstance(items, sequence) and _is_int(times) and times > 0:
                _check_size("'*'", _weight(items) * times)
        if _is_int(left) and _is_int(right):
            _check_bits("'*'", left.bit_length() + right.bit_length())
    elif operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            _check_bits("'**'", left.bit_length() * right)
    elif operator == "+":
        if isinstance(left, sequence) and isinstance(right, sequence):
            _check_size("'+'", _weight(left) + _weight(right))
    elif operator == "%" and isinstance(left, str | bytes):
        _check_percent(left, right)


def _check_bits(what: str, bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise _limit(
            f"{what} would make a number of about {bits:,} bits (the limit is {MAX_INT_BITS:,})"
        )


_PERCENT = r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]"
_BRACES = r"\d+"


def _check_percent(text: str | bytes, values: Any) -> None:
    """'%' formatting: the widths and the values it repeats."""
    import re

    fmt = text.decode("latin-1") if isinstance(text, bytes) else text
    specs = re.findall(_PERCENT, fmt)
    if isinstance(values, dict):
        given = list(values.values())
    elif isinstance(values, tuple):
        given = list(values)
    else:
        given = [values]
    widths = [int(number) for spec in specs for number in spec if number.isdigit()]
    if any(number == "*" for spec in specs for number in spec):
        widths += [abs(value) for value in given if _is_int(value)]
    _check_format_size("'%'", len(fmt), len(specs), widths, given)


def _check_format(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """str.format: the widths in its fields and the values it repeats."""
    import re
    from string import Formatter

    fields = [spec for _, name, spec, _ in Formatter().parse(text) if name is not None]
    given = [*args, *kwargs.values()]
    if len(args) == 1 and isinstance(args[0], dict) and not kwargs:  # format_map
        given = list(args[0].values())
    widths = [int(number) for spec in fields for number in re.findall(_BRACES, spec or "")]
    if any("{" in (spec or "") for spec in fields):  # a width taken from the values
        widths += [abs(value) for value in given if _is_int(value)]
    _check_format_size("str.format", len(text), len(fields), widths, given)


def _check_format_size(
    what: str, length: int, fields: int, widths: list[int], values: list[Any]
) -> None:
    widest = max(widths, default=0)
    _check_size(what, widest)
    largest = max((_weight(value) for value in values), default=0)
    _check_size(what, length + fields * (largest + widest + 32))


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Methods of texts and lists that could make something over the limits; the args.

    The iterable given to str.join is made a list first (with at most MAX_TEXT items), so
    that what join makes is known before it runs.
    """
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, str | bytes) and name == "join" and len(args) == 1:
        args = (_bounded_list(args[0], "join()"),)
    wrapped = getattr(function, "__wrapped__", None)
    if name in ("format", "format_map") and isinstance(getattr(wrapped, "__self__", None), str):
        _check_format(wrapped.__self__, args, kwargs)  # type: ignore[union-attr]
    elif isinstance(owner, str | bytes | bytearray):
        _check_text_method(owner, name, [*args, *kwargs.values()])
    elif isinstance(owner, list | dict | set | bytearray) and name in _GROWING_METHODS:
        added = sum(len(a) if isinstance(a, list | tuple | dict | set) else 1 for a in args)
        _check_size(f"{name}()", len(owner) + added)
    return args


def _check_text_method(text: str | bytes | bytearray, name: str, args: list[Any]) -> None:
    first = args[0] if args else None
    if name in _WIDTH_METHODS and isinstance(first, int):
        _check_size(f"{name}()", first)
    elif name == "expandtabs":
        tab = first if isinstance(first, int) and not isinstance(first, bool) else 8
        tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
        _check_size("expandtabs()", len(text) + tabs * tab)
    elif name == "join" and isinstance(first, list):
        _check_size("join()", _weight(first) + len(first) * len(text))
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str | bytes) and isinstance(new, str | bytes):
            found = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
            _check_size("replace()", len(text) + found * len(new))
    elif name == "translate" and isinstance(first, dict):
        longest = max((_weight(value) for value in first.values()), default=1)
        _check_size("translate()", len(text) * max(longest, 1))


def _guarded_filter(name: str, function: Any) -> Any:
    """A filter that refuses inputs and results over the limits (and counts what it made)."""
    import inspect

    skip = 1 if hasattr(function, "jinja_pass_arg") else 0
    signature = inspect.signature(function) if name in _GROWING_FILTERS else None
    slow = _SLOW_FILTERS.get(name)

    @wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        given = [*args[skip:], *kwargs.values()]
        for value in given:
            _check_size(f"the input of filter {name!r}", _weight(value))
        if name in _WIDTH_FILTERS:
            for value in given[1:]:
                if _is_int(value) and abs(value) > MAX_WIDTH:
                    raise _limit(
                        f"filter {name!r} takes numbers up to {MAX_WIDTH:,}, not {value:,}"
                    )
        if slow is not None and args[skip:] and _weight(args[skip]) > slow:
            raise _limit(f"filter {name!r} takes at most {slow:,} characters")
        if name in ("join", "sum") and len(args) > skip and not isinstance(args[skip], Sized):
            args = (*args[:skip], _bounded_list(args[skip], f"filter {name!r}"), *args[skip + 1 :])
        if signature is not None:
            try:
                bound = signature.bind(*args, **kwargs).arguments
            except TypeError:  # the filter itself reports it
                bound = {}
            _check_filter(name, bound)
        result = function(*args, **kwargs)
        _made(result, f"filter {name!r}")
        return result

    return guarded


def _bounded_list(values: Any, what: str) -> list[Any]:
    from itertools import islice

    items = list(islice(values, MAX_TEXT + 1))
    _check_size(f"the input of {what}", len(items))
    return items


def _check_filter(name: str, bound: dict[str, Any]) -> None:
    """Filters whose result can be much larger than their input."""
    text = next((bound[key] for key in ("s", "value") if key in bound), None)
    size = _weight(text)
    if name == "join" and isinstance(text, Sized):
        _check_size("filter 'join'", size + len(text) * _weight(str(bound.get("d", ""))))
    elif name == "replace":
        old, new = str(bound.get("old", "")), str(bound.get("new", ""))
        found = str(text).count(old) if old else size + 1
        _check_size("filter 'replace'", size + found * len(new))
    elif name == "indent":
        width = bound.get("width", 4)
        step = abs(width) if _is_int(width) else _weight(width)
        _check_size("filter 'indent'", size + (str(text).count("\n") + 1) * step)
    elif name == "wordwrap":
        width = bound.get("width", 79)
        breaks = size // max(width if _is_int(width) else 1, 1) + 1
        _check_size("filter 'wordwrap'", size + breaks * _weight(bound.get("wrapstring") or "\n"))
    elif name == "format" and isinstance(text, str):
        _check_percent(text, tuple(bound.get("args", ())) or bound.get("kwargs", {}))
    elif name == "sum" and isinstance(bound.get("start"), str | list | tuple):
        items = bound.get("iterable")
        count = len(items) if isinstance(items, Sized) else 1
        _check_size("filter 'sum'", count * _weight(items), MAX_TOTAL)


def _finalize(value: Any) -> Any:
    """Every {{ value }}: what str() of it makes stays within MAX_TEXT."""
    if not isinstance(value, str):
        _check_size("writing the value", _weight(value))
    return value


def _concat(parts: Iterable[str]) -> str:
    """The output of a template, macro or block: within MAX_TEXT (and counted)."""
    kept: list[str] = []
    size = 0
    for part in parts:
        size += len(part)
        _check_size("the output", size)
        kept.append(part)
    text = "".join(kept)
    _made(text, "the output")
    return text


def _join(parts: tuple[Any, ...]) -> str:
    """The '~' operator."""
    _check_size("'~'", sum(_weight(part) for part in parts))
    text = "".join(map(str, parts))
    _made(text, "'~'")
    return text


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's lipsum, within the limits."""
    from jinja2.utils import generate_lorem_ipsum

    if not all(_is_int(number) for number in (n, min, max)):
        raise _limit("lipsum() takes whole numbers")
    _check_size("lipsum()", abs(n) * abs(max) * 12)
    return generate_lorem_ipsum(n, html, min, max)


@cache
def _sandbox() -> Any:
    """Jinja's SandboxedEnvironment with eksgen's limits on operators, calls and nesting."""
    from jinja2.compiler import CodeGenerator
    from jinja2.runtime import Macro
    from jinja2.sandbox import SandboxedEnvironment

    class Generator(CodeGenerator):
        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.eksgen_join((")
            for argument in node.nodes:
                self.visit(argument, frame)
                self.write(", ")
            self.write("))")

    class Sandbox(SandboxedEnvironment):
        code_generator_class = Generator
        intercepted_binops = frozenset({"*", "**", "+", "%"})
        eksgen_join = staticmethod(_join)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            result = super().call_binop(context, operator, left, right)
            _made(result, f"{operator!r}")
            return result

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            args = _check_call(__obj, args, kwargs)
            usage = _USAGE.get()
            nested = usage is not None and isinstance(__obj, Macro)
            if nested:
                assert usage is not None
                if usage.nesting >= MAX_NESTING:
                    raise _limit(
                        f"macro calls nested deeper than {MAX_NESTING} "
                        "(a macro that calls itself without end?)"
                    )
                usage.nesting += 1
            try:
                result = super().call(__context, __obj, *args, **kwargs)
            finally:
                if nested:
                    assert usage is not None
                    usage.nesting -= 1
            _made(result, "the call")
            return result

    return Sandbox


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
        "sh": _shell_word,
    }
    env.filters |= {name: _strict(function) for name, function in filters.items()}
    return env


def _shell_word(value: str) -> str:
    """The sh filter: a value as one word of a shell command (the add-ons' scripts only)."""
    import shlex

    return shlex.quote(value)


def _strict(function: Any) -> Any:
    """A filter that reports an undefined value as Jinja does (name and line), not as a type."""
    import jinja2

    def wrapped(value: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value)

    return wrapped
