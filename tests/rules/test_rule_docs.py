"""Every rule documents itself: a docstring, how to fix a finding, and where the fact comes from.

The rule contract (eksgen.lint.rules) asks each module for ID, NAME, a docstring whose first line is
"<ID> <name>: <summary>", FIX (one or two sentences telling the user what to write in the spec)
and SOURCE (the upstream location of the fact: URLs or "owner/repo path" items separated by
" ; "). `eksgen explain` and the SARIF report read these, so a rule without them is
incomplete. The tests are parametrized over eksgen.lint.rules.RULES: a newly registered rule is
covered as soon as it is listed there.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

import eksgen.lint.rules
from eksgen.lint.rules import RULES, scopes

RULE_IDS = sorted(RULES)
RULE_ID = re.compile(r"EKS\d{3}")
SOURCE_SEPARATOR = " ; "
# A URL, or an upstream repository and a path in it: "kubernetes-sigs/external-dns docs/flags.md".
URL = re.compile(r"https://[^\s/]+\.[^\s/]+(?:/\S*)?")
REPO_PATH = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+ [\w.-]+(?:/[\w.-]+)*(?:#[\w.-]+)?")


def registered_modules() -> tuple[ModuleType, ...]:
    """The rule modules as registered, before RULES (a dict by ID) could hide a duplicate ID."""
    modules: tuple[ModuleType, ...] = getattr(eksgen.lint.rules, "_MODULES", tuple(RULES.values()))
    return modules


def source_items(module: ModuleType) -> list[str]:
    return str(module.SOURCE).split(SOURCE_SEPARATOR)


def test_rule_ids_are_unique_and_well_formed() -> None:
    ids = [module.ID for module in registered_modules()]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    assert not duplicates, f"rule IDs used by more than one module: {duplicates}"
    malformed = [rule_id for rule_id in ids if not RULE_ID.fullmatch(rule_id)]
    assert not malformed, f"rule IDs not of the form EKSnnn: {malformed}"
    assert sorted(ids) == RULE_IDS


def test_the_index_names_every_rule_module_with_its_id_and_scope() -> None:
    """The engine reads a rule's scope from the index, so that it need not import the rule."""
    for rule_id, scope in scopes():
        module = RULES[rule_id]
        assert rule_id == module.ID, module.__name__
        assert getattr(module, "SCOPE", "app") == scope, module.__name__
    folder = Path(eksgen.lint.rules.__file__).parent
    in_folder = {path.stem for path in folder.glob("*.py") if not path.stem.startswith("_")}
    assert {RULES[rule_id].__name__.rpartition(".")[2] for rule_id in RULES} == in_folder


# The hundreds of a rule ID tell what the rule looks at: EKS0xx one App (or every App, as
# EKS020 does), EKS1xx a Cluster with its Apps (or every Cluster: EKS111), EKS2xx every App at
# once (IngressGroups, hosts and names shared between load balancers).
SCOPES_BY_SERIES = {"0": {"app", "all"}, "1": {"cluster", "all"}, "2": {"all"}}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_id_series_matches_its_scope(rule_id: str) -> None:
    module = RULES[rule_id]
    series = module.ID[len("EKS")]
    assert series in SCOPES_BY_SERIES, f"{module.ID}: not in EKS0xx, EKS1xx or EKS2xx"
    rule_scope = getattr(module, "SCOPE", "app")
    assert rule_scope in SCOPES_BY_SERIES[series], f"{module.ID} has SCOPE {rule_scope!r}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_docstring_first_line_names_the_rule(rule_id: str) -> None:
    module = RULES[rule_id]
    doc = (module.__doc__ or "").strip()
    assert doc, f"{module.__name__} has no docstring"
    first_line = doc.splitlines()[0]
    prefix = f"{module.ID} {module.NAME}: "
    assert first_line.startswith(prefix), first_line
    assert first_line[len(prefix) :].strip(), f"{module.__name__}: empty summary"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_fix_is_a_sentence(rule_id: str) -> None:
    module = RULES[rule_id]
    fix = getattr(module, "FIX", None)
    assert isinstance(fix, str), f"{module.__name__} has no FIX string"
    assert fix.strip(), f"{module.__name__}: FIX is empty"
    assert fix == fix.strip(), f"{module.__name__}: FIX has surrounding whitespace"
    assert "\n" not in fix, f"{module.__name__}: FIX spans several lines"
    assert fix.endswith("."), f"{module.__name__}: FIX does not end with a period: {fix!r}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_source_names_upstream_locations(rule_id: str) -> None:
    module = RULES[rule_id]
    source = getattr(module, "SOURCE", None)
    assert isinstance(source, str), f"{module.__name__} has no SOURCE string"
    assert source.strip(), f"{module.__name__}: SOURCE is empty"
    for item in source_items(module):
        assert item == item.strip() and item, f"{module.__name__}: bad separator in {source!r}"
        if item.startswith("https://"):
            assert URL.fullmatch(item), f"{module.__name__}: not a URL: {item!r}"
        else:
            assert REPO_PATH.fullmatch(item), (
                f"{module.__name__}: {item!r} is neither an https:// URL "
                "nor an upstream 'owner/repo path'"
            )


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_source_items_are_not_repeated(rule_id: str) -> None:
    items = source_items(RULES[rule_id])
    assert len(items) == len(set(items)), items
