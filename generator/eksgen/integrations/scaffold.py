"""eksgen init: a new app repository from the packaged cookiecutter template.

Every answer is checked before anything is written, against the App schema and the rules
that `eksgen validate` runs, so a bad answer gets the very message a bad spec would (how the
repository installs eksgen, install_from, is read as pip reads a requirement). The
repository is generated in a staging folder beside its destination, completed there (the
bundled schema, rendered/), and moved into place with one rename: a failure leaves nothing.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from jinja2.ext import Extension

from eksgen.errors import InvalidInput, OutputError, Problem, UsageError
from eksgen.integrations.install import (
    EXPECTED,
    BadRequirement,
    InstallSource,
    install_source,
    notes,
    running_source,
)
from eksgen.spec.load import API_VERSION

TEMPLATE_PACKAGE = "eksgen.templates.cookiecutter"
CONTAINER_PORT = 8080
# Answers an app without a load balancer does not use: not asked when exposure is none.
LOAD_BALANCER_ANSWERS = ("scheme", "hostname", "certificate_arn")
# Spec field (as eksgen prints it) -> the answer that fills it; the first prefix match wins.
ANSWER_OF_FIELD = (
    ("metadata.name", "app_name"),
    ("metadata.namespace", "namespace"),
    ("spec.exposure.type", "exposure"),
    ("spec.exposure.scheme", "scheme"),
    ("spec.hosts", "hostname"),
    ("spec.tls", "certificate_arn"),
    ("spec.dbAccess", "security_group_ids"),
)
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
FOLDER_EXPECTED = (
    "a folder name: at most 100 letters, digits, '.', '_' and '-', starting with a letter or digit"
)

Ask = Callable[[str, str, Sequence[str]], str]
"""Ask one question: (answer key, default, choices or []) -> the answer."""


@dataclass(frozen=True)
class Scaffolded:
    """A repository eksgen init created, and what its user should know about it."""

    path: Path
    notes: tuple[str, ...]


def scaffold(
    output_dir: Path, answers: dict[str, str], no_input: bool, *, ask: Ask | None = None
) -> Scaffolded:
    """Create the repository in output_dir/<repo_name>.

    answers (from --set) override the template's defaults. With no_input nothing is asked
    and any bad answer raises InvalidInput; otherwise each question is asked, with the given
    answer as its default, until its answer is valid. Unknown keys raise UsageError.
    """
    _check_keys(answers)
    if no_input:
        resolved = resolve_answers(answers)
        problems = _given_first(_problems(resolved, output_dir), answers)
        if problems:
            raise InvalidInput([_problem(key, message) for key, message in problems])
    else:
        resolved = _interview(answers, output_dir, ask or _ask_terminal)
    source = _install_source(resolved["install_from"])
    path = _generate(output_dir, resolved | {"install_from": source.requirement}, source)
    return Scaffolded(path, tuple(notes(source)))


def parse_sets(items: Sequence[str]) -> dict[str, str]:
    """Answers from repeated --set key=value flags; a later key wins."""
    answers: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--set {item}: expected KEY=VALUE, e.g. app_name=orders")
        answers[key.strip()] = value
    _check_keys(answers)
    return answers


def with_install_from(answers: dict[str, str], value: str) -> dict[str, str]:
    """The answers with install_from from --install-from: the requirement the value names.

    A value that is neither a pip requirement for eksgen nor a path to one is a usage error.
    """
    if "install_from" in answers:
        raise UsageError("--install-from and --set install_from=... answer one question: give one")
    try:
        source = install_source(value)
    except BadRequirement as error:
        raise UsageError(f"--install-from {value!r} {error}; expected {EXPECTED}") from None
    return answers | {"install_from": source.requirement}


def validate_answers(answers: dict[str, str], output_dir: Path | None = None) -> list[str]:
    """'key: message' for each bad answer (defaults fill the missing ones); empty when valid."""
    _check_keys(answers)
    problems = _given_first(_problems(resolve_answers(answers), output_dir), answers)
    return [f"{key}: {message}" for key, message in problems]


def resolve_answers(given: dict[str, str]) -> dict[str, str]:
    """Every answer: the given ones, and defaults rendered from the answers before them."""
    context = template_context()
    env = _cookiecutter("utils").create_env_with_context({"cookiecutter": context})
    render_variable = _cookiecutter("prompt").render_variable
    # What the defaults may name besides the answers before them.
    known = {"_eksgen_install": running_source().requirement}
    answers: dict[str, str] = {}
    for key, raw in _questions(context).items():
        if key in given:
            answers[key] = given[key]
        elif isinstance(raw, list):
            answers[key] = str(raw[0])
        else:
            answers[key] = str(render_variable(env, raw, answers | known))
    return answers


def app_spec(answers: dict[str, str]) -> dict[str, Any]:
    """The App spec that apps/<app_name>.yaml holds for these (resolved) answers."""
    exposure = answers["exposure"]
    tls_port = exposure == "nlb" and bool(answers["certificate_arn"])
    name, port = ("https", 443) if tls_port else ("http", 80)
    spec: dict[str, Any] = {
        "ports": [{"name": name, "port": port, "targetPort": CONTAINER_PORT}],
        "exposure": {"type": exposure},
    }
    if exposure != "none":
        spec["exposure"]["scheme"] = answers["scheme"]
        spec["hosts"] = [answers["hostname"]]
    if answers["certificate_arn"]:
        spec["tls"] = {"certificateArns": [answers["certificate_arn"]]}
    group_ids = split_ids(answers["security_group_ids"])
    if group_ids:
        spec["dbAccess"] = {"securityGroupIds": group_ids}
    metadata = {"name": answers["app_name"], "namespace": answers["namespace"]}
    return {"apiVersion": API_VERSION, "kind": "App", "metadata": metadata, "spec": spec}


def split_ids(text: str) -> list[str]:
    """'sg-1, sg-2' -> ['sg-1', 'sg-2']; blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


@cache
def template_context() -> dict[str, Any]:
    """The template's cookiecutter.json."""
    text = files(TEMPLATE_PACKAGE).joinpath("cookiecutter.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _questions(context: dict[str, Any]) -> dict[str, Any]:
    """The answers a user gives, in order: the keys of cookiecutter.json without a '_'."""
    return {key: raw for key, raw in context.items() if not key.startswith("_")}


def _check_keys(answers: dict[str, str]) -> None:
    known = list(_questions(template_context()))
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise UsageError(f"unknown answer(s) {', '.join(unknown)} (expected: {', '.join(known)})")


def _install_source(value: str) -> InstallSource:
    """The source install_from names; the running eksgen's keeps the tag its commit came from."""
    running = running_source()
    return running if value == running.requirement else install_source(value)


def _problems(answers: dict[str, str], output_dir: Path | None) -> list[tuple[str, str]]:
    """(answer key, message) for each bad answer, each message once, in question order."""
    found = _schema_problems(answers) or _rule_problems(answers)
    repo_name = answers["repo_name"]
    if not _FOLDER_NAME.fullmatch(repo_name):
        found.append(("repo_name", f"{repo_name!r} is not {FOLDER_EXPECTED}"))
    elif output_dir is not None and (output_dir / repo_name).exists():
        found.append(("repo_name", f"{output_dir / repo_name} exists already"))
    try:
        install_source(answers["install_from"])
    except BadRequirement as error:
        found.append(("install_from", f"{answers['install_from']!r} {error}; expected {EXPECTED}"))
    order = list(_questions(template_context()))
    return sorted(dict.fromkeys(found), key=lambda item: order.index(item[0]))


def _given_first(problems: list[tuple[str, str]], given: dict[str, str]) -> list[tuple[str, str]]:
    """The problems of the given answers; those of defaults only when the given are fine.

    A default rendered from a bad answer (hostname from app_name) would only repeat it.
    """
    return [problem for problem in problems if problem[0] in given] or problems


def _schema_problems(answers: dict[str, str]) -> list[tuple[str, str]]:
    """Each answer against its field of the App schema, whatever the exposure."""
    from eksgen.spec.load import Document
    from eksgen.spec.validate import validate_document

    spec = app_spec(answers)
    # Validate the answers a spec without a load balancer leaves out, too.
    spec["spec"]["exposure"]["scheme"] = answers["scheme"]
    spec["spec"]["hosts"] = [answers["hostname"]]
    document = Document("", 0, spec, None)
    return [(_answer_of(p.path), p.message) for p in validate_document(document)]


def _rule_problems(answers: dict[str, str]) -> list[tuple[str, str]]:
    """The errors `eksgen validate` finds in the spec as written (answers that clash)."""
    from eksgen.lint.engine import check_specs
    from eksgen.model.app import build_app
    from eksgen.spec.load import Document

    app = build_app(Document("", 0, app_spec(answers), None))
    errors = [problem for problem in check_specs([app]).problems if problem.is_error]
    return [(_answer_of(p.path), f"{p.message} ({p.rule})") for p in errors]


def _answer_of(path: str) -> str:
    for prefix, key in ANSWER_OF_FIELD:
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return key
    return "app_name"  # a rule about the spec as a whole


def _problem(key: str, message: str) -> Problem:
    return Problem("", 0, 0, key, f"{key}: {message}")


def _interview(given: dict[str, str], output_dir: Path, ask: Ask) -> dict[str, str]:
    """Ask every question in order; ask again, with the message, after a bad answer."""
    context = template_context()
    answers: dict[str, str] = {}
    for key, raw in _questions(context).items():
        default = resolve_answers(given | answers)[key]
        skip = answers.get("exposure") == "none" and key in LOAD_BALANCER_ANSWERS
        if skip and key not in given:
            answers[key] = default
            continue
        choices = [str(choice) for choice in raw] if isinstance(raw, list) else []
        while True:
            try:
                answers[key] = ask(key, default, choices)
            except EOFError:
                raise UsageError("no answer on stdin; use --no-input with --set") from None
            problems = _problems(resolve_answers(given | answers), output_dir)
            own = [message for problem_key, message in problems if problem_key == key]
            if not own:
                break
            for message in own:
                sys.stderr.write(f"{key}: {message}\n")
    resolved = resolve_answers(answers)
    problems = _given_first(_problems(resolved, output_dir), answers)
    if problems:
        raise InvalidInput([_problem(key, message) for key, message in problems])
    return resolved


def _ask_terminal(key: str, default: str, choices: Sequence[str]) -> str:
    prompt = _cookiecutter("prompt")
    prompts = template_context().get("__prompts__", {})
    if choices:
        rest = [choice for choice in choices if choice != default]
        ordered = [default, *rest] if default in choices else list(choices)
        return str(prompt.read_user_choice(key, ordered, prompts))
    return str(prompt.read_user_variable(key, default, prompts))


def _cookiecutter(module: str) -> Any:
    """A cookiecutter module (untyped: imported by name, so that mypy sees Any)."""
    return importlib.import_module(f"cookiecutter.{module}")


def _generate(output_dir: Path, answers: dict[str, str], source: InstallSource) -> Path:
    """Generate in a staging folder inside output_dir, complete it, publish it in place."""
    from eksgen.output.write import publish
    from eksgen.version import __version__

    app = _app(app_spec(answers))
    context = answers | {
        "_eksgen_version": __version__,
        "_values": chart_values(app),
        "_install": source.template_context(),
    }
    target = output_dir / answers["repo_name"]
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".eksgen-init-", dir=output_dir))
    except OSError as error:
        raise OutputError(f"{output_dir}: cannot create the repository here: {error}") from None
    try:
        with as_file(files(TEMPLATE_PACKAGE)) as template, tempfile.TemporaryDirectory() as home:
            config = {"replay_dir": home, "cookiecutters_dir": home}  # nothing in ~, no ~/.rc
            made = _cookiecutter("main").cookiecutter(
                str(template),
                no_input=True,
                extra_context=context,
                output_dir=str(staging),
                default_config=config,
                accept_hooks=False,
            )
        repo = Path(made)
        _complete(repo, app)
        publish(repo, target, replace=False)
    except OSError as error:
        raise OutputError(f"{target}: {error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _app(spec: dict[str, Any]) -> Any:
    """The App model of a valid spec."""
    from eksgen.model.app import build_app
    from eksgen.spec.load import Document

    return build_app(Document("", 0, spec, None))


def chart_values(app: Any) -> dict[str, Any]:
    """The chart's defaults: the helm-values layout plus service.selector, from the model."""
    from eksgen.model.defaults import DNS_ANNOTATION_PREFIX
    from eksgen.render.helm_values import chart_values as values_of

    return values_of(app, DNS_ANNOTATION_PREFIX)


def _complete(repo: Path, app: Any) -> None:
    """Add what the template cannot hold: eksgen's schema, and rendered/ from apps/."""
    from eksgen.api import render
    from eksgen.model.defaults import DNS_ANNOTATION_PREFIX
    from eksgen.output.write import write_tree
    from eksgen.render.manifests import render_app
    from eksgen.resources import schema_text

    schemas = repo / "schemas"
    schemas.mkdir()
    (schemas / "app.schema.json").write_text(schema_text("app"), encoding="utf-8")
    result = render([str(repo / "apps")])
    expected = [manifest.text for manifest in render_app(app, DNS_ANNOTATION_PREFIX)]
    if [manifest.text for manifest in result.manifests] != expected:
        # The template wrote another spec than the one the answers were checked as.
        raise RuntimeError("apps/ does not hold the spec the answers were validated as")
    write_tree(result.files, repo / "rendered")


def _yaml(value: Any) -> str:
    """A YAML scalar, quoted only when it needs it (eksgen's own rules)."""
    from eksgen.render.quoting import yaml_bool, yaml_int, yaml_string

    if isinstance(value, bool):
        return yaml_bool(value)
    return yaml_int(value) if isinstance(value, int) else yaml_string(value)


class TemplateFilters(Extension):
    """The template's filters: yaml (a safe YAML scalar) and id_list (comma-separated IDs)."""

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.filters["yaml"] = _yaml
        environment.filters["id_list"] = split_ids
