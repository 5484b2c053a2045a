"""Run one fuzz case in a forked child and check every invariant eksgen promises.

A Case is a command line (eksgen or eksgen-krm), the files it reads and its stdin. execute()
makes a fresh work folder, writes the files, forks, and runs the command in the child with
the current folder set to the work folder, stdin/stdout/stderr as UTF-8 byte streams (as a
terminal would give them), an alarm (TIME_LIMIT) and an address-space limit (MEMORY_LIMIT
above what the test process already maps). check() then asserts, in the parent:

- the child finished by itself (no timeout, no signal, no exception escaping the entry point);
- the exit code is 0, 1 or 2 (eksgen-krm: 0 or 1); 3 is an internal error, a bug;
- stderr holds no "Traceback" and no "internal error";
- exit != 0 wrote nothing: the work folder is exactly as before (no output folder, no
  staging folder, no half-written file);
- exit 0 wrote only where asked (the -o path), and every .yaml/.yml/.json file written
  parses back as YAML 1.2, and every Kubernetes object in it is valid for its kind;
- stdout is what the command promises: a YAML stream of valid objects (render), JSON
  (--output json/sarif), a ResourceList (eksgen-krm), App specs (import).

Forking keeps every case isolated (no state leaks from one case to the next, a runaway case
is killed) while the modules and caches already loaded in the test process make each case
cost only its own run. Platforms without fork are skipped.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import io
import itertools
import json
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

TIME_LIMIT = 10  # seconds of wall-clock time per case
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space a case may add
EXAMPLES = ROOT / "examples"
KNOWN_EXIT = {"eksgen": {0, 1, 2}, "eksgen-krm": {0, 1}}
PARSED_SUFFIXES = (".yaml", ".yml", ".json")
# Profiles that mean "the CI budget": Hypothesis' default and the "ci" of tests/conftest.py.
CI_PROFILES = ("default", "ci")
# Kinds eksgen writes that have no schema to check here (kustomize, its own specs, KRM).
UNCHECKED_KINDS = {"Kustomization", "Component", "App", "Cluster", "List", "ResourceList"}


def ci_budget() -> bool:
    """Whether the tests run under the CI budget (not --hypothesis-profile=fuzz or deep)."""
    from hypothesis import settings

    return settings.get_current_profile_name() in CI_PROFILES


@dataclass(frozen=True)
class Case:
    """One run: argv (relative to the work folder), files to create there, stdin."""

    args: tuple[str, ...]
    files: tuple[tuple[str, bytes], ...] = ()
    stdin: bytes = b""
    entry: str = "eksgen"  # or "eksgen-krm"
    prerender: bool = False  # render the examples into "out" first (an existing tree)
    note: str = ""

    @property
    def outputs(self) -> tuple[str, ...]:
        """The paths the command may write (after -o / --output-dir; import's --output)."""
        command = self.args[0] if self.args else ""
        flags = {"-o", "--output-dir"} | ({"--output"} if command == "import" else set())
        found = [value for flag, value in itertools.pairwise(self.args) if flag in flags]
        for arg in self.args:
            name, equals, value = arg.partition("=")
            if equals and name in flags and name.startswith("--"):
                found.append(value)
        return tuple(found)

    def corpus_text(self) -> bytes:
        """This case as a corpus file (see README.md); exact when it reads one input."""
        args = list(self.args)
        header = [f"# {self.note or 'fuzz case'}"]
        options = []
        body = b""
        if self.entry == "eksgen-krm":
            args = ["eksgen-krm"]
            body = self.stdin
        elif self.stdin:
            options.append("# stdin")
            body = self.stdin
        elif self.files:
            name, body = self.files[0]
            if name in args:
                args = ["{input}" if arg == name else arg for arg in args]
            options.append(f"# file: {name}")
            if len(self.files) > 1:
                header[0] += f" (the first of {len(self.files)} input files)"
        if self.prerender:
            options.append("# prerender")
        args = [arg.replace(str(EXAMPLES), "{examples}") for arg in args]
        header.append(f"# args: {json.dumps(args)}")
        return ("\n".join(header + options) + "\n").encode() + body


@dataclass
class Outcome:
    """What happened in the child, and the work folder before and after."""

    code: int | None
    stdout: bytes
    stderr: bytes
    seconds: float
    signal: int | None
    escaped: str  # a traceback that escaped the entry point, else ""
    before: dict[str, str]
    after: dict[str, str]
    workdir: Path

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def _current_address_space() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@functools.cache
def scratch(name: str) -> str:
    """A folder for this test run (work folders, the template cache), removed at exit."""
    path = tempfile.mkdtemp(prefix=f"eksgen-fuzz-{name}-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@functools.cache
def warm_up() -> None:
    """Import and initialise in this process what every child would otherwise load again."""
    if not hasattr(os, "fork"):
        pytest.skip("the fuzz harness forks one child per case")
    with tempfile.TemporaryDirectory(prefix="eksgen-fuzz-warm-") as folder:
        stream = (ROOT / "tests" / "golden" / "_stream" / "stream.yaml").read_bytes()
        krm = _krm_list(_app_text())
        for case in (
            Case(("render", str(EXAMPLES), "-o", "out")),
            Case(("render", str(EXAMPLES), "-o", "helm", "--format", "helm-values")),
            Case(("validate", str(EXAMPLES), "--output", "sarif")),
            Case(("plan", str(EXAMPLES), "--output", "json")),
            Case(("capacity", str(EXAMPLES / "cluster.yaml"))),
            Case(("import", "-"), stdin=stream),
            Case(("eksgen-krm",), stdin=krm, entry="eksgen-krm"),
        ):
            _child_run(case, Path(folder), os.devnull)
        _object_checkers()


def _app_text() -> str:
    return (EXAMPLES / "alb-shared.yaml").read_text()


def _krm_list(app: str) -> bytes:
    indented = "\n".join("  " + line for line in app.splitlines())
    return f"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n{indented}\n".encode()


def _child_run(case: Case, workdir: Path, result_dir: str) -> None:
    """Run the case in this process (the child): stdio are UTF-8 byte streams.

    Everything it changes (environment, stdio, current folder) is put back, so that the
    warm-up can run it in the test process itself.
    """
    saved_environ = dict(os.environ)
    os.environ.pop("EKSGEN_DEBUG", None)
    os.environ["NO_COLOR"] = "1"
    os.environ["EKSGEN_CACHE_DIR"] = scratch("cache")
    saved = (sys.stdin, sys.stdout, sys.stderr, Path.cwd())
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    sys.stdin = io.TextIOWrapper(io.BytesIO(case.stdin), encoding="utf-8", errors="strict")
    sys.stdout, sys.stderr = stdout, stderr
    escaped = ""
    code: int | None = None
    try:
        os.chdir(workdir)
        if case.entry == "eksgen-krm":
            from eksgen.integrations.krm import main

            try:
                main()
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        else:
            from eksgen.cli.app import run

            code = run(list(case.args))
    except BaseException:  # anything escaping the entry point is a crash
        escaped = traceback.format_exc()
    finally:
        for stream in (stdout, stderr):
            try:
                stream.flush()
            except Exception:  # a lone surrogate left in the buffer, say
                escaped = escaped or traceback.format_exc()
        sys.stdin, sys.stdout, sys.stderr = saved[:3]
        os.chdir(saved[3])
        os.environ.clear()
        os.environ.update(saved_environ)
    if result_dir == os.devnull:
        return
    folder = Path(result_dir)
    (folder / "stdout").write_bytes(stdout.buffer.getvalue())  # type: ignore[attr-defined]
    (folder / "stderr").write_bytes(stderr.buffer.getvalue())  # type: ignore[attr-defined]
    (folder / "result.json").write_text(json.dumps({"code": code, "escaped": escaped}))


def _snapshot(root: Path) -> dict[str, str]:
    """relative path -> 'dir', 'link:target' or the sha256 of the file's bytes."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        for name in dirnames + filenames:
            path = base / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[relative] = f"link:{path.readlink()}"
            elif path.is_dir():
                found[relative] = "dir"
            else:
                try:
                    found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError as error:
                    found[relative] = f"unreadable:{error.errno}"
    return found


def _fork(case: Case, workdir: Path) -> tuple[int | None, int | None, dict[str, Any], float]:
    """Fork, run the case in the child; (exit status, signal, result, seconds)."""
    with tempfile.TemporaryDirectory(prefix="eksgen-fuzz-result-") as result_dir:
        limit = _current_address_space() + MEMORY_LIMIT
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 70
            try:
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                signal.alarm(TIME_LIMIT)
                if sys.platform.startswith("linux"):
                    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                _child_run(case, workdir, result_dir)
                status = 0
            finally:
                os._exit(status)
        _, wait_status = os.waitpid(pid, 0)
        seconds = time.monotonic() - started
        signalled = os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None
        exited = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else None
        result: dict[str, Any] = {}
        folder = Path(result_dir)
        if (folder / "result.json").exists():
            result = json.loads((folder / "result.json").read_text())
            result["stdout"] = (folder / "stdout").read_bytes()
            result["stderr"] = (folder / "stderr").read_bytes()
        return exited, signalled, result, seconds


def execute(case: Case, workdir: Path) -> Outcome:
    """Write the case's files into workdir, run it in a child, and describe what happened."""
    warm_up()
    for name, data in case.files:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if case.prerender:
        first = Case(("render", str(EXAMPLES), "-o", "out"))
        _, _, result, _ = _fork(first, workdir)
        assert result.get("code") == 0, result
    before = _snapshot(workdir)
    exited, signalled, result, seconds = _fork(case, workdir)
    after = _snapshot(workdir)
    escaped = result.get("escaped", "")
    if not result and exited not in (None, 0):
        escaped = f"child exited with status {exited} before reporting"
    return Outcome(
        code=result.get("code"),
        stdout=result.get("stdout", b""),
        stderr=result.get("stderr", b""),
        seconds=seconds,
        signal=signalled,
        escaped=escaped,
        before=before,
        after=after,
        workdir=workdir,
    )


def run_case(case: Case) -> Outcome:
    """execute() and check() in a fresh work folder, removed afterwards."""
    with tempfile.TemporaryDirectory(dir=scratch("work")) as folder:
        outcome = execute(case, Path(folder))
        check(case, outcome)
        return outcome


# ---------------------------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------------------------


def _describe(case: Case, outcome: Outcome) -> str:
    stderr = outcome.err
    if len(stderr) > 3000:
        stderr = stderr[:3000] + f"... ({len(stderr)} characters)"
    corpus = case.corpus_text()
    shown = corpus[:2000].decode("utf-8", "backslashreplace")
    return (
        f"\ncase: {case.entry} {list(case.args)!r}"
        f"\nexit: {outcome.code} signal: {outcome.signal} seconds: {outcome.seconds:.2f}"
        f"\nstderr:\n{stderr}"
        f"\n{outcome.escaped}"
        f"\ncorpus entry ({len(corpus)} bytes):\n{shown}"
    )


def check(case: Case, outcome: Outcome) -> None:
    """Assert every invariant of the module docstring."""
    about = _describe(case, outcome)
    if outcome.signal == signal.SIGALRM:
        raise AssertionError(f"timed out: killed after {TIME_LIMIT} s{about}")
    assert outcome.signal is None, f"killed by signal {outcome.signal}{about}"
    assert not outcome.escaped, f"an exception escaped the entry point{about}"
    assert outcome.code in KNOWN_EXIT[case.entry], f"exit code {outcome.code}{about}"
    assert "Traceback" not in outcome.err, f"a traceback on stderr{about}"
    assert "internal error" not in outcome.err.lower(), f"an internal error{about}"
    assert outcome.seconds < TIME_LIMIT, f"took {outcome.seconds:.1f} s{about}"
    changed = {
        path
        for path in set(outcome.before) | set(outcome.after)
        if outcome.before.get(path) != outcome.after.get(path)
    }
    if outcome.code != 0:
        assert not changed, f"exit {outcome.code} but wrote {sorted(changed)[:10]}{about}"
    else:
        allowed = tuple(Path(path).as_posix().rstrip("/") for path in case.outputs)
        stray = [
            path
            for path in changed
            if not any(path == out or path.startswith(out + "/") for out in allowed)
        ]
        assert not stray, f"wrote outside the output {allowed}: {sorted(stray)[:10]}{about}"
        for path in sorted(changed):
            full = outcome.workdir / path
            if full.is_file() and full.suffix in PARSED_SUFFIXES:
                try:
                    check_text(full.read_bytes(), path)
                except AssertionError as error:
                    raise AssertionError(f"{error}{about}") from None
    try:
        check_stdout(case, outcome)
    except AssertionError as error:
        raise AssertionError(f"{error}{about}") from None


def _stdout_kind(case: Case) -> str:
    args = list(case.args)
    if case.entry == "eksgen-krm":
        return "resource-list"
    command = args[0] if args else ""
    if command in ("validate", "plan", "capacity"):
        output = _option(args, "--output")
        return "json" if output in ("json", "sarif") else "text"
    if command == "render" and not case.outputs:
        return "objects"
    if command == "import" and not case.outputs:
        return "objects"
    return "text"


def _input_items(stdin: bytes) -> int | None:
    """How many items the input ResourceList holds, read as eksgen-krm reads it."""
    from ruamel.yaml import YAML

    try:
        body = YAML(typ="rt").load(stdin.decode("utf-8"))
        return len(list(body.get("items") or []))
    except Exception:  # any input the harness cannot count: generated items not checked
        return None


def _option(args: list[str], name: str) -> str | None:
    """The value of an option given once or more (the last one wins, as in click)."""
    found = None
    for flag, value in itertools.pairwise(["", *args]):
        if flag == name:
            found = value
        elif value.startswith(name + "="):
            found = value.split("=", 1)[1]
    return found


def check_stdout(case: Case, outcome: Outcome) -> None:
    """stdout is what the command promises."""
    kind = _stdout_kind(case)
    if kind == "resource-list":
        # Round-trip reading: the input items come back as given, complex keys and all.
        documents = check_text(outcome.stdout, "<krm stdout>", typ="rt")
        assert len(documents) == 1, f"eksgen-krm wrote {len(documents)} documents"
        (body,) = documents
        assert isinstance(body, dict), "eksgen-krm wrote something that is not a ResourceList"
        assert (body.get("apiVersion"), body.get("kind")) == (
            "config.kubernetes.io/v1",
            "ResourceList",
        ), "eksgen-krm wrote something that is not a ResourceList"
        results = body.get("results") or []
        errors = [r for r in results if isinstance(r, dict) and r.get("severity") == "error"]
        if outcome.code == 0:
            assert not errors, "eksgen-krm exit 0 with error results"
            given = _input_items(case.stdin)
            if given is not None:  # the input items pass through as they are
                check_objects(list(body.get("items") or [])[given:], "<krm generated items>")
        else:
            assert errors, "eksgen-krm exit 1 without an error result"
        return
    if outcome.code != 0:
        return
    if kind == "json":
        try:
            json.loads(outcome.stdout.decode("utf-8"))
        except ValueError as error:
            raise AssertionError(f"stdout is not JSON: {error}") from None
    elif kind == "objects":
        check_text(outcome.stdout, "<stdout>")


# ---------------------------------------------------------------------------------------------
# Read-back: YAML 1.2, and each Kubernetes object against its schema
# ---------------------------------------------------------------------------------------------


def check_text(data: bytes, name: str, typ: str = "safe") -> list[Any]:
    """Parse a written text as YAML 1.2 (ruamel, pure) and check the objects in it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AssertionError(f"{name}: not UTF-8: {error}") from None
    try:
        documents = list(YAML(typ=typ, pure=True).load_all(text))
    except (YAMLError, ValueError, RecursionError) as error:
        raise AssertionError(f"{name}: does not parse back as YAML 1.2: {error}") from None
    check_objects(documents, name)
    return documents


def _walk_objects(documents: list[Any]) -> Iterator[dict[str, Any]]:
    for document in documents:
        if isinstance(document, dict) and "kind" in document and "apiVersion" in document:
            if document.get("kind") == "List":
                items = document.get("items")
                yield from _walk_objects(items if isinstance(items, list) else [])
            else:
                yield document


@functools.cache
def _object_checkers() -> dict[str, Any]:
    """kind -> a function that raises AssertionError when the object is invalid.

    The validators are those of tests/test_kubernetes_schemas.py: kubernetes-validate in strict
    mode for the core kinds (installed by the test extra; without it they are not checked),
    the upstream CRDs with unknown fields refused for the others.
    """

    def unchecked(document: dict[str, Any]) -> None:
        """kubernetes-validate is not installed."""

    try:
        import kubernetes_validate
        from test_kubernetes_schemas import (
            KUBERNETES_VERSION,
            _upstream_eniconfig_validator,
            _upstream_sgp_validator,
        )
    except ImportError:
        return {"Service": unchecked, "Ingress": unchecked}

    def kubernetes(document: dict[str, Any]) -> None:
        try:
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            raise AssertionError(f"fails kubernetes-validate: {error}") from None

    checkers: dict[str, Any] = {"Service": kubernetes, "Ingress": kubernetes}
    checkers["IngressClass"] = checkers["Namespace"] = kubernetes
    for kind, make in (
        ("SecurityGroupPolicy", _upstream_sgp_validator),
        ("ENIConfig", _upstream_eniconfig_validator),
    ):
        try:
            validator = make()
        except pytest.skip.Exception:  # the upstream CRD is not available here
            continue

        def crd(document: dict[str, Any], validator: Any = validator) -> None:
            errors = [error.message for error in validator.iter_errors(document)]
            assert not errors, f"fails the upstream CRD: {errors[:3]}"

        checkers[kind] = crd
    _add_controller_crds(checkers)
    return checkers


def _add_controller_crds(checkers: dict[str, Any]) -> None:
    """TargetGroupBinding and IngressClassParams, by the controller's upstream CRDs (strict)."""
    try:
        from gateway_crds import crd_errors, served_validators

        for kind in ("TargetGroupBinding", "IngressClassParams"):
            served_validators(kind)
    except (ImportError, pytest.skip.Exception):  # the upstream CRDs are not available here
        return

    def controller_crd(document: dict[str, Any]) -> None:
        errors = crd_errors(document)
        assert not errors, f"fails the upstream CRD: {errors[:3]}"

    checkers["TargetGroupBinding"] = controller_crd
    checkers["IngressClassParams"] = controller_crd


_checked: dict[str, str] = {}


def check_objects(documents: list[Any], name: str) -> None:
    """Every object of a known kind passes its schema (results cached by content)."""
    checkers = _object_checkers()
    for document in _walk_objects(documents):
        kind = document.get("kind")
        assert isinstance(kind, str), f"{name}: an object whose kind is {kind!r}"
        if kind in UNCHECKED_KINDS:
            continue
        assert kind in checkers, f"{name}: an object of unexpected kind {kind!r}"
        key = hashlib.sha256(
            json.dumps(document, sort_keys=True, default=repr).encode("utf-8", "surrogatepass")
        ).hexdigest()
        if key not in _checked:
            try:
                checkers[kind](document)
                _checked[key] = ""
            except AssertionError as error:
                _checked[key] = str(error)[:2000]
        assert not _checked[key], f"{name}: {kind} {_meta_name(document)}: {_checked[key]}"


def _meta_name(document: dict[str, Any]) -> str:
    metadata = document.get("metadata")
    return str(metadata.get("name")) if isinstance(metadata, dict) else "?"


# ---------------------------------------------------------------------------------------------
# Corpus files
# ---------------------------------------------------------------------------------------------

CORPUS = Path(__file__).resolve().parent / "corpus"
_HEADER = re.compile(rb"^# ?(args|file|stdin|prerender)(?::\s?(.*))?$")


def load_corpus_case(path: Path) -> Case:
    """A corpus file: a '# what it exercises' line, then '# args: [...]' and options, then the body.

    Options: '# file: NAME' (where the body is written; default input plus the file's
    suffix), '# stdin' (the body is stdin instead), '# prerender' (an existing out/ tree).
    In args, {input} is the body's file, {body} the body itself (as the OS would decode it
    from argv), {examples} the examples folder, {root} the repository.
    """
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    assert lines[0].startswith(b"# "), f"{path.name}: the first line must say what it exercises"
    options: dict[str, str] = {}
    index = 1
    while index < len(lines):
        match = _HEADER.match(lines[index])
        if not match:
            break
        options[match.group(1).decode()] = (match.group(2) or b"").decode()
        index += 1
    assert "args" in options, f"{path.name}: no '# args: [...]' line"
    body = b"\n".join(lines[index:])
    args = json.loads(options["args"])
    entry = "eksgen-krm" if args[:1] == ["eksgen-krm"] else "eksgen"
    name = options.get("file") or ("input" + path.suffix)
    text = body.rstrip(b"\n").decode("utf-8", "surrogateescape")
    values = {"{input}": name, "{examples}": str(EXAMPLES), "{root}": str(ROOT), "{body}": text}
    resolved = []
    for arg in args[1:] if entry == "eksgen-krm" else args:
        for placeholder, value in values.items():
            arg = arg.replace(placeholder, value)
        resolved.append(arg)
    stdin = body if ("stdin" in options or entry == "eksgen-krm") else b""
    wanted = "file" in options or "{input}" in options["args"]
    files = ((name, body),) if wanted and not stdin else ()
    return Case(
        tuple(resolved),
        files=files,
        stdin=stdin,
        entry=entry,
        prerender="prerender" in options,
        note=lines[0][2:].decode("utf-8", "replace"),
    )


def corpus_files() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.is_file() and path.name[0] != ".")
